"""A scripted month with one person, through the real pipeline (a fake model): the mood, the
companion's self, the user model and the relationship all change in ways we can check, and
the timeline shows it."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from os1.cli import main
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import open_store
from os1.mind import persona, relationship
from os1.mind.reflect import reflect
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

START = datetime(2026, 10, 1, 17, 0, tzinfo=timezone.utc)  # a Thursday, 17:00

WEEKS = [
    # week 1: new, a little low, brief
    ["hey", "long day", "work was meh", "im tired", "sister called", "not much", "ok",
     "i miss home", "bad week honestly", "yeah", "night"],
    # week 2: climbing and Maya, happy and chatty
    ["I went climbing with Maya after work and it was honestly the best evening I've had in months!",
     "The climbing gym near the river has a new wall and Maya says I'm getting better every week.",
     "I love climbing because it makes me forget about work and just focus on the next hold!",
     "Maya and I are planning a climbing trip to the coast next month, I can't wait, it'll be amazing.",
     "Thank you for listening to me go on about climbing, you're a wonderful friend to talk to!",
     "My name is Theo, by the way, and I live in Boston near the river.",
     "I got a new chalk bag for climbing and Maya laughed because it has little cats on it!",
     "Work feels lighter now that I have climbing to look forward to after long days at the office.",
     "We watched a climbing film with friends tonight and everyone was cheering at the end, so fun!",
     "I have a job interview on Monday and I'm nervous but hopeful about it.",
     "Climbing again tomorrow with Maya, we want to try the overhang route this time, wish me luck!"],
]


@pytest.fixture
def month(os1_home):
    clock = [START]
    store = open_store(clock=lambda: clock[0])
    memories = Memories(store, HashingEmbedder())
    user = store.user()
    store.set_persona(user, "Samantha", "scripted")
    model = FakeModel()
    companion = Companion(store, model, user, memories=memories)
    yield store, memories, companion, clock
    store.close()


def live_week(store, memories, companion, clock, lines, day):
    clock[0] = START + timedelta(days=day)
    session = store.start_session(companion.user_id, "chat")
    opened = companion.check_in(session, local_now=clock[0])
    for line in lines:
        clock[0] += timedelta(seconds=40)
        companion.ask(line, session)
    store.end_session(companion.user_id, session)
    reflect(memories, companion.user_id, None, "Theo")
    return opened


def test_a_month_changes_mood_self_user_model_and_relationship(month):
    store, memories, companion, clock = month
    user = companion.user_id
    live_week(store, memories, companion, clock, WEEKS[0], 0)
    low_mood = companion.affect(clock[0])
    close_1 = relationship.closeness(store, user, clock[0])
    style_1 = {f.key: f.value for f in store.facts(user) if f.key.startswith("style_")}
    assert style_1["style_length"] == "brief" and style_1["style_formality"] == "casual"
    self_1 = persona.current(store, user)
    assert self_1.traits["extraversion"] < persona.BASE["extraversion"]  # she grew quieter

    opened = live_week(store, memories, companion, clock, WEEKS[1], 7)
    assert opened is None  # nothing was planned yet
    happy_mood = companion.affect(clock[0])
    assert happy_mood.valence > low_mood.valence

    # the interview was on Monday the 12th; she asks about it the next time they talk, once
    assert live_week(store, memories, companion, clock, [], 13) == \
        "How did the job interview go? I've been wondering."
    assert live_week(store, memories, companion, clock, [], 14) is None
    for day in (16, 23):
        live_week(store, memories, companion, clock, WEEKS[1], day)

    me = persona.current(store, user)
    assert "climbing" in me.interests and "maya" in me.interests
    assert me.traits["extraversion"] > self_1.traits["extraversion"]
    assert me.traits["agreeableness"] > persona.BASE["agreeableness"]
    assert "climbing" in me.narrative and me.narrative != self_1.narrative
    assert any("climbing" in p for p in me.preferences)
    assert all(abs(me.traits[t] - persona.BASE[t]) <= persona.REACH for t in persona.TRAITS)

    facts = {f.key: f.value for f in store.facts(user)}
    assert facts["name"] == "Theo" and facts["lives_in"] == "Boston"
    assert facts["style_length"] == "long" and facts["style_formality"] != "casual"
    history = [f for f in store.facts(user, history=True) if f.key == "style_length"]
    assert history[0].value == "brief" and history[-1].value == "long"  # superseded, not lost
    assert all(f.valid_to for f in history[:-1]) and history[-1].valid_to is None

    close_2 = relationship.closeness(store, user, clock[0])
    assert close_2.value > close_1.value and close_2.level != close_1.level
    line = companion.recaller.recall(user, now=clock[0]).relationship
    assert "A moment you share" in line and "Theo" in line

    # the prompt carries who she is becoming and how Theo talks
    companion.model.enqueue(["Hi!"])
    companion.ask("Hello again", store.start_session(user, "chat"))
    system, note = companion.model.history[-1][0].content, companion.model.history[-1][-2].content
    assert "Who you are becoming" in system and "climbing" in system
    assert "three to five sentences" in note

    # the timeline shows it, with reasons; the user can plot, undo and pin
    runner = CliRunner()
    shown = runner.invoke(main, ["self"])
    assert shown.exit_code == 0 and "climbing" in shown.output and "Samantha" in shown.output
    listed = runner.invoke(main, ["self", "history", "--json"])
    changes = json.loads(listed.output)
    assert any(c["key"] == "extraversion" and "words a message" in c["reason"] for c in changes)
    drawing = Path(store.path).parent / "drift.svg"
    plotted = runner.invoke(main, ["self", "history", "--plot", str(drawing)])
    assert plotted.exit_code == 0
    svg = drawing.read_text()
    assert svg.startswith("<svg") and "extraversion" in svg and svg.count("<polyline") == 5

    interest = next(c for c in changes if c["aspect"] == "interest" and c["key"] == "maya")
    assert runner.invoke(main, ["self", "undo", str(interest["id"])]).exit_code == 0
    assert "maya" not in persona.current(store, user).interests or \
        persona.current(store, user).interests["maya"] == interest["old"]
    assert runner.invoke(main, ["self", "pin", "extraversion"]).exit_code == 0
    before = persona.current(store, user).traits["extraversion"]
    live_week(store, memories, companion, clock, WEEKS[0], 30)  # brief again: she'd grow quieter
    assert persona.current(store, user).traits["extraversion"] == before
    assert runner.invoke(main, ["self", "pin", "kindness!"]).exit_code == 1


def test_check_ins_keep_quiet_hours_and_stop_when_asked(month):
    store, memories, companion, clock = month
    user = companion.user_id
    session = store.start_session(user, "chat")
    companion.ask("I have an exam tomorrow and a dentist appointment on Friday.", session)
    late = START.replace(hour=23) + timedelta(days=1)
    assert companion.check_in(session, local_now=late) is None  # quiet hours
    clock[0] = START + timedelta(days=1, hours=1)
    assert companion.check_in(session, local_now=clock[0]) == "How did the exam go? I've been wondering."
    companion.ask("I don't want to talk about it.", session)
    assert companion.check_in(session, local_now=clock[0] + timedelta(hours=2)) is None  # one a day
    companion.ask("I have a presentation in 3 days.", session)
    companion.ask("Please stop checking in on me about stuff.", session)
    clock[0] = START + timedelta(days=6, hours=1)
    assert companion.check_in(session, local_now=clock[0]) is None
    assert store.setting(user, "checkins") == "off"
    assert "checkins" not in {f.key for f in store.facts(user)}  # a setting, not a fact


def test_check_ins_keep_the_users_hours_not_the_servers(month):
    store, memories, companion, clock = month
    user = companion.user_id
    session = store.start_session(user, "web")
    companion.ask("I have an exam tomorrow.", session)
    clock[0] = START + timedelta(days=1, hours=3)  # 20:00 UTC the next day
    store.set_setting(user, "timezone", "Asia/Tokyo")  # 05:00 there: asleep
    assert companion.local_now().hour == 5
    assert companion.check_in(session) is None
    store.set_setting(user, "timezone", "America/Los_Angeles")  # 13:00 there
    assert companion.check_in(session) == "How did the exam go? I've been wondering."
