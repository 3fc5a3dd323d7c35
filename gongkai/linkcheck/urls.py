"""Staff pages, mounted at /staff/linkcheck/."""

from django.urls import path

from gongkai.linkcheck import views

app_name = "linkcheck"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:code>/", views.agency_page, name="agency"),
    path("<slug:code>/run/", views.run_now, name="run"),
    path("<slug:code>/settings/", views.settings_save, name="settings"),
]
