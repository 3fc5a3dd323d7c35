"""A password an administrator chose is changed at the holder's next request.

While ``StaffProfile.must_change_password`` is set, every page except the password
form, logout and static files leads to the password form (a GET is redirected,
anything else refused with 403 and the same advice), so the account can do
nothing with a password someone else knows.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.accounts.services import must_change_password

MESSAGE = "您的密码由管理员设置，请先修改密码后再使用工作平台。"


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._applies(request) and must_change_password(request.user):
            if request.method in ("GET", "HEAD"):
                messages.warning(request, MESSAGE)
                return redirect("accounts:password-change")
            return HttpResponseForbidden(
                MESSAGE, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def _applies(request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return False
        path = request.path_info
        exempt = (
            reverse("accounts:password-change"),
            reverse("accounts:logout"),
            settings.STATIC_URL or "/static/",
        )
        return not any(path.startswith(p) for p in exempt)
