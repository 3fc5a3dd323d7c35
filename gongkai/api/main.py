"""The API ``/api/v1/``: django-ninja, its errors, throttle and token auth.

Why django-ninja rather than Django REST framework + drf-spectacular: the
OpenAPI 3 description is generated from the same type hints that validate each
request (pydantic), so it cannot drift from the code; it is one dependency (with
pydantic, already locked) instead of two or three, serves its docs page from its
own packaged static files (no CDN), and its plain functions call our services
the way our views do.

Every error has one shape, ``{"error": {"code", "message", "fields"}}``, with a
Chinese message (``Error`` in ``schemas.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle

from gongkai.api.errors import ApiInputError, ApiTokenError
from gongkai.api.models import ApiToken
from gongkai.api.services import api_token_authenticate
from gongkai.errors import DomainError

DESCRIPTION = """\
公开 Gongkai 的开放接口（第1版）。

- **公开数据**（无需认证，按来源地址限流）：机关、已发布的政府信息公开工作年度报告
  （报告数据符合 `docs/report-schema.json`，即 gongkai-annual-report/1）、主动公开目录。
- **工作数据**（需要机关管理员创建的接口令牌，`Authorization: Bearer gk_…`）：
  本机关的依申请公开件（个人信息已脱敏）及其办理记录和期限，从其他受理系统登记申请，
  起草主动公开信息。令牌只能访问本机关的数据，权限与其所代表的工作人员在网页上的权限相同；
  每次使用都记入安全日志。

列表接口以 `limit`、`offset` 分页，返回 `{"items": [...], "count": N}`。
GET 响应带 `ETag`，以 `If-None-Match` 再次请求未变化的数据返回 304。
错误统一为 `{"error": {"code": "…", "message": "中文说明", "fields": {…}}}`。
"""


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


class PublicThrottle(AnonRateThrottle):
    """Per client address; ``API_PUBLIC_RATE`` (default ``120/m``) read at call time."""

    def __init__(self) -> None:
        super().__init__("120/m")

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, "API_PUBLIC_RATE", "120/m")
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: a live token of an agency, its use logged."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            return api_token_authenticate(
                key=token,
                method=request.method or "",
                path=request.path,
                client_ip=request.META.get("REMOTE_ADDR"),
            )
        except ApiTokenError as exc:
            raise AuthenticationError(401, exc.message_zh) from exc


api = NinjaAPI(
    title="公开 Gongkai 开放接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
)

_FIELD_MESSAGES = {
    "missing": "必填。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD。",
    "uuid_parsing": "应为 UUID。",
    "int_parsing": "应为整数。",
    "bool_parsing": "应为 true 或 false。",
    "string_type": "应为文本。",
    "json_invalid": "请求正文不是有效的 JSON。",
}


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload")]
        name = ".".join(loc[1:] if loc and loc[0] in ("query", "path") else loc)
        fields.setdefault(name or "body", []).append(
            _FIELD_MESSAGES.get(str(error.get("type")), "格式不正确。")
        )
    return error_response(
        request, 422, "invalid", "输入有误，请按字段说明修改。", fields
    )


@api.exception_handler(ValidationError)
def _model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = (
        {k: list(v) for k, v in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {}
    )
    return error_response(request, 422, "invalid", "；".join(exc.messages), fields)


@api.exception_handler(ApiInputError)
def _bad_input(request: HttpRequest, exc: ApiInputError) -> HttpResponse:
    fields = {exc.field: [exc.message_zh]} if exc.field else {}
    return error_response(request, 422, "invalid", exc.message_zh, fields)


@api.exception_handler(DomainError)
def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    fields = {exc.field: [exc.message_zh]} if exc.field else {}
    return error_response(request, 409, "refused", exc.message_zh, fields)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "未找到该记录。")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or "没有权限。")


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = error_response(request, 429, "throttled", "请求过于频繁，请稍后再试。")
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else "请提供有效的接口令牌。"
    response = error_response(request, 401, "unauthorized", message)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", exc.message)


def _routers() -> None:
    from gongkai.api.public import router as public
    from gongkai.api.staff import router as staff

    api.add_router("/", public)
    api.add_router("/staff/", staff)


_routers()


def not_found_json(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/v1/: the same error shape, not an HTML page."""
    return error_response(request, 404, "not_found", "没有这个接口。")
