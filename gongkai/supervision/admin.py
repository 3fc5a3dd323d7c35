from django.contrib import admin

from gongkai.supervision.models import Bulletin, Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin[Evaluation]):
    list_display = ("case", "rating", "submitted_on")
    list_filter = ("rating",)
    raw_id_fields = ("case",)


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin[Bulletin]):
    list_display = ("agency", "year", "quarter", "status")
    list_filter = ("status", "year")
    raw_id_fields = ("agency", "created_by", "issued_by")
