"""A "tomorrow" said back days later is the day it meant."""

from datetime import datetime, timedelta, timezone

from os1.bench.talk import ScriptClock
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.dated import dated
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

MONDAY = datetime(2026, 3, 2, 20, 0, tzinfo=timezone.utc)
TOLD = "You told me you have to square it with your boss tomorrow. Tonight you're wiped."


def test_the_day_words_of_a_message_are_said_as_the_day_they_meant():
    assert dated(TOLD, MONDAY, MONDAY + timedelta(hours=1)) == TOLD  # the same day: as said
    assert dated(TOLD, MONDAY, MONDAY + timedelta(days=1)) == (
        "You told me you have to square it with your boss today. Last night you're wiped.")
    assert dated(TOLD, MONDAY, MONDAY + timedelta(days=3)) == (
        "You told me you have to square it with your boss on Tuesday. On Monday night you're wiped.")
    assert dated("You told me it was yesterday morning", MONDAY, MONDAY + timedelta(days=20)) == (
        "You told me it was on the morning of 1 March")
    assert dated("this morning was awful", MONDAY, MONDAY + timedelta(days=2)) == "on Monday morning was awful"


def test_her_first_words_days_later_say_the_day_not_tomorrow(tmp_path):
    clock = ScriptClock(MONDAY)
    store = Store(tmp_path / "d.db", clock=clock)
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    store.set_fact(user, "name", "Theo", "interview")
    me = Companion(store, FakeModel(["I hear you."] * 10), user, memories=Memories(store, HashingEmbedder()))
    me.ask("My dad's having a triple bypass tomorrow. I have to square the time off with my boss.",
           store.start_session(user, "t"))
    clock.advance(timedelta(days=3))
    result = me.ask("remind me, when did I say my dad's bypass was?", store.start_session(user, "t"))
    assert "bypass on Tuesday" in result.first and "tomorrow" not in result.first
    assert "on Tuesday" in result.text
    store.close()
