"""Annual reports are read-only here (compile, edit, review and publish go
through the staff pages, whose services write ``ReportEvent``); the per-agency
deadline settings are configuration and may be edited."""

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.reports.models import AnnualReport, ReportEvent, ReportSettings


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["agency_name", "year", "format", "status", "source"]
    list_filter = ["status", "format", "year"]
    search_fields = ["agency_name"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "report", "kind", "actor"]
    list_filter = ["kind"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin[ReportSettings]):
    list_display = [
        "agency",
        "level",
        "own_month",
        "own_day",
        "aggregate_month",
        "aggregate_day",
    ]
    autocomplete_fields = ["agency"]
