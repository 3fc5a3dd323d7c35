"""Read-only admin: 社会评议 are the applicants' own words and bulletins are
issued documents; both change only through their services."""

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.supervision.models import Bulletin, BulletinEvent, Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("case", "rating", "submitted_on")
    list_filter = ("rating",)


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "quarter", "status")
    list_filter = ("status", "year")


@admin.register(BulletinEvent)
class BulletinEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "bulletin", "kind", "actor")
    list_filter = ("kind",)
