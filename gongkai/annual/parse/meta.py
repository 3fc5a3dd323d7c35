"""Agency, year, format and the narrative sections of a published report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.annual.formats import FORMATS, ReportFormat, format_for_year
from gongkai.annual.parse.labels import format_markers
from gongkai.annual.parse.tokens import nfkc, norm

_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE_WORDS = ("政府信息公开", "政务公开", "信息公开", "年度报告", "年报")
_FIELD_PREFIX = re.compile(r"^\s*(?:标题|名称|题目|文章标题|主题)\s*[:：]\s*")
_NUM = r"[一二三四五六七八九十]{1,2}\s*[、.．]\s*"
SECTION_HEADINGS: dict[str, re.Pattern[str]] = {
    "overview": re.compile(_NUM + r"总\s*体\s*情\s*况"),
    "problems": re.compile(
        _NUM
        + r"(?:政府信息公开工作|政务公开工作)?\s*存\s*在\s*的\s*主\s*要\s*问\s*题"
        + r"(?:\s*及\s*改\s*进\s*情\s*况)?"
    ),
    "other": re.compile(_NUM + r"其\s*他\s*需\s*要\s*报\s*告\s*的\s*事\s*项"),
}
_ANY_HEADING = re.compile(
    _NUM
    + r"(?:总体情况|(?:行政机关)?主动公开政府信息(?:的)?情况|(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况"
    r"|[^\n。]{0,20}?行政复议[^\n。]{0,12}?行政诉讼[^\n。]{0,6}?情况"
    r"|(?:政府信息公开工作|政务公开工作)?存在的主要问题|其他需要报告的事项)"
)
_STAT_PERIOD = re.compile(r"(20\d{2})\s*年\s*1\s*月\s*1\s*日")


@dataclass(frozen=True)
class Title:
    agency: str | None
    year: int | None


def _clean_agency(text: str) -> str:
    text = _FIELD_PREFIX.sub("", text)
    text = re.sub(r"[\s　]+", "", text)
    text = text.strip("《》“”\"'：:，,。-—_|")
    text = re.sub(r"^关于", "", text)
    return text


def find_title(*texts: str) -> Title:
    """Agency and report year from the title (the first lines naming a report)."""
    for text in texts:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:60]
        for i, line in enumerate(lines):
            candidate = nfkc(line)
            if len(candidate) > 120:
                continue
            match = _YEAR.search(candidate)
            if not match:
                continue
            window = candidate + (nfkc(lines[i + 1]) if i + 1 < len(lines) else "")
            if not any(w in window for w in _TITLE_WORDS):
                continue
            year = int(match.group(1))
            prefix = _clean_agency(candidate[: match.start()])
            agency: str | None = prefix or None
            if agency is None:
                suffix = candidate[match.end() :].lstrip("度")
                cut = min(
                    (
                        suffix.find(w)
                        for w in ("政府信息公开", "政务公开", "信息公开")
                        if w in suffix
                    ),
                    default=-1,
                )
                if cut > 0:
                    agency = _clean_agency(suffix[:cut]) or None
            if agency is None and i > 0:
                previous = _clean_agency(nfkc(lines[i - 1]))
                if 2 <= len(previous) <= 40 and not re.search(r"\d", previous):
                    agency = previous
            return Title(agency, year)
    for text in texts:
        period = _STAT_PERIOD.search(nfkc(text))
        if period:
            return Title(None, int(period.group(1)))
    return Title(None, None)


def choose_format(text: str, year: int | None) -> tuple[ReportFormat, dict[str, int]]:
    """The format the tables' own labels show; the report year only breaks a tie."""
    normalised = norm(text)
    scores = {
        fid: sum(1 for marker in markers if marker[:10] in normalised)
        for fid, markers in format_markers().items()
    }
    best = max(scores.values())
    winners = [fid for fid, s in scores.items() if s == best]
    if len(winners) == 1 and best > 0:
        return FORMATS[winners[0]], scores
    if year is not None and year >= 2019:
        return format_for_year(year), scores
    return FORMATS["2021"], scores


def find_sections(text: str) -> dict[str, str]:
    """一、总体情况 / 五、存在的主要问题及改进情况 / 六、其他需要报告的事项, by their headings."""
    out: dict[str, str] = {}
    for key, pattern in SECTION_HEADINGS.items():
        match = pattern.search(text)
        if not match:
            continue
        start = match.end()
        following = _ANY_HEADING.search(text, start)
        end = following.start() if following else len(text)
        body = text[start:end]
        body = re.sub(r"^[ \t　]*[（(]文字描述[^）)]*[）)]", "", body.lstrip(" \t　"))
        out[key] = _tidy(body)
    return out


def _tidy(text: str) -> str:
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()
