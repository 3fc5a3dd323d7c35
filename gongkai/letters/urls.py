from django.urls import path

from gongkai.letters import editor, views

app_name = "letters"

urlpatterns = [
    path("templates/", editor.templates_home, name="templates-home"),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/paragraphs/",
        editor.template_paragraphs,
        name="template-paragraphs",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/paragraphs/preview.pdf",
        editor.template_paragraphs_pdf,
        name="template-paragraphs-pdf",
    ),
    path("<uuid:uid>/download.<str:ext>", views.letter_download, name="download"),
    path(
        "agency/<int:agency_id>/templates/",
        views.template_list,
        name="template-list",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/",
        views.template_edit,
        name="template-edit",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/preview/",
        views.template_preview,
        name="template-preview",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/preview/frame/",
        views.template_preview_frame,
        name="template-preview-frame",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/save/",
        views.template_save,
        name="template-save",
    ),
    path(
        "agency/<int:agency_id>/templates/<str:kind>/reset/",
        views.template_reset,
        name="template-reset",
    ),
]
