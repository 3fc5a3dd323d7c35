"""Every date a form shows comes back into ``<input type=date>`` as 2026-12-05.

A browser reads only that form: a saved date rendered as "2026/12/05" shows as
an empty field, so editing a 复议 case failed ("这个字段是必填项") and editing a
proposal's title silently reset its 办理期限 (issue 10). The sweep renders every
date field of every form class in the project with a saved date; the page tests
open real edit pages with saved dates.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import gongkai
from gongkai.disputes.services import dispute_create

SAVED = dt.date(2026, 12, 5)


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        name = module.name
        if ".tests" in name or ".migrations" in name:
            continue
        if not (name.endswith(".forms") or ".forms." in name):
            continue
        mod = importlib.import_module(name)
        for _attr, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__.startswith("gongkai"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return sorted(found.values(), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{cls.__module__}.{cls.__qualname__}.{name}", field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField)
        and not isinstance(field, forms.DateTimeField)
    ]


def test_the_sweep_finds_the_forms_with_dates():
    names = {name for name, _field in _date_fields()}
    assert any("disputes" in n for n in names)
    assert any("planning" in n for n in names)
    assert len(names) >= 10


@pytest.mark.parametrize(
    ("name", "field"), _date_fields(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_date_field_renders_a_saved_date_as_iso(name, field):
    html = field.widget.render("d", SAVED)
    assert 'type="date"' in html, name
    assert 'value="2026-12-05"' in html, name


def test_a_reconsideration_case_opens_for_editing_with_its_dates(client, cast):
    dispute = dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="reconsideration",
        filed_on=dt.date(2026, 2, 1),
        result="upheld",
        decided_on=dt.date(2026, 3, 1),
    )
    client.force_login(cast.handler)
    page = client.get(reverse("disputes:edit", args=[dispute.pk])).content.decode()
    assert 'value="2026-02-01"' in page and 'value="2026-03-01"' in page


def test_no_select_offers_the_english_placeholder(client, cast):
    """Django's "- Select an option -" is 请选择 on every form (issue 10)."""
    client.force_login(cast.handler)
    page = client.get(reverse("disputes:create")).content.decode()
    assert "Select an option" not in page
    assert ">请选择</option>" in page
