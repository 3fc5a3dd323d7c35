"""Table 二 (2021 format): 规章 and 行政规范性文件 issued, abolished in the year,
and in force at 12-31, counted from the catalogue."""

from __future__ import annotations

import datetime as dt

from gongkai.disclosure import services
from gongkai.disclosure.selectors import table2_rules_and_normative_docs


def test_issued_abolished_and_in_force_per_year(cast):
    old = cast.published(title="2025年文件", generated_on=dt.date(2025, 6, 1))
    cast.published(
        title="2025年规章",
        generated_on=dt.date(2025, 3, 1),
        category=cast.category("GZ"),
    )
    cast.published(title="2026年文件", generated_on=dt.date(2026, 1, 20))
    cast.published(
        title="财政", generated_on=dt.date(2026, 1, 20), category=cast.category("CZXX")
    )
    cast.item(title="草稿不计", generated_on=dt.date(2026, 1, 20))
    withdrawn = cast.published(title="撤回不计", generated_on=dt.date(2026, 1, 21))
    services.item_withdraw(item=withdrawn, reason="误发。", acting_user=cast.head)
    services.item_abolish(
        item=old,
        abolished_on=dt.date(2026, 2, 1),
        abolishing_document="示政发〔2026〕1号",
        acting_user=cast.handler,
    )
    assert table2_rules_and_normative_docs(cast.office, 2025) == {
        "rules": [1, 0, 1],
        "normative_docs": [1, 0, 1],
    }
    assert table2_rules_and_normative_docs(cast.office, 2026) == {
        "rules": [0, 0, 1],
        "normative_docs": [1, 1, 1],
    }
    assert table2_rules_and_normative_docs(cast.bureau, 2026) == {
        "rules": [0, 0, 0],
        "normative_docs": [0, 0, 0],
    }


def test_an_abolition_after_12_31_leaves_the_document_in_force_that_year(
    cast, frozen_time
):
    item = cast.published(generated_on=dt.date(2025, 6, 1))
    frozen_time.move_to(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))
    services.item_abolish(
        item=item,
        abolished_on=dt.date(2027, 1, 3),
        abolishing_document="示政发〔2027〕1号",
        acting_user=cast.handler,
    )
    assert table2_rules_and_normative_docs(cast.office, 2026)["normative_docs"] == [
        0,
        0,
        1,
    ]
    assert table2_rules_and_normative_docs(cast.office, 2027)["normative_docs"] == [
        0,
        1,
        0,
    ]


def test_the_feed_is_one_query_per_row(cast, django_assert_num_queries):
    cast.published()
    with django_assert_num_queries(2):
        table2_rules_and_normative_docs(cast.office, 2026)
