"""Shared field checks: identity numbers (GB 11643), phone numbers, uploads, dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from gongkai.web.forms import IsoDateInput

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


#: Allowed document types: extension → leading bytes (None = plain text).
ALLOWED_UPLOADS: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".ofd": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".txt": None,
}


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


ID18_RE = re.compile(r"^\d{17}[\dX]$")


CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


ID_CHECK = "10X98765432"


def resident_id_is_valid(number: str) -> bool:
    """GB 11643-1999: 18 characters, birth date, and the ISO 7064 MOD 11-2 check digit."""
    if not ID18_RE.match(number):
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17]


#: GB 32100-2015 统一社会信用代码: the 31 characters it is written in (no I, O, S,
#: V, Z) and the weights of its first 17 positions.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_is_valid(code: str) -> bool:
    """GB 32100-2015: the form of the code and its check character (position 18).

    Each of the first 17 characters counts as its index in ``CREDIT_CODE_CHARS``,
    times its weight; the check character is ``31 − (sum mod 31)``, read through
    the same alphabet (31 itself being 0).
    """
    if not CREDIT_CODE_RE.match(code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character that completes ``first17``."""
    total = sum(
        CREDIT_CODE_CHARS.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_upload(upload: UploadedFile) -> None:
    """Refuse oversized files and anything that is not a document or an image."""
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError("附件不能超过10MB。")
    if not upload.size:
        raise forms.ValidationError("附件是空文件。")
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise forms.ValidationError(
            "只接受 PDF、Word（.doc/.docx）、OFD、JPG、PNG 或 TXT 格式的附件。"
        )
    magic = ALLOWED_UPLOADS[suffix]
    head = upload.read(8)
    upload.seek(0)
    if magic is None:
        sample = upload.read(4096)
        upload.seek(0)
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError:
            try:
                sample.decode("gb18030")
            except UnicodeDecodeError:
                raise forms.ValidationError("TXT 附件不是文本文件。") from None
        if b"\x00" in sample:
            raise forms.ValidationError("TXT 附件不是文本文件。")
        return
    if not any(head.startswith(m) for m in magic):
        raise forms.ValidationError(
            "附件内容与其文件类型不符，请上传真实的文档或图片。"
        )


def _today() -> dt.date:
    return timezone.localdate()


DateInput = IsoDateInput


def date_field(
    label: str, *, required: bool = True, initial_today: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=_today if initial_today else None,
        error_messages={
            "invalid": "请输入有效的日期（年-月-日）。",
            "required": f"请填写{label}。",
        },
    )
