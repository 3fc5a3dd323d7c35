"""Every change to the catalogue: one service per action, each one transaction
that checks the permission, validates, saves and writes its ``DisclosureEvent``.

Workflow (``models.ALLOWED_TRANSITIONS``)::

    草稿 --submit--> 待保密审查 --review(pass)--> 待负责人审核 --approve--> 待发布 --publish--> 已发布 --withdraw--> 已撤回
           ^            |review(return)            |return                  |return
           +------------+--------------------------+------------------------+
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disclosure import index_numbers, search
from gongkai.disclosure.deadlines import publication_due
from gongkai.disclosure.models import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Attachment,
    Category,
    DisclosureEvent,
    DisclosureSettings,
    Guide,
    IndexCounter,
    Item,
)
from gongkai.disclosure.permissions import (
    can_approve,
    can_draft,
    can_manage,
    can_review,
    can_withdraw,
)

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

#: The fields of an item its drafter sets.
ITEM_FIELDS = (
    "title",
    "summary",
    "generated_on",
    "doc_number",
    "publisher",
    "category",
    "art20_item",
    "body",
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: Accepted attachment types: extension → leading bytes (None: text).
ALLOWED_ATTACHMENTS: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".ofd": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".wps": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".zip": (b"PK\x03\x04",),
    ".txt": None,
}

ACTION_ZH: dict[Item.Status, str] = {
    Item.Status.REVIEWING: "提交保密审查",
    Item.Status.APPROVING: "通过保密审查",
    Item.Status.APPROVED: "审核通过",
    Item.Status.PUBLISHED: "发布",
    Item.Status.WITHDRAWN: "撤回",
    Item.Status.DRAFT: "退回修改",
    Item.Status.SUPERSEDED: "替换为新版本",
}


# -- helpers -------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _event(
    *,
    agency: Agency,
    kind: DisclosureEvent.Kind,
    acting_user: AnyUser | None,
    item: Item | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> DisclosureEvent:
    return DisclosureEvent.objects.create(
        agency=agency,
        item=item,
        kind=kind,
        actor=None if acting_user is None else staff_user(acting_user),
        at=now or timezone.now(),
        reason=reason,
        data=data or {},
    )


def _locked(item: Item) -> Item:
    """The item re-read under a row lock, so two clicks cannot both move it."""
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("agency", "category")
        .get(pk=item.pk)
    )


def check_transition(item: Item, to: Item.Status) -> None:
    """Refuse, in Chinese, a move the workflow does not allow."""
    current = Item.Status(item.status)
    if to not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError(
            f"该信息当前状态为“{current.label}”，不能{ACTION_ZH[to]}。"
        )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _set_due(item: Item) -> None:
    """Store the Art. 26 due date (or why it cannot be computed)."""
    result = publication_due(item.agency, item.generated_on)
    item.publication_due = result.due
    item.publication_due_problem = result.problem


# -- settings, categories, guide -------------------------------------------------


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


GUIDE_FIELDS = (
    "classification",
    "arrangement",
    "access",
    "office_name",
    "address",
    "office_hours",
    "phone",
    "fax",
    "web_contact",
    "other",
)


@transaction.atomic
def guide_update(*, agency: Agency, acting_user: AnyUser, **fields: Any) -> Guide:
    """Write the agency's 政府信息公开指南 (Art. 12: "应当及时更新")."""
    _require(
        can_manage(acting_user, agency), "只有本机关负责人或管理员可以修改公开指南。"
    )
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    now = timezone.now()
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


# -- items -----------------------------------------------------------------------


