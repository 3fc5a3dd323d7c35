"""One row per message: an e-mail, a text message or an entry in a staff inbox.

A notification is written by the service that records the event causing it, in
the same transaction (``gongkai.notifications.services``); if that transaction
rolls back, no message exists and none is sent. E-mails and text messages are
then delivered by the ``django.tasks`` worker (``tasks.deliver_notification``),
which records each attempt; a failed attempt leaves the row pending with the
time of the next try, and after ``NOTIFY_MAX_ATTEMPTS`` attempts the row is
failed. Only a delivered row says "sent": nothing else claims it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"
    INBOX = "inbox", "站内消息"


class State(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Audience(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    STAFF = "staff", "工作人员"


class Notification(models.Model):
    key = models.CharField(
        "去重键",
        max_length=200,
        unique=True,
        help_text="The cause and the recipient: a second write of the same message is refused.",
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    audience = models.CharField("对象", max_length=10, choices=Audience.choices)
    topic = models.CharField("事由", max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人（工作人员）",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    address = models.CharField("地址或号码", max_length=254, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="申请",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    link = models.CharField("链接", max_length=300, blank=True)

    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    last_error = models.TextField("最近一次错误", blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due_idx",
                condition=Q(state="pending"),
            ),
            models.Index(
                fields=["recipient", "channel", "read_at"],
                name="notification_inbox_idx",
            ),
            models.Index(
                fields=["agency", "created_at"], name="notification_agency_idx"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"

    @property
    def delivered(self) -> bool:
        return self.state == State.SENT
