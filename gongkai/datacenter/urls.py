"""The report data center, mounted at /datacenter/ (namespace ``datacenter``)."""

from django.urls import path

from gongkai.datacenter import views

app_name = "datacenter"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("upload/", views.upload, name="upload"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/requeue/", views.job_requeue, name="job_requeue"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/correct/", views.correct, name="correct"),
    path("reports/<int:pk>/years/", views.years, name="years"),
    path("reports/<int:pk>/letter/", views.letter, name="letter"),
    path("region/", views.region, name="region"),
    path("exports/", views.export, name="export"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
