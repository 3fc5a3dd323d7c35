"""The two national annual-report formats, as data.

This module is the one source of truth for the annual report's shape: every
table, block, row and column with its byte-exact official label and its stable
key (``docs/report-schema.md``). The renderers, the parser, the rules, the JSON
Schema and the case statistics all read it; no label is typed anywhere else.

- ``FORMAT_2019``: 《中华人民共和国政府信息公开工作年度报告格式（试行）》,
  国办公开办函〔2019〕60号, used for report years 2019 and 2020.
- ``FORMAT_2021``: 《中华人民共和国政府信息公开工作年度报告格式》,
  国办公开办函〔2021〕30号, used for report years 2021 onward.

The format is chosen by report year (or, for a parsed report, by the tables'
own labels), never by the document number a report cites.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property

from gongkai.annual.errors import ReportDataError


class CellKind(enum.StrEnum):
    """What a numeric cell may hold."""

    COUNT = "count"  # a non-negative integer (件, 项)
    DELTA = "delta"  # a signed integer (2019 table 二 本年增/减)
    MONEY = "money"  # a non-negative decimal (万元, 采购总金额)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    unit: str = "件"


@dataclass(frozen=True)
class Table2Row:
    key: str
    label: str


@dataclass(frozen=True)
class Table2Block:
    """One Art. 20 item of table 二: a heading, its columns and its rows."""

    heading: str  # e.g. 第二十条第（一）项
    columns: tuple[Column, ...]
    rows: tuple[Table2Row, ...]


_ROW_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)"
)


@dataclass(frozen=True)
class Table3Row:
    """A row of table 三.

    ``label`` is the row label in the official table; ``number`` is its own
    official prefix as printed ("一、", "（一）", "1."), ``text`` the rest.
    ``group`` is the key of the heading it sits under, if any. ``short_name``
    is a compact name for messages and workbook headers where the official
    text is long (本年新收, 部分公开); ``short`` falls back to ``text``.
    """

    key: str
    label: str
    group: str | None = None
    leaf: bool = False  # a final outcome: a closed application ends in exactly one
    short_name: str = ""

    @property
    def number(self) -> str:
        match = _ROW_NUMBER.match(self.label)
        return match.group(0) if match else ""

    @property
    def text(self) -> str:
        return self.label[len(self.number) :]

    @property
    def short(self) -> str:
        return self.short_name or self.text


@dataclass(frozen=True)
class Table3Group:
    """A heading row of table 三 that carries no figures of its own."""

    key: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class Section:
    key: str  # narrative key in JSON, or the table key for table parts
    heading: str


@dataclass(frozen=True)
class ReportFormat:
    id: str  # "2019" | "2021"
    name: str
    document: str  # the notice that issued it
    years: tuple[int, int | None]  # first and last report year it applies to
    sections: tuple[Section, ...]
    table2: tuple[Table2Block, ...]
    table3_groups: tuple[Table3Group, ...]
    table3_rows: tuple[Table3Row, ...]
    table3_note: str = field(default="")
    sixth_part_hint: str = field(default="")

    # -- lookups -----------------------------------------------------------

    @cached_property
    def table2_rows(self) -> dict[str, tuple[Table2Block, Table2Row]]:
        return {row.key: (block, row) for block in self.table2 for row in block.rows}

    def table2_columns(self, row_key: str) -> tuple[Column, ...]:
        try:
            return self.table2_rows[row_key][0].columns
        except KeyError:
            raise ReportDataError(
                f"{self.id} 格式的表二没有“{row_key}”这一行"
            ) from None

    @cached_property
    def table3_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.table3_rows)

    @cached_property
    def table3_by_key(self) -> dict[str, Table3Row]:
        return {row.key: row for row in self.table3_rows}

    @cached_property
    def leaf_outcomes(self) -> tuple[str, ...]:
        """The keys of the final-outcome rows, （一）予以公开 to the last （六）."""
        return tuple(row.key for row in self.table3_rows if row.leaf)

    @cached_property
    def table3_groups_by_key(self) -> dict[str, Table3Group]:
        return {group.key: group for group in self.table3_groups}

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def row_path(self, row_key: str) -> str:
        """The row's label with its group headings.

        E.g. 三、本年度办理结果（三）不予公开1.属于国家秘密.
        """
        row = self.table3_by_key[row_key]
        parts = [row.label]
        group_key = row.group
        while group_key is not None:
            group = self.table3_groups_by_key[group_key]
            parts.insert(0, group.label)
            group_key = group.parent
        return "".join(parts)

    def outcome_label(self, row_key: str) -> str:
        """A leaf row as a choice: its group's number, its own number, its short name.

        E.g. （一）予以公开, （二）部分公开, （三）1.属于国家秘密.
        """
        row = self.table3_by_key[row_key]
        prefix = ""
        if row.group is not None and row.group != "results":
            group_label = self.table3_groups_by_key[row.group].label
            prefix = _ROW_NUMBER.match(group_label).group(0)  # type: ignore[union-attr]
        return f"{prefix}{row.number}{row.short}"

    def short_label(self, row_key: str) -> str:
        """A compact Chinese name for messages: the row with its nearest group."""
        row = self.table3_by_key[row_key]
        if row.group is not None and row.group != "results":
            group = self.table3_groups_by_key[row.group]
            return f"{group.label}{row.label}"
        return row.label


# -- shared pieces -------------------------------------------------------------

SECTION_HEADINGS: tuple[Section, ...] = (
    Section("overview", "一、总体情况"),
    Section("table2", "二、主动公开政府信息情况"),
    Section("table3", "三、收到和处理政府信息公开申请情况"),
    Section("table4", "四、政府信息公开行政复议、行政诉讼情况"),
    Section("problems", "五、存在的主要问题及改进情况"),
    Section("other", "六、其他需要报告的事项"),
)
NARRATIVE_KEYS: tuple[str, ...] = ("overview", "problems", "other")

#: The columns of table 三, in order: applicant types then 总计.
APPLICANT_GROUP_LABEL = "申请人情况"
ORGANISATION_GROUP_LABEL = "法人或其他组织"
TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
#: The six applicant types (every column but 总计); an application has exactly one.
APPLICANT_TYPES: tuple[Column, ...] = TABLE3_COLUMNS[:6]
ORGANISATION_TYPES: tuple[Column, ...] = TABLE3_COLUMNS[1:6]
TABLE3_COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in TABLE3_COLUMNS)

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Table4Group:
    key: str
    label: str
    parent_label: str | None  # 行政诉讼 above its two sub-blocks


TABLE4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
TABLE4_GROUPS: tuple[Table4Group, ...] = (
    Table4Group("reconsideration", "行政复议", None),
    Table4Group("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    Table4Group("litigation_after_reconsideration", "复议后起诉", "行政诉讼"),
)
TABLE4_COLUMNS: tuple[Column, ...] = tuple(
    Column(f"{group.key}_{result}", label)
    for group in TABLE4_GROUPS
    for result, label in TABLE4_RESULTS
)
TABLE4_KEYS: tuple[str, ...] = tuple(c.key for c in TABLE4_COLUMNS)
TABLE4_LITIGATION_LABEL = "行政诉讼"


def _table3(other_rows: tuple[Table3Row, ...]) -> tuple[Table3Row, ...]:
    """Table 三's rows; only the （六）其他处理 part differs between the formats."""
    return (
        Table3Row(
            "new_received", "一、本年新收政府信息公开申请数量", short_name="本年新收"
        ),
        Table3Row(
            "carried_over", "二、上年结转政府信息公开申请数量", short_name="上年结转"
        ),
        Table3Row("granted", "（一）予以公开", "results", leaf=True),
        Table3Row(
            "partially_granted",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "results",
            leaf=True,
            short_name="部分公开",
        ),
        Table3Row("withheld_state_secret", "1.属于国家秘密", "withheld", leaf=True),
        Table3Row(
            "withheld_law_forbidden",
            "2.其他法律行政法规禁止公开",
            "withheld",
            leaf=True,
        ),
        Table3Row(
            "withheld_three_safety_one_stability",
            "3.危及“三安全一稳定”",
            "withheld",
            leaf=True,
        ),
        Table3Row(
            "withheld_third_party", "4.保护第三方合法权益", "withheld", leaf=True
        ),
        Table3Row(
            "withheld_internal_affairs", "5.属于三类内部事务信息", "withheld", leaf=True
        ),
        Table3Row(
            "withheld_process_info", "6.属于四类过程性信息", "withheld", leaf=True
        ),
        Table3Row(
            "withheld_enforcement_file", "7.属于行政执法案卷", "withheld", leaf=True
        ),
        Table3Row(
            "withheld_inquiry_matter", "8.属于行政查询事项", "withheld", leaf=True
        ),
        Table3Row("unable_not_held", "1.本机关不掌握相关政府信息", "unable", leaf=True),
        Table3Row(
            "unable_needs_creation", "2.没有现成信息需要另行制作", "unable", leaf=True
        ),
        Table3Row(
            "unable_unclear_after_correction",
            "3.补正后申请内容仍不明确",
            "unable",
            leaf=True,
        ),
        Table3Row(
            "not_processed_petition", "1.信访举报投诉类申请", "not_processed", leaf=True
        ),
        Table3Row("not_processed_repeat", "2.重复申请", "not_processed", leaf=True),
        Table3Row(
            "not_processed_publication",
            "3.要求提供公开出版物",
            "not_processed",
            leaf=True,
        ),
        Table3Row(
            "not_processed_massive",
            "4.无正当理由大量反复申请",
            "not_processed",
            leaf=True,
        ),
        Table3Row(
            "not_processed_confirm",
            "5.要求行政机关确认或重新出具已获取信息",
            "not_processed",
            leaf=True,
        ),
        *other_rows,
        Table3Row("total", "（七）总计", "results", short_name="办理结果总计"),
        Table3Row("carried_forward", "四、结转下年度继续办理", short_name="结转下年度"),
    )


