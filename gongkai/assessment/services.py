"""Every change of an assessment: one service each, atomic, with its event.

The workflow: ``assessment_create`` (the default indicator set copied, the
sheets computed) → ``assessment_set_indicators`` / ``assessment_compute`` /
``manual_score_set`` while a draft (or returned) → ``assessment_submit`` →
``assessment_return`` (with a reason) or ``assessment_approve`` (by a 负责人 of
the office who did not submit it; from then on nothing of it changes) →
``assessment_publish`` (the ranking and sheets on the public page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.assessment import figures as fig
from gongkai.assessment import indicators as ind
from gongkai.assessment.errors import AssessmentError
from gongkai.assessment.models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    Indicator,
    ManualScore,
    ScoreSheet,
)
from gongkai.supervision.bulletins import Year, as_of_date
from gongkai.web import public_cache

#: The first year an assessment may be made for (the 2019 条例 in force).
FIRST_YEAR = 2019
MAX_EVIDENCE_FILES = 5


def _event(
    assessment: Assessment,
    kind: AssessmentEvent.Kind,
    actor: AnyUser,
    now: dt.datetime,
    **data: Any,
) -> None:
    AssessmentEvent.objects.create(
        assessment=assessment, kind=kind, actor=staff_user(actor), at=now, data=data
    )


def _fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _editable(assessment: Assessment) -> Assessment:
    fresh = _fresh(assessment)
    if not fresh.editable:
        raise AssessmentError(
            f"考核{fresh.get_status_display()}，指标、数据和评分已经固定，不能再修改。"
        )
    return fresh


def as_data(indicator: Indicator) -> ind.Indicator:
    """A stored indicator as the pure module's ``Indicator``."""
    return ind.Indicator(
        key=indicator.key,
        name=indicator.name,
        kind=ind.Kind(indicator.kind),
        max_score=Decimal(indicator.max_score),
        weight=Decimal(indicator.weight),
        figure=indicator.figure,
        params=dict(indicator.params or {}),
    )


def score_entries(
    indicators: Sequence[Indicator],
    figures: dict[str, Any],
    manual: dict[int, ManualScore],
) -> tuple[list[dict[str, Any]], Decimal]:
    """A sheet's stored ``scores`` and total, from its figures and manual scores."""
    entries: list[dict[str, Any]] = []
    total = Decimal("0.00")
    for indicator in indicators:
        data = as_data(indicator)
        entry: dict[str, Any] = {
            "key": indicator.key,
            "name": indicator.name,
            "kind": indicator.kind,
            "figure": indicator.figure,
            "max_score": str(data.max_score),
            "weight": str(data.weight),
            "rule": ind.describe(data),
        }
        if indicator.manual:
            given = manual.get(indicator.pk)
            scored = ind.score(data, None, given.score if given else None)
            entry |= {
                "figure_label": "",
                "figure_text": "",
                "reason": given.reason if given else "",
                "entered": given is not None,
            }
        else:
            measured = ind.measure(indicator.figure, figures)
            scored = ind.score(data, measured)
            entry |= {
                "figure_label": ind.FIGURES[indicator.figure].label,
                "figure_text": measured.text,
            }
        entry |= {
            "score": str(scored.score),
            "weighted": str(scored.weighted),
            "explanation": scored.explanation,
        }
        total += scored.weighted
        entries.append(entry)
    return entries, total


def _rescore(assessment: Assessment) -> None:
    """Score every sheet from its stored figures; rank by total (ties share a rank)."""
    indicators = list(assessment.indicators.order_by("position", "pk"))
    sheets = list(assessment.sheets.select_related("agency"))
    manual: dict[int, dict[int, ManualScore]] = {}
    for given in ManualScore.objects.filter(sheet__assessment=assessment):
        manual.setdefault(given.sheet_id, {})[given.indicator_id] = given
    for sheet in sheets:
        sheet.scores, sheet.total = score_entries(
            indicators, sheet.figures, manual.get(sheet.pk, {})
        )
    sheets.sort(key=lambda s: (-s.total, s.agency.path))
    previous: Decimal | None = None
    for position, sheet in enumerate(sheets, start=1):
        sheet.rank = sheets[position - 2].rank if sheet.total == previous else position
        previous = sheet.total
    ScoreSheet.objects.bulk_update(sheets, ["scores", "total", "rank"])


