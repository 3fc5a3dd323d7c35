from __future__ import annotations

from django import template

from gongkai.accounts.permissions import administered_paths
from gongkai.accounts.users import AnyUser

register = template.Library()


@register.filter
def manages_staff(user: AnyUser) -> bool:
    """Whether the header offers 账号管理 (a 机关管理员 somewhere)."""
    return bool(administered_paths(user))
