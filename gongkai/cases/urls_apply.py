"""Public online application, mounted at /apply/ (namespace ``apply``)."""

from django.urls import path

from gongkai.cases.views import public

app_name = "apply"

urlpatterns = [
    path("", public.apply, name="form"),
    path("receipt/<int:pk>/", public.receipt, name="receipt"),
]
