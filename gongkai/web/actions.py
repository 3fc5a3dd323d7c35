"""One URL and one POST view per state transition, generated from a table.

An app describes *where* its actions act once, as an :class:`ActionTarget` (how to
load the object through the app's access helper, how to show its page again with a
bound form, where to go afterwards), and each action as an :class:`ActionSpec`
(slug, permission, form, service, message). :func:`action_view` turns a spec into
the view, :func:`action_paths` a table of specs into URL patterns.

Every generated view does the same, in this order:

1. ``staff_required`` (login, an agency role) and POST only;
2. load the object through ``target.load`` — 404 when the user may not see it;
3. ``spec.allowed(user, obj)`` or 403 with ``spec.forbidden``;
4. validate the form: invalid → the object's page again with the Chinese errors,
   status 400, nothing saved;
5. call exactly one service: ``spec.service(<target.name>=obj, acting_user=user,
   **form.service_kwargs())`` (services default ``now`` themselves);
6. a :class:`~gongkai.errors.DomainError` → its Chinese message on the form and the
   page again (400); a :class:`~gongkai.errors.StaleError` → the message and a
   reload of the page (the form was filled in against an old state); a
   ``ValidationError`` from the service's ``full_clean()`` → the messages on the
   form, as for a refused rule;
7. a success message and a redirect (POST-redirect-GET).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.users import AnyUser
from gongkai.errors import DomainError, StaleError
from gongkai.web.forms import LABEL_SUFFIX, ActionForm, EmptyForm

__all__ = [
    "LABEL_SUFFIX",
    "ActionForm",
    "ActionSpec",
    "ActionTarget",
    "EmptyForm",
    "action_paths",
    "action_view",
]

type ActionView = Callable[[HttpRequest, int], HttpResponseBase]


class RenderPage[T](Protocol):
    """Shows the object's page, with ``bound`` forms by slug, at ``status``."""

    def __call__(
        self,
        request: HttpRequest,
        obj: T,
        /,
        *,
        bound: Mapping[str, forms.BaseForm],
        error: DomainError | None,
        status: int,
    ) -> HttpResponse: ...


@dataclass(frozen=True)
class ActionTarget[T]:
    """What the actions of one kind of object share.

    ``name`` is the keyword the services take the object by (``case=``, ``item=``);
    ``load`` is the app's access helper (raises ``Http404`` when the user may not
    see the object); ``render`` shows the page again with a bound form; ``url`` is
    the object's page; ``form_kwargs`` are extra arguments for every action form
    (the case forms take the case).
    """

    name: str
    load: Callable[[HttpRequest, int], T]
    render: RenderPage[T]
    url: Callable[[T], str]
    form_kwargs: Callable[[ActionSpec[T], T], dict[str, Any]] = field(
        default=lambda spec, obj: {}
    )


def _always(obj: object) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec[T]:
    """One state transition: its URL slug, who may, what it asks, what it calls.

    ``allowed(user, obj)`` is the permission (403 when false); ``available(obj)``
    says whether the page offers the action in the object's current state (the
    service still enforces the state machine). ``success`` is the message, or a
    function of the service's result; ``next_url`` (of the object and the result)
    overrides where to go afterwards. ``button`` and ``danger`` are for the page
    that lists the actions.
    """

    slug: str
    target: ActionTarget[T]
    title: str
    form_class: type[ActionForm]
    service: Callable[..., Any]
    success: str | Callable[[Any], str]
    allowed: Callable[[AnyUser, T], bool]
    forbidden: str = "您没有办理此项操作的权限。"
    available: Callable[[T], bool] = _always
    button: str = ""
    danger: bool = False
    next_url: Callable[[T, Any], str] | None = None

    @property
    def auto_id(self) -> str:
        """Unique element ids per action form, so every label points at one input."""
        return f"id_{self.slug}_%s"

    @property
    def view_name(self) -> str:
        return f"{self.target.name}_{self.slug.replace('-', '_')}"

    def form(self, obj: T, data: Any = None, files: Any = None) -> ActionForm:
        """The action's form for ``obj``: bound to ``data`` when given."""
        kwargs = self.target.form_kwargs(self, obj)
        if data is None:
            return self.form_class(**kwargs)
        return self.form_class(data, files, **kwargs)

    def message(self, result: Any) -> str:
        return self.success if isinstance(self.success, str) else self.success(result)


def _add_errors(form: forms.BaseForm, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, DomainError):
        target = exc.field if exc.field in form.fields else None
        form.add_error(target, exc.message_zh)
        return
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _summary(exc: DomainError | ValidationError) -> str:
    if isinstance(exc, DomainError):
        return exc.message_zh
    return "；".join(exc.messages)


def action_view[T](spec: ActionSpec[T]) -> ActionView:
    """The POST view of one action (see the module docstring for the steps)."""
    target = spec.target

    @staff_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponseBase:
        obj = target.load(request, pk)
        if not spec.allowed(request.user, obj):
            raise PermissionDenied(spec.forbidden)
        form = spec.form(obj, request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, f"{spec.title}：请改正下面标出的错误。")
            return target.render(
                request, obj, bound={spec.slug: form}, error=None, status=400
            )
        try:
            result = spec.service(
                **{target.name: obj},
                acting_user=request.user,
                **form.service_kwargs(),
            )
        except StaleError as exc:
            messages.error(request, exc.message_zh)
            return redirect(target.url(obj))
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
            messages.error(request, f"{spec.title}：{_summary(exc)}")
            return target.render(
                request,
                obj,
                bound={spec.slug: form},
                error=exc if isinstance(exc, DomainError) else None,
                status=400,
            )
        messages.success(request, spec.message(result))
        url = spec.next_url(obj, result) if spec.next_url else target.url(obj)
        return redirect(url)

    view.__name__ = view.__qualname__ = spec.view_name
    return view


def action_paths[T](specs: Sequence[ActionSpec[T]], prefix: str) -> list[URLPattern]:
    """One URL per action: ``<prefix><int:pk>/<slug>/``, named by the slug."""
    return [
        path(f"{prefix}<int:pk>/{spec.slug}/", action_view(spec), name=spec.slug)
        for spec in specs
    ]
