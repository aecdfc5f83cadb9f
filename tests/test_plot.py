"""The drift plot's time axis: labels never repeat or sit on each other."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from os1.plot import line_chart, time_labels

DAY = datetime(2026, 3, 4, 9, 15)


def axis_texts(svg: str) -> list[str]:
    return re.findall(r'y="346" text-anchor="\w+" fill="#777">([^<]+)<', svg)


def test_changes_on_one_day_show_the_date_once_and_the_times_at_the_ends():
    points = [(DAY + timedelta(hours=h), {"warmth": 0.5 + h / 100}) for h in (0, 3, 8)]
    assert axis_texts(line_chart(points, "drift")) == ["09:15", "2026-03-04", "17:15"]


def test_one_moment_has_one_label_and_lines_across():
    svg = line_chart([(DAY, {"warmth": 0.5})] * 2, "drift")
    assert axis_texts(svg) == ["2026-03-04 09:15"]
    xs = [float(p.split(",")[0]) for p in re.search(r'points="([^"]+)"', svg)[1].split()]
    assert xs[0] < xs[-1]


def test_days_apart_show_a_date_at_each_end():
    assert [t for _, t, _ in time_labels(DAY, DAY + timedelta(days=9))] == \
        ["2026-03-04", "2026-03-13"]
