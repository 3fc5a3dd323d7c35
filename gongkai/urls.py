"""Root URL configuration: each app brings its own namespaced urls."""

from django.contrib import admin
from django.urls import include, path

from gongkai.ops.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("gongkai.api.urls")),
    path("staff/api/", include("gongkai.api.urls_staff")),
    path("staff/imports/", include("gongkai.imports.urls")),
    path("staff/calendars/", include("gongkai.calendars.urls")),
    path("letters/", include("gongkai.letters.urls")),
    path("staff/disputes/", include("gongkai.disputes.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("staff/disclosure/", include("gongkai.disclosure.urls")),
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("staff/planning/", include("gongkai.planning.urls")),
    path("datacenter/", include("gongkai.datacenter.urls")),
    path("staff/linkcheck/", include("gongkai.linkcheck.urls")),
    path("staff/accountability/", include("gongkai.accountability.urls")),
    path("staff/assessment/", include("gongkai.assessment.urls")),
    path("staff/", include("gongkai.notifications.urls")),
    path("staff/", include("gongkai.cases.urls")),
    path("apply/", include("gongkai.cases.urls_apply")),
    path("track/", include("gongkai.cases.urls_track")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("catalogue/", include("gongkai.disclosure.urls_public")),
    path("supervision/", include("gongkai.supervision.urls_public")),
    path("planning/", include("gongkai.planning.urls_public")),
    path("assessment/", include("gongkai.assessment.urls_public")),
    path("", include("gongkai.portal.urls")),
]

# The error pages, in Chinese with the refusal's reason (gongkai/web/errors.py).
handler400 = "gongkai.web.errors.bad_request"
handler403 = "gongkai.web.errors.permission_denied"
handler404 = "gongkai.web.errors.page_not_found"
handler500 = "gongkai.web.errors.server_error"
