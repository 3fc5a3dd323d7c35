"""A deadline and its explanation: the data, the counting of working days over
merged pauses, and the Chinese text for letters and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from gongkai.law import holidays as holiday_rule
from gongkai.law import provisions as law
from gongkai.law.citations import Citation, cite_all_zh
from gongkai.workdays.calendar import DayKind, WorkCalendar, format_date_zh
from gongkai.workdays.clocks.pauses import AppliedPause, Extension, Pause
from gongkai.workdays.clocks.settings import DayOneRule


class ClockKind(StrEnum):
    CORRECTION_NOTICE = "correction_notice"
    CORRECTION_PERIOD = "correction_period"
    REPLY = "reply"
    CONSULTATION_REPLY = "consultation_reply"
    FEE_PAYMENT = "fee_payment"
    ART35_CUSTOM = "art35_custom"
    PROACTIVE_PUBLICATION = "proactive_publication"

    @property
    def label_zh(self) -> str:
        return {
            ClockKind.CORRECTION_NOTICE: "补正告知期限",
            ClockKind.CORRECTION_PERIOD: "申请人补正期限",
            ClockKind.REPLY: "答复期限",
            ClockKind.CONSULTATION_REPLY: "征求意见答复期限",
            ClockKind.FEE_PAYMENT: "缴费期限",
            ClockKind.ART35_CUSTOM: "延迟答复期限",
            ClockKind.PROACTIVE_PUBLICATION: "主动公开期限",
        }[self]


@dataclass(frozen=True)
class SteppedDay:
    date: dt.date
    kind: DayKind
    name: str


@dataclass(frozen=True)
class Deadline:
    """A due date with everything needed to show how it was reached."""

    clock: ClockKind
    due: dt.date
    basis: tuple[Citation, ...]
    start: dt.date
    start_reason_zh: str
    day_one: dt.date | None = None
    day_one_rule: DayOneRule | None = None
    day_one_basis: Citation | None = None
    period_workdays: int = 0
    extension: Extension | None = None
    due_before_extension: dt.date | None = None
    pauses: tuple[AppliedPause, ...] = ()
    days_off: tuple[SteppedDay, ...] = ()
    adjusted_workdays: tuple[SteppedDay, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    calendar_sources: tuple[str, ...] = field(default=())
    #: Years counted on a provisional schedule (no notice entered): the date is 暂定.
    provisional_years: tuple[int, ...] = ()
    #: False for a bare deadline (``explain=False``): the due date and whether
    #: it is 暂定, without the explanation (no day 1, pauses, days stepped over,
    #: notes or warnings). It cannot be shown or stored: ``text_zh`` and
    #: ``to_data`` refuse it.
    explained: bool = True

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def extension_workdays(self) -> int:
        return self.extension.workdays if self.extension else 0

    @property
    def counted_workdays(self) -> int:
        return self.period_workdays + self.extension_workdays

    @property
    def paused_workdays(self) -> int:
        return sum(p.workdays for p in self.pauses)

    @property
    def text_zh(self) -> str:
        self._require_explained()
        return render_text_zh(self)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings) for audit events and APIs."""
        self._require_explained()
        return _jsonable(self)  # type: ignore[no-any-return]

    def _require_explained(self) -> None:
        if not self.explained:
            raise ValueError(
                "a bare deadline (explain=False) has no explanation to show or store"
            )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Citation):
        return {
            "instrument": value.instrument.title,
            "article": value.article_zh,
            "quote": value.quote,
            "cite_zh": value.cite_zh,
        }
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        data = {k: _jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
        if isinstance(value, Deadline):
            data["provisional"] = value.provisional
            data["counted_workdays"] = value.counted_workdays
            data["paused_workdays"] = value.paused_workdays
            data["text_zh"] = value.text_zh
        return data
    return value


def merge_pauses(pauses: Iterable[Pause]) -> list[tuple[dt.date, dt.date, list[Pause]]]:
    """Merge overlapping or touching pauses so that each day is counted once."""
    merged: list[tuple[dt.date, dt.date, list[Pause]]] = []
    for p in sorted(pauses, key=lambda p: (p.start, p.end)):
        if merged and p.start <= merged[-1][1]:
            start, end, parts = merged[-1]
            merged[-1] = (start, max(end, p.end), [*parts, p])
        else:
            merged.append((p.start, p.end, [p]))
    return merged


def _count(
    calendar: WorkCalendar,
    start: dt.date,
    workdays: int,
    pauses: Sequence[Pause],
    rule: DayOneRule,
) -> tuple[dt.date, list[AppliedPause]]:
    """The date on which `workdays` working days have run, skipping pauses."""
    remaining = workdays
    if rule is DayOneRule.SAME_DAY_IF_WORKDAY and calendar.is_workday(start):
        remaining -= 1  # the start date itself is day 1
    cursor = start
    applied: list[AppliedPause] = []
    for p_start, p_end, parts in merge_pauses(pauses):
        if p_end <= cursor:
            continue
        before = calendar.workdays_between(cursor, p_start) if p_start > cursor else 0
        if before >= remaining:
            break  # the period ends on or before the day this pause starts
        remaining -= before
        excluded = calendar.workdays_between(max(cursor, p_start), p_end)
        applied.append(AppliedPause(p_start, p_end, tuple(parts), excluded))
        cursor = p_end
    due = calendar.add_workdays(cursor, remaining) if remaining > 0 else cursor
    return due, applied


def due_date(
    calendar: WorkCalendar,
    *,
    start: dt.date,
    workdays: int,
    pauses: Sequence[Pause] = (),
    rule: DayOneRule = DayOneRule.NEXT_WORKDAY,
) -> dt.date:
    """The bare due date (no explanation): the fast path for bulk recomputation."""
    return _count(calendar, start, workdays, pauses, rule)[0]


def _deadline(
    calendar: WorkCalendar,
    *,
    clock: ClockKind,
    start: dt.date,
    start_reason_zh: str,
    workdays: int,
    basis: tuple[Citation, ...],
    day_one_rule: DayOneRule,
    day_one_basis: Citation | None = None,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    notes: Sequence[str] = (),
    warnings: Sequence[str] = (),
    explain: bool = True,
) -> Deadline:
    """Count the period and explain it.

    With ``explain=False`` only the due date and its 暂定 years are computed, by
    the same counting (``_count``): the bulk recompute compares those for every
    open case and explains only the cases whose dates moved.
    """
    total = workdays + (extension.workdays if extension else 0)
    due, applied = _count(calendar, start, total, pauses, day_one_rule)
    provisional = calendar.provisional_in(start, due)
    if not explain:
        return Deadline(
            clock=clock,
            due=due,
            basis=basis,
            start=start,
            start_reason_zh=start_reason_zh,
            period_workdays=workdays,
            extension=extension,
            provisional_years=provisional,
            explained=False,
        )
    notes = list(notes)
    warnings = list(warnings)
    due_base: dt.date | None = None
    if extension is not None:
        due_base, _ = _count(calendar, start, workdays, pauses, day_one_rule)
        if extension.notice_on > due_base:
            warnings.append(
                f"延期告知日期{format_date_zh(extension.notice_on)}晚于原答复期限"
                f"{format_date_zh(due_base)}，延期应在原期限内告知申请人。"
            )
    day_one, _ = _count(calendar, start, 1, pauses, day_one_rule)
    if not calendar.is_workday(start):
        notes.insert(
            0,
            f"起算日{calendar.explain_day(start).text_zh.removeprefix(format_date_zh(start))}"
            f"第1日为其后第一个工作日。",
        )
    stepped = list(calendar.days_off_between(start, due))
    sources = sorted(
        {calendar.schedules[y].source for y in range(start.year, due.year + 1)} - {""}
    )
    if provisional:
        notes.append(holiday_rule.provisional_note_zh(provisional))
    return Deadline(
        clock=clock,
        due=due,
        basis=basis,
        start=start,
        start_reason_zh=start_reason_zh,
        day_one=day_one,
        day_one_rule=day_one_rule,
        day_one_basis=day_one_basis
        or (law.CIVIL_CODE_201 if day_one_rule is DayOneRule.NEXT_WORKDAY else None),
        period_workdays=workdays,
        extension=extension,
        due_before_extension=due_base,
        pauses=tuple(applied),
        days_off=tuple(
            SteppedDay(e.date, e.kind, e.name) for e in stepped if not e.is_workday
        ),
        adjusted_workdays=tuple(
            SteppedDay(e.date, e.kind, e.name) for e in stepped if e.is_workday
        ),
        notes=tuple(notes),
        warnings=tuple(warnings),
        calendar_sources=tuple(sources),
        provisional_years=provisional,
    )


def _ranges(days: Sequence[SteppedDay]) -> list[str]:
    """Group consecutive days of the same holiday: `国庆节 10月1日至10月7日`."""
    groups: list[list[SteppedDay]] = []
    for d in days:
        if (
            groups
            and groups[-1][-1].name == d.name
            and (d.date - groups[-1][-1].date).days == 1
        ):
            groups[-1].append(d)
        else:
            groups.append([d])
    out = []
    for g in groups:
        first, last = g[0].date, g[-1].date
        span = format_date_zh(first, weekday=False)
        if last != first:
            tail = format_date_zh(last, weekday=False)
            span += "至" + (tail.split("年", 1)[1] if last.year == first.year else tail)
        out.append(f"{g[0].name}放假 {span}")
    return out


def _person(name: str, role: str) -> str:
    """A name after its role word, without the role twice (`负责人 陈静` → `陈静`)."""
    return name.strip().removeprefix(role).strip() or name.strip()


def render_text_zh(d: Deadline) -> str:
    """The short Chinese explanation for letters and the UI."""
    head = f"{d.clock.label_zh}：{format_date_zh(d.due)}"
    if d.provisional:
        head += f"（{holiday_rule.PROVISIONAL_ZH}）"
    lines = [head]
    lines.append("依据：" + cite_all_zh(d.basis))
    lines.append(f"起算：{d.start_reason_zh}")
    if d.day_one is not None and d.day_one_rule is not None:
        why = d.day_one_rule.label_zh
        if d.day_one_basis is not None:
            why += f"，依据{d.day_one_basis.cite_zh}"
            if d.day_one_basis is law.CIVIL_CODE_201:
                why = why.replace("依据", "参照")
        lines.append(f"第1日：{format_date_zh(d.day_one)}（{why}）")
    if d.period_workdays:
        count = f"计算：{d.period_workdays}个工作日"
        if d.extension is not None:
            count += (
                f"，另延长{d.extension.workdays}个工作日，"
                f"共{d.counted_workdays}个工作日"
            )
        lines.append(count)
    for p in d.pauses:
        parts = "；".join(
            f"{q.kind.label_zh}（{q.note_zh}）" if q.note_zh else q.kind.label_zh
            for q in p.parts
        )
        lines.append(
            f"中止计算：{format_date_zh(p.start, weekday=False)}至"
            f"{format_date_zh(p.end, weekday=False)}，"
            f"不计入{p.workdays}个工作日——{parts}"
        )
    if d.extension is not None:
        ext = d.extension
        approved = (
            f"于{format_date_zh(ext.approved_on, weekday=False)}"
            if ext.approved_on
            else ""
        )
        base = (
            f"原期限{format_date_zh(d.due_before_extension)}，"
            if d.due_before_extension
            else ""
        )
        lines.append(
            f"延长：{base}经政府信息公开工作机构负责人"
            f"{_person(ext.approver, '负责人')}{approved}同意，"
            f"于{format_date_zh(ext.notice_on, weekday=False)}告知申请人，"
            f"延长{ext.workdays}个工作日"
        )
    if d.days_off:
        lines.append("跳过的节假日：" + "；".join(_ranges(d.days_off)))
    if d.adjusted_workdays:
        lines.append(
            "计入的调休上班日："
            + "；".join(
                f"{format_date_zh(a.date)[:-1]}，{a.name}调休）"
                for a in d.adjusted_workdays
            )
        )
    lines.extend(f"说明：{n}" for n in d.notes)
    lines.extend(f"注意：{w}" for w in d.warnings)
    return "\n".join(lines)
