"""A line chart as a small SVG file: no plotting library, opens in any browser."""

from __future__ import annotations

from datetime import datetime
from html import escape

MIN_SPAN_S = 60.0  # a shorter span has no time axis to speak of: one label says when

COLOURS = ("#c0504d", "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#4bacc6")


def line_chart(points: list[tuple[datetime, dict[str, float]]], title: str,
               width: int = 720, height: int = 360) -> str:
    """One line per series over time; values are 0 … 1."""
    left, right, top, bottom = 48, 150, 36, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds()

    def x(i: int) -> float:
        if span < MIN_SPAN_S:  # all at one moment: the lines run across the plot in order
            return left + plot_w * i / (len(points) - 1 or 1)
        return left + plot_w * (points[i][0] - start).total_seconds() / span

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#fffaf5"/>',
           f'<text x="{left}" y="22" font-size="15" fill="#333">{escape(title)}</text>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   f'stroke="#e6ddd3"/><text x="{left - 8}" y="{y(tick) + 4:.1f}" '
                   f'text-anchor="end" fill="#777">{tick:g}</text>')
    for place, text, anchor in time_labels(start, end):
        out.append(f'<text x="{left + plot_w * place:.1f}" y="{height - 14}" '
                   f'text-anchor="{anchor}" fill="#777">{escape(text)}</text>')
    for i, name in enumerate(points[0][1]):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{x(j):.1f},{y(values[name]):.1f}" for j, (_, values) in enumerate(points))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        out.append(f'<text x="{left + plot_w + 12}" y="{top + 16 + 18 * i}" fill="{colour}">'
                   f'{escape(name)} {points[-1][1][name]:.2f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def time_labels(start: datetime, end: datetime) -> list[tuple[float, str, str]]:
    """The time axis's labels as (place 0 … 1 along it, text, SVG text-anchor): dates at its
    ends; within one day the times at the ends and the date once, between them; for a single
    moment one label, so no two labels ever say the same thing or sit on each other."""
    if (end - start).total_seconds() < MIN_SPAN_S:
        return [(0.5, f"{start:%Y-%m-%d %H:%M}", "middle")]
    if start.date() == end.date():
        return [(0.0, f"{start:%H:%M}", "start"), (0.5, f"{start:%Y-%m-%d}", "middle"),
                (1.0, f"{end:%H:%M}", "end")]
    return [(0.0, f"{start:%Y-%m-%d}", "start"), (1.0, f"{end:%Y-%m-%d}", "end")]
