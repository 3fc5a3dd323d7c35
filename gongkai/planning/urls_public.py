"""Public URLs, mounted at /planning/ (namespace ``planning_public``)."""

from django.urls import path

from gongkai.planning import views

app_name = "planning_public"

urlpatterns = [
    path("proposals/", views.public_proposals, name="proposals"),
]