@transaction.atomic
def item_create(*, agency: Agency, acting_user: AnyUser, **fields: Any) -> Item:
    """Draft a catalogue entry; its Art. 26 due date is computed and stored."""
    _require(can_draft(acting_user, agency), "您没有编辑本机关主动公开信息的权限。")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    disclosure_setup(agency=agency)
    now = timezone.now()
    item = Item(
        agency=agency,
        created_by=staff_user(acting_user),
        created_at=now,
        updated_at=now,
        **fields,
    )
    if not item.publisher:
        item.publisher = agency.name
    item.full_clean()
    _set_due(item)
    item.save()
    _event(
        agency=agency,
        item=item,
        kind=DisclosureEvent.Kind.CREATED,
        acting_user=acting_user,
        data={k: _json(v) for k, v in fields.items() if k != "body"},
        now=now,
    )
    return item


@transaction.atomic
def item_update(*, item: Item, acting_user: AnyUser, **fields: Any) -> Item:
    """Edit a draft; a new 生成日期 moves the Art. 26 due date."""
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if item.status != Item.Status.DRAFT:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有草稿可以修改。"
        )
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
    for key, value in changed.items():
        setattr(item, key, value)
    item.full_clean()
    update = [*changed, "updated_at"]
    if "generated_on" in changed:
        _set_due(item)
        update += ["publication_due", "publication_due_problem"]
    item.updated_at = timezone.now()
    item.save(update_fields=update)
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.UPDATED,
        acting_user=acting_user,
        data={k: _json(v) for k, v in changed.items() if k != "body"}
        | ({"body": "（已修改）"} if "body" in changed else {}),
    )
    return item


def check_attachment(upload: UploadedFile[bytes]) -> None:
    """Refuse empty or oversized files and anything that is not a document or image."""
    if not upload.size:
        raise ValidationError("附件是空文件。")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("附件不能超过20MB。")
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            "只接受 PDF、OFD、Word、Excel、WPS、JPG、PNG、ZIP 或 TXT 格式的附件。"
        )
    magic = ALLOWED_ATTACHMENTS[suffix]
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if magic is None:
        if b"\x00" in head:
            raise ValidationError("TXT 附件不是文本文件。")
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                continue
            return
        raise ValidationError("TXT 附件不是文本文件。")
    if not any(head.startswith(m) for m in magic):
        raise ValidationError("附件内容与其文件类型不符，请上传真实的文档或图片。")


@transaction.atomic
def item_attach(
    *, item: Item, upload: UploadedFile[bytes], acting_user: AnyUser
) -> Attachment:
    """Add a file to a draft (checked for size and type)."""
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if item.status != Item.Status.DRAFT:
        raise ValidationError("只有草稿可以上传附件。")
    check_attachment(upload)
    original = PurePath(upload.name or "附件").name[:200]
    suffix = PurePath(original).suffix.lower()
    now = timezone.now()
    attachment = Attachment(
        item=item,
        original_name=original,
        size=upload.size or 0,
        uploaded_by=staff_user(acting_user),
        uploaded_at=now,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    attachment.save()
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.ATTACHED,
        acting_user=acting_user,
        data={"name": original, "size": attachment.size},
        now=now,
    )
    return attachment


@transaction.atomic
def item_submit(*, item: Item, acting_user: AnyUser) -> Item:
    """Send a draft to 保密审查 (Art. 17)."""
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    check_transition(item, Item.Status.REVIEWING)
    item.status = Item.Status.REVIEWING
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.SUBMITTED,
        acting_user=acting_user,
    )
    return item


