"""Reads of the catalogue: staff lists, the public catalogue, the table 二 feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import OPEN_STATUSES, Category, Item

DUE_SOON_DAYS = 7


def chain(item: Item) -> QuerySet[Item]:
    """Every version of ``item`` (the first and its changes), oldest first."""
    root = item.chain_id
    return Item.objects.filter(Q(pk=root) | Q(original_id=root)).order_by(
        "version_number"
    )


def open_items(items: QuerySet[Item]) -> QuerySet[Item]:
    return items.filter(status__in=OPEN_STATUSES).select_related("agency", "category")


@dataclass(frozen=True)
class DueLists:
    overdue: list[Item]
    due_soon: list[Item]
    unknown: list[Item]


def publication_due_lists(
    items: QuerySet[Item], *, today: dt.date, soon_days: int = DUE_SOON_DAYS
) -> DueLists:
    """Unpublished items past their Art. 26 date, due within ``soon_days``
    calendar days, and those whose date cannot be computed (unknown year)."""
    base = open_items(items)
    return DueLists(
        overdue=list(
            base.filter(publication_due__lt=today).order_by("publication_due")
        ),
        due_soon=list(
            base.filter(
                publication_due__gte=today,
                publication_due__lte=today + dt.timedelta(days=soon_days),
            ).order_by("publication_due")
        ),
        unknown=list(
            base.filter(publication_due__isnull=True).order_by("generated_on")
        ),
    )


def public_items(agency: Agency | None = None) -> QuerySet[Item]:
    items = Item.objects.public().select_related("agency", "category")
    if agency is not None:
        items = items.filter(agency=agency)
    return items


@dataclass(frozen=True)
class CatalogueKey:
    """A position in a catalogue list (生成日期 newest first, then id)."""

    generated_on: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.generated_on.isoformat()}_{self.pk}"

    @classmethod
    def of(cls, item: Item) -> CatalogueKey:
        return cls(item.generated_on, item.pk)

    @classmethod
    def parse(cls, text: str) -> CatalogueKey | None:
        """``None`` for anything that is not a key this module wrote."""
        day, _, pk = text.rpartition("_")
        try:
            on = dt.date.fromisoformat(day)
            number = int(pk)
        except ValueError:
            return None
        return cls(on, number) if number >= 1 else None


@dataclass(frozen=True)
class CataloguePage:
    rows: list[Item]
    #: The key of the first row when newer rows exist (a link ``before=``).
    newer: CatalogueKey | None
    #: The key of the last row when older rows exist (a link ``after=``).
    older: CatalogueKey | None


def catalogue_page(
    items: QuerySet[Item],
    *,
    after: CatalogueKey | None = None,
    before: CatalogueKey | None = None,
    size: int = 20,
) -> CataloguePage:
    """One page of a catalogue list, newest 生成日期 first, by keyset: the
    ``size`` rows after ``after`` (or just before ``before``). Each page is one
    range scan of ``disclosure_item_catalogue`` (agency, status, 生成日期, id),
    however deep; an item published meanwhile never shifts a page as OFFSET
    would."""
    if before is not None:
        newer_rows = items.filter(
            Q(generated_on__gte=before.generated_on),
            Q(generated_on__gt=before.generated_on) | Q(pk__gt=before.pk),
        )
        rows = list(newer_rows.order_by("generated_on", "pk")[: size + 1])
        has_newer = len(rows) > size
        rows = rows[:size][::-1]
        has_older = True
    else:
        if after is not None:
            items = items.filter(
                Q(generated_on__lte=after.generated_on),
                Q(generated_on__lt=after.generated_on) | Q(pk__lt=after.pk),
            )
        rows = list(items.order_by("-generated_on", "-pk")[: size + 1])
        has_older = len(rows) > size
        rows = rows[:size]
        has_newer = after is not None
    return CataloguePage(
        rows=rows,
        newer=CatalogueKey.of(rows[0]) if has_newer and rows else None,
        older=CatalogueKey.of(rows[-1]) if has_older and rows else None,
    )


def catalogue_years(agency: Agency) -> list[int]:
    return sorted(
        {
            y
            for y in public_items(agency)
            .annotate(y=ExtractYear("generated_on"))
            .values_list("y", flat=True)
        },
        reverse=True,
    )


def catalogue_agencies() -> QuerySet[Agency]:
    """Agencies with at least one published item, with the count."""
    return (
        Agency.objects.annotate(
            published=Count(
                "disclosure_items",
                filter=Q(disclosure_items__status=Item.Status.PUBLISHED),
            )
        )
        .filter(published__gt=0)
        .order_by("path")
    )


def table2_rules_and_normative_docs(agency: Agency, year: int) -> dict[str, list[int]]:
    """Table 二 rows 规章 and 行政规范性文件 of the 2021 format (report-schema.md).

    For each row the three cells 本年制发件数, 本年废止件数, 现行有效件数:

    - 本年制发: published (or since abolished) items of that kind whose 生成日期
      falls in ``year``;
    - 本年废止: those whose 废止日期 falls in ``year``;
    - 现行有效: those made on or before 12-31 of ``year`` and not abolished by then.

    Withdrawn items do not count (they are no longer part of the catalogue).
    A changed document (变更) counts once, as the document it always was: only
    its current version is published, and its 生成日期 for these counts is the
    first version's (a change is not a new document).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    items = Item.objects.filter(agency=agency, status=Item.Status.PUBLISHED).annotate(
        made_on=Coalesce("original__generated_on", "generated_on")
    )
    result: dict[str, list[int]] = {}
    for key, kind in (
        ("rules", Category.Kind.REGULATION),
        ("normative_docs", Category.Kind.NORMATIVE),
    ):
        counts = items.filter(category__kind=kind).aggregate(
            issued=Count("pk", filter=Q(made_on__range=(start, end))),
            abolished=Count("pk", filter=Q(abolished_on__range=(start, end))),
            in_force=Count(
                "pk",
                filter=Q(made_on__lte=end)
                & (Q(abolished_on__isnull=True) | Q(abolished_on__gt=end)),
            ),
        )
        result[key] = [counts["issued"], counts["abolished"], counts["in_force"]]
    return result
