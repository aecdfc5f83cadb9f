from datetime import datetime, timedelta, timezone

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.reflect import MIN_TURNS, reflect
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


@pytest.fixture
def setup(tmp_path):
    clock = {"now": datetime(2026, 11, 1, 9, tzinfo=timezone.utc)}

    def now():
        clock["now"] += timedelta(minutes=1)
        return clock["now"]

    store = Store(tmp_path / "r.db", clock=now)
    memories = Memories(store, HashingEmbedder())
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    companion = Companion(store, FakeModel(), user, memories=memories)
    session = store.start_session(user, "t")
    yield store, memories, companion, session
    store.close()


def talk(companion, session, lines):
    for line in lines:
        companion.ask(line, session)


def test_nothing_until_enough_was_said(setup):
    store, memories, companion, session = setup
    talk(companion, session, ["hello"] * (MIN_TURNS - 1))
    assert reflect(memories, companion.user_id, None, "Theo") is None


def test_counted_insights_name_what_keeps_coming_up(setup):
    store, memories, companion, session = setup
    talk(companion, session, [
        "Anna called me about the wedding.", "I painted all morning.", "Anna wants help with flowers.",
        "The weather is grey.", "Painting calms me down.", "Anna is stressed.", "Work was long.",
        "I tried painting the harbour.", "Lunch was fine.", "Nothing much today."])
    result = reflect(memories, companion.user_id, None, "Theo")
    assert result.source == "counts"
    assert "Theo has mentioned Anna in 3 conversations lately; Anna matters to them." in result.insights
    stored = memories.list(companion.user_id, kind="insight")
    assert {m.text for m in stored} == set(result.insights) and stored[0].importance == 0.8
    # a second reflection only looks at what was said since
    assert reflect(memories, companion.user_id, None, "Theo") is None


def test_model_insights_are_filtered(setup):
    store, memories, companion, session = setup
    talk(companion, session, [f"line {i}" for i in range(MIN_TURNS)])
    model = FakeModel(["Here is what I noticed:\n- Theo seems lonely since the move and misses his friends.\n"
                       "- As an AI I cannot know.\n- ok\n2. Theo lights up when talking about his sister."])
    result = reflect(memories, companion.user_id, model, "Theo")
    assert result.source == "model"
    assert result.insights == ["Theo seems lonely since the move and misses his friends.",
                               "Theo lights up when talking about his sister."]
    assert "line 0" in model.history[0][-1].content


def test_insights_come_back_when_relevant(setup):
    store, memories, companion, session = setup
    talk(companion, session, [f"line {i}" for i in range(MIN_TURNS)])
    reflect(memories, companion.user_id,
            FakeModel(["- Theo misses the ocean since moving inland to Denver."]), "Theo")
    companion.ask("I keep dreaming about the ocean lately.", session)
    note = companion.model.history[-1][-2].content
    assert "(your thought" in note and "misses the ocean" in note


class ServerModel(FakeModel):
    model_id = "openai:big"


def test_a_capable_model_adds_facts_checked_against_the_allowed_keys(setup):
    store, memories, companion, session = setup
    talk(companion, session, ["I spent the weekend in Lisbon with Marta, my girlfriend."] +
         [f"line {i}" for i in range(MIN_TURNS)])
    model = ServerModel(["- Theo loves travelling with Marta.",
                         "person: girlfriend: Marta: lives_in: Lisbon\nfavourite_colour: blue\n"
                         "likes:travel: travel\nage: unknown\nperson: robot: Zed"])
    result = reflect(memories, companion.user_id, model, "Theo")
    assert result.facts == 2  # likes:travel and Marta
    facts = {f.key: (f.value, f.source) for f in store.facts(companion.user_id)}
    marta = next(p for p in store.people(companion.user_id) if p.name == "Marta")
    assert marta.relation == "girlfriend" and marta.facts == {"lives_in": "Lisbon"}
    assert marta.sources["lives_in"] == "reflection:model"
    assert not any(p.name == "Zed" for p in store.people(companion.user_id))
    assert facts["likes:travel"] == ("travel", "reflection:model")
    assert "favourite_colour" not in facts and "age" not in facts


def test_the_small_bundled_models_are_not_asked_for_facts(setup):
    store, memories, companion, session = setup
    talk(companion, session, [f"line {i}" for i in range(MIN_TURNS)])
    model = FakeModel(["- Theo is steady."])
    result = reflect(memories, companion.user_id, model, "Theo")
    assert result.facts == 0 and len(model.history) == 1  # only the insights were asked for


class ForgetsWhileWriting(FakeModel):
    """A model during whose answer the user forgets what they said (another door, same user)."""

    def __init__(self, replies, forget):
        super().__init__(replies)
        self.forget = forget

    def stream(self, messages, options=None):
        self.forget()
        yield from super().stream(messages, options)


def test_a_forget_while_the_model_reflects_keeps_nothing_it_read(setup):
    from os1.mind.reflect import Interrupted

    store, memories, companion, session = setup
    companion = Companion(store, FakeModel(["Noted."] * (MIN_TURNS + 1)), companion.user_id,
                          memories=memories)
    talk(companion, session, ["My locker code is 4417."] + [f"line {i}" for i in range(MIN_TURNS)])
    locker = next(m for m in memories.list(companion.user_id, limit=50)
                  if m.text.startswith("My locker"))
    model = ForgetsWhileWriting(["- Theo keeps his locker code 4417 in mind at the gym."],
                                lambda: memories.forget(companion.user_id, locker.id))
    with pytest.raises(Interrupted):
        reflect(memories, companion.user_id, model, "Theo")
    left = [(m.kind, m.text) for m in memories.list(companion.user_id, limit=100) if "4417" in m.text]
    assert not left, left
    # the next reflection reads only what is left
    result = reflect(memories, companion.user_id, FakeModel(["- Theo counts lines lately, calmly."]),
                     "Theo")
    assert result.insights == ["Theo counts lines lately, calmly."]


def test_a_reflection_cut_before_its_end_runs_again_and_grows_once(setup, monkeypatch):
    import os1.mind.reflect as reflecting

    store, memories, companion, session = setup
    talk(companion, session, [f"I love pottery, I was at the wheel again, glaze {i}!"
                              for i in range(MIN_TURNS)])
    real_grow = reflecting.grow

    def grow_then_die(*args, **kwargs):
        real_grow(*args, **kwargs)
        raise KeyboardInterrupt  # the process killed after her self grew, before the insights

    monkeypatch.setattr(reflecting, "grow", grow_then_die)
    with pytest.raises(KeyboardInterrupt):
        reflect(memories, companion.user_id, None, "Theo")
    assert memories.list(companion.user_id, kind="insight") == []  # so it is not marked done
    grown = store.self_changes(companion.user_id)
    assert grown
    monkeypatch.setattr(reflecting, "grow", real_grow)
    result = reflect(memories, companion.user_id, None, "Theo")  # the job, run again
    assert result.insights and result.changes == 0  # the steps taken are not taken twice
    assert store.self_changes(companion.user_id) == grown
