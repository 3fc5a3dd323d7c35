from django.contrib import admin

from gongkai.reports.models import AnnualReport, ReportSettings


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin[AnnualReport]):
    list_display = ["agency_name", "year", "format", "status", "source"]
    list_filter = ["status", "format", "year"]
    search_fields = ["agency_name"]


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
