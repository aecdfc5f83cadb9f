from datetime import datetime, timezone

import pytest

from os1.memory.when import parse

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # a Tuesday


@pytest.mark.parametrize("text,start,end", [
    ("what did I do yesterday?", "2026-11-23", "2026-11-24"),
    ("anything fun last week?", "2026-11-16", "2026-11-23"),
    ("what happened in May", "2026-05-01", "2026-06-01"),
    ("on May 8th, 2023", "2023-05-08", "2023-05-09"),
    ("in December", "2025-12-01", "2026-01-01"),
    ("last month", "2026-10-01", "2026-11-01"),
    ("on Monday", "2026-11-23", "2026-11-24"),
    ("on Tuesday", "2026-11-17", "2026-11-18"),
    ("in 2023", "2023-01-01", "2024-01-01"),
    ("last year", "2025-01-01", "2026-01-01"),
])
def test_windows(text, start, end):
    window = parse(text, NOW)
    assert window.start.date().isoformat() == start
    assert window.end.date().isoformat() == end
    assert window.start.tzinfo == NOW.tzinfo


def test_relative_counts_have_slack():
    window = parse("I told you about it two weeks ago", NOW)
    assert window.contains(datetime(2026, 11, 10, 12, tzinfo=timezone.utc))
    assert not window.contains(datetime(2026, 11, 20, tzinfo=timezone.utc))


@pytest.mark.parametrize("text", ["may I ask you something?", "how are you", "when did I say that?"])
def test_no_time_expression(text):
    assert parse(text, NOW) is None
