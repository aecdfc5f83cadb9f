"""Times in words, on the user's clock: phrasings, time zones, daylight saving, repeats."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from os1.reminders.when import cut, describe, following, parse

NY = ZoneInfo("America/New_York")
UTC = timezone.utc
WED = datetime(2026, 12, 2, 10, 15, tzinfo=NY)  # a Wednesday morning


def at(text, now=WED):
    found = parse(text, now)
    return found.at.strftime("%a %Y-%m-%d %H:%M") if found.at else None


@pytest.mark.parametrize("text, expected", [
    ("call Amy on Friday at 6pm", "Fri 2026-12-04 18:00"),
    ("call Amy friday 6 pm", "Fri 2026-12-04 18:00"),
    ("on Friday at 18:30", "Fri 2026-12-04 18:30"),
    ("in 20 minutes", "Wed 2026-12-02 10:35"),
    ("in an hour", "Wed 2026-12-02 11:15"),
    ("in half an hour", "Wed 2026-12-02 10:45"),
    ("in an hour and a half", "Wed 2026-12-02 11:45"),
    ("in two days", "Fri 2026-12-04 10:15"),
    ("tomorrow morning", "Thu 2026-12-03 09:00"),
    ("tomorrow at 7:30 am", "Thu 2026-12-03 07:30"),
    ("tomorrow afternoon", "Thu 2026-12-03 14:00"),
    ("tonight", "Wed 2026-12-02 20:00"),
    ("tonight at 9", "Wed 2026-12-02 21:00"),
    ("this evening", "Wed 2026-12-02 18:00"),
    ("next Tuesday", "Tue 2026-12-08 09:00"),
    ("next Friday", "Fri 2026-12-11 09:00"),
    ("on Tuesday at 3", "Tue 2026-12-08 15:00"),
    ("at 6", "Wed 2026-12-02 18:00"),
    ("at 9", "Thu 2026-12-03 09:00"),  # 9 am has passed today: tomorrow
    ("at noon", "Wed 2026-12-02 12:00"),
    ("at quarter to 7", "Wed 2026-12-02 18:45"),
    ("wednesday at 11", "Wed 2026-12-02 11:00"),  # today, still ahead
    ("wednesday at 9", "Wed 2026-12-09 09:00"),  # today's has passed: next week's
    ("on the 14th", "Mon 2026-12-14 09:00"),
    ("on the 1st", "Fri 2027-01-01 09:00"),
    ("on March 14th at noon", "Sun 2027-03-14 12:00"),
    ("on the 14th of March", "Sun 2027-03-14 09:00"),
    ("the day after tomorrow at 5pm", "Fri 2026-12-04 17:00"),
    # as speech recognition writes what is said
    ("at six p.m.", "Wed 2026-12-02 18:00"),
    ("at six", "Wed 2026-12-02 18:00"),
    ("at half past six", "Wed 2026-12-02 18:30"),
    ("tomorrow at six thirty a.m.", "Thu 2026-12-03 06:30"),
    ("on Thursday at 12.30", "Thu 2026-12-03 12:30"),
    ("at 6.45 p.m.", "Wed 2026-12-02 18:45"),
    ("tomorrow at seven o'clock", "Thu 2026-12-03 19:00"),
])
def test_times(text, expected):
    assert at(text) == expected


@pytest.mark.parametrize("text, rule, first", [
    ("every other Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Tue 2026-12-08 09:00"),
    ("every day at 8", "FREQ=DAILY", "Thu 2026-12-03 08:00"),
    ("every morning", "FREQ=DAILY", "Thu 2026-12-03 09:00"),
    ("every weekday at 7am", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Thu 2026-12-03 07:00"),
    ("on Mondays and Thursdays at 6pm", "FREQ=WEEKLY;BYDAY=MO,TH", "Thu 2026-12-03 18:00"),
    ("every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1", "Fri 2027-01-01 09:00"),
    ("every 3 days at noon", "FREQ=DAILY;INTERVAL=3", "Wed 2026-12-02 12:00"),
])
def test_repeats(text, rule, first):
    found = parse(text, WED)
    assert found.rrule == rule
    assert found.at.strftime("%a %Y-%m-%d %H:%M") == first


@pytest.mark.parametrize("text", ["after lunch", "in a bit", "later", "sometime tomorrow",
                                  "soon", "at some point"])
def test_vague_times_are_not_guessed(text):
    found = parse(text, WED)
    assert found.vague and found.at is None


def test_no_time_at_all():
    assert not parse("I love my cat", WED).found


def test_the_time_words_are_cut_from_the_task():
    text = "call Amy on Friday at 6pm"
    assert cut(text, parse(text, WED).spans) == "call Amy"
    text = "in 20 minutes take the bread out"
    assert cut(text, parse(text, WED).spans) == "take the bread out"


def test_zones_are_the_users():
    tokyo = WED.astimezone(ZoneInfo("Asia/Tokyo"))  # Thursday 00:15 there
    assert parse("tomorrow at 9", tokyo).at == datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_a_daily_reminder_keeps_its_wall_time_across_daylight_saving():
    before = datetime(2027, 3, 13, 8, 0, tzinfo=NY)  # the day before clocks go forward
    after = following("FREQ=DAILY", before, before)
    assert (after.day, after.hour, after.minute) == (14, 8, 0)
    assert (after.astimezone(UTC) - before.astimezone(UTC)).total_seconds() == 23 * 3600  # a short day


def test_an_hour_that_does_not_exist_becomes_the_next_real_one():
    now = datetime(2027, 3, 13, 12, 0, tzinfo=NY)
    found = parse("tomorrow at 2:30 am", now)
    assert (found.at.hour, found.at.minute) == (3, 30)


def test_in_minutes_across_the_change_counts_real_minutes():
    now = datetime(2026, 11, 1, 1, 50, tzinfo=NY)  # clocks go back at 2:00 to 1:00
    found = parse("in 20 minutes", now)
    assert (found.at.astimezone(UTC) - now.astimezone(UTC)).total_seconds() == 20 * 60
    assert (found.at.hour, found.at.minute, found.at.fold) == (1, 10, 1)  # the second 1:10


def test_said_as_she_says_it():
    assert describe(datetime(2026, 12, 4, 18, 0, tzinfo=NY), WED) == "on Friday at 6 pm"
    assert describe(datetime(2026, 12, 3, 9, 30, tzinfo=NY), WED) == "tomorrow at 9:30 am"
    assert describe(datetime(2026, 12, 8, 9, 0, tzinfo=NY), WED,
                    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") == "every other Tuesday at 9 am"


def test_soon_is_said_in_minutes():
    assert describe(datetime(2026, 12, 2, 10, 35, tzinfo=NY), WED) == "in 20 minutes, at 10:35 am"


@pytest.mark.parametrize("text", ["at one point", "at one of these places", "by ten of them"])
def test_a_number_word_that_is_not_an_hour_is_left_alone(text):
    assert parse(text, WED).at is None
