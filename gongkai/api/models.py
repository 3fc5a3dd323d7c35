"""API tokens of an agency and their security log.

A token belongs to one agency and acts as one of its staff (the 机关管理员 picks
who): what it may do is exactly what that person may do on the staff pages,
narrowed to the token's agency and scope. Only a SHA-256 of the key is stored;
the key is shown once, when the token is created.

``ApiTokenEvent`` is the security log: every creation, revocation, use and
refused use, append-only (``gongkai.events``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from gongkai.events import AppendOnlyEvent


class Scope(models.TextChoices):
    READ = "read", "只读"
    READ_WRITE = "read_write", "读写"


class ApiToken(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    #: The first characters of the key, shown in lists and used to find the row.
    prefix = models.CharField("前缀", max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField("权限范围", max_length=20, choices=Scope.choices)
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="以谁的身份",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间")
    expires_on = models.DateField("有效期至")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def is_live(self, today: dt.date) -> bool:
        return self.revoked_at is None and today <= self.expires_on

    @property
    def writes(self) -> bool:
        return self.scope == Scope.READ_WRITE


class ApiTokenEvent(AppendOnlyEvent):
    """One line of the API security log."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建令牌"
        REVOKED = "revoked", "吊销令牌"
        USED = "used", "使用令牌"
        REFUSED = "refused", "拒绝使用"

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, related_name="events", null=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "接口安全日志"
        verbose_name_plural = "接口安全日志"
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
