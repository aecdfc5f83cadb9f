"""ReminderStore: reminders, calendar events and the tools' activity log."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from os1.memory.store_reminders import Activity, Reminder

from .life import NASTY, assert_plain, at_once, check_isolation

LISBON = ZoneInfo("Europe/Lisbon")


def test_a_reminder_round_trips_on_its_own_clock(store, users):
    a, _ = users
    at = datetime(2026, 12, 1, 8, 0, tzinfo=LISBON)
    reminder_id = store.add_reminder(a, "event", "dentist", at, "Europe/Lisbon",
                                     rrule="FREQ=WEEKLY", minutes=45, alarm=30, href="/cal/1",
                                     etag="e1")
    kept = store.reminder(a, reminder_id)
    assert isinstance(kept, Reminder)
    assert (kept.kind, kept.text, kept.at, kept.zone, kept.rrule, kept.minutes, kept.all_day,
            kept.status, kept.alarm, kept.href, kept.etag, kept.raised_at, kept.alarm_rung) == (
        "event", "dentist", at, "Europe/Lisbon", "FREQ=WEEKLY", 45, False, "active", 30, "/cal/1",
        "e1", None, None)
    assert kept.at.utcoffset() == timedelta(0) and kept.at.hour == 8  # Lisbon in winter is UTC
    assert kept.uid.endswith("@os1")
    assert store.reminder_by_uid(a, kept.uid) == kept
    assert store.reminder(a, reminder_id + 100) is None
    assert_plain(kept)


def test_a_time_keeps_its_hour_on_the_users_clock_across_daylight_saving(store, users):
    a, _ = users
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=LISBON)
    reminder_id = store.add_reminder(a, "reminder", "walk", summer, "Europe/Lisbon", all_day=True,
                                     uid="walk@home")
    kept = store.reminder_by_uid(a, "walk@home")
    assert (kept.id, kept.at, kept.at.hour, kept.all_day) == (reminder_id, summer, 8, True)
    assert kept.at.utcoffset() == timedelta(hours=1)


def test_reminders_are_soonest_first_by_kind_status_and_until(store, users, clock):
    a, _ = users
    now = clock()
    late = store.add_reminder(a, "reminder", "late", now + timedelta(days=3), "UTC")
    soon = store.add_reminder(a, "reminder", "soon", now + timedelta(days=1), "UTC")
    event = store.add_reminder(a, "event", "party", now + timedelta(days=2), "UTC")
    done = store.add_reminder(a, "reminder", "done", now, "UTC")
    store.update_reminder(a, done, status="done")
    assert [r.id for r in store.reminders(a)] == [soon, event, late]
    assert [r.id for r in store.reminders(a, kind="event")] == [event]
    assert [r.id for r in store.reminders(a, status=None)] == [done, soon, event, late]
    assert [r.id for r in store.reminders(a, status="done")] == [done]
    assert [r.id for r in store.reminders(a, until=now + timedelta(days=2))] == [soon]


def test_update_and_delete_say_whether_they_found_it(store, users, clock):
    a, _ = users
    reminder_id = store.add_reminder(a, "reminder", "call", clock() + timedelta(hours=1), "UTC")
    later = clock() + timedelta(hours=5)
    clock.advance(minutes=1)
    assert store.update_reminder(a, reminder_id, text="call mum", at=later, all_day=True, alarm=10)
    kept = store.reminder(a, reminder_id)
    assert (kept.text, kept.at, kept.all_day, kept.alarm) == ("call mum", later, True, 10)
    assert kept.updated_at == store.now()
    assert not store.update_reminder(a, reminder_id + 1, text="x")
    with pytest.raises(ValueError):
        store.update_reminder(a, reminder_id, colour="red")
    assert store.delete_reminder(a, reminder_id)
    assert not store.delete_reminder(a, reminder_id)
    assert store.reminder(a, reminder_id) is None


def test_a_due_reminder_is_claimed_once(store, users, clock):
    a, _ = users
    was = clock() - timedelta(minutes=1)
    once = store.add_reminder(a, "reminder", "once", was, "UTC")
    weekly = store.add_reminder(a, "reminder", "weekly", was, "UTC", rrule="FREQ=WEEKLY")
    assert store.claim_reminder(a, once, was, None)
    assert not store.claim_reminder(a, once, was, None)  # raised already
    assert store.reminder(a, once).status == "done"
    assert store.reminder(a, once).raised_at == store.now()
    following = was + timedelta(weeks=1)
    assert store.claim_reminder(a, weekly, was, following)
    assert not store.claim_reminder(a, weekly, was, following + timedelta(weeks=1))
    kept = store.reminder(a, weekly)
    assert (kept.status, kept.at) == ("active", following)


def test_raising_is_not_an_edit_and_a_synced_item_stays_synced(store, users, clock):
    a, _ = users
    was = clock()
    reminder_id = store.add_reminder(a, "reminder", "x", was, "UTC", rrule="FREQ=DAILY")
    store.mark_synced(a, reminder_id, "/cal/x.ics", "etag-1")
    kept = store.reminder(a, reminder_id)
    assert (kept.href, kept.etag, kept.synced) == ("/cal/x.ics", "etag-1", kept.updated_at)
    clock.advance(minutes=5)
    store.claim_reminder(a, reminder_id, was, was + timedelta(days=1))
    assert store.reminder(a, reminder_id).synced == store.reminder(a, reminder_id).updated_at
    store.update_reminder(a, reminder_id, text="y")
    kept = store.reminder(a, reminder_id)
    assert kept.synced != kept.updated_at  # an edit waits to be sent


def test_an_alarm_rings_once_before_its_time(store, users, clock):
    a, _ = users
    at = clock() + timedelta(minutes=45)
    item = store.add_reminder(a, "event", "meeting", at, "UTC", alarm=30)
    store.add_reminder(a, "event", "no alarm", at, "UTC")
    store.add_reminder(a, "event", "past", clock() - timedelta(minutes=1), "UTC", alarm=30)
    assert store.ringing(a, clock()) == []
    clock.advance(minutes=20)
    assert [r.id for r in store.ringing(a, clock())] == [item]
    assert store.claim_alarm(a, item, at)
    assert not store.claim_alarm(a, item, at)
    assert store.ringing(a, clock()) == []
    assert store.reminder(a, item).alarm_rung == at.isoformat(timespec="seconds")


def test_users_with_something_due_are_found_across_users(store, users, clock):
    a, b = users
    c = store.user("carol")
    now = clock()
    store.add_reminder(a, "reminder", "due", now - timedelta(minutes=1), "UTC")
    store.add_reminder(b, "event", "alarm in 10 days", now + timedelta(days=10), "UTC", alarm=15)
    store.add_reminder(c, "reminder", "far off", now + timedelta(days=30), "UTC")
    assert sorted(store.users_with_due(now)) == sorted([a, b])


def test_activity_round_trips_and_is_newest_first(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    turn = store.add_turn(a, session, "user", "remind me")
    first = store.add_activity(a, "remind", {"text": "call"}, "done", "reminded", {"id": 1},
                               {"tool": "delete", "id": 1}, turn)
    kept = store.activity(a, first)
    assert kept == Activity(first, "remind", {"text": "call"}, "done", "reminded", {"id": 1},
                            {"tool": "delete", "id": 1}, turn, store.now())
    clock.advance(seconds=1)
    second = store.add_activity(a, "mail", {}, "failed", "no server")
    assert store.activity(a, second).data == {} and store.activity(a, second).undo is None
    assert [x.id for x in store.activities(a)] == [second, first]
    assert [x.id for x in store.activities(a, limit=1)] == [second]
    assert store.activity(a, second + 1) is None
    assert_plain(store.activities(a))


def test_an_activity_changes_status_once_when_asked_to(store, users):
    a, _ = users
    pending = store.add_activity(a, "remind", {"text": "x"}, "pending", "shall I?")
    assert store.open_activity(a).id == pending
    assert store.set_activity(a, pending, "done", was="pending", summary="done it",
                              data={"id": 4}, undo={"id": 4}, args={"text": "y"})
    assert not store.set_activity(a, pending, "done", was="pending")  # a second yes
    kept = store.activity(a, pending)
    assert (kept.status, kept.summary, kept.data, kept.undo, kept.args) == (
        "done", "done it", {"id": 4}, {"id": 4}, {"text": "y"})
    assert store.open_activity(a) is None
    asking = store.add_activity(a, "remind", {}, "asking", "when?")
    assert store.open_activity(a).id == asking
    assert store.set_activity(a, asking, "failed")
    assert not store.set_activity(a, asking + 10, "failed")


def test_tool_rows_are_every_reminder_and_activity_as_stored(store, users, clock):
    a, _ = users
    store.add_reminder(a, "reminder", "x", clock(), "UTC")
    store.add_activity(a, "remind", {}, "done", "y")
    rows = store.tool_rows(a)
    assert {k: len(v) for k, v in rows.items()} == {"reminders": 1, "activity": 1}
    assert_plain(rows)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_reminder_and_an_activity(store, users, clock, kind):
    a, _ = users
    text = NASTY[kind]
    reminder_id = store.add_reminder(a, "reminder", text, clock(), "UTC", rrule=text, uid=text,
                                     href=text, etag=text)
    kept = store.reminder_by_uid(a, text)
    assert (kept.id, kept.text, kept.rrule, kept.href, kept.etag) == (reminder_id, text, text,
                                                                      text, text)
    store.update_reminder(a, reminder_id, text=text + "!")
    assert store.reminders(a)[0].text == text + "!"
    activity = store.add_activity(a, text, {text: text}, "pending", text, {"t": text}, {"u": text})
    kept_activity = store.activity(a, activity)
    assert (kept_activity.tool, kept_activity.args, kept_activity.summary, kept_activity.data,
            kept_activity.undo) == (text, {text: text}, text, {"t": text}, {"u": text})
    assert store.set_activity(a, activity, "done", was="pending", summary=text + "?")
    assert store.activity(a, activity).summary == text + "?"


def test_user_b_never_sees_or_changes_user_as_reminders(store, users):
    def trespass(store, a, b, ids):
        kept = store.reminder(a, ids["reminder"])
        assert store.reminder(b, ids["reminder"]) is None
        assert store.reminder_by_uid(b, kept.uid) is None
        assert store.activity(b, ids["activity"]) is None
        assert not store.update_reminder(b, ids["reminder"], text="B's")
        assert not store.claim_reminder(b, ids["reminder"], kept.at, None)
        assert not store.claim_alarm(b, ids["reminder"], kept.at)
        store.mark_synced(b, ids["reminder"], "/b", "b")
        assert not store.set_activity(b, ids["activity"], "done")
        assert not store.delete_reminder(b, ids["reminder"])
        assert ids["reminder"] not in [r.id for r in store.ringing(b, kept.at - timedelta(minutes=1))]
        store.add_reminder(b, "reminder", "B's own", kept.at, "UTC", uid=kept.uid)  # per user

    check_isolation(store, users, "reminders", trespass)


def test_times_are_kept_as_instants_whatever_zone_they_are_given_in(store, users):
    a, _ = users
    instant = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)  # the night clocks go forward
    reminder_id = store.add_reminder(a, "reminder", "x", instant.astimezone(LISBON),
                                     "Europe/Lisbon")
    assert store.reminder(a, reminder_id).at == instant


def test_a_reminder_raised_in_many_places_at_once_is_raised_once(store, users, clock):
    a, _ = users
    was = clock()
    reminder_id = store.add_reminder(a, "reminder", "x", was, "UTC")
    won = at_once(8, lambda i: store.claim_reminder(a, reminder_id, was, None))
    assert won.count(True) == 1
    alarm = store.add_reminder(a, "event", "y", was + timedelta(minutes=10), "UTC", alarm=30)
    rang = at_once(8, lambda i: store.claim_alarm(a, alarm, was + timedelta(minutes=10)))
    assert rang.count(True) == 1


def test_a_yes_said_in_many_windows_at_once_does_it_once(store, users):
    a, _ = users
    pending = store.add_activity(a, "remind", {}, "pending", "shall I?")
    assert at_once(8, lambda i: store.set_activity(a, pending, "done", was="pending")).count(True) == 1
