"""Read-only admin: proposals and work plans change only through the staff
pages, whose services write their events."""

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.planning.models import (
    PlanEvent,
    PlanTask,
    Proposal,
    ProposalEvent,
    TaskProgress,
    WorkPlan,
)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["agency", "kind", "number", "year", "title", "status", "due_on"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["number", "title", "proposers"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "proposal", "kind", "actor"]
    list_filter = ["kind"]


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "title", "doc_number"]


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    list_display = ["plan", "responsible", "due_on", "status"]
    list_filter = ["status"]


@admin.register(TaskProgress)
class TaskProgressAdmin(ReadOnlyAdmin):
    list_display = ["on", "task", "by"]


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "plan", "kind", "actor"]
    list_filter = ["kind"]
