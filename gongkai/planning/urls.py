from django.urls import path

from gongkai.planning import views

app_name = "planning"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create_view, name="proposal-create"),
    path("proposals/summary/", views.proposal_summary, name="proposal-summary"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/start/", views.proposal_start_view, name="proposal-start"),
    path("proposals/<int:pk>/reply/", views.proposal_reply_view, name="proposal-reply"),
    path(
        "proposals/<int:pk>/publish/",
        views.proposal_publish_view,
        name="proposal-publish",
    ),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create_view, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/progress/", views.progress_add_view, name="task-progress"),
]
