"""Read-only admin: the catalogue changes through the staff pages and services,
which write its ``DisclosureEvent`` history."""

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.disclosure.models import Category, DisclosureEvent, Item


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["index_number", "title", "agency", "status", "generated_on"]
    list_filter = ["status", "art20_item", "validity"]
    search_fields = ["index_number", "title", "doc_number"]


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["agency", "code", "name", "kind", "position"]
    list_filter = ["kind"]


@admin.register(DisclosureEvent)
class DisclosureEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "agency", "item", "kind", "actor"]
    list_filter = ["kind"]
