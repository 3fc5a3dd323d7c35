"""A per-view cache of the public pages, shared by all app servers (Redis).

The home page, the reports list, a report page, the catalogue pages and the
catalogue search (one entry per query URL, each expiring with the rest) are the
same for every anonymous visitor until something is published. ``cached_public``
keeps a page's rendered body in the default cache under the current
*generation*; ``invalidate`` (called by the services that publish, withdraw or
supersede anything public, after their transaction commits) starts a new
generation, so every cached page is stale at once and expires by itself.

Only anonymous GET requests without a session or a pending message are served
from the cache: anything that could show a person's own state is rendered
fresh. Every page served this way carries an ETag (a hash of its body) and
answers a matching ``If-None-Match`` with 304.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control

GENERATION_KEY = "public-pages:generation"


def _timeout() -> int:
    """``PUBLIC_PAGE_CACHE_SECONDS``: a cached page lives at most this long even
    if nothing is published; 0 turns the cache off (the test suite's default)."""
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 300))


def _generation() -> str:
    gen = cache.get(GENERATION_KEY)
    if gen is None:
        gen = uuid.uuid4().hex
        cache.add(GENERATION_KEY, gen, timeout=None)
        gen = cache.get(GENERATION_KEY, gen)
    return str(gen)


def invalidate() -> None:
    """Every cached public page is stale from the end of this transaction on."""
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    )


def _cacheable(request: HttpRequest) -> bool:
    return (
        _timeout() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=60)
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


def cached_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """Serve ``view`` from the shared cache for anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                return _with_etag(request, response)
            return response
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-pages:{_generation()}:{path}"
        hit = cache.get(key)
        if hit is not None:
            status, content_type, body = hit
            response = HttpResponse(body, content_type=content_type, status=status)
            response["X-Cache"] = "hit"
            return _with_etag(request, response)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render"):
                response.render()
            cache.set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                _timeout(),
            )
            response["X-Cache"] = "miss"
            return _with_etag(request, response)
        return response

    return wrapper
