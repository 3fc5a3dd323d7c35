"""The ``gongkai-annual-report/1`` JSON exchange format: load, dump, schema.

Loading validates strictly and says in Chinese what is wrong, naming the key:
an unknown key, a row of the other format, a cell of the wrong type, a count
that is negative or not whole. The JSON Schema is generated from ``formats``,
so it can never disagree with the renderers or the parser.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gongkai.annual.errors import ReportDataError, ReportReadError
from gongkai.annual.formats import (
    FORMATS,
    NARRATIVE_KEYS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    CellKind,
    Column,
    ReportFormat,
    format_for_year,
    get_format,
)
from gongkai.annual.model import Cell, Report

SCHEMA_ID = "gongkai-annual-report/1"
TOP_LEVEL_KEYS = (
    "schema",
    "agency",
    "year",
    "format",
    "sections",
    "table2",
    "table3",
    "table4",
)
MAX_JSON_BYTES = 5 * 1024 * 1024


# -- loading -------------------------------------------------------------------


def _cell(value: Any, column: Column, where: str) -> Cell:
    """Validate one JSON cell against its column's kind."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        # Data that went through a plain json.loads (a database JSONField, say)
        # holds floats; their shortest repr is the decimal that was written.
        if value != value or value in (float("inf"), float("-inf")):
            raise ReportDataError(f"{where}：不是有效的数字（{value}）")
        value = Decimal(repr(value))
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        shown = json.dumps(value, ensure_ascii=False, default=str)
        raise ReportDataError(
            f"{where}：单元格只能是数字、null（空白）或文字，不能是 {shown}"
        )
    if column.kind is CellKind.MONEY:
        amount = Decimal(value)
        if amount < 0:
            raise ReportDataError(f"{where}：金额不能为负数（{value}）")
        return amount if isinstance(value, Decimal) else value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ReportDataError(f"{where}：件数必须是整数（{value}）")
        value = int(value)
    if column.kind is CellKind.COUNT and value < 0:
        raise ReportDataError(f"{where}：件数不能为负数（{value}）")
    return int(value)


def _row(values: Any, columns: tuple[Column, ...], where: str) -> list[Cell]:
    if not isinstance(values, list):
        raise ReportDataError(f"{where}：应为包含 {len(columns)} 个单元格的数组")
    if len(values) != len(columns):
        raise ReportDataError(
            f"{where}：应有 {len(columns)} 个单元格，实际为 {len(values)} 个"
        )
    return [
        _cell(v, c, f"{where}[{i}]（{c.label}）")
        for i, (v, c) in enumerate(zip(values, columns, strict=True))
    ]


def _other_format_hint(fmt: ReportFormat, table: str, key: str) -> str:
    for other in FORMATS.values():
        if other is fmt:
            continue
        known = other.table3_keys if table == "table3" else tuple(other.table2_rows)
        if key in known:
            return f"（“{key}”只属于 {other.id} 格式）"
    return ""


def report_from_dict(data: Any) -> Report:
    """Build a ``Report`` from parsed JSON, validating every key and cell."""
    if not isinstance(data, dict):
        raise ReportDataError("报告 JSON 的顶层必须是对象（{…}）")
    unknown = [k for k in data if k not in TOP_LEVEL_KEYS]
    if unknown:
        raise ReportDataError(
            f"未知的字段：{'、'.join(unknown)}；"
            f"允许的字段为 {'、'.join(TOP_LEVEL_KEYS)}"
        )
    if data.get("schema") != SCHEMA_ID:
        raise ReportDataError(f"字段 schema 必须为“{SCHEMA_ID}”")
    agency = data.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise ReportDataError("字段 agency（机关名称）必须是非空文字")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 3000:
        raise ReportDataError("字段 year（报告年度）必须是四位整数年份")
    if "format" in data:
        if not isinstance(data["format"], str):
            raise ReportDataError("字段 format 必须是“2019”或“2021”")
        fmt = get_format(data["format"])
    else:
        fmt = format_for_year(year)

    sections_in = data.get("sections", {})
    if not isinstance(sections_in, dict):
        raise ReportDataError("字段 sections 必须是对象")
    sections: dict[str, str] = {}
    for key, text in sections_in.items():
        if key not in NARRATIVE_KEYS:
            raise ReportDataError(
                f"sections 中未知的部分“{key}”；允许 {'、'.join(NARRATIVE_KEYS)}"
            )
        if not isinstance(text, str):
            raise ReportDataError(f"sections.{key} 必须是文字")
        sections[key] = text

    table2_in = data.get("table2", {})
    if not isinstance(table2_in, dict):
        raise ReportDataError("字段 table2 必须是对象")
    table2: dict[str, list[Cell]] = {}
    for key, values in table2_in.items():
        if key not in fmt.table2_rows:
            raise ReportDataError(
                f"{fmt.id} 格式的表二没有“{key}”这一行"
                + _other_format_hint(fmt, "table2", key)
            )
        block, t2row = fmt.table2_rows[key]
        table2[key] = _row(values, block.columns, f"table2.{key}（{t2row.label}）")

    table3_in = data.get("table3")
    if not isinstance(table3_in, dict):
        raise ReportDataError("缺少字段 table3，或它不是对象")
    for key in table3_in:
        if key not in fmt.table3_by_key:
            raise ReportDataError(
                f"{fmt.id} 格式的表三没有“{key}”这一行"
                + _other_format_hint(fmt, "table3", key)
            )
    missing = [k for k in fmt.table3_keys if k not in table3_in]
    if missing:
        raise ReportDataError(f"表三缺少以下行：{'、'.join(missing)}")
    table3 = {
        key: _row(
            table3_in[key],
            TABLE3_COLUMNS,
            f"table3.{key}（{fmt.table3_by_key[key].label}）",
        )
        for key in fmt.table3_keys
    }
    if "table4" not in data:
        raise ReportDataError("缺少字段 table4")
    table4 = _row(data["table4"], TABLE4_COLUMNS, "table4（表四）")
    return Report(
        agency=agency.strip(),
        year=year,
        format=fmt,
        sections=sections,
        table2=table2,
        table3=table3,
        table4=table4,
    )


