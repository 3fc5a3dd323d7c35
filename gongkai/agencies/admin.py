from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_move


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "code", "kind", "parent")
    search_fields = ("name", "code")
    readonly_fields = ("path",)

    def save_model(
        self, request: HttpRequest, obj: Agency, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        agency_move(agency=obj, parent=obj.parent)