_TABLE3_GROUPS_COMMON: tuple[Table3Group, ...] = (
    Table3Group("results", "三、本年度办理结果"),
    Table3Group("withheld", "（三）不予公开", "results"),
    Table3Group("unable", "（四）无法提供", "results"),
    Table3Group("not_processed", "（五）不予处理", "results"),
)

FORMAT_2021 = ReportFormat(
    id="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    years=(2021, None),
    sections=SECTION_HEADINGS,
    table2=(
        Table2Block(
            "第二十条第（一）项",
            (
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
            (Table2Row("rules", "规章"), Table2Row("normative_docs", "行政规范性文件")),
        ),
        Table2Block(
            "第二十条第（五）项",
            (Column("decisions", "本年处理决定数量"),),
            (Table2Row("licensing", "行政许可"),),
        ),
        Table2Block(
            "第二十条第（六）项",
            (Column("decisions", "本年处理决定数量"),),
            (Table2Row("punishment", "行政处罚"), Table2Row("coercion", "行政强制")),
        ),
        Table2Block(
            "第二十条第（八）项",
            (Column("amount", "本年收费金额（单位：万元）", CellKind.MONEY, "万元"),),
            (Table2Row("fees_10k_yuan", "行政事业性收费"),),
        ),
    ),
    table3_groups=(
        *_TABLE3_GROUPS_COMMON,
        Table3Group("other_handling", "（六）其他处理", "results"),
    ),
    table3_rows=_table3(
        (
            Table3Row(
                "other_overdue_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "other_handling",
                leaf=True,
            ),
            Table3Row(
                "other_unpaid_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "other_handling",
                leaf=True,
            ),
            Table3Row("other_other", "3.其他", "other_handling", leaf=True),
        )
    ),
    table3_note=TABLE3_NOTE,
    sixth_part_hint="（文字描述，收取信息处理费情况在此处报告。）",
)

_2019_THREE = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", CellKind.DELTA, "项"),
    Column("decisions", "处理决定数量"),
)

