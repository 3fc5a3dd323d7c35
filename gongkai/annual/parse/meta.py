"""Agency, year, format and the narrative sections of a published report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.annual.formats import FORMATS, ReportFormat, format_for_year
from gongkai.annual.parse.labels import format_markers
from gongkai.annual.parse.tokens import nfkc, norm

_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE_WORDS = ("政府信息公开", "政务公开", "信息公开", "年度报告", "年报")
_FIELD_PREFIX = re.compile(r"^\s*(?:标题|名称|题目|文章标题|主题)\s*[:：]\s*")
_NUM = r"[一二三四五六七八九十]{1,2}\s*[、.．]\s*"
_IMPROVE_STRICT = (
    r"(?:\s*[及和与]\s*(?:其\s*)?(?:改\s*进|整\s*改)"
    r"\s*(?:情\s*况|措\s*施|计\s*划|举\s*措|方\s*向|工\s*作)?)?"
)
SECTION_HEADINGS: dict[str, re.Pattern[str]] = {
    "overview": re.compile(_NUM + r"总\s*体\s*情\s*况"),
    "problems": re.compile(
        _NUM
        + r"(?:政府信息公开工作|政务公开工作)?\s*存\s*在\s*的\s*主\s*要\s*问\s*题"
        + _IMPROVE_STRICT
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


_SIGNED = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[\s。.]*$"
)


def find_signature_date(text: str) -> dt.date | None:
    """The date a report is signed with (落款日期): a date ending its text.

    Reports end with the agency's name and the date ("…财政金融局 2020年1月2日");
    the statistics' period ("至2019年12月31日止") never ends a report.
    """
    tail = nfkc(text.rstrip())[-200:]
    match = _SIGNED.search(tail)
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


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


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in word)


# Headings as they stand on a line of their own (markdown marks removed), with
# any numbering or none: 五、 （五） 5. 5、 第五部分 — or the bare title.
_LINE_NUMBER = (
    r"(?:第\s*[一二三四五六七八九十\d]{1,3}\s*(?:部分|章|节|项)\s*[、.．:：]?"
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．,，:：]"
    r"|\d{1,2}\s*[、.．:：)）]"
    r"|[一二三四五六七八九十\d]{1,3}\s+)?"
)
_LINE_TITLES: dict[str, str] = {
    "overview": _spaced("总体情况"),
    "active": r"(?:行政机关)?主动公开政府信息(?:的)?(?:工作)?情况",
    "requests": r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况",
    "disputes": r"(?:政府信息公开)?行政复议[^。；;]{0,8}?行政诉讼(?:的)?情况",
    "problems": r"(?:政府信息公开工作|政务公开工作|工作中)?存在的?(?:主要)?问题"
    + _IMPROVE_STRICT,
    "other": r"其他需要报告的事项",
}
#: A sub-heading that opens the problems section when its own heading is lost
#: (（一）主要问题 … （二）改进情况): kept as the first line of the section.
_PROBLEMS_OPENING = re.compile(
    r"^[（(]\s*[一1]\s*[)）]\s*(?:存在的?)?(?:主要)?(?:问题|不足)(?:和不足)?\s*[。:：]?$"
)
_MARKUP = re.compile(r"^[#>*_\s　]+|[*_\s　]+$")
_TRAILER = r"\s*[。:：.．]?\s*$"


def _heading_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of every line that is only an official heading."""
    out: list[tuple[int, int, str]] = []
    patterns = {
        key: re.compile("^" + _LINE_NUMBER + r"\s*(?:" + title + ")" + _TRAILER)
        for key, title in _LINE_TITLES.items()
    }
    offset = 0
    for raw in text.splitlines(keepends=True):
        start, offset = offset, offset + len(raw)
        line = _MARKUP.sub("", nfkc(raw.strip()))
        if not line or len(line) > 40:
            continue
        for key, pattern in patterns.items():
            if pattern.match(line):
                out.append((start, offset, key))
                break
        else:
            if _PROBLEMS_OPENING.match(line):
                out.append((start, start, "problems_opening"))
    return out


SECTION_KEYS = ("overview", "problems", "other")
_STRICT: dict[str, re.Pattern[str]] = {
    **SECTION_HEADINGS,
    "active": re.compile(_NUM + r"(?:行政机关)?主动公开政府信息(?:的)?情况"),
    "requests": re.compile(
        _NUM + r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况"
    ),
    "disputes": re.compile(
        _NUM + r"[^\n。]{0,20}?行政复议[^\n。]{0,12}?行政诉讼[^\n。]{0,6}?情况"
    ),
}
_ORDER = ("overview", "active", "requests", "disputes", "problems", "other")


def find_sections(text: str) -> dict[str, str]:
    """总体情况 / 存在的主要问题及改进情况 / 其他需要报告的事项, by their headings.

    Each of the six official headings is first looked for as the forms number
    it (一、…六、, anywhere, so that text run together still works); one not
    found so is then looked for as a line holding only that heading, however
    numbered (（五）, 5., 第五部分, markdown ``#``/``**``) or not numbered; a
    problems section whose heading is lost starts at its first sub-heading
    （一）主要问题. Headings after the tables' are only looked for after them.
    A section runs to the next heading found.
    """
    lines = _heading_lines(text)
    chosen: dict[str, tuple[int, int]] = {}
    earliest = 0
    for key in _ORDER:
        match = _STRICT[key].search(text)
        span = _whole_line(text, match.start(), match.end()) if match else None
        if span is None:
            span = next(
                (
                    (start, end)
                    for start, end, k in lines
                    if start >= earliest
                    and (k == key or (key == "problems" and k == "problems_opening"))
                ),
                None,
            )
        if span is not None:
            chosen[key] = span
            if key in ("requests", "disputes"):
                earliest = max(earliest, span[1])
    boundaries = sorted(
        {_whole_line(text, m.start(), m.end())[0] for m in _ANY_HEADING.finditer(text)}
        | {start for start, _end in chosen.values()}
    )
    out: dict[str, str] = {}
    for key in SECTION_KEYS:
        if key not in chosen:
            continue
        start, body_start = chosen[key]
        end = next((b for b in boundaries if b > start), len(text))
        body = text[body_start : max(end, body_start)]
        body = re.sub(r"^[ \t　]*[（(]文字描述[^）)]*[）)]", "", body.lstrip(" \t　"))
        out[key] = _tidy(body)
    return out


_LEAD = re.compile(r"[#>*_ \t　]*")
_TAIL = re.compile(r"[*_ \t　:：]*(?:\n|$)")


def _whole_line(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a heading to the markdown marks around it on its line (``**五、…**``)."""
    line_start = text.rfind("\n", 0, start) + 1
    if _LEAD.fullmatch(text, line_start, start):
        start = line_start
    tail = _TAIL.match(text, end)
    if tail:
        end = tail.end()
    return start, end


def _tidy(text: str) -> str:
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()