@transaction.atomic
def item_review(*, item: Item, result: str, basis: str, acting_user: AnyUser) -> Item:
    """Record the 保密审查 — Art. 17.

    "行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任": the
    reviewer (a handler or head who did not draft the item) records the result
    and its basis (保密法 and other laws; a referral to the 保密行政管理部门 when
    uncertain). A pass goes on to the head's 审核; a return goes back to draft.
    """
    item = _locked(item)
    _require(
        can_review(acting_user, item),
        "保密审查须由本机关承办人或负责人进行，且不能由拟稿人本人审查。",
    )
    outcome = Item.ReviewResult(result) if result in Item.ReviewResult.values else None
    if outcome is None:
        raise ValidationError({"result": "请选择保密审查结果。"})
    if not basis.strip():
        raise ValidationError({"basis": "请填写审查依据和意见。"})
    to = (
        Item.Status.APPROVING
        if outcome is Item.ReviewResult.PASS
        else Item.Status.DRAFT
    )
    check_transition(item, to)
    now = timezone.now()
    item.status = to
    item.review_result = outcome
    item.review_basis = basis.strip()
    item.reviewed_by = staff_user(acting_user)
    item.reviewed_at = now
    item.updated_at = now
    item.save(
        update_fields=[
            "status",
            "review_result",
            "review_basis",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.REVIEWED,
        acting_user=acting_user,
        reason=item.review_basis,
        data={"result": str(outcome)},
        now=now,
    )
    return item


@transaction.atomic
def item_approve(*, item: Item, acting_user: AnyUser, note: str = "") -> Item:
    """The head's 审核 of an item that passed 保密审查."""
    item = _locked(item)
    _require(can_approve(acting_user, item), "只有本机关负责人可以审核。")
    check_transition(item, Item.Status.APPROVED)
    now = timezone.now()
    item.status = Item.Status.APPROVED
    item.approved_by = staff_user(acting_user)
    item.approved_at = now
    item.updated_at = now
    item.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.APPROVED,
        acting_user=acting_user,
        reason=note.strip(),
        now=now,
    )
    return item


@transaction.atomic
def item_return(*, item: Item, reason: str, acting_user: AnyUser) -> Item:
    """The head sends an item awaiting 审核 or 发布 back to draft, saying why."""
    item = _locked(item)
    _require(can_approve(acting_user, item), "只有本机关负责人可以退回。")
    if item.status == Item.Status.REVIEWING:
        raise ValidationError("待保密审查的信息由审查人在保密审查中退回。")
    check_transition(item, Item.Status.DRAFT)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由。"})
    item.status = Item.Status.DRAFT
    item.approved_by = None
    item.approved_at = None
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.RETURNED,
        acting_user=acting_user,
        reason=reason.strip(),
    )
    return item


