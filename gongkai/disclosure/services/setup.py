"""An agency's catalogue settings, its classes and its 政府信息公开指南."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.disclosure.models import (
    Category,
    DisclosureEvent,
    DisclosureSettings,
    Guide,
)
from gongkai.disclosure.permissions import can_manage
from gongkai.disclosure.services._common import _event, _require

#: Categories every agency starts with (editable later; codes feed {类别代码}).
DEFAULT_CATEGORIES: tuple[tuple[str, str, Category.Kind], ...] = (
    ("GZ", "规章", Category.Kind.REGULATION),
    ("GFXWJ", "行政规范性文件", Category.Kind.NORMATIVE),
    ("GHJH", "规划计划", Category.Kind.OTHER),
    ("CZXX", "财政信息", Category.Kind.OTHER),
    ("XZXK", "行政许可", Category.Kind.OTHER),
    ("XZCF", "行政处罚", Category.Kind.OTHER),
    ("RSXX", "人事信息", Category.Kind.OTHER),
    ("QT", "其他", Category.Kind.OTHER),
)


@transaction.atomic
def disclosure_setup(*, agency: Agency) -> DisclosureSettings:
    """The agency's settings, created with the default categories on first use."""
    settings, created = DisclosureSettings.objects.get_or_create(agency=agency)
    if created and not Category.objects.filter(agency=agency).exists():
        Category.objects.bulk_create(
            Category(agency=agency, code=code, name=name, kind=kind, position=i)
            for i, (code, name, kind) in enumerate(DEFAULT_CATEGORIES, start=1)
        )
    return settings


@transaction.atomic
def settings_update(
    *,
    agency: Agency,
    org_code: str,
    credit_code: str,
    index_pattern: str,
    acting_user: AnyUser,
) -> DisclosureSettings:
    """Change the codes and the 索引号 scheme (legal.md §6.2: per agency)."""
    _require(
        can_manage(acting_user, agency),
        "只有本机关负责人或管理员可以修改主动公开设置。",
    )
    settings = disclosure_setup(agency=agency)
    before = {
        "org_code": settings.org_code,
        "credit_code": settings.credit_code,
        "index_pattern": settings.index_pattern,
    }
    settings.org_code = org_code.strip()
    settings.credit_code = credit_code.strip().upper()
    settings.index_pattern = index_pattern.strip()
    settings.full_clean()
    settings.save(update_fields=["org_code", "credit_code", "index_pattern"])
    after = {k: getattr(settings, k) for k in before}
    _event(
        agency=agency,
        kind=DisclosureEvent.Kind.SETTINGS_CHANGED,
        acting_user=acting_user,
        data={"before": before, "after": after},
    )
    return settings


@transaction.atomic
def category_add(
    *, agency: Agency, code: str, name: str, kind: str, acting_user: AnyUser
) -> Category:
    """Add a class to the agency's catalogue (编排体系 is the agency's own)."""
    _require(
        can_manage(acting_user, agency), "只有本机关负责人或管理员可以维护信息类别。"
    )
    disclosure_setup(agency=agency)
    last = Category.objects.filter(agency=agency).order_by("-position").first()
    category = Category(
        agency=agency,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        position=(last.position + 1) if last else 1,
    )
    category.full_clean()
    category.save()
    _event(
        agency=agency,
        kind=DisclosureEvent.Kind.CATEGORY_ADDED,
        acting_user=acting_user,
        data={"code": category.code, "name": category.name, "kind": category.kind},
    )
    return category


class GuideFields(TypedDict, total=False):
    """The sections of the 政府信息公开指南 (Art. 12) staff write."""

    classification: str
    arrangement: str
    access: str
    office_name: str
    address: str
    office_hours: str
    phone: str
    fax: str
    web_contact: str
    other: str


GUIDE_FIELDS = tuple(GuideFields.__annotations__)


@transaction.atomic
def guide_update(
    *,
    agency: Agency,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[GuideFields],
) -> Guide:
    """Write the agency's 政府信息公开指南 (Art. 12: "应当及时更新")."""
    _require(
        can_manage(acting_user, agency), "只有本机关负责人或管理员可以修改公开指南。"
    )
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    now = now or timezone.now()
    guide = Guide.objects.select_for_update().filter(agency=agency).first()
    if guide is None:
        guide = Guide(agency=agency, updated_at=now)
    changed = {k: v for k, v in fields.items() if getattr(guide, k) != v}
    for key, value in fields.items():
        setattr(guide, key, value)
    guide.updated_at = now
    guide.full_clean()
    guide.save()
    _event(
        agency=agency,
        kind=DisclosureEvent.Kind.GUIDE_UPDATED,
        acting_user=acting_user,
        data={"changed": sorted(changed)},
        now=now,
    )
    return guide
