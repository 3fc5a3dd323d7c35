"""Staff roles per agency, and the login lock-out counter.

Staff are Django's own users; what they may do comes only from their
memberships: one row per (user, agency, role). The permission functions in
``gongkai.accounts.permissions`` and ``gongkai.cases.permissions`` read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "承办人"
    HEAD = "head", "负责人"
    ADMIN = "admin", "机关管理员"
    SUPERVISOR = "supervisor", "上级监督"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = (
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class LoginThrottle(models.Model):
    """Failed logins per username; a run of failures locks the account for a while."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"
