from django.urls import path

from gongkai.notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox-read"),
    path("inbox/<int:pk>/", views.inbox_open, name="inbox-open"),
    path("notifications/", views.delivery_list, name="list"),
    path("notifications/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
