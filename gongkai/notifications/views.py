"""Staff pages: the inbox, and the delivery list of e-mails and text messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.notifications.models import Channel, State
from gongkai.notifications.permissions import deliveries_visible_to, inbox_of
from gongkai.notifications.services import inbox_mark_read, notification_retry_now

PAGE_SIZE = 50


def _page(request: HttpRequest, rows: object) -> object:
    number = request.GET.get("page", "1")
    return Paginator(rows, PAGE_SIZE).get_page(number if number.isdigit() else 1)  # type: ignore[arg-type]


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = inbox_of(request.user).select_related("case").order_by("-created_at", "-pk")
    return render(request, "notifications/inbox.html", {"page": _page(request, rows)})


@require_GET
@staff_required
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open an entry: it is read, and its link is followed."""
    notification = inbox_of(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404("没有这条消息。")
    inbox_mark_read(user=request.user, notification_ids=[pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notifications:inbox")


@require_POST
@staff_required
def inbox_read(request: HttpRequest) -> HttpResponse:
    count = inbox_mark_read(user=request.user)
    messages.success(request, f"已将{count}条消息标为已读。")
    return redirect("notifications:inbox")


@require_GET
@staff_required
def delivery_list(request: HttpRequest) -> HttpResponse:
    rows = deliveries_visible_to(request.user).select_related("case", "agency")
    state = request.GET.get("state", "")
    if state in State.values:
        rows = rows.filter(state=state)
    channel = request.GET.get("channel", "")
    if channel in (Channel.EMAIL, Channel.SMS):
        rows = rows.filter(channel=channel)
    context = {
        "page": _page(request, rows.order_by("-created_at", "-pk")),
        "states": State.choices,
        "state": state,
        "channel": channel,
        "channels": [
            (Channel.EMAIL, Channel.EMAIL.label),
            (Channel.SMS, Channel.SMS.label),
        ],
    }
    return render(request, "notifications/delivery_list.html", context)


@require_POST
@staff_required
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    notification = deliveries_visible_to(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404("没有这条通知。")
    if notification.state not in (State.FAILED, State.PENDING):
        messages.info(request, "这条通知已发送或正在发送，无需重试。")
    else:
        notification_retry_now(notification=notification)
        messages.success(request, "已重新安排发送。")
    return redirect("notifications:list")
