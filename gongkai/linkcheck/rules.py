"""What counts as a broken link, framework-free (no Django; tested on its own).

The link check (``docs/linkcheck.md``) visits the agency's published pages and
attachments and the links inside its published items. This module decides,
from what a visit saw, which problems to report; ``fetch.py`` makes the visits
and ``services.py`` keeps the results.

- **Which links are visited**: those on the agency's own hosts (Gongkai's public
  address, the agency's 门户网站) and on hosts an administrator has allowed; any
  other host is an external link and is counted, never visited.
- **What a visit may find**: the address cannot be reached or answers with an
  error status; it redirects to another host; it answers with a content type
  its address does not promise (a ``.pdf`` link answering with an HTML page is
  the usual "soft 404"); a file that does not open as the kind its name says;
  an answer slower than the agency's threshold.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit


class Kind(enum.StrEnum):
    """The kinds of problem, each with its Chinese label for the staff pages."""

    BROKEN = "broken"
    REDIRECT = "redirect"
    CONTENT_TYPE = "content_type"
    ATTACHMENT = "attachment"
    SLOW = "slow"
    FIELDS = "fields"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[Kind, str] = {
    Kind.BROKEN: "无法访问",
    Kind.REDIRECT: "跳转到其他网站",
    Kind.CONTENT_TYPE: "内容类型不符",
    Kind.ATTACHMENT: "附件无法打开",
    Kind.SLOW: "访问缓慢",
    Kind.FIELDS: "信息要素缺失",
}


@dataclass(frozen=True)
class Problem:
    kind: Kind
    detail: str  # Chinese, shown to staff as it is


# -- links in text -------------------------------------------------------------

#: An http(s) address in text or HTML: stops at white space, quotes, angle
#: brackets and full-width punctuation, which a Chinese sentence puts after it.
_URL = re.compile(r"https?://[^\s\"'<>（）【】《》，。；、：！？“”‘’]+", re.IGNORECASE)
_HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def extract_links(text: str, base: str = "") -> list[str]:
    """Every distinct http(s) address in ``text`` (plain text or HTML), in order.

    Relative ``href``/``src`` values are resolved against ``base`` when given.
    """
    found: list[str] = []
    for match in _HREF.finditer(text):
        value = match.group(1).strip()
        if base and not value.lower().startswith(("http://", "https://")):
            if value.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            value = urljoin(base, value)
        found.append(value)
    found.extend(m.group(0).rstrip(_TRAILING) for m in _URL.finditer(text))
    seen: set[str] = set()
    links = []
    for url in found:
        if url.lower().startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            links.append(url)
    return links


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def parse_hosts(text: str) -> frozenset[str]:
    """Host names from an administrator's list: one per line, or addresses."""
    hosts = set()
    for raw in re.split(r"[\s,，;；]+", text):
        raw = raw.strip().lower()
        if not raw:
            continue
        hosts.add(host_of(raw) if "://" in raw else raw.split("/")[0].split(":")[0])
    return frozenset(h for h in hosts if h)


# -- what a file is ------------------------------------------------------------

#: File kinds by name ending → the content types that may serve them.
EXPECTED_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": ("application/pdf",),
    ".doc": ("application/msword",),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xls": ("application/vnd.ms-excel",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    ".wps": ("application/vnd.ms-works", "application/kswps"),
    ".et": ("application/kset",),
    ".ofd": ("application/ofd",),
    ".zip": ("application/zip", "application/x-zip-compressed"),
    ".rar": ("application/vnd.rar", "application/x-rar-compressed"),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".png": ("image/png",),
}
#: Content types any file may be served with (a generic download).
GENERIC_TYPES = ("application/octet-stream", "application/force-download")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The first bytes a file of each kind starts with.
MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".doc": (_OLE,),
    ".xls": (_OLE,),
    ".wps": (_OLE,),
    ".et": (_OLE,),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04",),
    ".rar": (b"Rar!",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def file_ending(name: str) -> str:
    """``.pdf`` for ``…/通知.PDF?x=1``; empty when the name has no known ending."""
    path = urlsplit(name).path if "://" in name else name
    dot = path.rfind(".")
    ending = path[dot:].lower() if dot >= 0 and "/" not in path[dot:] else ""
    return ending if ending in EXPECTED_TYPES else ""


def opens_as(name: str, head: bytes) -> Problem | None:
    """A problem when ``head`` (the file's first bytes) is not what ``name`` says."""
    ending = file_ending(name)
    if not head:
        return Problem(Kind.ATTACHMENT, "文件为空（0 字节）")
    if ending and not head.startswith(MAGIC[ending]):
        looks_html = head.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
        what = "一个网页" if looks_html else "其他格式的内容"
        return Problem(Kind.ATTACHMENT, f"文件名为{ending}，内容却是{what}，无法打开")
    return None


# -- one visit -------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """What one request saw (``fetch.visit`` fills it)."""

    url: str
    status: int | None = None  # None: no answer at all
    error: str = ""  # why there was no answer, in Chinese
    location: str = ""  # the Location of a redirect, absolute
    content_type: str = ""
    elapsed_ms: int = 0
    head: bytes = b""  # the first bytes of the body


def judge(visit: Visit, *, slow_ms: int) -> list[Problem]:
    """The problems one (final) answer shows. Redirects are judged by ``redirect_problem``."""
    if visit.status is None:
        return [Problem(Kind.BROKEN, visit.error or "无法连接")]
    problems = []
    if visit.status >= 400:
        problems.append(Problem(Kind.BROKEN, f"服务器返回 {visit.status}"))
    else:
        problems += _type_problems(visit)
    if visit.elapsed_ms > slow_ms:
        problems.append(
            Problem(
                Kind.SLOW, f"响应用时 {visit.elapsed_ms} 毫秒（超过 {slow_ms} 毫秒）"
            )
        )
    return problems


def _type_problems(visit: Visit) -> list[Problem]:
    ending = file_ending(visit.url)
    if not ending:
        return []
    served = visit.content_type.split(";")[0].strip().lower()
    if served and served not in EXPECTED_TYPES[ending] + GENERIC_TYPES:
        return [
            Problem(
                Kind.CONTENT_TYPE,
                f"链接指向{ending}文件，服务器返回的却是 {served}",
            )
        ]
    problem = opens_as(visit.url, visit.head)
    return [problem] if problem else []


def redirect_problem(visit: Visit) -> Problem | None:
    """A redirect off the link's own host (same-host redirects are followed)."""
    if not visit.location:
        return Problem(Kind.BROKEN, f"服务器返回 {visit.status}，但没有给出跳转地址")
    if host_of(visit.location) != host_of(visit.url):
        return Problem(
            Kind.REDIRECT,
            f"跳转到其他网站：{host_of(visit.location) or visit.location}",
        )
    return None


def missing_fields(fields: dict[str, object]) -> Problem | None:
    """A published item lacking what a catalogue entry must show (labels → values)."""
    missing = [label for label, value in fields.items() if value in (None, "")]
    if missing:
        return Problem(Kind.FIELDS, "缺少：" + "、".join(missing))
    return None
