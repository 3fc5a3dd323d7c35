"""Charts are SVG drawn on the server, with every text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gongkai.datacenter import charts

EVIL = '<script>alert("x")</script>&'


def test_every_chart_is_well_formed_svg_with_its_texts_escaped() -> None:
    drawn = [
        charts.line_chart(
            [2022, 2023], [(EVIL, [1, None]), ("予以公开", [0, 4])], title=EVIL
        ),
        charts.bar_chart([(EVIL, 3, True), ("乙", 0, False)], title=EVIL, unit="%"),
        charts.heat_map([EVIL, "乙"], ["规则"], {(EVIL, "规则"): 2}, title=EVIL),
    ]
    for svg in drawn:
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert "<script>" not in svg


def test_a_marked_bar_is_drawn_red_and_an_empty_chart_still_draws() -> None:
    svg = charts.bar_chart([("甲", 5, True), ("乙", 2, False)], title="t")
    assert svg.count(f'fill="{charts.PALETTE[0]}"') == 1
    assert ET.fromstring(charts.bar_chart([], title="空")) is not None
    assert ET.fromstring(charts.line_chart([], [], title="空")) is not None
