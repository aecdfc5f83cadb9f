"""A clock the job tests move by hand: quiet, leases and retries are about time."""

from datetime import datetime, timedelta, timezone

import pytest

START = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def move(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()
