"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.urls import (  # noqa: F401 (the handlers are read from this module)
    handler400,
    handler403,
    handler404,
    handler500,
)
from gongkai.urls import (
    urlpatterns as site,
)


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something broke")


def refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("只有超级管理员或日历管理员可以修改全国工作日历。")


def refused_in_english(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal detail")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad host")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/refused/", refused),
    path("test-errors/refused-en/", refused_in_english),
    path("test-errors/suspicious/", suspicious),
    *site,
]
