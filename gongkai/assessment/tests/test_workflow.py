"""The assessment's services and pages: indicators, manual scores with evidence,
review by the office's 负责人, freezing, publication, permissions, downloads."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.assessment import indicators as ind
from gongkai.assessment import services
from gongkai.assessment.errors import AssessmentError
from gongkai.assessment.models import Assessment, AssessmentEvent, Evidence, ScoreSheet
from gongkai.assessment.tests.records import busy_office
from gongkai.supervision.tests.conftest import answered
from gongkai.testing import Cast, make_agency, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _create(cast: Cast, year: int = 2026) -> Assessment:
    return services.assessment_create(
        agency=cast.city, year=year, acting_user=cast.supervisor
    )


def _score_all(cast: Cast, assessment: Assessment, value: str = "8") -> None:
    manual = assessment.indicators.get(kind="manual")
    for sheet in assessment.sheets.all():
        services.manual_score_set(
            sheet=sheet,
            indicator=manual,
            score=Decimal(value),
            reason="要点任务按期完成。",
            files=[SimpleUploadedFile("台账.pdf", PDF)],
            acting_user=cast.supervisor,
        )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(assessment: Assessment, cast: Cast) -> ScoreSheet:
    return assessment.sheets.get(agency=cast.office)


# -- creation -------------------------------------------------------------------


def test_create_copies_the_default_set_and_scores_every_agency(cast: Cast) -> None:
    assessment = _create(cast)
    keys = list(
        assessment.indicators.order_by("position").values_list("key", flat=True)
    )
    assert keys == [i.key for i in ind.DEFAULT_SET]
    assert assessment.sheets.count() == 2
    assert assessment.as_of == dt.date(2026, 3, 2)  # the year runs: counted today
    assert assessment.events.get().kind == AssessmentEvent.Kind.CREATED


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2018, "考核年度应在2019年至2026年之间。"),
        (2027, "考核年度应在2019年至2026年之间。"),
    ],
)
def test_create_refuses_a_year_out_of_range(
    cast: Cast, year: int, message: str
) -> None:
    with pytest.raises(AssessmentError, match=message):
        _create(cast, year)


def test_one_assessment_per_office_and_year(cast: Cast) -> None:
    _create(cast)
    with pytest.raises(AssessmentError, match="已经存在"):
        _create(cast)


def test_an_agency_without_agencies_below_is_not_assessed(cast: Cast) -> None:
    with pytest.raises(AssessmentError, match="没有下级机关"):
        services.assessment_create(
            agency=cast.bureau, year=2026, acting_user=cast.supervisor
        )


# -- indicators -----------------------------------------------------------------


def test_changing_indicators_rescores_from_the_stored_figures(cast: Cast) -> None:
    busy_office(cast)
    assessment = _create(cast)
    changed = [
        replace(i, max_score=Decimal(100))
        if i.key == "on_time"
        else replace(i, weight=Decimal(10))
        if i.key == "report_quality"
        else i
        for i in ind.DEFAULT_SET
        if i.key != "links"
    ]
    services.assessment_set_indicators(
        assessment=assessment, indicators=changed, acting_user=cast.supervisor
    )
    entry = {e["key"]: e for e in _sheet(assessment, cast).scores}
    assert "links" not in entry
    # 50% of 100 points, weight 15 → 7.5
    assert (entry["on_time"]["score"], entry["on_time"]["weighted"]) == (
        "50.00",
        "7.50",
    )
    # report quality 2 of 5 points, weight 10 → 4
    assert entry["report_quality"]["weighted"] == "4.00"


def test_an_invalid_set_is_refused_whole_with_chinese_errors(cast: Cast) -> None:
    assessment = _create(cast)
    bad = [
        replace(i, weight=Decimal(50)) if i.key == "on_time" else i
        for i in ind.DEFAULT_SET
    ]
    with pytest.raises(AssessmentError, match="权重合计应为100，现为135"):
        services.assessment_set_indicators(
            assessment=assessment, indicators=bad, acting_user=cast.supervisor
        )
    assert assessment.indicators.get(key="on_time").weight == 15


def test_the_indicator_page_saves_a_changed_set(cast: Cast) -> None:
    assessment = _create(cast)
    client = _client(cast.supervisor)
    url = reverse("assessment:indicators", args=[assessment.pk])
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data: dict[str, Any] = {
        "ind-TOTAL_FORMS": str(len(formset.forms)),
        "ind-INITIAL_FORMS": str(len(ind.DEFAULT_SET)),
    }
    for n, row in enumerate(formset.initial):
        for name, value in row.items():
            data[f"ind-{n}-{name}"] = "" if value is None else str(value)
    data["ind-0-weight"] = "10"  # on_time 15 → 10 …
    data["ind-9-weight"] = "15"  # … work plan 10 → 15
    data["ind-9-name"] = "政务公开要点落实"
    response = client.post(url, data)
    assert response.status_code == 302
    assert assessment.indicators.get(key="on_time").weight == 10
    assert assessment.indicators.get(key="work_plan").name == "政务公开要点落实"
    data["ind-0-weight"] = "30"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "权重合计应为100，现为120" in refused.content.decode()


# -- manual scores ----------------------------------------------------------------


def test_manual_score_with_evidence(cast: Cast) -> None:
    assessment = _create(cast)
    _score_all(cast, assessment, "7.5")
    sheet = _sheet(assessment, cast)
    entry = {e["key"]: e for e in sheet.scores}["work_plan"]
    assert (entry["score"], entry["reason"]) == ("7.50", "要点任务按期完成。")
    evidence = Evidence.objects.get(manual_score__sheet=sheet)
    assert evidence.name == "台账.pdf" and evidence.size == len(PDF)
    client = _client(cast.supervisor)
    url = reverse(
        "assessment:evidence", args=[assessment.pk, cast.office.pk, evidence.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.exe", b"MZ\x90\x00"), "只接受"),
        (SimpleUploadedFile("a.pdf", b"not a pdf"), "内容与其文件类型不符"),
        (SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)), "10MB"),
    ],
)
def test_evidence_is_checked_like_other_uploads(
    cast: Cast, upload: Any, message: str
) -> None:
    assessment = _create(cast)
    with pytest.raises(AssessmentError, match=message):
        services.manual_score_set(
            sheet=_sheet(assessment, cast),
            indicator=assessment.indicators.get(kind="manual"),
            score=Decimal(5),
            reason="理由",
            files=[upload],
            acting_user=cast.supervisor,
        )
    assert not Evidence.objects.exists()


def test_a_manual_score_above_the_max_is_refused(cast: Cast) -> None:
    assessment = _create(cast)
    with pytest.raises(AssessmentError, match="得分应在0至10分之间"):
        services.manual_score_set(
            sheet=_sheet(assessment, cast),
            indicator=assessment.indicators.get(kind="manual"),
            score=Decimal("10.5"),
            reason="理由",
            acting_user=cast.supervisor,
        )


def test_an_automatic_indicator_takes_no_manual_score(cast: Cast) -> None:
    assessment = _create(cast)
    with pytest.raises(AssessmentError, match="不是本考核的人工评分指标"):
        services.manual_score_set(
            sheet=_sheet(assessment, cast),
            indicator=assessment.indicators.get(key="on_time"),
            score=Decimal(5),
            reason="理由",
            acting_user=cast.supervisor,
        )


def test_the_score_page_shows_errors_and_saves(cast: Cast) -> None:
    assessment = _create(cast)
    client = _client(cast.supervisor)
    url = reverse("assessment:score", args=[assessment.pk, cast.office.pk])
    manual = assessment.indicators.get(kind="manual")
    bad = client.post(url, {"indicator": manual.pk, "score": "11", "reason": "x"})
    assert bad.status_code == 400
    assert "得分应在0至10分之间" in bad.content.decode()
    good = client.post(
        url,
        {
            "indicator": manual.pk,
            "score": "9",
            "reason": "完成",
            "evidence": SimpleUploadedFile("说明.txt", "已完成。".encode()),
        },
    )
    assert good.status_code == 302
    assert Evidence.objects.get().name == "说明.txt"


# -- workflow -------------------------------------------------------------------------


def test_submit_needs_every_manual_score(cast: Cast) -> None:
    assessment = _create(cast)
    with pytest.raises(AssessmentError, match="还有2项人工评分未完成"):
        services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)


def test_review_by_the_head_who_did_not_submit(cast: Cast) -> None:
    assessment = _create(cast)
    _score_all(cast, assessment)
    services.assessment_submit(assessment=assessment, acting_user=cast.city_head)
    with pytest.raises(AssessmentError, match="不能审核自己提交"):
        services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    with pytest.raises(AssessmentError, match="负责人"):
        services.assessment_approve(assessment=assessment, acting_user=cast.supervisor)
    second_head = make_user(
        "city_head2", cast.city, *[cast.city_head.memberships.get().role]
    )
    services.assessment_return(
        assessment=assessment, reason="请核实人工评分。", acting_user=second_head
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert assessment.return_reason == "请核实人工评分。"
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.APPROVED
    assert assessment.approved_by == cast.city_head


def test_approved_figures_are_frozen(cast: Cast) -> None:
    busy_office(cast)
    assessment = _create(cast)
    _score_all(cast, assessment)
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    before = _sheet(assessment, cast)
    answered(cast, arrived_on=dt.date(2026, 1, 6))  # another late reply
    with pytest.raises(AssessmentError, match="已经固定"):
        services.assessment_compute(assessment=assessment, acting_user=cast.supervisor)
    with pytest.raises(AssessmentError, match="已经固定"):
        services.assessment_set_indicators(
            assessment=assessment,
            indicators=ind.DEFAULT_SET,
            acting_user=cast.supervisor,
        )
    after = _sheet(assessment, cast)
    assert (after.figures, after.scores, after.total) == (
        before.figures,
        before.scores,
        before.total,
    )
    assert after.figures["closed_overdue"] == 1


def test_a_draft_recomputes_from_the_records(cast: Cast) -> None:
    busy_office(cast)
    assessment = _create(cast)
    answered(cast, arrived_on=dt.date(2026, 1, 6))
    services.assessment_compute(assessment=assessment, acting_user=cast.supervisor)
    assert _sheet(assessment, cast).figures["closed_overdue"] == 2


def test_publish_shows_the_ranking_and_the_sheets(cast: Cast, client: Client) -> None:
    assessment = _create(cast)
    _score_all(cast, assessment)
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    public = reverse("assessment_public:detail", args=[assessment.pk])
    assert client.get(public).status_code == 404
    draft_pdf = reverse("assessment_public:download", args=[assessment.pk, "pdf"])
    assert client.get(draft_pdf).status_code == 404  # approved, not yet published
    with pytest.raises(AssessmentError, match="负责人"):
        services.assessment_publish(assessment=assessment, acting_user=cast.supervisor)
    services.assessment_publish(assessment=assessment, acting_user=cast.city_head)
    page = client.get(public).content.decode()
    assert cast.office.name in page and cast.bureau.name in page
    sheet = client.get(
        reverse("assessment_public:sheet", args=[assessment.pk, cast.office.pk])
    )
    assert sheet.status_code == 200
    assert "要点任务按期完成。" in sheet.content.decode()
    listing = client.get(reverse("assessment_public:list")).content.decode()
    assert assessment.title in listing
    home = client.get("/").content.decode()
    assert reverse("assessment_public:list") in home
    pdf = client.get(reverse("assessment_public:download", args=[assessment.pk, "pdf"]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    docx = reverse(
        "assessment_public:sheet-download", args=[assessment.pk, cast.office.pk, "docx"]
    )
    assert client.get(docx).status_code == 200
    exe = reverse("assessment_public:download", args=[assessment.pk, "exe"])
    assert client.get(exe).status_code == 404


# -- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "head", "handler", "other_head"])
def test_people_who_do_not_run_it_get_404(cast: Cast, who: str) -> None:
    assessment = _create(cast)
    client = _client(getattr(cast, who))
    for url in (
        reverse("assessment:detail", args=[assessment.pk]),
        reverse("assessment:sheet", args=[assessment.pk, cast.office.pk]),
        reverse("assessment:indicators", args=[assessment.pk]),
        reverse("assessment:records", args=[assessment.pk, cast.office.pk, "report"]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("assessment:compute", args=[assessment.pk]))
    assert response.status_code == 404


def test_an_agency_outside_the_subtree_has_no_sheet(cast: Cast) -> None:
    assessment = _create(cast)
    client = _client(cast.supervisor)
    for agency in (cast.other, cast.city):
        url = reverse("assessment:sheet", args=[assessment.pk, agency.pk])
        assert client.get(url).status_code == 404


def test_an_office_one_does_not_oversee_cannot_be_chosen(cast: Cast) -> None:
    client = _client(cast.supervisor)
    response = client.post(
        reverse("assessment:create"), {"agency": cast.other.pk, "year": 2026}
    )
    assert response.status_code == 400
    assert "请选择您负责监督的机关" in response.content.decode()
    assert not Assessment.objects.exists()
    nobody = _client(cast.outsider)
    refused = nobody.post(
        reverse("assessment:create"), {"agency": cast.city.pk, "year": 2026}
    )
    assert refused.status_code == 403


def test_forged_review_posts_are_refused(cast: Cast) -> None:
    assessment = _create(cast)
    _score_all(cast, assessment)
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    supervisor = _client(cast.supervisor)
    for slug in ("approve", "return", "publish"):
        response = supervisor.post(
            reverse(f"assessment:{slug}", args=[assessment.pk]), {"reason": "x"}
        )
        assert response.status_code == 403, slug
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    head = _client(cast.city_head)
    assert (
        head.post(reverse("assessment:approve", args=[assessment.pk])).status_code
        == 302
    )


def test_the_supervising_governments_own_head_runs_it_too(cast: Cast) -> None:
    """A 负责人 of a town below the city supervises nothing above: 404."""
    town = make_agency("示例镇人民政府", parent=cast.bureau)
    town_head = make_user("town_head", town, *[cast.head.memberships.get().role])
    assessment = _create(cast)
    assert (
        _client(town_head)
        .get(reverse("assessment:detail", args=[assessment.pk]))
        .status_code
        == 404
    )
    assert (
        _client(cast.city_head)
        .get(reverse("assessment:detail", args=[assessment.pk]))
        .status_code
        == 200
    )


# -- pages and exports ---------------------------------------------------------------------


def test_the_pages_render(cast: Cast) -> None:
    busy_office(cast)
    assessment = _create(cast)
    client = _client(cast.supervisor)
    listing = client.get(reverse("assessment:list")).content.decode()
    assert assessment.title in listing
    detail = client.get(reverse("assessment:detail", args=[assessment.pk]))
    assert detail.status_code == 200
    assert "权重合计100" in detail.content.decode()
    sheet = client.get(
        reverse("assessment:sheet", args=[assessment.pk, cast.office.pk])
    )
    html = sheet.content.decode()
    assert "50.0%（1/2）" in html
    records = reverse(
        "assessment:records", args=[assessment.pk, cast.office.pk, "closed_overdue"]
    )
    assert records in html
    page = client.get(records).content.decode()
    assert 'id="counted">1<' in page and 'id="listed">1<' in page
    bulletins = client.get(reverse("supervision:bulletins")).content.decode()
    assert reverse("assessment:list") in bulletins


def test_the_workbook_writes_outside_text_as_text(cast: Cast) -> None:
    assessment = _create(cast)
    manual = assessment.indicators.get(kind="manual")
    services.manual_score_set(
        sheet=_sheet(assessment, cast),
        indicator=manual,
        score=Decimal(6),
        reason='=HYPERLINK("http://evil.example","点我")',
        acting_user=cast.supervisor,
    )
    response = _client(cast.supervisor).get(
        reverse("assessment:export", args=[assessment.pk])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "排名"
    ranking = book["排名"]
    names = [ranking.cell(row=r, column=2).value for r in range(3, 5)]
    assert set(names) == {cast.office.name, cast.bureau.name}
    sheet = next(book[n] for n in book.sheetnames if cast.office.name in n)
    cells = [c for row in sheet.iter_rows() for c in row if c.value]
    evil = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert evil and all(c.data_type == "s" for c in evil)


def test_word_and_pdf_only_once_approved_and_stored_once(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.assessment import files

    assessment = _create(cast)
    client = _client(cast.supervisor)
    url = reverse("assessment:download", args=[assessment.pk, "docx"])
    assert client.get(url).status_code == 302  # a draft: not yet
    _score_all(cast, assessment)
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    from django.core.files.storage import default_storage

    assessment.refresh_from_db()
    name = files.stored_name(assessment, "docx")
    assert default_storage.exists(name)  # rendered by the task on approval
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"PK")
    sheet_url = reverse(
        "assessment:sheet-download", args=[assessment.pk, cast.office.pk, "docx"]
    )
    assert client.get(sheet_url).status_code == 200
    assert (
        client.get(
            reverse("assessment:download", args=[assessment.pk, "exe"])
        ).status_code
        == 404
    )


def test_an_agency_id_beyond_any_row_is_404(cast: Cast) -> None:
    assessment = _create(cast)
    huge = "9" * 30
    client = _client(cast.supervisor)
    assert (
        client.get(f"/staff/assessment/{assessment.pk}/agencies/{huge}/").status_code
        == 404
    )
    assert (
        Client().get(f"/assessment/{assessment.pk}/agencies/{huge}/").status_code == 404
    )


def test_evidence_can_be_removed_while_a_draft_only(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.storage import default_storage

    assessment = _create(cast)
    _score_all(cast, assessment)
    evidence = Evidence.objects.filter(manual_score__sheet__agency=cast.office).get()
    stored = evidence.file.name
    url = reverse(
        "assessment:evidence-delete", args=[assessment.pk, cast.office.pk, evidence.pk]
    )
    assert _client(cast.outsider).post(url).status_code == 404
    client = _client(cast.supervisor)
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not default_storage.exists(stored)
    event = assessment.events.order_by("-pk").first()
    assert event is not None and event.data["removed"] == "台账.pdf"
    # The bureau's evidence stays, and cannot be removed once approved.
    services.assessment_submit(assessment=assessment, acting_user=cast.supervisor)
    services.assessment_approve(assessment=assessment, acting_user=cast.city_head)
    kept = Evidence.objects.get()
    refused = client.post(
        reverse(
            "assessment:evidence-delete",
            args=[assessment.pk, cast.bureau.pk, kept.pk],
        )
    )
    assert refused.status_code == 302
    assert Evidence.objects.filter(pk=kept.pk).exists()
    assert default_storage.exists(kept.file.name)
    assert stored != kept.file.name
