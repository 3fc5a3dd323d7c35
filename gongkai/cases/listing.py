"""The staff case list's filters and its Excel export, apart from any request.

``filter_cases`` reads the list's query parameters for a user (the list page,
and the worker that builds an export with the owner's access at that time).
An export is a ``CaseExport`` queued by ``case_export_create`` and built by the
``build_case_export`` task (``case_export_run``): a year of a large agency's
applications is tens of thousands of rows, too slow for a request. Personal
data is masked in the workbook exactly as on the page (``privacy``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai import spreadsheets
from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import CASEWORK_ROLES
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.cases import clocks, privacy, selectors
from gongkai.cases.models import Case, CaseExport, Consultation, Outcome, Status
from gongkai.cases.permissions import cases_visible_to
from gongkai.letters.models import Letter
from gongkai.web import export_jobs
from gongkai.web.exports import Sheet, workbook
from gongkai.web.forms import person_label

log = logging.getLogger(__name__)

#: The most rows one export holds (a year of a large province-level agency).
EXPORT_LIMIT = 100_000


def soon_horizon(today: dt.date) -> dt.date:
    """Three working days ahead (calendar days if the calendar lacks the year)."""
    return clocks.add_workdays(today, 3) or today + dt.timedelta(days=5)


#: A run of seven or more digits: a phone or identity number, never a word.
_NUMBER = re.compile(r"\d{7,}")


def _not_a_personal_term(term: str) -> Q:
    """Outside the user's case work, a word of the request matches only when it
    is no part of a person's name of the case and no phone or identity number:
    the text is shown masked there, and a search must not confirm what it hides."""
    if _NUMBER.search(term):
        return Q(pk__in=[])
    return (
        ~Q(applicant_name__icontains=term, applicant_type="natural_person")
        & ~Q(legal_representative__icontains=term)
        & ~Q(
            pk__in=Consultation.objects.filter(
                kind="third_party", party__icontains=term
            ).values("case_id")
        )
    )


def _small_int(raw: str) -> int | None:
    """A query parameter of ASCII digits that fits a database integer, else None."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return None


#: The list's query parameters (every one optional).
LIST_PARAMS = (
    "status",
    "agency",
    "q",
    "year",
    "row",
    "col",
    "due",
    "from",
    "to",
    "assignee",
    "outcome",
)