FORMAT_2019 = ReportFormat(
    id="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    sections=SECTION_HEADINGS,
    table2=(
        Table2Block(
            "第二十条第（一）项",
            (
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_published", "对外公开总数量"),
            ),
            (Table2Row("rules", "规章"), Table2Row("normative_docs", "规范性文件")),
        ),
        Table2Block(
            "第二十条第（五）项",
            _2019_THREE,
            (
                Table2Row("licensing", "行政许可"),
                Table2Row("other_services", "其他对外管理服务事项"),
            ),
        ),
        Table2Block(
            "第二十条第（六）项",
            _2019_THREE,
            (Table2Row("punishment", "行政处罚"), Table2Row("coercion", "行政强制")),
        ),
        Table2Block(
            "第二十条第（八）项",
            _2019_THREE[:2],
            (Table2Row("fees", "行政事业性收费"),),
        ),
        Table2Block(
            "第二十条第（九）项",
            (
                Column("projects", "采购项目数量"),
                Column("amount", "采购总金额", CellKind.MONEY, ""),
            ),
            (Table2Row("procurement", "政府集中采购"),),
        ),
    ),
    table3_groups=_TABLE3_GROUPS_COMMON,
    table3_rows=_table3((Table3Row("other", "（六）其他处理", "results", leaf=True),)),
    table3_note=TABLE3_NOTE,
)

FORMATS: dict[str, ReportFormat] = {"2019": FORMAT_2019, "2021": FORMAT_2021}
TABLE2_HEADER_LABEL = "信息内容"


def get_format(format_id: str) -> ReportFormat:
    try:
        return FORMATS[format_id]
    except KeyError:
        raise ReportDataError(
            f"未知的报告格式“{format_id}”：只支持 2019（国办公开办函〔2019〕60号）"
            "和 2021（国办公开办函〔2021〕30号）"
        ) from None


def format_for_year(year: int) -> ReportFormat:
    """The national format that applies to a report year.

    国办公开办函〔2019〕60号 introduced the unified format for the 2019 report
    (2019 and 2020); 国办公开办函〔2021〕30号 replaced it from the 2021 report.
    """
    if year < 2019:
        raise ReportDataError(
            f"{year} 年度报告早于统一格式（2019 年度起施行），无法按国家格式处理"
        )
    return FORMAT_2019 if year <= 2020 else FORMAT_2021