def _compute(assessment: Assessment, today: dt.date) -> int:
    figures = fig.compute(assessment.agency, assessment.year, today=today)
    existing = {s.agency_id: s for s in assessment.sheets.all()}
    for agency_id, data in figures.items():
        sheet = existing.pop(agency_id, None)
        if sheet is None:
            ScoreSheet.objects.create(
                assessment=assessment, agency_id=agency_id, figures=data
            )
        else:
            sheet.figures = data
            sheet.save(update_fields=["figures"])
    # Agencies no longer below the office (moved in the tree) leave the draft.
    ScoreSheet.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    assessment.computed_on = today
    assessment.as_of = as_of_date(Year(assessment.year), today)
    _rescore(assessment)
    return len(figures)


@transaction.atomic
def assessment_create(
    *,
    agency: Agency,
    year: int,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Assessment:
    """An office's assessment of ``year``: the default indicator set copied and
    a score sheet computed for every agency below it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not FIRST_YEAR <= year <= today.year:
        raise AssessmentError(
            f"考核年度应在{FIRST_YEAR}年至{today.year}年之间。", field="year"
        )
    if not agency.children.exists():
        raise AssessmentError("该机关没有下级机关，无需考核。", field="agency")
    if Assessment.objects.filter(agency=agency, year=year).exists():
        raise AssessmentError(f"该机关{year}年度的考核已经存在。", field="year")
    assessment = Assessment.objects.create(
        agency=agency, year=year, created_by=staff_user(acting_user), created_at=now
    )
    Indicator.objects.bulk_create(
        Indicator(
            assessment=assessment,
            position=position,
            key=i.key,
            name=i.name,
            kind=i.kind.value,
            figure=i.figure,
            max_score=i.max_score,
            weight=i.weight,
            params=dict(i.params),
        )
        for position, i in enumerate(ind.DEFAULT_SET, start=1)
    )
    count = _compute(assessment, today)
    assessment.save(update_fields=["computed_on", "as_of"])
    _event(assessment, AssessmentEvent.Kind.CREATED, acting_user, now, sheets=count)
    return assessment


def _clean_params(kind: ind.Kind, params: dict[str, Any]) -> dict[str, Any]:
    keep = (*ind.KIND_PARAMS[kind], "when_none") if kind != ind.Kind.MANUAL else ()
    return {k: str(v) for k, v in params.items() if k in keep and v not in (None, "")}


@transaction.atomic
def assessment_set_indicators(
    *,
    assessment: Assessment,
    indicators: Iterable[ind.Indicator],
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Assessment:
    """Replace the indicator set (validated as a whole: ``indicators.validate``).

    An indicator keeps its manual scores while its key stays and it remains manual.
    """
    now = now or timezone.now()
    assessment = _editable(assessment)
    wanted = [
        ind.Indicator(
            key=i.key,
            name=i.name.strip(),
            kind=i.kind,
            max_score=i.max_score,
            weight=i.weight,
            figure="" if i.kind == ind.Kind.MANUAL else i.figure,
            params=_clean_params(i.kind, dict(i.params)),
        )
        for i in indicators
    ]
    errors = ind.validate(wanted)
    if errors:
        raise AssessmentError("".join(errors))
    stored = {i.key: i for i in assessment.indicators.all()}
    keep: list[int] = []
    for position, data in enumerate(wanted, start=1):
        row = stored.get(data.key) or Indicator(assessment=assessment, key=data.key)
        if row.pk is not None and row.kind != data.kind.value:
            row.manual_scores.all().delete()
        row.position = position
        row.name = data.name
        row.kind = data.kind.value
        row.figure = data.figure
        row.max_score = data.max_score
        row.weight = data.weight
        row.params = dict(data.params)
        row.save()
        keep.append(row.pk)
    assessment.indicators.exclude(pk__in=keep).delete()
    _rescore(assessment)
    assessment.version += 1
    assessment.save(update_fields=["version"])
    _event(
        assessment,
        AssessmentEvent.Kind.INDICATORS_EDITED,
        acting_user,
        now,
        indicators=[i.key for i in wanted],
    )
    return assessment


@transaction.atomic
def assessment_compute(
    *, assessment: Assessment, acting_user: AnyUser, now: dt.datetime | None = None
) -> Assessment:
    """Recount every sheet's figures from the records as they are today (draft only)."""
    now = now or timezone.now()
    assessment = _editable(assessment)
    count = _compute(assessment, timezone.localdate(now))
    assessment.version += 1
    assessment.save(update_fields=["computed_on", "as_of", "version"])
    _event(assessment, AssessmentEvent.Kind.COMPUTED, acting_user, now, sheets=count)
    return assessment


def check_evidence(upload: UploadedFile[Any]) -> None:
    """The checks of a case attachment (type by content, size): a form's and ours."""
    from django.core.exceptions import ValidationError

    from gongkai.cases.forms.fields import check_upload

    try:
        check_upload(upload)
    except ValidationError as exc:
        raise AssessmentError("；".join(exc.messages), field="files") from None


@transaction.atomic
def manual_score_set(
    *,
    sheet: ScoreSheet,
    indicator: Indicator,
    score: Decimal,
    reason: str,
    files: Sequence[UploadedFile[Any]] = (),
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> ManualScore:
    """Enter (or change) a manual indicator's score with its reason and evidence."""
    now = now or timezone.now()
    assessment = _editable(sheet.assessment)
    if indicator.assessment_id != assessment.pk or not indicator.manual:
        raise AssessmentError("该指标不是本考核的人工评分指标。", field="indicator")
    if sheet.assessment_id != assessment.pk:
        raise AssessmentError("评分表不属于本考核。")
    if not Decimal(0) <= score <= indicator.max_score:
        raise AssessmentError(
            f"得分应在0至{indicator.max_score.normalize():f}分之间。", field="score"
        )
    reason = reason.strip()
    if not reason:
        raise AssessmentError("请填写评分理由。", field="reason")
    given = ManualScore.objects.filter(sheet=sheet, indicator=indicator).first()
    if len(files) + (given.evidence.count() if given else 0) > MAX_EVIDENCE_FILES:
        raise AssessmentError(
            f"每项评分最多附{MAX_EVIDENCE_FILES}个佐证材料。", field="files"
        )
    for upload in files:
        check_evidence(upload)
    user = staff_user(acting_user)
    if given is None:
        given = ManualScore(sheet=sheet, indicator=indicator)
    given.score = score
    given.reason = reason
    given.entered_by = user
    given.entered_at = now
    given.save()
    for upload in files:
        content = upload.read()
        name = PurePath(upload.name or "file").name[-200:]
        evidence = Evidence(
            manual_score=given,
            name=name,
            ext=PurePath(name).suffix.lower().lstrip(".")[:10],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
            uploaded_at=now,
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
    _rescore(assessment)
    _event(
        assessment,
        AssessmentEvent.Kind.SCORED,
        acting_user,
        now,
        agency=sheet.agency_id,
        indicator=indicator.key,
        score=str(score),
        files=len(files),
    )
    return given


@transaction.atomic
def evidence_delete(
    *, evidence: Evidence, acting_user: AnyUser, now: dt.datetime | None = None
) -> None:
    """Remove an evidence file from a manual score while the assessment is a draft."""
    now = now or timezone.now()
    score = evidence.manual_score
    assessment = _editable(score.sheet.assessment)
    name, stored, storage = evidence.name, evidence.file.name, evidence.file.storage
    evidence.delete()
    if stored:  # the file goes once the row is gone for good
        transaction.on_commit(lambda: storage.delete(stored))
    _event(
        assessment,
        AssessmentEvent.Kind.SCORED,
        acting_user,
        now,
        agency=score.sheet.agency_id,
        indicator=score.indicator.key,
        removed=name,
    )


def missing_manual_scores(assessment: Assessment) -> list[str]:
    """ "机关：指标" for every manual score not yet entered."""
    manual = list(assessment.indicators.filter(kind=ind.Kind.MANUAL))
    given = set(
        ManualScore.objects.filter(sheet__assessment=assessment).values_list(
            "sheet_id", "indicator_id"
        )
    )
    return [
        f"{sheet.agency.name}：{indicator.name}"
        for sheet in assessment.sheets.select_related("agency").order_by("agency__path")
        for indicator in manual
        if (sheet.pk, indicator.pk) not in given
    ]


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, acting_user: AnyUser, now: dt.datetime | None = None
) -> Assessment:
    """Submit for review by the office's 负责人: every manual score entered."""
    now = now or timezone.now()
    assessment = _editable(assessment)
    if not assessment.sheets.exists():
        raise AssessmentError("还没有评分表，请先生成评分表。")
    missing = missing_manual_scores(assessment)
    if missing:
        shown = "；".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        raise AssessmentError(f"还有{len(missing)}项人工评分未完成：{shown}。")
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_by = staff_user(acting_user)
    assessment.return_reason = ""
    assessment.version += 1
    assessment.save(
        update_fields=["status", "submitted_by", "return_reason", "version"]
    )
    _event(assessment, AssessmentEvent.Kind.SUBMITTED, acting_user, now)
    return assessment


def _submitted(assessment: Assessment, acting_user: AnyUser) -> Assessment:
    assessment = _fresh(assessment)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise AssessmentError("只有待审核的考核可以审核或退回。")
    if not has_role(acting_user, assessment.agency, Role.HEAD):
        raise AssessmentError(f"只有{assessment.agency.name}的负责人可以审核考核结果。")
    if assessment.submitted_by_id == getattr(acting_user, "pk", None):
        raise AssessmentError("提交审核的人不能审核自己提交的考核结果。")
    return assessment


@transaction.atomic
def assessment_return(
    *,
    assessment: Assessment,
    reason: str,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Assessment:
    """The 负责人 returns the assessment for changes, saying why."""
    now = now or timezone.now()
    assessment = _submitted(assessment, acting_user)
    reason = reason.strip()
    if not reason:
        raise AssessmentError("请填写退回理由。", field="reason")
    assessment.status = Assessment.Status.RETURNED
    assessment.return_reason = reason
    assessment.version += 1
    assessment.save(update_fields=["status", "return_reason", "version"])
    _event(assessment, AssessmentEvent.Kind.RETURNED, acting_user, now, reason=reason)
    return assessment


@transaction.atomic
def assessment_approve(
    *, assessment: Assessment, acting_user: AnyUser, now: dt.datetime | None = None
) -> Assessment:
    """The 负责人 approves: figures, scores and ranking are fixed from now on."""
    now = now or timezone.now()
    assessment = _submitted(assessment, acting_user)
    _rescore(assessment)  # the stored scores are those of the stored figures
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_by = staff_user(acting_user)
    assessment.approved_at = now
    assessment.version += 1
    assessment.save(update_fields=["status", "approved_by", "approved_at", "version"])
    _event(assessment, AssessmentEvent.Kind.APPROVED, acting_user, now)
    pk = assessment.pk
    transaction.on_commit(lambda: _enqueue_render(pk))
    return assessment


def _enqueue_render(pk: int) -> None:
    from gongkai.assessment.files import render_assessment

    render_assessment.enqueue(pk)


@transaction.atomic
def assessment_publish(
    *, assessment: Assessment, acting_user: AnyUser, now: dt.datetime | None = None
) -> Assessment:
    """Show an approved assessment's ranking and sheets on the public page."""
    now = now or timezone.now()
    assessment = _fresh(assessment)
    if assessment.status != Assessment.Status.APPROVED:
        raise AssessmentError("考核结果审核通过后才能公布。")
    if not has_role(acting_user, assessment.agency, Role.HEAD):
        raise AssessmentError(f"只有{assessment.agency.name}的负责人可以公布考核结果。")
    assessment.status = Assessment.Status.PUBLISHED
    assessment.published_at = now
    assessment.version += 1
    assessment.save(update_fields=["status", "published_at", "version"])
    public_cache.invalidate()
    _event(assessment, AssessmentEvent.Kind.PUBLISHED, acting_user, now)
    return assessment
