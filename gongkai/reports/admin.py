from django.contrib import admin

from gongkai.reports.models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin[AnnualReport]):
    list_display = ["agency_name", "year", "format", "status", "source"]
    list_filter = ["status", "format", "year"]
    search_fields = ["agency_name"]
