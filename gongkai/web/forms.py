"""What every action form shares: the label suffix and the service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms

#: Chinese labels end with the full-width colon (Django's default is ":").
LABEL_SUFFIX = "："


class ActionForm(forms.Form):
    """A form whose cleaned data become the service's keyword arguments.

    Override :meth:`service_kwargs` where names differ or values need shaping.
    """

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EmptyForm(ActionForm):
    """An action that asks for nothing (the button is the whole input)."""


def person_label(user: Any) -> str:
    """A member of staff as a dropdown shows them: 王小明（xiaowang）, or the login."""
    full = user.get_full_name()
    return (
        f"{full}（{user.username}）"
        if full and full != user.username
        else user.username
    )


class PersonChoiceField(forms.ModelChoiceField[Any]):
    """A choice of a member of staff, listed by name rather than by login."""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class IsoDateInput(forms.DateInput):
    """``<input type=date>`` with its value as 2026-12-05, the only form a browser
    reads (a saved date shown as 2026/12/05 would come back empty)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
