"""The simple editor's model of a body: paragraphs with 【named】 placeholders (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.letters import paragraphs
from gongkai.letters.paragraphs import Paragraph, ParagraphError

DEFAULTS = sorted(
    (Path(__file__).parents[1] / "templates" / "letters" / "defaults").glob("*.txt")
)


@pytest.mark.parametrize("path", DEFAULTS, ids=lambda p: p.stem)
def test_every_default_body_comes_back_unchanged(path: Path) -> None:
    body = path.read_text(encoding="utf-8").rstrip("\n")
    parts = paragraphs.split(body)
    assert paragraphs.join(parts) == body
    # The clerk's text holds names, never template syntax.
    for part in parts:
        if not part.fixed:
            assert "{{" not in part.text and "{%" not in part.text


def test_placeholders_become_names_and_back() -> None:
    (part,) = paragraphs.split(
        "需要补正的事项：{{ correction.items }}，期限{{ correction.due_zh }}。"
    )
    assert part.text == "需要补正的事项：【补正事项】，期限【补正期限】。"
    assert paragraphs.to_template(part.text) == (
        "需要补正的事项：{{ correction.items }}，期限{{ correction.due_zh }}。"
    )


def test_a_condition_over_two_lines_is_one_fixed_block() -> None:
    body = "第一段。\n{% if reply.reasons %}{{ reply.reasons }}\n{% endif %}获取方式：{{ reply.access }}\n特此答复。"
    parts = paragraphs.split(body)
    assert [p.fixed for p in parts] == [False, True, False]
    assert parts[1].shown == "〔视情况：【理由】\n〕获取方式：【获取方式、途径】"
    edited = [
        Paragraph(text="第一段（已修改）。"),
        parts[1],
        Paragraph(text="特此答复。"),
    ]
    assert paragraphs.join(edited).startswith(
        "第一段（已修改）。\n{% if reply.reasons %}"
    )


def test_an_unknown_expression_keeps_its_line_fixed() -> None:
    (part,) = paragraphs.split("本机关{{ agency.secret }}。")
    assert part.fixed


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("请于【交费日期】前", "未知的占位符：【交费日期】"),
        ("{{ applicant.name }}您好", "不能直接写模板代码"),
        ("{% load static %}", "不能直接写模板代码"),
    ],
)
def test_typed_syntax_and_unknown_names_are_refused(text: str, says: str) -> None:
    with pytest.raises(ParagraphError, match=says):
        paragraphs.to_template(text)


def test_a_paragraph_is_one_line_and_empty_ones_are_dropped() -> None:
    body = paragraphs.join(
        [Paragraph(text="甲\n乙"), Paragraph(text="   "), Paragraph(text="丙")]
    )
    assert body == "甲 乙\n丙"


def test_the_offered_placeholders_start_with_the_letters_own() -> None:
    offered = paragraphs.offered("{{ correction.items }}{{ correction.due_zh }}")
    assert offered[:2] == [
        ("补正事项", "correction.items"),
        ("补正期限", "correction.due_zh"),
    ]
    assert ("申请人姓名或名称", "applicant.name") in offered