def loads(text: str | bytes) -> Report:
    """Parse ``gongkai-annual-report/1`` JSON text into a validated ``Report``."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReportDataError(
            f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        ) from None
    except (UnicodeDecodeError, InvalidOperation):
        raise ReportDataError("不是有效的 UTF-8 JSON 文本") from None
    return report_from_dict(data)


def load_path(path: str | Path) -> Report:
    """Read a report JSON file.

    Every failure is a ``ReportReadError`` or a ``ReportDataError``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise ReportReadError(
                f"文件 {path} 过大（{size} 字节），"
                f"报告 JSON 不应超过 {MAX_JSON_BYTES} 字节"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReportReadError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ReportReadError(f"{path} 是目录，不是文件") from None
    except OSError as exc:
        raise ReportReadError(f"无法读取文件 {path}：{exc.strerror}") from None
    return loads(raw)


# -- dumping -------------------------------------------------------------------


def _json_cell(cell: Cell) -> Any:
    if isinstance(cell, Decimal):
        return (
            int(cell)
            if cell == cell.to_integral_value() and "." not in str(cell)
            else float(cell)
        )
    return cell


def report_to_dict(report: Report) -> dict[str, Any]:
    fmt = report.format
    return {
        "schema": SCHEMA_ID,
        "agency": report.agency,
        "year": report.year,
        "format": fmt.id,
        "sections": {
            k: report.sections[k] for k in NARRATIVE_KEYS if k in report.sections
        },
        "table2": {
            key: [_json_cell(c) for c in report.table2[key]]
            for key in fmt.table2_rows
            if key in report.table2
        },
        "table3": {
            key: [_json_cell(c) for c in report.table3[key]] for key in fmt.table3_keys
        },
        "table4": [_json_cell(c) for c in report.table4],
    }


def dumps(report: Report, *, indent: int | None = 1) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


# -- JSON Schema ---------------------------------------------------------------

_BLANK = {"type": "null", "description": "空白单元格"}
_LITERAL = {"type": "string", "description": "其他文字，如“/”“—”“无”"}


def _cell_schema(column: Column) -> dict[str, Any]:
    number: dict[str, Any]
    if column.kind is CellKind.MONEY:
        number = {"type": "number", "minimum": 0}
    elif column.kind is CellKind.DELTA:
        number = {"type": "integer"}
    else:
        number = {"type": "integer", "minimum": 0}
    return {"description": column.label, "oneOf": [number, _BLANK, _LITERAL]}


def _row_schema(columns: tuple[Column, ...], label: str) -> dict[str, Any]:
    return {
        "description": label,
        "type": "array",
        "prefixItems": [_cell_schema(c) for c in columns],
        "minItems": len(columns),
        "maxItems": len(columns),
    }


def _format_schema(fmt: ReportFormat) -> dict[str, Any]:
    return {
        "description": f"{fmt.name}（{fmt.document}）",
        "properties": {
            "format": {"const": fmt.id},
            "table2": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    key: _row_schema(block.columns, row.label)
                    for key, (block, row) in fmt.table2_rows.items()
                },
            },
            "table3": {
                "type": "object",
                "additionalProperties": False,
                "required": list(fmt.table3_keys),
                "properties": {
                    row.key: _row_schema(TABLE3_COLUMNS, fmt.row_path(row.key))
                    for row in fmt.table3_rows
                },
            },
        },
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``gongkai-annual-report/1``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gongkai.org/schema/gongkai-annual-report-1.json",
        "title": "政府信息公开工作年度报告数据（gongkai-annual-report/1）",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "agency", "year", "format", "table3", "table4"],
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "agency": {"type": "string", "minLength": 1, "description": "机关名称"},
            "year": {"type": "integer", "minimum": 2019, "description": "报告年度"},
            "format": {"enum": list(FORMATS)},
            "sections": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "overview": {"type": "string", "description": "一、总体情况"},
                    "problems": {
                        "type": "string",
                        "description": "五、存在的主要问题及改进情况",
                    },
                    "other": {
                        "type": "string",
                        "description": "六、其他需要报告的事项",
                    },
                },
            },
            "table2": {"type": "object"},
            "table3": {"type": "object"},
            "table4": _row_schema(TABLE4_COLUMNS, "表四：行政复议、行政诉讼"),
        },
        "oneOf": [_format_schema(fmt) for fmt in FORMATS.values()],
    }
