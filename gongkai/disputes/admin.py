from django.contrib import admin

from gongkai.disputes.models import Dispute


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin[Dispute]):
    list_display = ["agency", "kind", "number", "filed_on", "result", "decided_on"]
    list_filter = ["kind", "result", "co_defendant_only"]
    search_fields = ["number", "party"]
    readonly_fields = ["version"]
