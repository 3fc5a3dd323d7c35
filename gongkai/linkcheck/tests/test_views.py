"""The staff pages: who sees what, who may start a check or change settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.linkcheck.models import CheckRun, CheckSettings, Problem
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


def page(client: Client, user: Any, code: str = "office") -> Any:
    client.force_login(user)
    return client.get(reverse("linkcheck:agency", args=[code]))


def test_the_overview_lists_the_agencies_one_may_see(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.supervisor)
    html = client.get(reverse("linkcheck:overview")).content.decode()
    assert "链接检查" in html and cast.office.name in html and cast.bureau.name in html
    assert cast.other.name not in html


def test_staff_of_another_agency_get_a_404(client: Client, cast: Cast) -> None:
    assert page(client, cast.outsider).status_code == 404
    assert page(client, cast.other_head).status_code == 404


def test_the_supervisor_reads_problems_but_has_no_settings_form(
    client: Client, cast: Cast
) -> None:
    Problem.objects.create(
        agency=cast.office,
        key="k",
        kind="broken",
        url="http://www.example.gov.cn/missing.html",
        detail="服务器返回 404",
        first_seen_at=timezone.now(),
        last_seen_at=timezone.now(),
    )
    response = page(client, cast.supervisor)
    html = response.content.decode()
    assert response.status_code == 200
    assert "无法访问" in html and "服务器返回 404" in html
    assert "保存设置" not in html and "立即检查" not in html


def test_the_admin_starts_a_check_and_it_runs_in_the_worker(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("linkcheck:run", args=["office"]), follow=True)
    html = response.content.decode()
    assert "已加入检查队列" in html
    run = CheckRun.objects.get(agency=cast.office)
    assert run.requested_by == cast.admin and run.status == CheckRun.Status.DONE


def test_a_handler_may_not_start_a_check(client: Client, cast: Cast) -> None:
    client.force_login(cast.handler)
    response = client.post(reverse("linkcheck:run", args=["office"]), follow=True)
    assert "只有本机关管理员或负责人可以发起链接检查" in response.content.decode()
    assert not CheckRun.objects.exists()


def test_bad_settings_are_refused_in_chinese_and_nothing_is_saved(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.admin)
    url = reverse("linkcheck:settings", args=["office"])
    response = client.post(
        url,
        {"enabled": "on", "interval_days": "0", "own_site": "不是网址", "slow_ms": "5"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "检查间隔应在 1 至 90 天之间" in html and "100 至 60000" in html
    assert not CheckSettings.objects.exists()
    response = client.post(
        url,
        {
            "enabled": "on",
            "interval_days": "3",
            "own_site": "https://www.example.gov.cn/",
            "allowed_hosts": "www.gov.cn",
            "slow_ms": "2000",
        },
        follow=True,
    )
    assert "链接检查设置已保存" in response.content.decode()
    saved = CheckSettings.objects.get(agency=cast.office)
    assert saved.interval_days == 3 and saved.updated_by == cast.admin
