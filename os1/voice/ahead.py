"""Reading ahead while the user speaks: a guess at their words so far, and a local model
reading the prompt that guess makes, so that when they finish only their last words are new.

On two cores the default model reads about 100 tokens a second, and a turn's new part (its
feelings, memories and the user's words) is about 50 to 200 tokens. ``os1 talk`` guesses every
second of speech; the web app's hold-to-talk does the same while the button is held.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

import numpy as np

from os1.mind.turn import Companion
from os1.voice.words import normalize

EVERY_MS = 1000  # speech between guesses


def can_read_ahead(companion: Companion) -> bool:
    """Only a model in this process can read ahead (a model server keeps its own cache)."""
    return getattr(companion.model, "warm", None) is not None


class Guess:
    """Hear ``audio`` (the utterance so far) with ``hear``, then let the model read the prompt
    it makes. ``stop`` ends it early (the turn needs the model, or a newer guess has come);
    ``done`` is set when it is over, and ``notify`` called."""

    def __init__(self, companion: Companion, hear: Callable[[np.ndarray], str],
                 audio: np.ndarray, notify: Callable[[], None] = lambda: None,
                 mind: threading.Lock | None = None):
        self.stop, self.done = threading.Event(), threading.Event()
        self.text = ""
        threading.Thread(target=self._run, args=(companion, hear, audio, notify, mind),
                         daemon=True, name="os1-voice-guess").start()

    def _run(self, companion: Companion, hear: Callable[[np.ndarray], str], audio: np.ndarray,
             notify: Callable[[], None], mind: threading.Lock | None) -> None:
        try:
            self.text = hear(audio)
            if not normalize(self.text) or self.stop.is_set():
                return
            with mind or contextlib.nullcontext():  # not while a turn talks to the companion
                messages = companion.anticipate(self.text)
            warm = getattr(companion.model, "warm", None)  # only a model in this process has it
            if warm is not None:
                warm(messages, self.stop)
        except Exception:  # a guess only buys speed: the turn itself reports real errors
            pass
        finally:
            self.done.set()
            notify()
