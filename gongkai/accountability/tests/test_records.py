"""责任追究 records: who may draft, link, approve and see them; the year's counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accountability import selectors, services
from gongkai.accountability.models import Record, RecordEvent
from gongkai.cases.models import Case
from gongkai.events import AppendOnlyError
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db

FIELDS: dict[str, Any] = {
    "person_name": "张某",
    "person_post": "办公室科员",
    "ground": "art53_1",
    "facts": "申请超过法定期限未答复。",
    "measure": "circular",
    "decided_on": dt.date(2026, 3, 10),
}


def draft(cast: Cast, **extra: Any) -> Record:
    return services.record_create(
        agency=cast.office,
        decided_by=cast.city,
        acting_user=cast.supervisor,
        **(FIELDS | extra),
    )


def test_a_supervisor_drafts_and_the_deciding_head_approves(cast: Cast) -> None:
    record = draft(cast)
    assert record.status == Record.Status.DRAFT
    with pytest.raises(services.AccountabilityError, match="负责人审批"):
        services.record_approve(
            record=record, acting_user=cast.head
        )  # the office's head
    approved = services.record_approve(record=record, acting_user=cast.city_head)
    assert (
        approved.status == Record.Status.APPROVED
        and approved.approved_by == cast.city_head
    )
    with pytest.raises(services.AccountabilityError, match="不能修改"):
        services.record_update(record=approved, acting_user=cast.supervisor, facts="改")
    kinds = list(
        RecordEvent.objects.filter(record=record).values_list("kind", flat=True)
    )
    assert kinds == ["created", "approved"]
    with pytest.raises(AppendOnlyError):
        RecordEvent.objects.filter(record=record).delete()


def test_whoever_drafted_may_not_approve(cast: Cast) -> None:
    record = services.record_create(
        agency=cast.office, decided_by=cast.office, acting_user=cast.head, **FIELDS
    )
    with pytest.raises(services.AccountabilityError, match="不能是登记人"):
        services.record_approve(record=record, acting_user=cast.head)


def test_handlers_and_other_agencies_may_not_draft(cast: Cast) -> None:
    for user in (cast.handler, cast.outsider, cast.other_head):
        with pytest.raises(services.AccountabilityError, match="权限"):
            services.record_create(
                agency=cast.office, decided_by=cast.office, acting_user=user, **FIELDS
            )
    with pytest.raises(services.AccountabilityError, match="上级机关"):
        services.record_create(
            agency=cast.office,
            decided_by=cast.bureau,
            acting_user=cast.supervisor,
            **FIELDS,
        )
    assert not Record.objects.exists()


def test_a_linked_application_must_be_the_agencys_own(cast: Cast) -> None:
    other_case = Case.objects.create(
        agency=cast.bureau,
        query_code="QBUREAU1",
        applicant_type="natural_person",
        applicant_name="李四",
        description="x",
        channel="online",
        arrived_on=dt.date(2026, 3, 1),
    )
    with pytest.raises(services.AccountabilityError, match="不属于该机关"):
        draft(cast, case=other_case)


def test_counts_and_the_sentence_take_approved_records_of_the_year(cast: Cast) -> None:
    services.record_approve(record=draft(cast), acting_user=cast.city_head)
    services.record_approve(
        record=draft(cast, measure="sanction"), acting_user=cast.city_head
    )
    draft(cast, measure="admonition")  # not approved: not counted
    draft(cast, decided_on=dt.date(2025, 12, 1))  # another year
    assert selectors.counts(cast.office, 2026) == {"circular": 1, "sanction": 1}
    assert selectors.annual_report_sentence(cast.office, 2026) == (
        "2026年，本机关因政府信息公开工作追究责任2人次，其中通报批评1人次、政务处分1人次。"
    )


def test_only_heads_admins_and_supervisors_see_records(
    client: Client, cast: Cast
) -> None:
    record = draft(cast)
    url = reverse("accountability:detail", args=[record.pk])
    for user, status in [
        (cast.supervisor, 200),
        (cast.head, 200),
        (cast.admin, 200),
        (cast.city_head, 200),
        (cast.handler, 404),
        (cast.registrar, 404),
        (cast.outsider, 404),
        (cast.other_head, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_the_form_records_and_refuses_in_chinese(client: Client, cast: Cast) -> None:
    client.force_login(cast.supervisor)
    url = reverse("accountability:create")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"agency": cast.office.pk, "decided_by": cast.city.pk})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    unknown = client.post(
        url,
        {
            "agency": cast.office.pk,
            "decided_by": cast.city.pk,
            "person_name": "张某",
            "ground": "art53_1",
            "facts": "超期",
            "measure": "circular",
            "decided_on": "2026-03-10",
            "case_code": "NOSUCH",
        },
    )
    assert (
        unknown.status_code == 400
        and "没有这个查询码的申请" in unknown.content.decode()
    )
    assert not Record.objects.exists()
    good = client.post(
        url,
        {
            "agency": cast.office.pk,
            "decided_by": cast.city.pk,
            "person_name": "张某",
            "ground": "art53_2",
            "facts": "目录未及时更新",
            "measure": "admonition",
            "decided_on": "2026-03-10",
        },
        follow=True,
    )
    assert "责任追究记录已保存，待审批" in good.content.decode()
    record = Record.objects.get()
    client.force_login(cast.city_head)
    client.post(reverse("accountability:approve", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == Record.Status.APPROVED
    client.force_login(cast.supervisor)
    listing = client.get(
        reverse("accountability:list") + "?agency=office&year=2026"
    ).content.decode()
    assert "诫勉谈话1人次" in listing
