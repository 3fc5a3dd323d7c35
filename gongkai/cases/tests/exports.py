"""Test helper: export the staff case list as a user does (queue, wait, download)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.cases.models import CaseExport


def exported(client: Any, capture: Any, **params: str) -> Any:
    """POST the list's filters, open the export's page, download the workbook.

    ``capture`` is pytest-django's ``django_capture_on_commit_callbacks``: the
    task is enqueued on commit and runs at once under the test settings."""
    with capture(execute=True):
        queued = client.post(reverse("cases:list-export"), params)
    assert queued.status_code == 302, queued.content.decode()
    page = client.get(queued["Location"])
    assert page.status_code == 200 and "下载 Excel" in page.content.decode()
    export = CaseExport.objects.latest("pk")
    response = client.get(reverse("cases:export-download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return Downloaded(response, b"".join(response.streaming_content))


class Downloaded:
    """A finished download: its headers and its ``content``."""

    def __init__(self, response: Any, content: bytes) -> None:
        self.response = response
        self.content = content

    def __getitem__(self, header: str) -> str:
        return str(self.response[header])
