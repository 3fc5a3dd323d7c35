"""绩效考核 staff pages: the list, an assessment (indicators, ranking, workflow),
the indicator set, a score sheet (figures with their records, manual scores),
the records behind a figure, evidence, and the downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.assessment import documents, files, permissions, services
from gongkai.assessment import indicators as ind
from gongkai.assessment import records as rec
from gongkai.assessment.errors import AssessmentError
from gongkai.assessment.forms import (
    AssessmentCreateForm,
    BaseIndicatorFormSet,
    IndicatorFormSet,
    ManualScoreForm,
    initial_rows,
)
from gongkai.assessment.models import (
    MAX_ID,
    Assessment,
    Evidence,
    ManualScore,
    ScoreSheet,
)
from gongkai.errors import DomainError
from gongkai.web.exports import Sheet, xlsx_response


def get_assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the user runs it; 404 otherwise (existence not disclosed)."""
    assessment = (
        Assessment.objects.select_related("agency", "submitted_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not permissions.can_manage(request.user, assessment):
        raise Http404("没有找到该考核。")
    return assessment


def get_sheet(request: HttpRequest, pk: int, agency_id: int) -> ScoreSheet:
    """The sheet of ``agency_id`` in the assessment: 404 for an agency the
    assessment does not cover (outside the office's subtree) or a user who
    does not run it."""
    assessment = get_assessment(request, pk)
    if agency_id > MAX_ID:  # beyond any stored id (the database would refuse it)
        raise Http404("该机关不在本次考核范围内。")
    sheet = (
        ScoreSheet.objects.select_related("agency")
        .filter(assessment=assessment, agency_id=agency_id)
        .first()
    )
    if sheet is None:
        raise Http404("该机关不在本次考核范围内。")
    sheet.assessment = assessment
    return sheet


def totals(assessment: Assessment) -> dict[str, Any]:
    indicators = list(assessment.indicators.all())
    return {
        "weight": sum((i.weight for i in indicators), start=0),
        "manual": sum(1 for i in indicators if i.manual),
        "automatic": sum(1 for i in indicators if not i.manual),
    }


@staff_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    offices = permissions.offices_for(request.user)
    form = AssessmentCreateForm(agencies=offices) if offices.exists() else None
    return _list_page(request, form, status=200)


def _list_page(
    request: HttpRequest, form: AssessmentCreateForm | None, *, status: int
) -> HttpResponse:
    assessments = permissions.assessments_visible_to(request.user).order_by(
        "-year", "agency__path"
    )
    context = {"assessments": assessments, "form": form}
    return render(request, "assessment/list.html", context, status=status)


@staff_required
@require_POST
def assessment_create_view(request: HttpRequest) -> HttpResponse:
    offices = permissions.offices_for(request.user)
    if not offices.exists():
        raise PermissionDenied("您没有组织绩效考核的权限。")
    form = AssessmentCreateForm(request.POST, agencies=offices)
    if form.is_valid():
        try:
            assessment = services.assessment_create(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                acting_user=request.user,
            )
        except AssessmentError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        else:
            messages.success(
                request, "已按默认指标体系创建考核，并按现有记录生成了各单位的评分表。"
            )
            return redirect("assessment:detail", pk=assessment.pk)
    return _list_page(request, form, status=400)


def render_detail(
    request: HttpRequest,
    assessment: Assessment,
    /,
    *,
    bound: Mapping[str, forms.BaseForm] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    from gongkai.assessment.actions import SPECS

    bound = bound or {}
    user = request.user
    actions = [
        {"spec": spec, "form": bound.get(spec.slug) or spec.form(assessment)}
        for spec in SPECS
        if spec.available(assessment) and spec.allowed(user, assessment)
    ]
    context = documents.ranking_context(assessment) | {
        "actions": actions,
        "totals": totals(assessment),
        "missing": services.missing_manual_scores(assessment)
        if assessment.editable
        else [],
        "events": assessment.events.select_related("actor"),
        "who_may_review": permissions.who_may_review(assessment),
        "downloads": assessment.frozen,
    }
    return render(request, "assessment/detail.html", context, status=status)


@staff_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_assessment(request, pk))


@staff_required
@require_http_methods(["GET", "POST"])
def indicators_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    if not assessment.editable:
        messages.error(request, "考核已提交或已审核，指标不能再修改。")
        return redirect("assessment:detail", pk=assessment.pk)
    initial = initial_rows(list(assessment.indicators.order_by("position", "pk")))
    status = 200
    if request.method == "POST":
        formset = cast(
            BaseIndicatorFormSet,
            IndicatorFormSet(request.POST, initial=initial, prefix="ind"),
        )
        if formset.is_valid():
            try:
                services.assessment_set_indicators(
                    assessment=assessment,
                    indicators=formset.indicators(),
                    acting_user=request.user,
                )
            except AssessmentError as exc:
                status = 400
                error = exc.message_zh
            else:
                messages.success(
                    request, "已保存指标体系，各单位得分已按新指标重新计算。"
                )
                return redirect("assessment:detail", pk=assessment.pk)
        else:
            status = 400
            error = "请改正下面标出的错误。"
    else:
        formset = cast(
            BaseIndicatorFormSet, IndicatorFormSet(initial=initial, prefix="ind")
        )
        error = ""
    context = {
        "assessment": assessment,
        "formset": formset,
        "error": error,
        "figures": ind.FIGURES.values(),
        "kinds": ind.KIND_LABELS,
        "weight_total": sum((i.weight for i in assessment.indicators.all()), start=0),
    }
    return render(request, "assessment/indicators.html", context, status=status)


def render_sheet(
    request: HttpRequest,
    sheet: ScoreSheet,
    *,
    form: ManualScoreForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assessment = sheet.assessment
    manual = {
        m.indicator_id: m
        for m in ManualScore.objects.filter(sheet=sheet)
        .select_related("entered_by")
        .prefetch_related("evidence")
    }
    indicators = {i.key: i for i in assessment.indicators.all()}
    lines = []
    for entry in sheet.scores:
        indicator = indicators.get(entry["key"])
        lists = [
            {"key": key, "title": rec.LISTS[key].title}
            for key in rec.FIGURE_LISTS.get(entry.get("figure", ""), ())
        ]
        lines.append(
            {
                "entry": entry,
                "lists": lists,
                "manual": manual.get(indicator.pk) if indicator else None,
            }
        )
    manual_indicators = assessment.indicators.filter(kind=ind.Kind.MANUAL)
    if form is None and assessment.editable and manual_indicators.exists():
        form = ManualScoreForm(indicators=manual_indicators)
    context = documents.sheet_context(sheet) | {
        "lines": lines,
        "form": form if assessment.editable else None,
        "title": documents.sheet_title(sheet),
        "figures": sheet.figures,
    }
    return render(request, "assessment/sheet.html", context, status=status)


@staff_required
@require_GET
def sheet_detail(request: HttpRequest, pk: int, agency_id: int) -> HttpResponse:
    return render_sheet(request, get_sheet(request, pk, agency_id))


@staff_required
@require_POST
def manual_score_view(request: HttpRequest, pk: int, agency_id: int) -> HttpResponse:
    sheet = get_sheet(request, pk, agency_id)
    assessment = sheet.assessment
    indicators = assessment.indicators.filter(kind=ind.Kind.MANUAL)
    form = ManualScoreForm(request.POST, request.FILES, indicators=indicators)
    if form.is_valid():
        try:
            services.manual_score_set(
                sheet=sheet,
                indicator=form.cleaned_data["indicator"],
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                files=form.cleaned_data["evidence"],
                acting_user=request.user,
            )
        except AssessmentError as exc:
            name = "evidence" if exc.field == "files" else exc.field
            form.add_error(name if name in form.fields else None, exc.message_zh)
        else:
            messages.success(request, "已保存人工评分。")
            return redirect("assessment:sheet", pk=assessment.pk, agency_id=agency_id)
    messages.error(request, "人工评分：请改正下面标出的错误。")
    return render_sheet(request, sheet, form=form, status=400)


@staff_required
@require_GET
def sheet_records(
    request: HttpRequest, pk: int, agency_id: int, kind: str
) -> HttpResponse:
    sheet = get_sheet(request, pk, agency_id)
    if kind not in rec.LISTS:
        raise Http404("没有这类记录。")
    record_list = rec.LISTS[kind]
    rows = rec.records(sheet, kind)
    counted = (
        sheet.figures.get(record_list.counted_by) if record_list.counted_by else None
    )
    context = {
        "assessment": sheet.assessment,
        "sheet": sheet,
        "list": record_list,
        "rows": rows,
        "counted": counted,
    }
    return render(request, "assessment/records.html", context)


@staff_required
@require_GET
def evidence_download(
    request: HttpRequest, pk: int, agency_id: int, attachment_id: int
) -> HttpResponseBase:
    sheet = get_sheet(request, pk, agency_id)
    evidence = Evidence.objects.filter(
        pk=attachment_id, manual_score__sheet=sheet
    ).first()
    if evidence is None:
        raise Http404("没有找到该佐证材料。")
    response = FileResponse(evidence.file.open("rb"), as_attachment=True)
    disposition = documents.content_disposition(
        evidence.name, f"evidence-{evidence.pk}.{evidence.ext or 'bin'}"
    )
    response["Content-Disposition"] = disposition
    return response


@staff_required
@require_POST
def evidence_delete_view(
    request: HttpRequest, pk: int, agency_id: int, attachment_id: int
) -> HttpResponse:
    sheet = get_sheet(request, pk, agency_id)
    evidence = (
        Evidence.objects.select_related("manual_score__indicator")
        .filter(pk=attachment_id, manual_score__sheet=sheet)
        .first()
    )
    if evidence is None:
        raise Http404("没有找到该佐证材料。")
    evidence.manual_score.sheet = sheet
    try:
        services.evidence_delete(evidence=evidence, acting_user=request.user)
    except AssessmentError as exc:
        messages.error(request, exc.message_zh)
    else:
        messages.success(request, f"已删除佐证材料“{evidence.name}”。")
    return redirect("assessment:sheet", pk=pk, agency_id=agency_id)


def _stored_download(
    request: HttpRequest, obj: Assessment | ScoreSheet, ext: str, back: str
) -> HttpResponseBase:
    assessment = obj.assessment if isinstance(obj, ScoreSheet) else obj
    if ext not in documents.CONTENT_TYPES:
        raise Http404("不支持该文件格式。")
    if not assessment.frozen:
        messages.error(request, "考核结果审核通过后才能下载 Word 和 PDF 文件。")
        return redirect(back)
    try:
        return files.download(obj, ext)
    except files.RenderingInProgress:
        messages.info(request, "该文件正在生成，请几秒钟后再下载。")
    except documents.RenderError as exc:
        messages.error(request, str(exc))
    return redirect(back)


@staff_required
@require_GET
def assessment_download(request: HttpRequest, pk: int, ext: str) -> HttpResponseBase:
    assessment = get_assessment(request, pk)
    back = f"/staff/assessment/{assessment.pk}/"
    return _stored_download(request, assessment, ext, back)


@staff_required
@require_GET
def sheet_download(
    request: HttpRequest, pk: int, agency_id: int, ext: str
) -> HttpResponseBase:
    sheet = get_sheet(request, pk, agency_id)
    back = f"/staff/assessment/{pk}/agencies/{agency_id}/"
    return _stored_download(request, sheet, ext, back)


def sheet_name(text: str) -> str:
    """A worksheet's tab name: Excel refuses []:*?/\\ and more than 31 characters."""
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:31]


def workbook_sheets(assessment: Assessment) -> list[Sheet]:
    """The ranking and every agency's sheet, as worksheets."""
    context = documents.ranking_context(assessment)
    note = "" if assessment.frozen else f"（{assessment.get_status_display()}）"
    names = [i.name for i in context["indicators"]]
    ranking = Sheet(
        name="排名",
        title=f"{assessment.title}{note}",
        header=("排名", "单位", "总分", *names),
        rows=[
            (r["rank"], r["name"], float(r["total"]), *(float(s) for s in r["scores"]))
            for r in context["rows"]
        ],
        widths=(6, 30, 8, *(10 for _ in names)),
    )
    out = [ranking]
    for row in context["rows"]:
        sheet: ScoreSheet = row["sheet"]
        out.append(
            Sheet(
                name=sheet_name(f"{row['rank']}-{sheet.agency.name}"),
                title=f"{documents.sheet_title(sheet)}{note} 总分{sheet.total}",
                header=documents.SHEET_HEADINGS,
                rows=documents.sheet_table(sheet),
                widths=(18, 36, 8, 8, 6, 6, 40, 30),
            )
        )
    return out


@staff_required
@require_GET
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking and the sheets as one workbook (a few dozen rows: in the request)."""
    assessment = get_assessment(request, pk)
    return xlsx_response(
        f"{assessment.year}年度政府信息公开工作绩效考核.xlsx",
        workbook_sheets(assessment),
    )
