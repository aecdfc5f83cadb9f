"""Calendar files: what goes out comes back the same; events from other calendars come in."""

from datetime import datetime
from zoneinfo import ZoneInfo

from os1.reminders import ics
from os1.tools import activity
from os1.tools.base import Context

NY = ZoneInfo("America/New_York")


def test_round_trip(talk, tmp_path):
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    talk("remind me to water the plants every other Tuesday at 9", "Sure.")
    talk("put the dentist in my calendar for Tuesday at 3pm", "Okay.")
    talk("put Mum's birthday in my calendar on December 20", "Okay.")
    path = tmp_path / "out.ics"
    assert ics.export(talk.store, talk.user, path) == 4
    text = path.read_text()
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in text and "BEGIN:VALARM" in text
    assert "DTSTART;VALUE=DATE:20261220" in text and "TZID=America/New_York" in text
    before = {(i.uid, i.kind, i.text, i.at, i.rrule, i.all_day, i.minutes)
              for i in talk.store.reminders(talk.user)}
    other = talk.store.user("restored")
    now = datetime(2026, 12, 2, 10, 15, tzinfo=NY)
    assert ics.import_file(talk.store, other, path, now) == {"added": 4, "updated": 0, "same": 0}
    after = {(i.uid, i.kind, i.text, i.at, i.rrule, i.all_day, i.minutes)
             for i in talk.store.reminders(other)}
    assert after == before
    assert ics.import_file(talk.store, other, path, now)["same"] == 4  # by UID: no duplicates


OUTSIDE = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
BEGIN:VEVENT
UID:standup@example.com
SUMMARY:Standup
DTSTART;TZID=Europe/Berlin:20261130T093000
DTEND;TZID=Europe/Berlin:20261130T094500
RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
EXDATE;TZID=Europe/Berlin:20261202T093000
END:VEVENT
BEGIN:VEVENT
UID:past@example.com
SUMMARY:Old party
DTSTART:20250101T200000Z
END:VEVENT
BEGIN:VEVENT
UID:floating@example.com
SUMMARY:Yoga
DTSTART:20261205T080000
DURATION:PT1H
END:VEVENT
END:VCALENDAR
"""


def test_events_from_another_calendar(tmp_path, store):
    user = store.user()
    path = tmp_path / "in.ics"
    path.write_bytes(OUTSIDE)
    now = datetime(2026, 12, 2, 1, 0, tzinfo=NY)  # 07:00 on Wednesday in Berlin
    assert ics.import_file(store, user, path, now)["added"] == 3
    standup = store.reminder_by_uid(user, "standup@example.com")
    # Wednesday's was cancelled (EXDATE): the next is Friday, 9:30 in Berlin
    assert standup.at == datetime(2026, 12, 4, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert (standup.minutes, standup.zone) == (15, "Europe/Berlin")
    assert store.reminder_by_uid(user, "past@example.com").status == "done"  # over: never raised
    yoga = store.reminder_by_uid(user, "floating@example.com")
    assert yoga.at == datetime(2026, 12, 5, 8, 0, tzinfo=NY) and yoga.minutes == 60


def test_an_alarm_goes_out_as_a_valarm_and_comes_back(talk, tmp_path):
    talk("put lunch with Sam in my calendar Thursday at 12:30 and remind me 30 minutes before",
         "Enjoy!")
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    talk("remind me 10 minutes before the call with Amy", "Sure.")
    path = tmp_path / "out.ics"
    ics.export(talk.store, talk.user, path)
    text = path.read_text()
    assert "TRIGGER:-PT30M" in text and "TRIGGER:-PT10M" in text
    other = talk.store.user("restored")
    ics.import_file(talk.store, other, path, datetime(2026, 12, 2, 10, 15, tzinfo=NY))
    assert {(i.text, i.alarm) for i in talk.store.reminders(other)} == {("lunch with Sam", 30),
                                                                         ("call Amy", 10)}


ALARMED = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
BEGIN:VEVENT
UID:review@example.com
SUMMARY:Review
DTSTART:20261210T150000Z
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;RELATED=START:-P1D
END:VALARM
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT2H
END:VALARM
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;RELATED=END:-PT5M
END:VALARM
END:VEVENT
END:VCALENDAR
"""


def test_an_outside_events_earliest_alarm_before_its_start_is_read(tmp_path, store):
    user = store.user()
    path = tmp_path / "in.ics"
    path.write_bytes(ALARMED)
    ics.import_file(store, user, path, datetime(2026, 12, 2, 10, 15, tzinfo=NY))
    assert store.reminder_by_uid(user, "review@example.com").alarm == 1440


def test_an_import_is_not_an_action_she_took(talk, tmp_path):
    path = tmp_path / "in.ics"
    path.write_bytes(OUTSIDE)
    ics.import_file(talk.store, talk.user, path, talk.companion.local_now())
    ctx = Context(talk.store, talk.user, talk.companion.local_now())
    out = activity.act("list_calendar", {"days": 7}, ctx)
    assert "Standup" in out.said and talk.store.activities(talk.user) == []
