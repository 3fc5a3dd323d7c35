"""索引号: per-agency configurable scheme (legal.md §6.2), unique, never reused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongkai.accounts.models import Role
from gongkai.disclosure import index_numbers, services
from gongkai.disclosure.index_numbers import IndexParts
from gongkai.disclosure.models import DisclosureSettings, IndexCounter, Item
from gongkai.testing import build_cast, make_user

PARTS = IndexParts(
    org_code="000000001",
    credit_code="11341702486344515H",
    generated_on=dt.date(2021, 10, 8),
    category_code="GZ",
)


@pytest.mark.parametrize(
    ("pattern", "serial", "expected"),
    [
        ("{机构代码}/{年份}-{流水号:5}", 151, "000000001/2021-00151"),
        ("{统一社会信用代码}/{年月}-{流水号:5}", 13, "11341702486344515H/202110-00013"),
        ("{机构代码}-{类别代码}-{年份}-{流水号:4}", 16, "000000001-GZ-2021-0016"),
        ("{机构代码}/{流水号}", 7, "000000001/7"),
    ],
)
def test_the_observed_shapes_can_be_configured(pattern, serial, expected):
    assert index_numbers.render(pattern, PARTS, serial) == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{机构代码}/{年份}", "须包含且只包含一个{流水号:N}"),
        ("{机构代码}/{流水号:5}-{流水号:5}", "须包含且只包含一个"),
        ("{部门}/{流水号:5}", "无法识别的占位符：部门"),
        ("{机构代码/{流水号:5}", "花括号不成对"),
        ("{年份:4}-{流水号:5}", "只有流水号可以指定位数"),
        ("{流水号:0}", "流水号位数应在1到12之间"),
        ("", "不能为空"),
    ],
)
def test_bad_patterns_are_refused_in_chinese(pattern, message):
    with pytest.raises(ValueError, match=message):
        index_numbers.check_pattern(pattern)


def test_serials_run_per_year_and_restart_the_next_year(cast):
    first = cast.published(generated_on=dt.date(2026, 2, 27))
    second = cast.published(generated_on=dt.date(2026, 3, 1))
    older = cast.published(generated_on=dt.date(2025, 12, 30))
    assert [first.index_number, second.index_number, older.index_number] == [
        "000000001/2026-00001",
        "000000001/2026-00002",
        "000000001/2025-00001",
    ]


def test_a_withdrawn_items_number_is_never_handed_out_again(cast):
    first = cast.published()
    services.item_withdraw(item=first, reason="误发。", acting_user=cast.head)
    second = cast.published()
    assert second.index_number == "000000001/2026-00002"


def test_an_existing_number_is_skipped_after_the_scheme_changes_back(cast):
    cast.published()  # 000000001/2026-00001
    services.settings_update(
        agency=cast.office,
        org_code="000000001",
        credit_code="",
        index_pattern="{机构代码}/{年份}-{流水号:3}",
        acting_user=cast.admin,
    )
    services.settings_update(
        agency=cast.office,
        org_code="000000001",
        credit_code="",
        index_pattern="{机构代码}/{年份}-{流水号:5}",
        acting_user=cast.admin,
    )
    IndexCounter.objects.update(last=0)  # as if the counter had been lost
    assert cast.published().index_number == "000000001/2026-00002"


def test_two_agencies_with_the_same_code_still_get_unique_numbers(cast):
    DisclosureSettings.objects.filter(agency=cast.bureau).update(org_code="000000001")
    head = make_user("bureau-head", cast.bureau, Role.HEAD)
    reviewer = make_user("bureau-reviewer", cast.bureau, Role.HANDLER)
    theirs = services.item_create(
        agency=cast.bureau,
        acting_user=cast.outsider,
        title="住建局信息",
        summary="概述",
        generated_on=dt.date(2026, 2, 27),
        category=cast.category("QT", agency=cast.bureau),
        art20_item="15",
    )
    services.item_submit(item=theirs, acting_user=cast.outsider)
    services.item_review(
        item=theirs, result="pass", basis="无密。", acting_user=reviewer
    )
    services.item_approve(item=theirs, acting_user=head)
    theirs = services.item_publish(item=theirs, acting_user=cast.outsider)
    ours = cast.published()
    assert {theirs.index_number, ours.index_number} == {
        "000000001/2026-00001",
        "000000001/2026-00002",
    }


def test_a_missing_code_stops_publication_with_a_clear_message(cast):
    services.settings_update(
        agency=cast.office,
        org_code="",
        credit_code="",
        index_pattern="{统一社会信用代码}/{年月}-{流水号:5}",
        acting_user=cast.admin,
    )
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item, result="pass", basis="无密。", acting_user=cast.other_handler
    )
    services.item_approve(item=item, acting_user=cast.head)
    with pytest.raises(
        ValidationError, match="请先在主动公开设置中填写统一社会信用代码"
    ):
        services.item_publish(item=item, acting_user=cast.handler)
    item.refresh_from_db()
    assert item.status == Item.Status.APPROVED and item.index_number is None


def test_settings_refuse_a_bad_pattern_and_a_bad_credit_code(cast):
    with pytest.raises(ValidationError) as exc:
        services.settings_update(
            agency=cast.office,
            org_code="000000001",
            credit_code="12345",
            index_pattern="{机构代码}",
            acting_user=cast.admin,
        )
    assert "index_pattern" in exc.value.message_dict
    assert "credit_code" in exc.value.message_dict


def test_many_publications_in_a_row_get_distinct_consecutive_numbers(cast):
    numbers = [cast.published().index_number for _ in range(12)]
    assert numbers == [f"000000001/2026-{n:05d}" for n in range(1, 13)]
    assert IndexCounter.objects.get().last == 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_never_share_a_number(frozen_time):
    """Real concurrency needs a server database: on PostgreSQL the serial is
    taken under a row lock (SELECT … FOR UPDATE) by parallel transactions."""
    if connection.vendor != "postgresql":
        pytest.skip("并发测试需要 PostgreSQL（SQLite 的写操作本身是串行的）")
    cast = build_cast()
    cast.set_up_catalogue()
    items = []
    for _ in range(8):
        item = cast.item()
        services.item_submit(item=item, acting_user=cast.handler)
        services.item_review(
            item=item, result="pass", basis="无密。", acting_user=cast.other_handler
        )
        services.item_approve(item=item, acting_user=cast.head)
        items.append(item)
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def publish(item: Item) -> None:
        try:
            barrier.wait()
            services.item_publish(item=item, acting_user=cast.handler)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Item.objects.values_list("index_number", flat=True))
    assert numbers == [f"000000001/2026-{n:05d}" for n in range(1, 9)]
