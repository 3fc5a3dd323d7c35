"""Drafting a catalogue item: create, edit, attach files (checked by type and size)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Attachment, Category, DisclosureEvent, Item
from gongkai.disclosure.permissions import can_draft
from gongkai.disclosure.services._common import (
    _event,
    _json,
    _locked,
    _require,
    _set_due,
)
from gongkai.disclosure.services.setup import disclosure_setup


#: The fields of an item its drafter sets.
class ItemFields(TypedDict, total=False):
    """What staff write on a catalogue entry; the workflow keeps the rest."""

    title: str
    summary: str
    generated_on: dt.date
    doc_number: str
    publisher: str
    category: Category
    art20_item: str
    body: str


ITEM_FIELDS = tuple(ItemFields.__annotations__)


@transaction.atomic
def item_create(
    *,
    agency: Agency,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[ItemFields],
) -> Item:
    """Draft a catalogue entry; its Art. 26 due date is computed and stored."""
    _require(can_draft(acting_user, agency), "您没有编辑本机关主动公开信息的权限。")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    disclosure_setup(agency=agency)
    now = now or timezone.now()
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
def item_update(
    *,
    item: Item,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[ItemFields],
) -> Item:
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
    item.updated_at = now = now or timezone.now()
    item.save(update_fields=update)
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.UPDATED,
        acting_user=acting_user,
        now=now,
        data={k: _json(v) for k, v in changed.items() if k != "body"}
        | ({"body": "（已修改）"} if "body" in changed else {}),
    )
    return item


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
    *,
    item: Item,
    upload: UploadedFile[bytes],
    acting_user: AnyUser,
    now: dt.datetime | None = None,
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
    now = now or timezone.now()
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
