"""Root URL configuration: each app brings its own namespaced urls."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/calendars/", include("gongkai.calendars.urls")),
    path("letters/", include("gongkai.letters.urls")),
    path("staff/disputes/", include("gongkai.disputes.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("staff/disclosure/", include("gongkai.disclosure.urls")),
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("staff/planning/", include("gongkai.planning.urls")),
    path("staff/", include("gongkai.cases.urls")),
    path("apply/", include("gongkai.cases.urls_apply")),
    path("track/", include("gongkai.cases.urls_track")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("catalogue/", include("gongkai.disclosure.urls_public")),
    path("supervision/", include("gongkai.supervision.urls_public")),
    path("planning/", include("gongkai.planning.urls_public")),
    path("", include("gongkai.portal.urls")),
]
