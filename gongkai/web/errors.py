"""The error pages: Chinese, with the reason when the code gave one.

A view that refuses says why in Chinese (``PermissionDenied("只有本机关的……")``,
``Http404("没有找到该申请。")``); these handlers put that sentence on the page
instead of leaving it in the server log. A message that is not written for
people (Django's own ``Resolver404``, an English library message) is not shown.
The 500 page is rendered without the request's context, so that it still works
when the error came from a context processor or the database; the 503 page for
a lost database is ``gongkai.ops.middleware``'s.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

#: Where a signed-in member of staff gets the staff layout on an error page.
STAFF_PREFIXES = ("/staff/", "/accounts/", "/letters/")


def reason_of(exception: BaseException | None) -> str:
    """The exception's message when it is one written for people (has Chinese)."""
    args = getattr(exception, "args", ()) if exception is not None else ()
    message = args[0] if args else ""
    if isinstance(message, str) and any("\u4e00" <= ch <= "\u9fff" for ch in message):
        return message
    return ""


def _page(
    request: HttpRequest, template: str, status: int, reason: str
) -> HttpResponse:
    staff = request.path.startswith(STAFF_PREFIXES) and bool(
        getattr(request, "user", None) and request.user.is_authenticated
    )
    context = {
        "reason": reason,
        "base": "base_staff.html" if staff else "base_public.html",
        "request_path": request.path,
    }
    return render(request, template, context, status=status)


def bad_request(
    request: HttpRequest, exception: BaseException | None = None
) -> HttpResponse:
    return _page(request, "400.html", 400, reason_of(exception))


def permission_denied(
    request: HttpRequest, exception: BaseException | None = None
) -> HttpResponse:
    return _page(request, "403.html", 403, reason_of(exception))


def page_not_found(
    request: HttpRequest, exception: BaseException | None = None
) -> HttpResponse:
    return _page(request, "404.html", 404, reason_of(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token (expired page, cookies off): say what to do."""
    return _page(request, "403_csrf.html", 403, "")
