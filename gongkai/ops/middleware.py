"""Middleware of the production deployment: the client behind a proxy, a lost database."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("gongkai.ops")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers only a trusted proxy may set.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP")


def parse_address(value: str) -> IPAddress | None:
    """An address as a proxy writes it: ``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def forwarded_client(
    peer: str,
    forwarded_for: str,
    trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> str | None:
    """The client address, or None when ``peer`` is not a trusted proxy.

    X-Forwarded-For is read from the right: each proxy appends the address it
    received the request from, so the first hop that is not one of our proxies
    is the client. Anything to its left was written by the client and is
    ignored, so rotating a forged header gains nothing.
    """

    def is_trusted(address: IPAddress) -> bool:
        return any(address in network for network in trusted)

    client = parse_address(peer)
    if client is None or not is_trusted(client):
        return None
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not is_trusted(address):
            break
    return str(client)


class TrustedProxyMiddleware:
    """Put the forwarded client address in REMOTE_ADDR (settings.TRUSTED_PROXIES).

    With TRUSTED_PROXIES empty nothing changes (the embedded default serves
    clients directly). Otherwise a request from a trusted proxy gets the client
    address it forwarded, and a request from anyone else loses the forwarding
    headers, so neither X-Forwarded-For nor X-Forwarded-Proto can be forged.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = [ipaddress.ip_network(n) for n in settings.TRUSTED_PROXIES]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            meta = request.META
            client = forwarded_client(
                meta.get("REMOTE_ADDR", ""),
                meta.get("HTTP_X_FORWARDED_FOR", ""),
                self.trusted,
            )
            if client is None:
                for header in PROXY_HEADERS:
                    meta.pop(header, None)
            else:
                meta["GONGKAI_PROXY_ADDR"] = meta.get("REMOTE_ADDR", "")
                meta["REMOTE_ADDR"] = client
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuse a request body larger than REQUEST_MAX_BYTES before reading any of it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out uploaded files, which it
    streams to disk in full before a form can check their size: a 300 MB POST
    to /apply/ was read to the end. The declared Content-Length is checked
    instead, and the answer is a Chinese 413 page. A
    body without a Content-Length is not read at all by Django (WSGI). nginx's
    client_max_body_size does the same in front (deploy/nginx).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            logger.warning(
                "请求内容过大（%s 字节），已拒绝：%s %s",
                length,
                request.method,
                request.path,
            )
            body = render_to_string("413.html", {"limit_mb": limit // (1024 * 1024)})
            # No "Connection: close" (a hop-by-hop header WSGI forbids): the
            # server closes the connection itself (gunicorn's sync workers
            # after every response).
            return HttpResponse(
                body, status=413, content_type="text/html; charset=utf-8"
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response that may carry personal data.

    That is every response to a signed-in user (staff pages, the admin, file
    downloads) and every page of the public forms and lookups
    (settings.NO_STORE_PATHS: the application form and its receipt, /track/,
    社会评议), so neither a shared proxy nor the browser's cache keeps an
    applicant's name, query code or identity number. Public reading pages
    (reports, the catalogue) stay cacheable. A view's own Cache-Control is kept
    when it already says no-store or private.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths = tuple(settings.NO_STORE_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            self.paths
        ):
            if "private" in response.get("Cache-Control", ""):
                # The view chose: kept by the browser only, revalidated by
                # its ETag (a stored file such as a bulletin's PDF).
                return response
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response


def database_unavailable_response() -> HttpResponse:
    """The Chinese 503 page, rendered without touching the database."""
    # No request: no context processor runs, so nothing asks for the user or
    # the session (both live in the database that is gone).
    body = render_to_string("503.html")
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 with a Chinese page, not a 500.

    Catches Django's OperationalError and InterfaceError: connection refused or
    timed out (DB_CONNECT_TIMEOUT), a statement cancelled at
    DB_STATEMENT_TIMEOUT_MS, a connection dropped mid-request. The 503 status
    also keeps the session middleware from writing to the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "数据库不可用，%s %s 返回 503：%s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable_response()