def _date_param(raw: str, label: str, errors: list[str]) -> dt.date | None:
    """An ISO date (full-width digits and 2026/3/2 accepted); else a note, None."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).replace("/", "-")
    try:
        return dt.date.fromisoformat(
            "-".join(part.zfill(2) for part in text.split("-"))
        )
    except ValueError:
        errors.append(
            f"{label}“{raw[:20]}”不是有效日期（应为 2026-03-02 的格式），未按它筛选。"
        )
        return None


def _casework_agencies(user: AnyUser) -> set[int]:
    """The agencies where ``user`` does case work (and so reads names in full)."""
    return set(
        Membership.objects.filter(
            user=staff_user(user), role__in=CASEWORK_ROLES
        ).values_list("agency_id", flat=True)
    )


def _search(qs: QuerySet[Case], raw: str, user: AnyUser) -> QuerySet[Case]:
    """Query code, 登记号, applicant's name, phone digits, 文号 (applied for or
    of an issued letter), or words of the request.

    Names and phone digits are matched only in the user's own case work: a
    supervisor or 机关管理员 sees them masked, and a search must not confirm them.
    """
    term = unicodedata.normalize("NFKC", raw).strip()
    if not term:
        return qs
    own = _casework_agencies(user)
    q = (
        Q(query_code__iexact=term)
        | Q(number__icontains=term)
        | Q(applicant_name__icontains=term, agency_id__in=own)
        | Q(document_number__icontains=term)
        | Q(description__icontains=term, agency_id__in=own)
        | (Q(description__icontains=term) & _not_a_personal_term(term))
        | Q(pk__in=Letter.objects.filter(number__icontains=term).values("case_id"))
    )
    if term.isascii() and term.isdigit() and len(term) >= 4:
        q |= Q(phone__contains=term, agency_id__in=own)
    return qs.filter(q)


def filter_cases(
    user: AnyUser, query: Mapping[str, str]
) -> tuple[QuerySet[Case], dict[str, str], list[str]]:
    """The cases visible to the user that match the list's filters; the filters as
    given; notes on filters that could not be used."""
    qs = selectors.with_related(cases_visible_to(user))
    # NUL can be in no stored text (and PostgreSQL refuses it in a query).
    params = {
        k: str(query.get(k, "") or "").replace("\x00", "").strip()[:200]
        for k in LIST_PARAMS
    }
    errors: list[str] = []
    if params["status"] in Status.values:
        qs = qs.filter(status=params["status"])
    agency_id = _small_int(params["agency"])
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    assignee_id = _small_int(params["assignee"])
    if params["assignee"] == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee_id is not None:
        qs = qs.filter(assignee_id=assignee_id)
    if params["outcome"] in Outcome.values:
        qs = qs.filter(outcome=params["outcome"])
    since = _date_param(params["from"], "收到日期起", errors)
    until = _date_param(params["to"], "收到日期止", errors)
    if since:
        qs = qs.filter(
            Q(received_on__gte=since)
            | Q(received_on__isnull=True, arrived_on__gte=since)
        )
    if until:
        qs = qs.filter(
            Q(received_on__lte=until)
            | Q(received_on__isnull=True, arrived_on__lte=until)
        )
    qs = _search(qs, params["q"], user)
    year = _small_int(params["year"])
    if year is not None and params["row"]:
        try:
            qs = qs.filter(
                selectors.table3_cell_q(year, params["row"], params["col"] or "total")
            )
        except (KeyError, ValueError) as exc:
            raise Http404("无效的统计项。") from exc
    today = timezone.localdate()
    if params["due"] == "overdue":
        qs = selectors.cases_overdue(qs, today=today)
    elif params["due"] == "soon":
        qs = selectors.cases_due_soon(qs, today=today, horizon=soon_horizon(today))
    elif params["due"] == "paused":
        qs = selectors.cases_paused(qs)
    return qs, params, errors


def describe(params: Mapping[str, str]) -> str:
    """The filters of an export in words, for its page."""
    names: dict[str, tuple[str, Mapping[str, Any]]] = {
        "status": ("状态", dict(Status.choices)),
        "outcome": ("处理结果", dict(Outcome.choices)),
        "due": (
            "期限",
            {"overdue": "已超期", "soon": "即将到期", "paused": "中止计算"},
        ),
        "q": ("检索", {}),
        "from": ("收到日期起", {}),
        "to": ("收到日期止", {}),
        "year": ("年度", {}),
    }
    parts = []
    for key, (label, values) in names.items():
        value = params.get(key, "")
        if value:
            parts.append(f"{label}：{values.get(value, value)}")
    return "；".join(parts) or "全部可见的申请"


HEADER = (
    "登记号",
    "查询码",
    "机关",
    "申请人",
    "联系电话",
    "申请内容",
    "文号",
    "状态",
    "处理结果",
    "收到申请之日",
    "答复期限",
    "是否超期",
    "办结日期",
    "承办人",
)
WIDTHS = (14, 12, 20, 14, 14, 40, 16, 10, 20, 12, 12, 8, 12, 14)


def export_rows(
    cases: Iterable[Case], *, own: set[int], today: dt.date
) -> Iterable[Sequence[spreadsheets.Value]]:
    """One row per case, personal data masked as on the page for ``own``
    (the viewer's case-work agencies)."""
    for case in cases:
        yield (
            case.number,
            case.query_code,
            case.agency.display_name,
            privacy.applicant_name_for(case, own),
            privacy.mask_phone(case.phone or ""),
            privacy.text_for(case, case.description, own),
            case.document_number,
            case.get_status_display(),
            case.get_outcome_display() if case.outcome else "",
            case.received_on.isoformat() if case.received_on else "待确认",
            (case.due_on.isoformat() + ("（暂定）" if case.due_provisional else ""))
            if case.due_on
            else "",
            "已超期" if case.due_on and case.is_open and case.due_on < today else "",
            case.closed_on.isoformat() if case.closed_on else "",
            person_label(case.assignee) if case.assignee else "",
        )


def case_export_create(
    *, owner: AnyUser, params: Mapping[str, str], now: dt.datetime
) -> CaseExport:
    """Queue a workbook of the list filtered by ``params`` for ``owner``."""
    from gongkai.cases.tasks import build_case_export

    return export_jobs.queue(
        CaseExport,
        build_case_export.enqueue,
        owner=staff_user(owner),
        params=dict(params),
        created_at=now,
    )


def case_export_run(*, export_id: int, now: dt.datetime) -> CaseExport:
    """Build the workbook of a queued export (the worker; a retry builds it again).

    The list is read again with the owner's access as it is now."""

    def build(export: CaseExport) -> tuple[int, bytes]:
        qs, _params, _errors = filter_cases(export.owner, export.params)
        qs = qs.order_by("-arrived_on", "-pk")
        count = min(qs.count(), EXPORT_LIMIT)
        local = timezone.localtime(now)
        title = f"政府信息公开申请列表（导出于 {local:%Y-%m-%d %H:%M}）"
        if count == EXPORT_LIMIT:
            title += f"，仅含最近收到的 {EXPORT_LIMIT} 件"
        sheet = Sheet(
            name="申请列表",
            title=title,
            header=HEADER,
            rows=export_rows(
                qs[:EXPORT_LIMIT].iterator(chunk_size=2000),
                own=_casework_agencies(export.owner),
                today=local.date(),
            ),
            widths=WIDTHS,
        )
        return count, workbook([sheet])

    return export_jobs.run(
        CaseExport, export_id, now=now, build=build, filename=f"cases-{export_id}.xlsx"
    )
