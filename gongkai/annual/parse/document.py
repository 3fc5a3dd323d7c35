"""What every reader produces: the source as lines of cells, with locations.

A reader (text, HTML, Word, PDF) turns a file into a ``Document``: a list of
``Line``s in reading order. A line is a table row (its cells, spans already
resolved so that each source cell appears once, in column order) or a line of
running text (one cell). ``structured`` says that a cell came from a real table
cell, so a number in it is one figure and is never split into several.
``text`` is the plain text of the whole document, for the title and the
narrative sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SrcCell:
    text: str
    loc: str  # where it is, in Chinese: "第 12 行", "表格 2 第 3 行第 4 列"
    structured: bool = False


@dataclass(frozen=True)
class Line:
    cells: tuple[SrcCell, ...]
    table: bool = False  # a row of a real table (HTML, Word, PDF, Markdown, |, tab)


@dataclass
class Document:
    kind: str  # "text" | "html" | "docx" | "doc" | "pdf"
    lines: list[Line] = field(default_factory=list)
    text: str = ""
    #: Text to look for the title in first (e.g. an HTML page's header), if any.
    title_text: str = ""

    def add_text_line(self, text: str, loc: str) -> None:
        if text.strip():
            self.lines.append(Line((SrcCell(text, loc),)))

    def add_row(self, cells: list[SrcCell]) -> None:
        if cells:
            self.lines.append(Line(tuple(cells), table=True))
