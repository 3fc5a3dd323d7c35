"""The three narrative sections are found by their headings, however numbered."""

from __future__ import annotations

import pytest

from gongkai.annual.parse import parse_path
from gongkai.annual.parse.meta import find_sections
from gongkai.annual.tests.corpus import corpus_dir

OVERVIEW = "本机关持续深化政务公开。\n（一）主动公开政府信息情况\n主动公开文件12件。"
PROBLEMS = "政策解读形式仍需丰富。"
OTHER = "无。"


def _report(h1: str, h5: str, h6: str) -> str:
    return "\n".join(
        [
            "某县教育局2023年政府信息公开工作年度报告",
            "报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、",
            "存在的主要问题及改进情况以及其他需要报告的事项等六部分。",
            h1,
            OVERVIEW,
            "二、主动公开政府信息情况",
            "第二十条第（一）项 规章 0 0 0",
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0",
            "四、政府信息公开行政复议、行政诉讼情况",
            "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
            h5,
            PROBLEMS,
            h6,
            OTHER,
        ]
    )


@pytest.mark.parametrize(
    ("h1", "h5", "h6"),
    [
        ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
        (
            "（一）总体情况",
            "（五）存在的主要问题及改进情况",
            "（六）其他需要报告的事项",
        ),
        ("1.总体情况", "5. 存在的主要问题及改进情况", "6、其他需要报告的事项"),
        (
            "第一部分 总体情况",
            "第五部分 存在的主要问题及改进情况",
            "第六部分：其他需要报告的事项",
        ),
        (
            "**一、总体情况**",
            "**五、存在的主要问题及改进情况**",
            "**六、其他需要报告的事项**",
        ),
        ("## 总体情况", "## 存在的主要问题及改进情况", "### 其他需要报告的事项"),
        ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"),
        (
            "一、总体情况",
            "五、政府信息公开工作存在的主要问题及整改措施",
            "六、其他需要报告的事项",
        ),
        ("一、总体情况", "5 存在问题和改进措施", "6 其他需要报告的事项"),
    ],
)
def test_sections_are_found_whatever_the_numbering_of_their_headings(
    h1: str, h5: str, h6: str
) -> None:
    sections = find_sections(_report(h1, h5, h6))
    assert sections == {"overview": OVERVIEW, "problems": PROBLEMS, "other": OTHER}


def test_a_lost_problems_heading_starts_at_its_first_sub_heading() -> None:
    text = _report(
        "一、总体情况",
        "（一）主要问题\n政策解读形式仍需丰富。\n（二）改进情况",
        "五、其他需要报告的事项",
    )
    sections = find_sections(text)
    assert (
        sections["problems"]
        == "（一）主要问题\n政策解读形式仍需丰富。\n（二）改进情况\n" + PROBLEMS
    )
    assert sections["other"] == OTHER


def test_a_problems_sub_heading_before_the_tables_is_not_the_section() -> None:
    text = _report("一、总体情况", "", "六、其他需要报告的事项").replace(
        OVERVIEW, "（一）主要问题\n" + OVERVIEW
    )
    assert "problems" not in find_sections(text)


def test_the_heading_named_in_the_introduction_is_not_a_heading() -> None:
    text = _report("一、总体情况", "", "六、其他需要报告的事项")
    sections = find_sections(text)
    assert sections["overview"] == OVERVIEW
    assert "problems" not in sections


def test_002_has_its_problems_section_though_its_heading_was_lost() -> None:
    corpus = corpus_dir()
    sections = parse_path(corpus / "reports" / "002.md").report.sections  # type: ignore[union-attr]
    assert sections["problems"].startswith("（一）主要问题\n")
    assert "（二）改进情况" in sections["problems"]
    assert "收费" not in sections["problems"]
    assert sections["other"].startswith("本年度信息公开处理费收费情况")
