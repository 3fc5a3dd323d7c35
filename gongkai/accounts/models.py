"""Staff roles per agency, and the security log.

Staff are Django's own users; what they may do comes only from their
memberships: one row per (user, agency, role). The permission functions in
``gongkai.accounts.permissions`` and ``gongkai.cases.permissions`` read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.events import AppendOnlyEvent


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "承办人"
    HEAD = "head", "负责人"
    ADMIN = "admin", "机关管理员"
    SUPERVISOR = "supervisor", "上级监督"
    #: Enters and corrects the national working-day calendar (the yearly
    #: 节假日安排); held only in a top-level agency, granted by its 机关管理员.
    CALENDAR = "calendar", "日历管理员"


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


class SecurityEvent(AppendOnlyEvent):
    """One entry of the security log (等保2.0: kept at least 180 days).

    Written by ``gongkai.accounts.securitylog.record`` only, which also sends the
    same entry as a JSON line to the ``gongkai.security`` logger. Users are
    stored by id and name, not by foreign key: the log outlives the accounts it
    mentions, and an append-only row cannot follow a deleted one.

    On PostgreSQL a trigger refuses every UPDATE, and every DELETE of a row
    younger than the retention period (migration 0002), so the retention
    command is the only way out, and only for old entries.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "登录锁定"
        ACCOUNT_CREATED = "account_created", "创建账号"
        ACCOUNT_CHANGED = "account_changed", "修改账号"
        ACCOUNT_DELETED = "account_deleted", "删除账号"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        ROLE_GRANTED = "role_granted", "授予角色"
        ROLE_REVOKED = "role_revoked", "撤销角色"
        PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看个人信息"
        ADMIN_ACTION = "admin_action", "系统管理操作"
        PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
        RATE_LIMITED = "rate_limited", "频率限制"
        API_TOKEN = "api_token", "接口令牌"

    at = models.DateTimeField("时间", db_index=True)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    actor_id = models.IntegerField("操作人ID", null=True, blank=True)
    actor_username = models.CharField("操作人", max_length=150, blank=True)
    subject_id = models.IntegerField("对象账号ID", null=True, blank=True)
    subject_username = models.CharField("对象账号", max_length=150, blank=True)
    agency_id = models.IntegerField("机关ID", null=True, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField("路径", max_length=300, blank=True)
    summary = models.CharField("说明", max_length=300)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "安全日志"
        verbose_name_plural = "安全日志"
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["kind", "at"]),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.summary}"


class StaffProfile(models.Model):
    """What an account carries besides its roles: its home agency, a forced change.

    ``agency`` is the agency whose 机关管理员 (or one above it) manages the
    account, also once every role is revoked; accounts made before profiles
    existed have none and are managed wherever they hold a role.
    ``must_change_password`` is set when an administrator chose the password
    (a new account, a reset): the next login leads straight to the password
    form (``gongkai.accounts.middleware``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_profile",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "账号信息"
        verbose_name_plural = "账号信息"

    def __str__(self) -> str:
        return str(self.user)


class Researcher(models.Model):
    """A signed-in account of someone outside the agencies: a researcher,
    third-party assessor or journalist who uses the report data center.

    It is a kind of account, not a role in an agency: a researcher works on
    reports they collect themselves and sees no agency's own records, so it
    cannot be a ``Membership`` (which always names an agency and opens the
    staff pages). Kept here because who an account is belongs to accounts;
    the data center only asks ``is_researcher``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="researcher",
    )
    organisation = models.CharField("单位", max_length=100, blank=True)
    created_at = models.DateTimeField("开通时间", auto_now_add=True)

    class Meta:
        verbose_name = "研究人员账号"
        verbose_name_plural = "研究人员账号"

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation or '研究人员'}"
