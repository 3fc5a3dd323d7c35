"""行政复议 and 行政诉讼 cases about disclosure work (table 四 of the annual report).

A dispute's kind and result are stored as the keys of ``annual.formats``
(``reconsideration`` / ``litigation_direct`` / ``litigation_after_reconsideration``;
``upheld`` / ``corrected`` / ``other`` / ``pending``), so table 四 is a GROUP BY.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.annual.formats import TABLE4_GROUPS, TABLE4_RESULTS
from gongkai.events import AppendOnlyEvent

# The functional API takes (NAME, (value, label)) pairs; django-stubs only knows the
# plain-string form, hence the two targeted ignores below.
#: The three blocks of table 四, labels from ``annual.formats``.
Kind = models.TextChoices(  # type: ignore[call-overload]
    "Kind",
    [
        (
            g.key.upper(),
            (g.key, f"{g.parent_label}（{g.label}）" if g.parent_label else g.label),
        )
        for g in TABLE4_GROUPS
    ],
)
#: The results of table 四 (结果维持 … 尚未审结), labels from ``annual.formats``.
Result = models.TextChoices(  # type: ignore[call-overload]
    "Result",
    [(key.upper(), (key, label)) for key, label in TABLE4_RESULTS if key != "total"],
)


LITIGATION_KINDS = frozenset(
    {Kind.LITIGATION_DIRECT, Kind.LITIGATION_AFTER_RECONSIDERATION}
)


class Dispute(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="涉及的公开申请",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
    )
    kind = models.CharField("类别", max_length=40, choices=Kind.choices)
    number = models.CharField("案号", max_length=100, blank=True)
    party = models.CharField("申请人或原告", max_length=100, blank=True)
    party_is_person = models.BooleanField(
        "申请人或原告为自然人",
        default=True,
        help_text="自然人的姓名对监督机关和机关管理员脱敏显示；法人或者其他组织的名称照常显示。",
    )
    body = models.CharField("复议机关或人民法院", max_length=100, blank=True)
    filed_on = models.DateField("申请或立案日期")
    result = models.CharField(
        "结果", max_length=20, choices=Result.choices, default=Result.PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    co_defendant_only = models.BooleanField(
        "复议机关仅为共同被告",
        default=False,
        help_text="本机关作为复议机关仅为共同被告的行政诉讼案件，不计入本机关年度报告表四。",
    )
    note = models.TextField("备注", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ("-filed_on", "-pk")
        indexes = (models.Index(fields=["agency", "filed_on"]),)

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"{self.get_kind_display()} {label}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.result == Result.PENDING:
            if self.decided_on is not None:
                errors["decided_on"] = "尚未审结的案件不应填写审结日期。"
        elif self.decided_on is None:
            errors["decided_on"] = "已有结果的案件应填写审结日期。"
        if (
            self.decided_on is not None
            and self.filed_on is not None
            and self.decided_on < self.filed_on
        ):
            errors["decided_on"] = "审结日期不能早于申请或立案日期。"
        if self.co_defendant_only and self.kind not in LITIGATION_KINDS:
            errors["co_defendant_only"] = (
                "只有行政诉讼案件才有“复议机关作为共同被告”的情形。"
            )
        if self.case is not None and self.agency_id is not None:
            if self.case.agency_id != self.agency_id:
                errors["case"] = "涉及的公开申请不属于本机关。"
        if errors:
            raise ValidationError(errors)


class DisputeEvent(AppendOnlyEvent):
    """Append-only audit trail of a dispute: who changed what, when."""

    class EventKind(models.TextChoices):
        CREATED = "created", "登记案件"
        UPDATED = "updated", "修改案件"

    dispute = models.ForeignKey(
        Dispute, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "案件记录"
        verbose_name_plural = "案件记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.dispute} {self.get_kind_display()}"
