"""Server-rendered SVG charts: no JavaScript, no CDN, every chart beside its table.

Three shapes are enough for the data center: a line chart (trends of one
agency's main figures over the years), horizontal bars (a ranking, shares) and a
heat map (rule failures by agency). Text is escaped; sizes are in user units and
the SVG scales to its container.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#b2221e", "#2d6cdf", "#1d7a3a", "#a66300", "#6b3fa0", "#00838f")


def line_chart(
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
) -> str:
    width, height, left, right, top, bottom = 640, 300, 48, 150, 24, 32
    values = [v for _n, vs in series for v in vs if v is not None]
    top_value = max(values, default=0) or 1
    span_x = max(len(years) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - right) * i / span_x

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / top_value)

    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{y(top_value) + 4:.1f}" text-anchor="end">{top_value:g}</text>',
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for i, year in enumerate(years):
        out.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>'
        )
    for n, (name, vs) in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        points = [(x(i), y(v)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        out.extend(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"/>'
            for px, py in points
        )
        ly = top + 16 * n + 6
        out.append(
            f'<rect x="{width - right + 12}" y="{ly - 8}" width="10" height="10" fill="{color}"/>'
            f'<text x="{width - right + 28}" y="{ly + 1}">{escape(name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def bar_chart(
    rows: Sequence[tuple[str, float, bool]], *, title: str, unit: str = ""
) -> str:
    """Horizontal bars: (label, value, marked); a marked bar is drawn red."""
    bar, gap, label_w, width = 20, 6, 170, 520  # readable when scaled to a phone
    height = max(len(rows), 1) * (bar + gap) + 10
    top_value = max((v for _l, v, _m in rows), default=0) or 1
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="14">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, marked) in enumerate(rows):
        y = 5 + i * (bar + gap)
        w = (width - label_w - 70) * value / top_value
        color = PALETTE[0] if marked else "#8aa4c8"
        out.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label[:12])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{color}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{value:g}{escape(unit)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: dict[tuple[str, str], int],
    *,
    title: str,
) -> str:
    cell, label_w, head_h = 22, 200, 120
    width = label_w + cell * max(len(columns), 1) + 90  # room for slanted headings
    height = head_h + cell * max(len(rows), 1) + 10
    top_value = max(counts.values(), default=0) or 1
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for j, column in enumerate(columns):
        cx = label_w + j * cell + cell / 2
        out.append(
            f'<text transform="translate({cx + 4:.1f},{head_h - 4}) rotate(-60)">{escape(column[:14])}</text>'
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell
        out.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(row[:16])}</text>'
        )
        for j, column in enumerate(columns):
            n = counts.get((row, column), 0)
            shade = 0 if not n else 0.2 + 0.8 * n / top_value
            out.append(
                f'<rect x="{label_w + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="#b2221e" fill-opacity="{shade:.2f}" stroke="#ddd">'
                f"<title>{escape(row)} · {escape(column)}：{n}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)
