"""Raising reminders: at their minute, once, across restarts and windows; missed ones on the
next open; repeating ones move on."""

import threading
from datetime import timedelta

from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.reminders.due import Watcher, raise_due, say_due

from .conftest import NOW, Clock


def companion_at(path, at):
    store = Store(path, clock=Clock(at))
    user = store.user()
    store.set_setting(user, "timezone", "America/New_York")
    return Companion(store, FakeModel(), user), store


def test_a_reminder_said_in_chat_is_raised_once_after_a_restart(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    session = store.start_session(me.user_id, "chat")
    me.ask("remind me to call Amy in 20 minutes", session)
    assert say_due(me, session) is None  # not yet
    store.close()
    # the process ends; the machine wakes 25 minutes later and chat opens again
    me, store = companion_at(tmp_path / "r.db", NOW + timedelta(minutes=25))
    session = store.start_session(me.user_id, "chat")
    said = say_due(me, session)
    assert said == "While you were away: you asked me to remind you to call Amy at 10:35 am."
    assert say_due(me, session) is None  # never twice
    assert store.recent_turns(me.user_id, 1)[0].content == said  # part of the conversation
    store.close()
    me, store = companion_at(tmp_path / "r.db", NOW + timedelta(hours=2))
    assert say_due(me, None) is None  # nor after another restart
    store.close()


def test_at_its_minute_it_is_said_as_due(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    session = store.start_session(me.user_id, "chat")
    me.ask("remind me to call Amy at 11", session)
    store.clock.at = NOW + timedelta(minutes=45, seconds=20)  # 11:00:20 in New York
    assert say_due(me, session) == "It's 11 am: time to call Amy."
    store.close()


def test_a_repeating_reminder_moves_to_its_next_time(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    session = store.start_session(me.user_id, "chat")
    me.ask("remind me to take my vitamins every day at 8am", session)
    [item] = store.reminders(me.user_id)
    assert (item.at.day, item.at.hour) == (3, 8)
    store.clock.at = item.at.astimezone(NOW.tzinfo) + timedelta(seconds=30)
    assert say_due(me, session) == "It's 8 am: time to take your vitamins."
    [item] = store.reminders(me.user_id)
    assert (item.at.day, item.at.hour, item.status) == (4, 8, "active")
    store.clock.at += timedelta(days=3)  # three missed: said once, then tomorrow's
    assert say_due(me, session).startswith("While you were away: you asked me to remind you to take")
    [item] = store.reminders(me.user_id)
    assert (item.at.day, item.at.hour) == (7, 8)
    store.close()


def test_two_windows_raise_it_once(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    me.ask("remind me to call Amy in 5 minutes", store.start_session(me.user_id, "chat"))
    later = NOW + timedelta(minutes=6)
    others = [Store(tmp_path / "r.db", clock=Clock(later)) for _ in range(4)]
    got, start = [], threading.Barrier(len(others))

    def window(s):
        start.wait()
        got.extend(raise_due(s, me.user_id, me.local_now() + timedelta(minutes=6)))

    threads = [threading.Thread(target=window, args=(s,)) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 1
    for s in [*others, store]:
        s.close()


def test_the_watcher_raises_in_the_background_and_waits_for_a_reply(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    session = store.start_session(me.user_id, "chat")
    me.ask("remind me to stretch in 1 minute", session)
    heard, busy = [], threading.Lock()
    watcher = Watcher(me, session, heard.append, busy, every_s=0.02)
    with busy:  # she is answering: it waits
        store.clock.at = NOW + timedelta(minutes=1, seconds=5)
        watcher.start()
        threading.Event().wait(0.1)
        assert heard == []
    for _ in range(100):
        if heard:
            break
        threading.Event().wait(0.02)
    watcher.close()
    assert heard == ["It's 10:16 am: time to stretch."]
    store.close()


def test_an_alarm_rings_ahead_of_its_event_once_then_the_event_itself(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)  # 10:15 in New York
    session = store.start_session(me.user_id, "chat")
    me.ask("put the dentist in my calendar today at 3pm and remind me 15 minutes before", session)
    store.clock.at = NOW + timedelta(hours=4, minutes=29)  # 14:44
    assert say_due(me, session) is None  # not yet
    store.clock.at += timedelta(seconds=80)
    assert say_due(me, session) == "The dentist is in 15 minutes, at 3 pm."
    assert say_due(me, session) is None  # once
    me, store2 = companion_at(tmp_path / "r.db", store.clock.at + timedelta(minutes=5))
    assert say_due(me, None) is None  # nor after a restart
    store2.clock.at += timedelta(minutes=10, seconds=5)
    assert say_due(me, None) == "It's 3 pm: the dentist is now."
    store.close()
    store2.close()


def test_a_weekly_events_alarm_rings_before_each_time_and_follows_a_move(tmp_path):
    me, store = companion_at(tmp_path / "r.db", NOW)
    session = store.start_session(me.user_id, "chat")
    me.ask("put yoga in my calendar every Thursday at 8am", session)
    me.ask("remind me an hour before yoga", session)
    [item] = store.reminders(me.user_id)
    assert item.alarm == 60
    store.clock.at = item.at.astimezone(NOW.tzinfo) - timedelta(minutes=59)
    assert say_due(me, session) == "Yoga is in 59 minutes, at 8 am."
    store.clock.at += timedelta(minutes=60)
    assert say_due(me, session) == "It's 8 am: yoga is now."
    [item] = store.reminders(me.user_id)  # next Thursday's rings again
    store.clock.at = item.at.astimezone(NOW.tzinfo) - timedelta(minutes=30)
    assert say_due(me, session) == "Yoga is in 30 minutes, at 8 am."
    store.close()
