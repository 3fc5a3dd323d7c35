"""gongkai-annual-report/1: round trips in both formats, and every kind of bad input.

Bad input raises ``ReportDataError`` (``ReportReadError`` for a file that cannot
be read) with one Chinese message that names what is wrong.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gongkai.annual import jsonio
from gongkai.annual.errors import AnnualError, ReportDataError, ReportReadError
from gongkai.annual.model import Report
from gongkai.annual.tests.builders import FORMAT_IDS, consistent_report

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def as_dict(format_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(jsonio.dumps(consistent_report(format_id)))
    return data


def load_error(data: Any) -> str:
    text = (
        data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False)
    )
    with pytest.raises(ReportDataError) as caught:
        jsonio.loads(text)
    message = str(caught.value)
    assert CHINESE.search(message), message
    assert "\n" not in message
    return message


# -- round trips -------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_round_trip(format_id: str) -> None:
    report = consistent_report(format_id)
    assert jsonio.loads(jsonio.dumps(report)) == report


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_round_trip_keeps_blank_zero_and_literal_apart(format_id: str) -> None:
    report = consistent_report(format_id)
    report.set("table3.granted.research", None)
    report.set("table3.granted.social_welfare", 0)
    report.set("table3.granted.legal_services", "/")
    report.set("table3.granted.other_org", "无")
    again = jsonio.loads(jsonio.dumps(report))
    assert again.table3["granted"][2:6] == [None, 0, "/", "无"]
    assert again == report


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_an_all_blank_report_round_trips(format_id: str) -> None:
    report = Report.blank(agency="某局", year=2020 if format_id == "2019" else 2022)
    assert jsonio.loads(jsonio.dumps(report)) == report


def test_amounts_stay_exact_decimals() -> None:
    data = as_dict("2021")
    data["table2"]["fees_10k_yuan"] = [24252.311082]
    report = jsonio.loads(json.dumps(data))
    assert report.get("table2.fees_10k_yuan.amount") == Decimal("24252.311082")
    assert jsonio.loads(jsonio.dumps(report)) == report


def test_the_format_follows_the_year_when_absent() -> None:
    data = as_dict("2019")
    del data["format"]
    assert jsonio.loads(json.dumps(data)).format.id == "2019"


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_a_dumped_report_is_valid_under_the_json_schema(format_id: str) -> None:
    jsonschema.validate(as_dict(format_id), jsonio.json_schema())


# -- bad input ---------------------------------------------------------------------


def test_malformed_json() -> None:
    message = load_error('{"schema": "gongkai-annual-report/1",')
    assert "不是有效的 JSON" in message


def test_text_that_is_not_utf8() -> None:
    load_error(b"\xff\xfe\x00{")


def test_a_top_level_array() -> None:
    assert "顶层必须是对象" in load_error([1, 2])


def test_a_wrong_schema_id() -> None:
    data = as_dict("2021")
    data["schema"] = "gongkai-annual-report/2"
    assert "schema" in load_error(data)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("year",), "2021", "year"),
        (("agency",), 42, "agency"),
        (("table3", "granted"), {"total": 1}, "table3.granted"),
        (("table3", "granted", 0), True, "[0]（自然人）"),
        (("table3", "granted", 0), [1], "不能是 [1]"),
        (("table4",), "0", "table4"),
        (("sections", "overview"), ["一"], "sections.overview"),
        (("format",), 2021, "format"),
    ],
)
def test_a_wrong_type(path: tuple[Any, ...], value: Any, expected: str) -> None:
    data = as_dict("2021")
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert expected in load_error(data)


def test_a_row_of_the_wrong_length() -> None:
    data = as_dict("2021")
    data["table3"]["granted"] = [1, 0, 0, 0, 0, 0]
    assert "应有 7 个单元格，实际为 6 个" in load_error(data)


@pytest.mark.parametrize(
    ("where", "key"),
    [((), "remarks"), (("table3",), "granted_extra"), (("sections",), "summary")],
)
def test_an_unknown_key(where: tuple[str, ...], key: str) -> None:
    data = as_dict("2021")
    target = data
    for step in where:
        target = target[step]
    target[key] = 0 if where == ("table3",) else "x"
    assert key in load_error(data)


def test_a_negative_count() -> None:
    data = as_dict("2021")
    data["table3"]["granted"][0] = -1
    message = load_error(data)
    assert "件数不能为负数" in message
    assert "table3.granted（（一）予以公开）[0]（自然人）" in message


def test_a_fractional_count() -> None:
    data = as_dict("2019")
    data["table4"][0] = 1.5
    assert "件数必须是整数" in load_error(data)


def test_a_negative_amount() -> None:
    data = as_dict("2021")
    data["table2"]["fees_10k_yuan"] = [-0.5]
    assert "金额不能为负数" in load_error(data)


def test_a_2021_only_row_in_a_2019_report() -> None:
    data = as_dict("2019")
    data["table3"]["other_overdue_correction"] = [0] * 7
    message = load_error(data)
    assert "2019 格式的表三没有“other_overdue_correction”这一行" in message
    assert "只属于 2021 格式" in message


@pytest.mark.parametrize(
    ("table", "key"), [("table3", "other"), ("table2", "procurement")]
)
def test_a_2019_only_row_in_a_2021_report(table: str, key: str) -> None:
    data = as_dict("2021")
    data[table][key] = [0] * (7 if table == "table3" else 2)
    assert "只属于 2019 格式" in load_error(data)


def test_a_missing_table3_row() -> None:
    data = as_dict("2021")
    del data["table3"]["other_unpaid_fee"]
    assert "表三缺少以下行：other_unpaid_fee" in load_error(data)


def test_an_unknown_format() -> None:
    data = as_dict("2021")
    data["format"] = "2024"
    assert "未知的报告格式" in load_error(data)


def test_the_json_schema_rejects_what_the_loader_rejects() -> None:
    schema = jsonio.json_schema()
    bad: list[dict[str, Any]] = []
    mutations: list[Callable[[dict[str, Any]], object]] = [
        lambda d: d.update(remarks="x"),
        lambda d: d["table3"]["granted"].__setitem__(0, -1),
        lambda d: d["table3"].update(other_overdue_correction=[0] * 7),
    ]
    for mutate in mutations:
        data = copy.deepcopy(as_dict("2019"))
        mutate(data)
        bad.append(data)
    for data in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)
        with pytest.raises(ReportDataError):
            jsonio.report_from_dict(data)


# -- files -------------------------------------------------------------------------


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(ReportReadError, match="找不到文件"):
        jsonio.load_path(tmp_path / "missing.json")


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ReportReadError, match="是目录"):
        jsonio.load_path(tmp_path)


def test_a_file_round_trip(tmp_path: Path) -> None:
    report = consistent_report("2019")
    path = tmp_path / "report.json"
    path.write_text(jsonio.dumps(report), "utf-8")
    assert jsonio.load_path(path) == report


def test_every_loader_error_is_an_annual_error() -> None:
    assert issubclass(ReportDataError, AnnualError)
    assert issubclass(ReportReadError, AnnualError)


def test_it_accepts_floats_from_a_plain_json_parse_as_exact_decimals() -> None:
    """A database JSONField hands back floats; 24252.311082 must stay exact."""
    import json
    from decimal import Decimal

    from gongkai.annual import jsonio as _jsonio

    report = _jsonio.loads(
        (
            Path(__file__).resolve().parents[2] / "reports/samples/corpus-006-2021.json"
        ).read_text(encoding="utf-8")
    )
    again = _jsonio.report_from_dict(json.loads(_jsonio.dumps(report)))
    assert again.table2["fees_10k_yuan"] == [Decimal("24252.311082")]
    assert again == report
