"""Read-mostly admin: the workflow goes through the staff pages and services."""

from django.contrib import admin
from django.http import HttpRequest

from gongkai.disclosure.models import Category, DisclosureEvent, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ["index_number", "title", "agency", "status", "generated_on"]
    list_filter = ["status", "art20_item", "validity"]
    search_fields = ["index_number", "title", "doc_number"]

    def has_change_permission(
        self, request: HttpRequest, obj: Item | None = None
    ) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["agency", "code", "name", "kind", "position"]
    list_filter = ["kind"]


@admin.register(DisclosureEvent)
class DisclosureEventAdmin(admin.ModelAdmin[DisclosureEvent]):
    list_display = ["at", "agency", "item", "kind", "actor"]
    list_filter = ["kind"]

    def has_change_permission(
        self, request: HttpRequest, obj: DisclosureEvent | None = None
    ) -> bool:
        return False
