"""Saying a reply while it is still being written: one piece shared by ``os1 talk`` and the
web app's voice.

``reply_aloud`` runs a companion turn, cuts the streamed text into pieces (her first clause, then
sentences) and hands each to a ``Speaker``, which synthesizes them in order on a thread of its
own. Her first clause is synthesized alone: the model waits the moment it takes (about 100 ms),
so on two cores it does not slow the one sound the user is waiting for; then the model writes
the rest while she says it. Setting ``cancel`` stops both: the model's stream is
closed (the turn is stored as interrupted) and unsaid sentences are dropped.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from contextlib import closing

import numpy as np

from os1.mind.turn import Companion, TurnResult
from os1.voice.audio import resample, silence
from os1.voice.prosody import Prosody, prosody
from os1.voice.sentences import Sentences, ends_sentence
from os1.voice.tts import Synthesizer

FIRST_WAIT_S = 2.0  # the longest the model waits for her first clause to be made


class Speaker:
    """Synthesizes pieces in order on its own thread; ``on_audio(sentence, samples, info)``
    gets each one's samples at ``rate`` (the synthesizer's own if None), its pause appended (a
    third of a sentence's after a clause: a breath, not a stop);
    ``info`` has ``synth_s`` (time taken) and ``audio_s`` (length before the pause)."""

    def __init__(self, synthesizer: Synthesizer,
                 on_audio: Callable[[str, np.ndarray, dict], None],
                 on_error: Callable[[str], None], cancel: threading.Event,
                 rate: int | None = None):
        self.synthesizer, self.on_audio, self.on_error = synthesizer, on_audio, on_error
        self.cancel, self.rate = cancel, rate or synthesizer.rate
        self._queue: queue.Queue = queue.Queue()
        self.first_at = 0.0  # when the first piece was handed over (perf_counter)
        self.first_done = threading.Event()  # the first piece is made (or dropped)
        self._thread = threading.Thread(target=self._run, daemon=True, name="os1-voice-speak")
        self._thread.start()

    def say(self, sentence: str, voice: Prosody) -> None:
        self.first_at = self.first_at or time.perf_counter()
        self._queue.put((sentence, voice))

    def close(self) -> None:
        """Wait until everything queued is said (or dropped, once cancelled)."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                if not self.cancel.is_set():
                    self._say(*item)
            finally:
                self.first_done.set()
                self._queue.task_done()
        self.first_done.set()
        self._queue.task_done()

    def _say(self, sentence: str, voice: Prosody) -> None:
        synth = self.synthesizer
        started = time.perf_counter()
        try:
            samples = synth.synthesize(sentence, voice)
        except Exception as exc:  # one unsayable sentence must not silence the rest
            self.on_error(str(exc))
            return
        took = time.perf_counter() - started
        if synth.rate != self.rate:
            samples = resample(samples, synth.rate, self.rate)
        info = {"synth_s": took, "audio_s": len(samples) / self.rate}
        pause = voice.pause_ms if ends_sentence(sentence) else voice.pause_ms // 3
        self.on_audio(sentence, np.concatenate([samples, silence(pause, self.rate)]), info)


def reply_aloud(companion: Companion, text: str, session_id: int, speaker: Speaker,
                on_text: Callable[[str], None] | None = None,
                result: TurnResult | None = None, first_alone: bool = True) -> TurnResult:
    """One turn, spoken: each chunk goes to ``on_text`` as it streams, each piece to the
    speaker in the voice of the mood the turn began in. Fills and returns ``result``.

    With ``first_alone`` the model waits while her first clause is synthesized (at most
    ``FIRST_WAIT_S``): on two cores the two would share the CPU and her first sound would come
    later (``os1 bench voice``, its ``tts`` stage); the model writes the rest while she says it."""
    result = result or TurnResult()
    splitter = Sentences()
    voice = None
    waiting = first_alone
    with closing(companion.turn(text, session_id, result)) as stream:
        for chunk in stream:
            if voice is None:  # the mood this reply is said in was set as the turn began
                voice = prosody(result.affect)
            if on_text:
                on_text(chunk)
            if speaker.cancel.is_set():
                break  # closing the generator stops the model; the turn is kept as interrupted
            for sentence in splitter.feed(chunk):
                speaker.say(sentence, voice)
            if waiting and speaker.first_at:
                waiting = False
                speaker.first_done.wait(FIRST_WAIT_S)
        else:
            for sentence in splitter.finish():
                speaker.say(sentence, voice or prosody(result.affect))
    return result
