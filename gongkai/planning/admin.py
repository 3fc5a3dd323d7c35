from django.contrib import admin

from gongkai.planning.models import PlanTask, Proposal, WorkPlan


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin[Proposal]):
    list_display = ["agency", "kind", "number", "year", "title", "status", "due_on"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["number", "title", "proposers"]
    readonly_fields = ["version", "published_by", "published_on"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin[WorkPlan]):
    list_display = ["agency", "year", "title", "doc_number"]


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin[PlanTask]):
    list_display = ["plan", "responsible", "due_on", "status"]
    list_filter = ["status"]
