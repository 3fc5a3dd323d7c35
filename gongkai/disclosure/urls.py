"""Staff pages, mounted at /staff/disclosure/."""

from django.urls import path

from gongkai.disclosure.views import staff

app_name = "disclosure"

urlpatterns = [
    path("", staff.item_list, name="list"),
    path("due/", staff.due_list, name="due"),
    path("new/", staff.item_create_view, name="create"),
    path("<int:pk>/", staff.item_detail, name="detail"),
    path("<int:pk>/edit/", staff.item_edit_view, name="edit"),
    path("<int:pk>/attach/", staff.item_attach_view, name="attach"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        staff.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/submit/", staff.item_submit_view, name="submit"),
    path("<int:pk>/review/", staff.item_review_view, name="review"),
    path("<int:pk>/approve/", staff.item_approve_view, name="approve"),
    path("<int:pk>/return/", staff.item_return_view, name="return"),
    path("<int:pk>/publish/", staff.item_publish_view, name="publish"),
    path("<int:pk>/withdraw/", staff.item_withdraw_view, name="withdraw"),
    path("<int:pk>/abolish/", staff.item_abolish_view, name="abolish"),
    path("<int:pk>/change/", staff.item_change_view, name="change"),
    path("agency/<slug:code>/settings/", staff.settings_view, name="settings"),
    path(
        "agency/<slug:code>/categories/", staff.category_add_view, name="category-add"
    ),
    path("agency/<slug:code>/guide/", staff.guide_edit_view, name="guide-edit"),
]
