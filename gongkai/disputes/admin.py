"""Read-only admin: disputes (the source of table 四) change only through the
staff pages, whose services write ``DisputeEvent``."""

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.disputes.models import Dispute, DisputeEvent


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["agency", "kind", "number", "filed_on", "result", "decided_on"]
    list_filter = ["kind", "result", "co_defendant_only"]
    search_fields = ["number", "party"]


@admin.register(DisputeEvent)
class DisputeEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "dispute", "kind", "actor"]
    list_filter = ["kind"]
