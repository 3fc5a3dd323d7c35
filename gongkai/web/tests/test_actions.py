"""``action_view``: one POST view per transition, from one row of a table.

A throwaway target (a dict standing in for a model) exercises every branch: 404,
403, an invalid form, a refused rule, a stale page, a model validation error and
success, and that the service is called once with the object and ``acting_user``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.errors import DomainError, StaleError
from gongkai.web.actions import ActionSpec, ActionTarget, action_paths, action_view
from gongkai.web.forms import ActionForm

THINGS: dict[int, dict[str, Any]] = {}
CALLS: list[dict[str, Any]] = []


def _load(request: HttpRequest, pk: int) -> dict[str, Any]:
    if pk not in THINGS:
        raise Http404("没有找到。")
    return THINGS[pk]


def _render(
    request: HttpRequest,
    obj: dict[str, Any],
    /,
    *,
    bound: Mapping[str, forms.BaseForm],
    error: DomainError | None,
    status: int,
) -> HttpResponse:
    form = bound["rename"]
    return HttpResponse(repr(dict(form.errors)), status=status)


THING = ActionTarget[dict[str, Any]](
    name="thing", load=_load, render=_render, url=lambda obj: f"/things/{obj['pk']}/"
)


class RenameForm(ActionForm):
    name = forms.CharField(error_messages={"required": "请填写名称。"})


def _rename(*, thing: dict[str, Any], name: str, acting_user: Any) -> str:
    CALLS.append({"thing": thing, "name": name, "acting_user": acting_user})
    if name == "refused":
        raise DomainError("名称不合规定。", field="name")
    if name == "stale":
        raise StaleError("已被他人修改。")
    if name == "invalid":
        raise ValidationError({"name": "模型校验不通过。"})
    thing["name"] = name
    return name


RENAME = ActionSpec[dict[str, Any]](
    slug="rename",
    target=THING,
    title="改名",
    form_class=RenameForm,
    service=_rename,
    success=lambda result: f"已改名为{result}。",
    allowed=lambda user, obj: obj["editable"],
    forbidden="不能改名。",
)
view = action_view(RENAME)


@pytest.fixture
def staff(db):
    agency = agency_create(name="某局", code="mj", kind=Agency.Kind.DEPARTMENT)
    user = get_user_model().objects.create_user("zhao", password="x")
    Membership.objects.create(user=user, agency=agency, role=Role.HANDLER)
    THINGS.clear()
    CALLS.clear()
    THINGS[1] = {"pk": 1, "name": "旧名", "editable": True}
    THINGS[2] = {"pk": 2, "name": "锁定", "editable": False}
    return user


SENT: list[str] = []


def _post(user: Any, pk: int, data: dict[str, str]) -> HttpResponse:
    request = RequestFactory().post(f"/things/{pk}/rename/", data)
    request.user = user
    request.session = SessionStore()
    storage = FallbackStorage(request)
    request._messages = storage  # type: ignore[attr-defined]
    response = view(request, pk)
    SENT[:] = [str(m) for m in storage._queued_messages]
    return response  # type: ignore[return-value]


def test_it_calls_the_service_once_and_redirects(staff):
    response = _post(staff, 1, {"name": "新名"})
    assert response.status_code == 302 and response["Location"] == "/things/1/"
    assert CALLS == [{"thing": THINGS[1], "name": "新名", "acting_user": staff}]
    assert THINGS[1]["name"] == "新名"
    assert SENT == ["已改名为新名。"]


def test_it_is_404_for_an_object_the_user_may_not_see(staff):
    with pytest.raises(Http404):
        _post(staff, 9, {"name": "新名"})


def test_it_is_403_without_the_permission(staff):
    with pytest.raises(PermissionDenied, match="不能改名"):
        _post(staff, 2, {"name": "新名"})
    assert CALLS == []


def test_it_shows_the_page_again_on_an_invalid_form_and_calls_nothing(staff):
    response = _post(staff, 1, {"name": ""})
    assert response.status_code == 400
    assert "请填写名称。" in response.content.decode()
    assert CALLS == [] and THINGS[1]["name"] == "旧名"


def test_it_puts_a_refused_rule_on_its_field(staff):
    response = _post(staff, 1, {"name": "refused"})
    assert response.status_code == 400
    assert "'name': ['名称不合规定。']" in response.content.decode()
    assert SENT == ["改名：名称不合规定。"]


def test_it_puts_a_model_validation_error_on_its_field(staff):
    response = _post(staff, 1, {"name": "invalid"})
    assert response.status_code == 400
    assert "'name': ['模型校验不通过。']" in response.content.decode()


def test_it_reloads_the_page_when_the_object_changed_meanwhile(staff):
    response = _post(staff, 1, {"name": "stale"})
    assert response.status_code == 302 and response["Location"] == "/things/1/"
    assert SENT == ["已被他人修改。"]


def test_it_refuses_get(staff):
    request = RequestFactory().get("/things/1/rename/")
    request.user = staff
    assert view(request, 1).status_code == 405


def test_it_makes_one_named_url_per_action():
    (pattern,) = action_paths([RENAME], "things/")
    assert pattern.name == "rename"
    assert str(pattern.pattern) == "things/<int:pk>/rename/"
