"""Personal data: downloading an identity document is logged like a full view."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import SecurityEvent
from gongkai.cases import services
from gongkai.cases.models import Attachment, CaseEvent, Status
from gongkai.cases.tests.states import make_case


def _attach(cast, case, kind, name):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    return services.case_add_attachment(
        case=case, upload=upload, kind=kind, acting_user=cast.handler
    )


def test_downloading_an_identity_document_is_logged(client, cast):
    case = make_case(cast, Status.IN_PROGRESS)
    identity = _attach(cast, case, Attachment.Kind.IDENTITY, "身份证.pdf")
    record = _attach(cast, case, Attachment.Kind.SEARCH_RECORD, "检索记录.pdf")
    client.force_login(cast.handler)

    response = client.get(reverse("cases:attachment", args=[case.pk, record.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    viewed = CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.PERSONAL_DATA_VIEWED
    )
    assert not viewed.exists()

    response = client.get(reverse("cases:attachment", args=[case.pk, identity.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)
    assert response["Cache-Control"] == "no-store"
    event = viewed.get()
    assert event.actor == cast.handler and event.data["attachment"] == identity.pk
    logged = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA_VIEWED)
    assert logged.actor_username == "handler" and logged.agency_id == cast.office.pk
    assert "身份证.pdf" in logged.summary and logged.detail["case"] == case.pk


def test_a_refused_download_logs_no_view_but_a_denial(client, cast):
    case = make_case(cast, Status.IN_PROGRESS)
    identity = _attach(cast, case, Attachment.Kind.IDENTITY, "身份证.pdf")
    client.force_login(cast.supervisor)
    response = client.get(reverse("cases:attachment", args=[case.pk, identity.pk]))
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.PERSONAL_DATA_VIEWED
    ).exists()
    assert not SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PERSONAL_DATA_VIEWED
    ).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PERMISSION_DENIED, actor_username="supervisor"
    ).exists()
