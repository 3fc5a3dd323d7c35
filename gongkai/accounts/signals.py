"""Security-log receivers: logins, and every change to accounts, roles and groups.

Connected in ``AccountsConfig.ready``. They watch the models, not the views, so
a change made by any page (the 机关管理员 pages, the Django admin), a service or
a shell is logged; the actor is the request's user (``securitylog``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from gongkai.accounts import securitylog
from gongkai.accounts.models import Membership

Kind = securitylog.Kind

#: Account fields whose change is a security event (password handled apart).
WATCHED_FIELDS = {
    "username": "用户名",
    "is_active": "启用状态",
    "is_staff": "可登录系统管理",
    "is_superuser": "超级管理员",
    "first_name": "姓名",
    "last_name": "姓",
    "email": "电子邮箱",
}


@receiver(user_logged_in, dispatch_uid="gongkai_security_login")
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    securitylog.record(
        Kind.LOGIN, f"{user.get_username()} 登录", actor=user, request=request
    )


@receiver(user_logged_out, dispatch_uid="gongkai_security_logout")
def _logged_out(
    sender: Any, request: HttpRequest, user: User | None, **kwargs: Any
) -> None:
    if user is None:
        return
    securitylog.record(
        Kind.LOGOUT, f"{user.get_username()} 退出登录", actor=user, request=request
    )


@receiver(user_login_failed, dispatch_uid="gongkai_security_login_failed")
def _login_failed(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # Django has already replaced the password with stars (cleanse_setting).
    username = str(credentials.get("username", ""))[:150]
    securitylog.record(
        Kind.LOGIN_FAILED,
        f"{username} 登录失败",
        subject_username=username,
        request=request,
    )


@receiver(pre_save, sender=User, dispatch_uid="gongkai_security_user_pre")
def _user_before(sender: Any, instance: User, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= {"last_login"}:
        instance._security_before = None  # type: ignore[attr-defined]
        return
    before = User.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._security_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="gongkai_security_user_post")
def _user_after(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    name = instance.get_username()
    if created:
        securitylog.record(
            Kind.ACCOUNT_CREATED,
            f"创建账号 {name}",
            subject=instance,
            detail={
                "is_staff": instance.is_staff,
                "is_superuser": instance.is_superuser,
            },
        )
        return
    before: User | None = getattr(instance, "_security_before", None)
    if before is None:
        return
    changes = {
        field: [getattr(before, field), getattr(instance, field)]
        for field in WATCHED_FIELDS
        if getattr(before, field) != getattr(instance, field)
    }
    if changes:
        labels = "、".join(WATCHED_FIELDS[f] for f in changes)
        securitylog.record(
            Kind.ACCOUNT_CHANGED,
            f"修改账号 {name}：{labels}",
            subject=instance,
            detail={"changes": changes},
        )
    # set_password() leaves the raw password in _password until save(); a hash
    # upgraded at login (same password, new hasher) does not.
    if (
        before.password != instance.password
        and getattr(instance, "_password", None) is not None
    ):
        securitylog.record(
            Kind.PASSWORD_CHANGED, f"修改账号 {name} 的密码", subject=instance
        )


@receiver(post_delete, sender=User, dispatch_uid="gongkai_security_user_deleted")
def _user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    securitylog.record(
        Kind.ACCOUNT_DELETED,
        f"删除账号 {instance.get_username()}",
        subject_username=instance.get_username(),
    )


def _user_groups_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not isinstance(instance, User):  # changed from the group's side
        return
    what = "权限组" if sender is User.groups.through else "权限"
    verb = {"post_add": "增加", "post_remove": "移除", "post_clear": "清空"}[action]
    securitylog.record(
        Kind.ACCOUNT_CHANGED,
        f"{verb}账号 {instance.get_username()} 的{what}",
        subject=instance,
        detail={"action": action, "ids": sorted(pk_set or [])},
    )


m2m_changed.connect(
    _user_groups_changed, sender=User.groups.through, dispatch_uid="gk_sec_groups"
)
m2m_changed.connect(
    _user_groups_changed,
    sender=User.user_permissions.through,
    dispatch_uid="gk_sec_perms",
)


@receiver(pre_save, sender=Membership, dispatch_uid="gongkai_security_role_pre")
def _role_before(sender: Any, instance: Membership, **kwargs: Any) -> None:
    before = (
        Membership.objects.filter(pk=instance.pk).values("role", "agency_id").first()
        if instance.pk
        else None
    )
    instance._security_before = before  # type: ignore[attr-defined]


def _role_text(membership: Membership) -> str:
    return f"{membership.agency}「{membership.get_role_display()}」"


@receiver(post_save, sender=Membership, dispatch_uid="gongkai_security_role_post")
def _role_after(
    sender: Any, instance: Membership, created: bool, **kwargs: Any
) -> None:
    before = getattr(instance, "_security_before", None)
    detail = {"role": instance.role, "agency": str(instance.agency)}
    if created or before is None:
        securitylog.record(
            Kind.ROLE_GRANTED,
            f"授予 {instance.user.get_username()} {_role_text(instance)}",
            subject=instance.user,
            agency_id=instance.agency_id,
            detail=detail,
        )
    elif before != {"role": instance.role, "agency_id": instance.agency_id}:
        securitylog.record(
            Kind.ROLE_GRANTED,
            f"将 {instance.user.get_username()} 的角色改为 {_role_text(instance)}",
            subject=instance.user,
            agency_id=instance.agency_id,
            detail={**detail, "before": before},
        )


@receiver(post_delete, sender=Membership, dispatch_uid="gongkai_security_role_del")
def _role_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    username = user.get_username() if user else f"#{instance.user_id}"
    securitylog.record(
        Kind.ROLE_REVOKED,
        f"撤销 {username} {_role_text(instance)}",
        subject=user,
        subject_username=username,
        agency_id=instance.agency_id,
        detail={"role": instance.role, "agency": str(instance.agency)},
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="gongkai_security_admin")
def _admin_action(
    sender: Any, instance: LogEntry, created: bool, **kwargs: Any
) -> None:
    if not created:
        return
    verb = {1: "新增", 2: "修改", 3: "删除"}.get(instance.action_flag, "操作")
    model = instance.content_type.name if instance.content_type else ""
    securitylog.record(
        Kind.ADMIN_ACTION,
        f"系统管理：{verb}{model}「{instance.object_repr}」",
        detail={
            "action": instance.action_flag,
            "content_type": instance.content_type.model
            if instance.content_type
            else None,
            "object_id": instance.object_id,
            "change": instance.get_change_message(),
        },
    )
