"""``staff_required``: the one gate in front of every staff page.

A staff page needs a signed-in, active user who holds a role in at least one
agency (``is_staff_member``). A visitor is sent to the login page; a signed-in
account without any agency role (a deactivated role, a fresh account, or a
superuser who only administers the system) gets a Chinese page that says why and
what to do, with status 403, instead of Django's bare "403 Forbidden".

Object-level checks (may this user see *this* case?) stay in each app's
``permissions.py`` and its access helper; this decorator only answers "is this a
member of staff at all?".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from gongkai.accounts.permissions import is_staff_member

NO_ROLE_TEMPLATE = "accounts/no_role.html"


def staff_required[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Login, then an agency role; else the Chinese "no role" page (403)."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not is_staff_member(request.user):
            return render(
                request,
                NO_ROLE_TEMPLATE,
                {"is_superuser": request.user.is_superuser},
                status=403,
            )
        return view(request, *args, **kwargs)

    return login_required(wrapper)
