"""A companion in a temp store with a scripted fake model, and a way to talk with it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from os1.config import VoiceSettings
from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.voice.asr import FakeRecognizer
from os1.voice.audio import silence
from os1.voice.devices import VirtualDevice
from os1.voice.session import VoiceSession
from os1.voice.tts import FakeSynthesizer
from os1.voice.vad import EnergyDetector

LONG_REPLY = ("I was thinking about you today. The light on the water was lovely this morning. "
              "I wondered what you would make of it. Tell me about your day, all of it, "
              "the small things too.")


@dataclass
class Talk:
    store: Store
    companion: Companion
    model: FakeModel
    session_id: int

    def session(self, device: VirtualDevice, heard=("how was your day",), synth=None,
                detector=None, recognizer=None, end_of_turn=None, **settings) -> VoiceSession:
        return VoiceSession(self.companion, self.session_id, device,
                            recognizer or FakeRecognizer(list(heard)), synth or FakeSynthesizer(),
                            detector or EnergyDetector(), VoiceSettings(**settings),
                            end_of_turn=end_of_turn)

    def turns(self):
        return self.store.recent_turns(self.companion.user_id, 20)  # oldest first


@pytest.fixture
def talk(tmp_path):
    def make(*replies: str, delay: float = 0.0) -> Talk:
        store = Store(tmp_path / "voice.db")
        user = store.user()
        model = FakeModel(list(replies), delay=delay)
        companion = Companion(store, model, user)
        return Talk(store, companion, model, store.start_session(user, "voice"))
    return make


def question(words: str = "how was your day", lead_ms: float = 500) -> np.ndarray:
    """A spoken-sounding question from the fake voice, after a little silence."""
    return np.concatenate([silence(lead_ms), FakeSynthesizer().synthesize(words)])


def kinds(events, *wanted):
    return [e for e in events if e.kind in wanted]
