"""The public catalogue, mounted at /catalogue/."""

from django.urls import path

from gongkai.disclosure.views import public

app_name = "catalogue"

urlpatterns = [
    path("", public.catalogue_home, name="home"),
    path("search/", public.catalogue_search, name="search"),
    path("<slug:code>/", public.catalogue_list, name="list"),
    path("<slug:code>/guide/", public.catalogue_guide, name="guide"),
    path("<slug:code>/items/<int:pk>/", public.catalogue_item, name="item"),
    path(
        "<slug:code>/items/<int:pk>/attachments/<int:attachment_id>/",
        public.catalogue_attachment,
        name="attachment",
    ),
]
