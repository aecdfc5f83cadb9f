"""Hands-free listening to audio that arrives in pieces (the web app's microphone, streamed over
its WebSocket): where speech starts, and when the turn is over.

The same rules as ``os1 talk``: the voice detector and ``Segmenter`` find the speech, the
end-of-turn rule is asked once a pause reaches its ``quiet_ms`` and again as the pause grows
(``turn.ask_now``), and ``end_silence_ms`` of quiet ends any turn. Once a pause reaches
``early_ms`` it says so with the speech so far (``pause``): its words are heard, and her reply
begun on them, while the end is decided; speaking on says ``resume``. The browser cancels her
echo itself, so there is no echo canceller here.
"""

from __future__ import annotations

import numpy as np

from os1.config import VoiceSettings
from os1.voice.audio import FRAME, RATE
from os1.voice.turn import EndOfTurn, QuietRule, ask_now
from os1.voice.vad import Segmenter, VoiceDetector

# ("start"|"drop"|"resume", None), ("pause"|"end", the 16 kHz utterance so far)
Heard = tuple[str, "np.ndarray | None"]
EARLY_MS = 250  # quiet after which the quiet rule hears the words so far, in case it ended


def early_ms(settings: VoiceSettings, end_of_turn: EndOfTurn) -> float:
    """The quiet after which a pause's words are heard. The quiet rule reads them to decide
    (``quick_end``), so it waits ``EARLY_MS``; with an end-of-turn model they only begin her
    reply, so they are heard after ``voice.hear_after_ms``, sooner than the model decides."""
    return EARLY_MS if isinstance(end_of_turn, QuietRule) else settings.hear_after_ms


def pause_reached(segmenter: Segmenter, min_speech_ms: float, quiet_ms: float) -> bool:
    """Whether a pause is long enough to hear the words so far (in case the turn ends here)."""
    return segmenter.silence_ms >= quiet_ms and segmenter.speech_ms >= min_speech_ms


class Listener:
    """Feed ``push`` the samples as they come, at ``rate``; it answers with what happened.
    ``push`` may take as long as the end-of-turn model does: call it off the event loop."""

    def __init__(self, detector: VoiceDetector, end_of_turn: EndOfTurn,
                 settings: VoiceSettings, rate: int):
        self.detector, self.end_of_turn, self.rate = detector, end_of_turn, rate
        self.resampler = Resampler(rate) if rate != RATE else None
        self.min_speech_ms = settings.min_speech_ms
        self.early_ms = early_ms(settings, end_of_turn)
        self.segmenter = Segmenter(end_silence_ms=settings.end_silence_ms,
                                   min_speech_ms=settings.min_speech_ms)
        self.pending = np.zeros(0, np.float32)  # 16 kHz samples short of a whole frame
        self.asked_ms = 0.0  # the quiet the end-of-turn rule was last asked at
        self.paused = False  # this pause's words were handed out (``pause``)

    def push(self, samples: np.ndarray) -> list[Heard]:
        if self.resampler:
            samples = self.resampler(samples)
        self.pending = np.concatenate([self.pending, np.asarray(samples, np.float32)])
        heard: list[Heard] = []
        while len(self.pending) >= FRAME:
            frame, self.pending = self.pending[:FRAME], self.pending[FRAME:]
            heard += self._frame(frame)
        return heard

    def _frame(self, frame: np.ndarray) -> list[Heard]:
        seg = self.segmenter
        said = seg.push(frame, self.detector.probability(frame))
        if said in ("start", "end", "drop"):
            self.asked_ms, self.paused = 0.0, False
        if said == "start":
            return [("start", None)]
        if said == "end":
            return [("end", seg.take().audio)]
        if said == "drop":
            return [("drop", None)]
        heard: list[Heard] = []
        if seg.active and seg.silent_frames == 0 and self.paused:
            self.paused = False
            heard.append(("resume", None))
        elif seg.active and not self.paused and pause_reached(seg, self.min_speech_ms, self.early_ms):
            self.paused = True
            heard.append(("pause", np.concatenate(seg.chunks)))
        if not seg.active or isinstance(self.end_of_turn, QuietRule):
            return heard  # the quiet rule is the segmenter's own
        if seg.silent_frames == 0:
            self.asked_ms = 0.0
        elif seg.speech_ms >= self.min_speech_ms \
                and ask_now(seg.silence_ms, self.asked_ms, self.end_of_turn.quiet_ms):
            self.asked_ms = seg.silence_ms
            try:
                finished = self.end_of_turn.finished(np.concatenate(seg.chunks))
            except Exception:  # a broken model leaves the decision to the quiet
                finished = False
            if finished:
                self.paused = False
                return [*heard, ("end", seg.take().audio)]
        return heard


class Resampler:
    """To 16 kHz piece by piece, carrying the filter's state across pieces (PyAV's, which comes
    with faster-whisper): resampling each piece alone rings at its edges, every 85 ms."""

    def __init__(self, rate: int):
        import av

        self.av, self.rate = av, rate
        self.resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        frame = self.av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, np.float32)[None, :], format="flt", layout="mono")
        frame.sample_rate = self.rate
        out = [f.to_ndarray().reshape(-1) for f in self.resampler.resample(frame)]
        return np.concatenate(out) if out else np.zeros(0, np.float32)
