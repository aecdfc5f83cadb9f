"""What the server shares across requests: settings, the store, the one model, the memory
service (with its vector cache), and a companion per active user."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict, deque
from typing import TYPE_CHECKING

from os1 import config
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.perceive import load_perceiver
from os1.mind.turn import Companion
from os1.models.base import Model, Options

if TYPE_CHECKING:
    from os1.voice.asr import Recognizer
    from os1.voice.tts import Synthesizer


class Service:
    def __init__(self, settings: config.Settings, store: Store, model: Model,
                 memories: Memories, accounts: bool, max_companions: int = 16384,
                 voice: tuple[Recognizer, Synthesizer] | None = None):
        self.settings = settings
        self.store = store
        self.model = model
        self.memories = memories
        self.accounts = accounts  # False: one person on their own machine, no sign-in
        self._companions: OrderedDict[int, Companion] = OrderedDict()
        self._max = max_companions
        self._lock = threading.Lock()
        self.limits = RateLimits()
        self.perceiver = load_perceiver(settings.emotion)  # one model, shared by everyone
        self.cores = threading.BoundedSemaphore(os.cpu_count() or 2)  # turns thinking at once
        self._voice = voice  # loaded on first use unless given
        self._voice_lock = threading.Lock()  # loading takes seconds: not under ``_lock``

    @property
    def voice_ready(self) -> bool:
        """Whether this server can hear and speak (its voice packages are installed)."""
        if self._voice is not None:
            return True
        from os1.voice import asr, tts

        return asr.installed(self.settings.voice.asr) and tts.installed(self.settings.voice.tts)

    def voice(self) -> tuple[Recognizer, Synthesizer]:
        """Speech recognition and a voice, loaded on first use and shared by everyone;
        ``OS1Error`` saying what to install when they are missing."""
        with self._voice_lock:
            if self._voice is None:
                from os1.voice.asr import load_recognizer
                from os1.voice.tts import load_synthesizer

                voice = self.settings.voice
                self._voice = (load_recognizer(voice), load_synthesizer(voice))
            return self._voice

    def companion(self, user_id: int) -> Companion:
        with self._lock:
            found = self._companions.get(user_id)
            if found is None:
                s = self.settings
                found = Companion(self.store, self.model, user_id,
                                  Options(max_tokens=s.max_tokens, temperature=s.temperature),
                                  history_turns=s.history_turns, memories=self.memories,
                                  recall_tokens=s.memory.recall_tokens,
                                  perceiver=self.perceiver, cores=self.cores)
                self._companions[user_id] = found
                if len(self._companions) > self._max:
                    self._companions.popitem(last=False)
            self._companions.move_to_end(user_id)
            return found

    def local_user(self) -> int:
        return self.store.user()


class RateLimits:
    """A sliding window per user and kind of request: ``allow`` is False once a user has made
    ``limit`` requests of that kind in the last ``per`` seconds."""

    RULES = {"api": (240, 60.0), "turn": (30, 60.0), "auth": (10, 60.0)}

    def __init__(self):
        self._seen: dict[tuple[object, str], deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: object, kind: str) -> bool:
        limit, per = self.RULES[kind]
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault((who, kind), deque())
            while seen and seen[0] <= now - per:
                seen.popleft()
            if len(seen) >= limit:
                return False
            seen.append(now)
            return True