def _allocate_index_number(settings: DisclosureSettings, item: Item) -> str:
    """The next unused 索引号 of the item's scope (serial taken under a row lock).

    Serials only ever go up: a number once handed out is never handed out again,
    and a number that already exists (say, after the scheme was changed back)
    is skipped.
    """
    parts = index_numbers.IndexParts(
        org_code=settings.org_code,
        credit_code=settings.credit_code,
        generated_on=item.generated_on,
        category_code=item.category.code,
    )
    try:
        scope = index_numbers.scope_of(settings.index_pattern, parts)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not IndexCounter.objects.filter(scope=scope).exists():
        try:
            with transaction.atomic():
                IndexCounter.objects.create(scope=scope, last=0)
        except IntegrityError:
            pass  # created by a concurrent publication: use it
    counter = IndexCounter.objects.select_for_update().get(scope=scope)
    while True:
        counter.last += 1
        number = index_numbers.render(settings.index_pattern, parts, counter.last)
        if not Item.objects.filter(index_number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


@transaction.atomic
def item_publish(
    *, item: Item, acting_user: AnyUser, now: dt.datetime | None = None
) -> Item:
    """Publish an approved item: give it its 索引号, index it for search.

    Art. 26: within 20 working days of 生成日期; a late publication is still
    allowed and is shown as late against the stored due date.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有发布本机关主动公开信息的权限。"
    )
    check_transition(item, Item.Status.PUBLISHED)
    now = now or timezone.now()
    if item.original_id is not None:
        replaced = _supersede(item, acting_user=acting_user, now=now)
        item.index_number = replaced.index_number
        item.validity = replaced.validity
    else:
        settings = disclosure_setup(agency=item.agency)
        item.index_number = _allocate_index_number(settings, item)
    item.status = Item.Status.PUBLISHED
    item.published_at = now
    item.updated_at = now
    if item.category.has_validity and not item.validity:
        item.validity = Item.Validity.IN_FORCE
    item.full_clean()
    item.save(
        update_fields=[
            "index_number",
            "status",
            "published_at",
            "updated_at",
            "validity",
        ]
    )
    search.index_item(item)
    late = item.publication_due is not None and now.date() > item.publication_due
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.PUBLISHED,
        acting_user=acting_user,
        data={
            "index_number": item.index_number,
            "late": late,
            "version": item.version_number,
        },
        now=now,
    )
    return item


def chain(item: Item) -> QuerySet[Item]:
    """Every version of ``item`` (the first and its changes), oldest first."""
    root = item.chain_id
    return Item.objects.filter(Q(pk=root) | Q(original_id=root)).order_by(
        "version_number"
    )


def _supersede(item: Item, *, acting_user: AnyUser, now: dt.datetime) -> Item:
    """Retire the published version that the new version ``item`` replaces."""
    current = (
        chain(item)
        .select_for_update()
        .filter(status=Item.Status.PUBLISHED)
        .exclude(pk=item.pk)
        .first()
    )
    if current is None:
        raise ValidationError("原信息已不在公开目录中（已撤回），不能发布其变更稿。")
    if current.validity == Item.Validity.ABOLISHED:
        raise ValidationError("原文件已登记废止，不能发布其变更稿。")
    check_transition(current, Item.Status.SUPERSEDED)
    current.status = Item.Status.SUPERSEDED
    current.superseded_at = now
    current.updated_at = now
    current.save(update_fields=["status", "superseded_at", "updated_at"])
    search.unindex_item(current)
    _event(
        agency=current.agency,
        item=current,
        kind=DisclosureEvent.Kind.SUPERSEDED,
        acting_user=acting_user,
        data={"by": item.pk, "version": item.version_number},
        now=now,
    )
    return current


@transaction.atomic
def item_change(
    *, item: Item, changed_on: dt.date, change_note: str, acting_user: AnyUser
) -> Item:
    """Start a change (变更) of a published item — Art. 26.

    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
    及时公开": a change is a new version, a draft copying the current one
    (text, attachments) whose 生成日期 is the date of the change, so its own
    Art. 26 due date runs from that day. It goes through 保密审查 and 审核 again;
    on publication it replaces the current version under the same 索引号 and
    the current one is kept as history. One change at a time.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if item.status != Item.Status.PUBLISHED:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有已发布的信息可以变更。"
        )
    if item.validity == Item.Validity.ABOLISHED:
        raise ValidationError("已废止的文件不能变更。")
    versions = chain(item)
    pending = versions.filter(status__in=OPEN_STATUSES).first()
    if pending is not None:
        raise ValidationError(
            f"该信息已有一份正在办理的变更稿（第{pending.version_number}版），"
            "请先办结。"
        )
    if not change_note.strip():
        raise ValidationError({"change_note": "请填写变更说明。"})
    if changed_on < item.generated_on:
        raise ValidationError({"changed_on": "变更日期不能早于原信息的生成日期。"})
    now = timezone.now()
    last = versions.order_by("-version_number").first()
    new = Item(
        agency=item.agency,
        created_by=staff_user(acting_user),
        created_at=now,
        updated_at=now,
        original_id=item.chain_id,
        version_number=(last.version_number if last else 1) + 1,
        change_note=change_note.strip(),
        generated_on=changed_on,
        **{
            field: getattr(item, field)
            for field in ITEM_FIELDS
            if field != "generated_on"
        },
    )
    new.full_clean()
    _set_due(new)
    new.save()
    Attachment.objects.bulk_create(
        Attachment(
            item=new,
            file=a.file.name,
            original_name=a.original_name,
            size=a.size,
            uploaded_by_id=a.uploaded_by_id,
            uploaded_at=a.uploaded_at,
        )
        for a in item.attachments.all()
    )
    _event(
        agency=item.agency,
        item=new,
        kind=DisclosureEvent.Kind.CHANGE_STARTED,
        acting_user=acting_user,
        reason=new.change_note,
        data={
            "changes": item.pk,
            "version": new.version_number,
            "changed_on": changed_on.isoformat(),
        },
        now=now,
    )
    return new


