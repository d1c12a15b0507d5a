"""Bar and line charts as SVG, drawn on the server: no script, no inline style (the strict CSP);
colours and type come from portfolio.css through classes.

Each chart is an <svg role="img"> named by its <title> and <desc>; values are written on the
chart so a reader does not have to estimate them from an axis, and the page puts the full data
table beneath every chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from ksdesk.portfolio.figures import Figure
from ksdesk.portfolio.privacy import SUPPRESSED, SUPPRESSED_TEXT, THRESHOLD, shown

WIDTH = 760
CHAR = 7.2  # average width of a 13px label character, for laying out text without a browser
MARKERS = ("circle", "square", "diamond", "triangle")


def nice_step(span: float, ticks: int = 5) -> float:
    if span <= 0:
        return 1
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def axis(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) with zero included and round ticks."""
    low, high = min(0.0, *values) if values else 0.0, max(0.0, *values) if values else 0.0
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    if all(float(v).is_integer() for v in values):
        step = max(step, 1)  # counts: no ticks between whole numbers
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}".replace(",", "\u202f")


def shorten(text: str, width: float) -> str:
    limit = max(4, int(width / CHAR))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _numbers(cells) -> list[float]:
    return [float(v) for row in cells for v in row if isinstance(v, (int, float)) and v is not SUPPRESSED]


def _open(element_id: str, height: float, title: str, description: str) -> list[str]:
    eid = escape(element_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ksd-chart" id="{eid}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{eid}-title {eid}-desc">',
        f'<title id="{eid}-title">{escape(title)}</title>',
        f'<desc id="{eid}-desc">{escape(description)}</desc>',
        # Hatching for a value hidden to protect small groups: drawn as "somewhere below the
        # threshold", never as zero, and labelled with the same text the tables show.
        f'<defs><pattern id="{eid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line class="ksd-chart__hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>',
    ]


def _hidden_bar(element_id: str, x: float, y: float, w: float, h: float) -> str:
    return (f'<rect class="ksd-chart__hidden" fill="url(#{escape(element_id)}-hatch)" x="{x:.1f}" y="{y:.1f}" '
            f'width="{max(w, 2):.1f}" height="{max(h, 2):.1f}"/>')


def _legend(series: Sequence[str], y: float, x: float = 0) -> list[str]:
    out = []
    for i, label in enumerate(series):
        out.append(f'<rect class="ksd-chart__series-{i + 1}" x="{x:.0f}" y="{y - 11:.0f}" width="14" height="14"/>')
        out.append(f'<text class="ksd-chart__label" x="{x + 20:.0f}" y="{y:.0f}">{escape(label)}</text>')
        x += 40 + CHAR * len(label)
    return out


