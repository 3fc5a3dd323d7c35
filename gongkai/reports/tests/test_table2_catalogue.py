"""Table 二 rows 规章 and 行政规范性文件 come from the 政府信息公开目录.

report-schema.md (2021 format): 本年制发件数, 本年废止件数, 现行有效件数. The
compile fills them from ``disclosure.selectors.table2_rules_and_normative_docs``;
a figure the staff change is kept on recompile, the others follow the catalogue.
The 2019 format is left to the staff (its 本年新制作数量 counts documents that are
not in the catalogue).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gongkai.disclosure import services as catalogue
from gongkai.disclosure.models import Category, Item
from gongkai.disclosure.selectors import table2_rules_and_normative_docs
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data
from gongkai.reports.services import (
    catalogue_figures,
    report_compile,
    report_set_table2,
)
from gongkai.reports.tests.helpers import YEAR
from gongkai.testing import PASSWORD

NORMATIVE_ISSUED = "table2.normative_docs.issued"
RULES_ISSUED = "table2.rules.issued"


def publish(cast: Any, code: str, made: dt.date, title: str = "示例文件") -> Item:
    """A document through the catalogue's workflow: drafted, reviewed, approved, published."""
    if not catalogue.disclosure_setup(agency=cast.office).org_code:
        catalogue.settings_update(
            agency=cast.office,
            org_code="000000001",
            credit_code="",
            index_pattern="{机构代码}/{年份}-{流水号:5}",
            acting_user=cast.admin,
        )
    item = catalogue.item_create(
        agency=cast.office,
        acting_user=cast.handler,
        title=title,
        summary="内容概述。",
        generated_on=made,
        category=Category.objects.get(agency=cast.office, code=code),
        art20_item="1",
    )
    catalogue.item_submit(item=item, acting_user=cast.handler)
    catalogue.item_review(
        item=item,
        result="pass",
        basis="不涉及国家秘密。",
        acting_user=cast.other_handler,
    )
    catalogue.item_approve(item=item, acting_user=cast.head)
    return catalogue.item_publish(item=item, acting_user=cast.handler)


def some_documents(cast: Any) -> None:
    """This year: one 规章, two 规范性文件; a 规范性文件 of last year abolished this year."""
    publish(cast, "GZ", dt.date(2026, 1, 5), "示例市城乡低保办法")
    publish(cast, "GFXWJ", dt.date(2026, 1, 12))
    publish(cast, "GFXWJ", dt.date(2026, 2, 2))
    old = publish(cast, "GFXWJ", dt.date(2025, 6, 1))
    catalogue.item_abolish(
        item=old,
        abolished_on=dt.date(2026, 2, 20),
        abolishing_document="示政规〔2026〕1号",
        acting_user=cast.handler,
    )


def compile_(cast: Any, year: int = YEAR) -> AnnualReport:
    return report_compile(agency=cast.office, year=year, acting_user=cast.handler)


def test_compiling_fills_the_rules_and_normative_rows_from_the_catalogue(cast):
    some_documents(cast)
    obj = compile_(cast)
    report = report_data(obj)
    counts = table2_rules_and_normative_docs(cast.office, YEAR)
    assert counts == {"rules": [1, 0, 1], "normative_docs": [2, 1, 2]}
    assert report.table2["rules"] == [1, 0, 1]
    assert report.table2["normative_docs"] == [2, 1, 2]
    assert obj.table2_catalogue[NORMATIVE_ISSUED] == {
        "catalogue": 2,
        "overridden": False,
    }
    # The other rows stay for the staff.
    assert report.get("table2.licensing.decisions") is None
    assert obj.events.get().data["catalogue"][RULES_ISSUED] == 1


def test_a_staff_override_is_kept_on_recompile_and_the_rest_refreshes(cast):
    some_documents(cast)
    obj = compile_(cast)
    report_set_table2(
        obj=obj, values={NORMATIVE_ISSUED: 5, RULES_ISSUED: 1}, acting_user=cast.handler
    )
    publish(cast, "GZ", dt.date(2026, 2, 25))
    publish(cast, "GFXWJ", dt.date(2026, 2, 26))

    obj = compile_(cast)
    report = report_data(obj)
    assert report.get(RULES_ISSUED) == 2  # followed the catalogue
    assert report.get(NORMATIVE_ISSUED) == 5  # the staff's figure
    assert obj.table2_catalogue[NORMATIVE_ISSUED] == {
        "catalogue": 3,
        "overridden": True,
    }
    assert obj.table2_catalogue[RULES_ISSUED]["overridden"] is False
    assert obj.events.last().data["overrides_kept"] == [NORMATIVE_ISSUED]


def test_entering_the_catalogue_figure_again_ends_the_override(cast):
    some_documents(cast)
    obj = compile_(cast)
    obj = report_set_table2(
        obj=obj, values={NORMATIVE_ISSUED: 9}, acting_user=cast.handler
    )
    obj = report_set_table2(
        obj=obj, values={NORMATIVE_ISSUED: 2}, acting_user=cast.handler
    )
    assert obj.table2_catalogue[NORMATIVE_ISSUED]["overridden"] is False
    publish(cast, "GFXWJ", dt.date(2026, 2, 26))
    assert report_data(compile_(cast)).get(NORMATIVE_ISSUED) == 3


def test_figures_entered_before_the_catalogue_was_wired_in_are_kept(cast):
    obj = compile_(cast)
    AnnualReport.objects.filter(pk=obj.pk).update(table2_catalogue={})
    obj.refresh_from_db()
    report_set_table2(obj=obj, values={RULES_ISSUED: 4}, acting_user=cast.handler)
    AnnualReport.objects.filter(pk=obj.pk).update(table2_catalogue={})
    obj = compile_(cast)
    assert report_data(obj).get(RULES_ISSUED) == 4
    assert obj.table2_catalogue[RULES_ISSUED] == {"catalogue": 0, "overridden": True}


def test_the_2019_format_is_left_to_the_staff(cast):
    publish(cast, "GZ", dt.date(2020, 3, 2))
    obj = compile_(cast, 2020)
    assert obj.format == "2019"
    assert report_data(obj).table2["rules"] == [None, None, None]
    assert obj.table2_catalogue == {}
    assert catalogue_figures(cast.office, 2020, "2019") == {}


def test_the_report_page_marks_the_figures_from_the_catalogue(client, cast):
    some_documents(cast)
    obj = compile_(cast)
    report_set_table2(obj=obj, values={NORMATIVE_ISSUED: 5}, acting_user=cast.handler)
    assert client.login(username=cast.handler.username, password=PASSWORD)
    page = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert "表二中来自政府信息公开目录的数字" in page
    assert page.count('data-catalogue="catalogue"') == 5
    assert page.count('data-catalogue="overridden"') == 1
    assert "已人工修改（目录统计为 2）" in page
    assert "表二行政规范性文件·本年制发件数" in page


def test_a_recompile_from_the_page_refreshes_the_catalogue_figures(client, cast):
    obj = compile_(cast)
    publish(cast, "GZ", dt.date(2026, 2, 25))
    assert client.login(username=cast.handler.username, password=PASSWORD)
    response = client.post(reverse("reports:recompile", args=[obj.pk]), follow=True)
    assert "表二中来自政府信息公开目录的数字已更新" in response.content.decode()
    assert report_data(AnnualReport.objects.get()).get(RULES_ISSUED) == 1