@transaction.atomic
def item_withdraw(*, item: Item, reason: str, acting_user: AnyUser) -> Item:
    """Take a published item off the public catalogue (the record stays)."""
    item = _locked(item)
    _require(can_withdraw(acting_user, item), "只有本机关负责人可以撤回已发布的信息。")
    check_transition(item, Item.Status.WITHDRAWN)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回理由。"})
    now = timezone.now()
    item.status = Item.Status.WITHDRAWN
    item.withdrawn_at = now
    item.updated_at = now
    item.save(update_fields=["status", "withdrawn_at", "updated_at"])
    search.unindex_item(item)
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.WITHDRAWN,
        acting_user=acting_user,
        reason=reason.strip(),
        now=now,
    )
    return item


@transaction.atomic
def item_abolish(
    *,
    item: Item,
    abolished_on: dt.date,
    abolishing_document: str,
    acting_user: AnyUser,
) -> Item:
    """Register that a published 规章 or 行政规范性文件 has been abolished (废止).

    It stays in the catalogue marked 已废止 with the date and the abolishing
    document, and counts in the 本年废止件数 of table 二 for that year.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if not item.category.has_validity:
        raise ValidationError("只有规章和行政规范性文件登记废止。")
    if item.status != Item.Status.PUBLISHED:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有已发布的文件可以登记废止。"
        )
    if item.validity == Item.Validity.ABOLISHED:
        raise ValidationError("该文件已登记废止。")
    item.validity = Item.Validity.ABOLISHED
    item.abolished_on = abolished_on
    item.abolishing_document = abolishing_document.strip()
    item.updated_at = timezone.now()
    item.full_clean()
    item.save(
        update_fields=["validity", "abolished_on", "abolishing_document", "updated_at"]
    )
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.ABOLISHED,
        acting_user=acting_user,
        reason=item.abolishing_document,
        data={"abolished_on": abolished_on.isoformat()},
    )
    return item


def items_recompute_publication_due(
    *, years: Iterable[int], regions: Iterable[str] | None = None, **_: object
) -> int:
    """Calendar hook: recompute the stored Art. 26 dates of unpublished items.

    An item made in December is due in January, so the year before each changed
    year is included; items whose date could not be computed are always retried.
    Returns how many items changed.
    """
    years = set(years)
    if not years:
        return 0
    since = dt.date(min(years) - 1, 1, 1)
    changed = 0
    candidates = Item.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(generated_on__gte=since) | Q(publication_due__isnull=True)
    )
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            item = _locked(Item(pk=pk))
            before = (item.publication_due, item.publication_due_problem)
            _set_due(item)
            if (item.publication_due, item.publication_due_problem) == before:
                continue
            item.save(update_fields=["publication_due", "publication_due_problem"])
            _event(
                agency=item.agency,
                item=item,
                kind=DisclosureEvent.Kind.DUE_RECOMPUTED,
                acting_user=None,
                data={
                    "before": _json(before[0]),
                    "after": _json(item.publication_due),
                    "problem": item.publication_due_problem,
                },
            )
            changed += 1
    return changed


def disclosure_demo_seed(*, today: dt.date | None = None) -> dict[str, int]:
    """Load the demo catalogue once (for ``gongkai demo``; idempotent).

    Settings, categories and guides of the demo office and two bureaus, and
    about twenty items of the demo office made through these services: 规章
    and 行政规范性文件 (one abolished), other classes, a few still in 保密审查 or
    审核 and one draft past its Art. 26 date (``gongkai.disclosure.demo``).
    Returns how many items are published and how many are still open.
    """
    from gongkai.disclosure.demo import seed

    return seed(today=today)