def bar_chart(figure: Figure, *, element_id: str, title: str, description: str, unit: str) -> Markup:
    """Horizontal bars, one group per category and one bar per series."""
    rows = figure.chart_rows()
    series = [s.label for s in figure.series]
    n_series = len(series)
    bar_h, gap = 18, 12
    label_w = min(260.0, max((CHAR * len(c.label) for c, _ in rows), default=60) + 12)
    value_w = 70
    top = 30 if n_series > 1 else 8
    plot_x0, plot_x1 = label_w, WIDTH - value_w
    group_h = n_series * bar_h + gap
    plot_h = max(1, len(rows)) * group_h
    height = top + plot_h + 48
    low, high, step = axis(_numbers([r for _, r in rows]))
    scale = (plot_x1 - plot_x0) / (high - low)

    def x_of(v: float) -> float:
        return plot_x0 + (v - low) * scale

    out = _open(element_id, height, title, description)
    if n_series > 1:
        out += _legend(series, 16)
    # Grid and axis below the bars, labelled with the unit.
    tick = low
    while tick <= high + step / 2:
        x = x_of(tick)
        out.append(f'<line class="ksd-chart__grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}"/>')
        out.append(f'<text class="ksd-chart__tick" x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                   f'{number(tick)}</text>')
        tick += step
    out.append(f'<text class="ksd-chart__axis-title" x="{(plot_x0 + plot_x1) / 2:.0f}" y="{height - 6:.0f}" '
               f'text-anchor="middle">{escape(unit)}</text>')
    zero = x_of(0)
    for r, (category, cells) in enumerate(rows):
        y0 = top + r * group_h + gap / 2
        out.append(f'<text class="ksd-chart__label" x="{label_w - 8:.0f}" y="{y0 + n_series * bar_h / 2 + 4:.0f}" '
                   f'text-anchor="end">{escape(shorten(category.label, label_w - 12))}</text>')
        for s, value in enumerate(cells):
            y = y0 + s * bar_h
            if value is SUPPRESSED or value is None:
                text, end = "—", zero + 4
                if value is SUPPRESSED:
                    text, below = SUPPRESSED_TEXT, x_of(THRESHOLD - 1)
                    out.append(_hidden_bar(element_id, zero, y + 1, below - zero, bar_h - 3))
                    end = below + 4
                out.append(f'<text class="ksd-chart__value ksd-chart__value--hidden" x="{end:.1f}" '
                           f'y="{y + bar_h - 5:.0f}">{escape(text)}</text>')
                continue
            value = shown(value)
            x1 = x_of(float(value))
            x, w = min(zero, x1), abs(x1 - zero)
            out.append(f'<rect class="ksd-chart__series-{s + 1}" x="{x:.1f}" y="{y + 1:.0f}" width="{max(w, 1):.1f}" '
                       f'height="{bar_h - 3}"/>')
            end, anchor = (x + w + 4, "start") if value >= 0 else (x - 4, "end")
            out.append(f'<text class="ksd-chart__value" x="{end:.1f}" y="{y + bar_h - 5:.0f}" '
                       f'text-anchor="{anchor}">{number(value)}</text>')
    out.append(f'<line class="ksd-chart__axis" x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{top + plot_h}"/>')
    out.append("</svg>")
    return Markup("".join(out))


def _marker(kind: str, x: float, y: float, css: str) -> str:
    if kind == "square":
        return f'<rect class="{css}" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if kind == "diamond":
        return f'<path class="{css}" d="M{x:.1f},{y - 5:.1f}L{x + 5:.1f},{y:.1f}L{x:.1f},{y + 5:.1f}L{x - 5:.1f},{y:.1f}Z"/>'
    if kind == "triangle":
        return f'<path class="{css}" d="M{x:.1f},{y - 5:.1f}L{x + 5:.1f},{y + 4:.1f}L{x - 5:.1f},{y + 4:.1f}Z"/>'
    return f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="4"/>'


def line_chart(figure: Figure, *, element_id: str, title: str, description: str, unit: str) -> Markup:
    """One line per series over ordered categories (years, months). A hidden or missing value
    breaks the line rather than being drawn as zero."""
    rows = figure.chart_rows()
    series = [s.label for s in figure.series]
    top, left, right, bottom = 34, 56, 24, 58
    height = 300
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    low, high, step = axis(_numbers([r for _, r in rows]))
    n = len(rows)
    dx = plot_w / max(1, n - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + (i * dx if n > 1 else plot_w / 2), top + plot_h - (v - low) / (high - low) * plot_h

    out = _open(element_id, height, title, description)
    out += _legend(series, 16, left)
    tick = low
    while tick <= high + step / 2:
        _x, y = xy(0, tick)
        out.append(f'<line class="ksd-chart__grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>')
        out.append(f'<text class="ksd-chart__tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{number(tick)}</text>')
        tick += step
    # Label every k-th category so that labels never overlap.
    widest = max((len(c.label) for c, _ in rows), default=4) * CHAR + 8
    every = max(1, math.ceil(widest / dx)) if n > 1 else 1
    for i, (category, _cells) in enumerate(rows):
        if i % every == 0 or i == n - 1:
            x, _y = xy(i, low)
            out.append(f'<text class="ksd-chart__tick" x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                       f'{escape(category.label)}</text>')
    out.append(f'<text class="ksd-chart__axis-title" x="{left + plot_w / 2:.0f}" y="{height - 8}" '
               f'text-anchor="middle">{escape(unit)}</text>')
    show_values = n <= 16
    hidden: list[tuple[int, int]] = []
    for s in range(len(series)):
        css = f"ksd-chart__series-{s + 1}"
        segment: list[str] = []
        segments: list[list[str]] = []
        points = []
        for i, (_category, cells) in enumerate(rows):
            value = cells[s]
            if value is None or value is SUPPRESSED:
                if segment:
                    segments.append(segment)
                segment = []
                if value is SUPPRESSED:
                    hidden.append((i, s))
                continue
            value = shown(value)
            x, y = xy(i, float(value))
            segment.append(f"{x:.1f},{y:.1f}")
            points.append((x, y, value))
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline class="ksd-chart__line {css}" points="{" ".join(seg)}"/>')
        for x, y, value in points:
            out.append(_marker(MARKERS[s % len(MARKERS)], x, y, css))
            if show_values:
                out.append(f'<text class="ksd-chart__value" x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
                           f'{number(value)}</text>')
    # A hidden value: a hatched band from zero to just under the threshold, with its label.
    for i, s in hidden:
        x, y_low = xy(i, max(low, 0))
        _x, y_high = xy(i, min(high, THRESHOLD - 1))
        w = 10 / max(1, len(series))
        bx = x - 5 + s * w
        out.append(_hidden_bar(element_id, bx, y_high, w, y_low - y_high))
        if show_values:
            out.append(f'<text class="ksd-chart__value ksd-chart__value--hidden" x="{x:.1f}" y="{y_high - 6:.1f}" '
                       f'text-anchor="middle">{escape(SUPPRESSED_TEXT)}</text>')
    out.append(f'<line class="ksd-chart__axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
               f'y2="{top + plot_h}"/>')
    out.append("</svg>")
    return Markup("".join(out))


def render(figure: Figure, *, title: str, description: str, unit: str) -> Markup:
    element_id = f"chart-{figure.id}"
    draw = line_chart if figure.kind == "line" else bar_chart
    return draw(figure, element_id=element_id, title=title, description=description, unit=unit)


