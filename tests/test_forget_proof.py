"""The proof that forget means forget: for each way a secret can arrive (typed, spoken, a fact,
a person's, an insight, a quoted moment), it is stored and used until it is recalled and noted, then
forgotten (by id, as a person who searched for it would, and by "forget everything about"),
and afterwards no byte of any file in the data dir holds it, nor the next prompt, nor a search.
The secret's one token survives the porter stemmer unchanged, so the index cannot hide it."""

from datetime import datetime, timedelta, timezone

import pytest

from os1.config import VoiceSettings
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.retrieve import Retriever
from os1.memory.store import open_store
from os1.mind.perceive import LexiconPerceiver
from os1.mind.reflect import reflect
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.voice.asr import FakeRecognizer
from os1.voice.devices import VirtualDevice
from os1.voice.session import VoiceSession
from os1.voice.tts import FakeSynthesizer
from os1.voice.vad import EnergyDetector

from .voice.conftest import question

SECRET = "zebra4417"
FILLER = ["I went swimming this morning.", "The water was cold but nice.",
          "Then I had breakfast with my neighbour.", "We talked about the weather a lot."]


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


class Life:
    """One person's companion in the data dir, with a fake model that records every prompt."""

    def __init__(self):
        self.clock = Clock()
        self.store = open_store(clock=self.clock)
        self.memories = Memories(self.store, HashingEmbedder())
        self.user = self.store.user()
        self.store.set_persona(self.user, "Samantha", "test")
        self.store.set_fact(self.user, "name", "Theodore", "interview")
        self.model = FakeModel()
        self.me = Companion(self.store, self.model, self.user, memories=self.memories,
                            history_turns=2, perceiver=LexiconPerceiver())
        self.session = self.store.start_session(self.user, "chat")

    def say(self, text: str) -> None:
        self.me.ask(text, self.session)

    def prompt(self) -> str:
        return "\n".join(m.content for m in self.model.history[-1]).lower()


def typed(life: Life) -> None:
    life.say(f"My locker code is {SECRET.upper()}, at the gym.")


def spoken(life: Life) -> None:
    device = VirtualDevice(question("my locker code is"))
    VoiceSession(life.me, life.session, device, FakeRecognizer([f"my locker code is {SECRET}"]),
                 FakeSynthesizer(), EnergyDetector(), VoiceSettings()).run()
    assert SECRET in life.store.recent_turns(life.user, 2)[0].content


def fact(life: Life) -> None:
    """A fact corrected through the memory API (PATCH /api/memories/{id} is ``edit``), then
    corrected again: the secret is an old value, recalled as "no longer true"."""
    life.say("I love hiking in the hills.")
    hiking = next(m for m in life.memories.list(life.user, kind="fact") if m.key.startswith("likes"))
    secret = life.memories.edit(life.user, hiking.id, f"the locker with code {SECRET}")
    life.say("Good to know.")
    assert SECRET in life.prompt()  # what it knows about them: the standing block
    life.memories.edit(life.user, secret.id, "swimming")  # the secret lives on in its history


def person(life: Life) -> None:
    """Something said of a person in the user's life: kept with the person, in the prompt."""
    life.say(f"My brother Omar teaches {SECRET} locker codes.")
    assert any(SECRET in v for p in life.store.people(life.user) for v in p.facts.values())
    life.say("Good to know.")
    assert SECRET in life.prompt()


def insight(life: Life) -> None:
    for text in FILLER:
        life.say(text)
    life.model.enqueue([f"- Theodore keeps thinking about his locker code {SECRET} lately."])
    result = reflect(life.memories, life.user, life.model, "Theodore", force=True)
    assert result.source == "model"


def moment(life: Life) -> None:
    life.say(f"I am devastated and heartbroken, my {SECRET} locker was broken into.")
    life.clock.now += timedelta(days=1)  # the relationship line quotes moments from before today
    life.say("Good morning.")
    assert f"told you \"i am devastated and heartbroken, my {SECRET}" in life.prompt()


def forget_by_id(life: Life) -> None:
    for m in life.memories.list(life.user, limit=1000, history=True):
        if SECRET in m.label().lower():
            assert life.memories.forget(life.user, m.id)


def forget_about(life: Life) -> None:
    assert life.memories.about(life.user, SECRET).count
    life.memories.forget_about(life.user, SECRET)


@pytest.mark.parametrize("forget", [forget_by_id, forget_about], ids=["by-id", "about"])
@pytest.mark.parametrize("arrive", [typed, spoken, fact, person, insight, moment],
                         ids=["typed", "spoken", "fact", "person", "insight", "moment"])
def test_a_forgotten_secret_leaves_no_trace_anywhere(arrive, forget, os1_home):
    life = Life()
    arrive(life)
    for text in FILLER:
        life.say(text)
    life.say("What was my locker code again?")
    assert SECRET in life.prompt()  # recalled (and so noted with the turn)
    assert any(SECRET in t.meta.get("note", "").lower()
               for t in life.store.recent_turns(life.user, 100))
    life.say("Thanks, and what about the locker?")
    forget(life)

    life.say("What was my locker code again?")
    assert SECRET not in life.prompt()
    life.clock.now += timedelta(hours=1)
    life.say("And the locker?")
    assert SECRET not in life.prompt()
    hits = Retriever(life.memories).search(life.user, f"locker code {SECRET}", life.clock(), k=50)
    assert not [h for h in hits if SECRET in h.memory.label().lower()]
    life.store.close()
    holding = [str(p) for p in os1_home.rglob("*")
               if p.is_file() and SECRET.encode() in p.read_bytes().lower()]
    assert holding == []
