"""Letter templates (editable per agency) and the letters sent, stored per case."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile

from gongkai.events import AppendOnlyEvent
from gongkai.letters.kinds import LetterKind


class LetterTemplate(models.Model):
    """An agency's own wording of one kind of letter.

    When an agency has none for a kind, the shipped default
    (``letters/defaults/<kind>.txt``) is used. The statutory elements that a
    body must not drop (rights notice, issuing body, date, seal, clock note) are
    added by the generator, not by this text.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "kind"], name="letter_template_one_per_kind"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()}"


class LetterSequence(models.Model):
    """The last 文号 serial used by an agency in a year (one counter per agency)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year"], name="letter_sequence_one_per_year"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


def _letter_path(instance: Letter, filename: str) -> str:
    return (
        f"letters/{instance.agency_id}/{instance.year}/"
        f"{instance.uid.hex}{filename[filename.rfind('.') :]}"
    )


class Letter(AppendOnlyEvent):
    """A letter as issued: immutable, with its Word and PDF files and their hashes."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="letters",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=80)
    year = models.PositiveSmallIntegerField("年份")
    serial = models.PositiveIntegerField("序号")
    issued_on = models.DateField("成文日期")
    text = models.TextField("全文")
    text_sha256 = models.CharField("全文摘要（SHA-256）", max_length=64)
    docx = models.FileField("Word 文件", upload_to=_letter_path)
    docx_sha256 = models.CharField(max_length=64)
    data = models.JSONField("生成数据", default=dict)
    template_source = models.CharField("模板来源", max_length=100)
    #: the template's title and body as rendered: the worker renders the PDF
    #: from exactly what the Word file was rendered from
    template_title = models.CharField("模板标题", max_length=100, blank=True)
    template_body = models.TextField("模板正文", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("created_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="letter_number_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def download_name(self, ext: str) -> str:
        return f"{self.title}-{self.number}.{ext}"

    @property
    def pdf_file(self) -> FieldFile | None:
        """The letter's PDF once the worker has rendered it, else None."""
        try:
            return self.rendition.file
        except LetterPdf.DoesNotExist:
            return None


def _pdf_path(instance: LetterPdf, filename: str) -> str:
    return _letter_path(instance.letter, filename)


class LetterPdf(AppendOnlyEvent):
    """A letter's PDF, rendered in the worker (``letters.tasks.render_letter_pdf``)
    from the letter's stored data and template; its text is checked equal to the
    letter's."""

    letter = models.OneToOneField(
        Letter,
        verbose_name="文书",
        on_delete=models.PROTECT,
        related_name="rendition",
    )
    file = models.FileField("PDF 文件", upload_to=_pdf_path)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书 PDF"
        verbose_name_plural = "文书 PDF"

    def __str__(self) -> str:
        return f"{self.letter} PDF"
