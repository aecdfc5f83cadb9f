"""Knowing when the user has finished: asked in each pause, from the sound of their voice.

A fixed silence is a poor judge: "I was thinking… maybe the beach" has a pause inside it, and a
finished question waits out the same silence as one that trails off. Smart Turn v3.2 (Daily,
BSD-2-Clause; about 8M parameters, an 8.7 MB int8 ONNX file for the CPU) hears the last 8 s of
an utterance and says whether the speaker has finished, from intonation and rhythm: a pause
inside a sentence no longer ends the turn, and a finished question needs only a short quiet.

Its file ships inside the ``pipecat-ai`` wheel on PyPI; OS1 takes only that file (and the
licence) out of the wheel, not the framework (``python -m os1.voice.turn WHEEL``, which
scripts/install.sh runs). Features are Whisper's 80-band log-mel spectrogram of the
normalised 8 s window, which faster-whisper's feature extractor computes (the same numbers as
the reference, to 2e-7).

The rules, chosen by ``voice.turn_end``:
- ``smart``: Smart Turn, asked after ``voice.turn_quiet_ms`` of quiet and again as the quiet
  grows; ``voice.end_silence_ms`` still ends any turn. Without the model file it falls back
  to ``quiet`` and says why.
- ``quiet``: the turn is over when the quiet reaches ``voice.end_silence_ms`` (and sooner,
  with ``voice.quick_end``, when the recognised words already read finished).
- ``fake``: scripted answers, for tests.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from os1.errors import OS1Error
from os1.voice.audio import RATE

NAMES = ("smart", "quiet", "fake")
FILE = "smart-turn-v3.2-cpu.onnx"
LICENCE = "smart-turn-LICENSE"
SHA256 = "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"
WHEEL = "pipecat-ai==1.14.0"
IN_WHEEL = "pipecat/audio/turn/smart_turn/data/" + FILE
WINDOW_S = 8  # the model hears the last 8 s, zero-padded in front when shorter
# Above it, the speaker has finished. The model's own bar is 0.5; on `os1 bench turnend` 0.8
# cut off fewer paused sentences than the rule it replaces (50% against 54%) and still decided
# sooner (545 against 616 ms p50), where 0.5 cut off more (62%).
THRESHOLD = 0.8


class EndOfTurn(Protocol):
    """Whether the user has finished, asked when a pause reaches ``quiet_ms`` (and again as it
    grows). ``finished`` gets the utterance so far (16 kHz, its quiet included) and may take
    tens of milliseconds: the voice loop calls it from a worker thread."""

    name: str
    quiet_ms: float

    def finished(self, audio: np.ndarray) -> bool: ...


class QuietRule:
    """The quiet alone decides: finished once it has lasted ``quiet_ms``."""

    name = "quiet"

    def __init__(self, quiet_ms: float = 700, note: str = ""):
        self.quiet_ms = quiet_ms
        self.note = note  # why this rule serves when another was asked for

    def finished(self, audio: np.ndarray) -> bool:
        return True


class FakeEndOfTurn:
    """Answers ``answers`` in order, then ``default``; ``heard`` keeps the audio it was given."""

    name = "fake"

    def __init__(self, answers: Sequence[bool] = (), default: bool = True, quiet_ms: float = 200):
        self.answers, self.default, self.quiet_ms = list(answers), default, quiet_ms
        self.heard: list[np.ndarray] = []

    def finished(self, audio: np.ndarray) -> bool:
        self.heard.append(audio)
        return self.answers.pop(0) if self.answers else self.default


class SmartTurn:
    """Smart Turn v3.2 through onnxruntime, on one thread so it leaves the other core to the
    model and the voice."""

    name = "smart"

    def __init__(self, path: Path, quiet_ms: float = 200, threshold: float = THRESHOLD):
        try:
            import onnxruntime
            from faster_whisper.feature_extractor import FeatureExtractor
        except ImportError:
            raise OS1Error("Smart Turn needs onnxruntime and faster-whisper: pip install "
                           "faster-whisper==1.2.1, or set voice.turn_end to quiet.") from None
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = options.intra_op_num_threads = 1
        options.log_severity_level = 4
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                                    providers=["CPUExecutionProvider"])
        self.features = FeatureExtractor(feature_size=80, chunk_length=WINDOW_S)
        self.quiet_ms, self.threshold = quiet_ms, threshold

    def probability(self, audio: np.ndarray) -> float:
        """How likely the speaker has finished, from the last ``WINDOW_S`` of ``audio``."""
        size = WINDOW_S * RATE
        window = np.asarray(audio, np.float32)[-size:]
        window = np.pad(window, (size - len(window), 0))
        window = (window - window.mean()) / np.sqrt(window.var() + 1e-7)
        mel = self.features(window, padding=0)[None].astype(np.float32)
        out = self.session.run(None, {"input_features": mel})[0]
        return float(np.asarray(out).reshape(-1)[0])

    def finished(self, audio: np.ndarray) -> bool:
        return self.probability(audio) > self.threshold


def ask_now(quiet_ms: float, asked_ms: float, every_ms: float) -> bool:
    """Whether to ask the end-of-turn rule in a pause that has lasted ``quiet_ms``: once it
    reaches ``every_ms``, and again each time it has grown by as much since ``asked_ms``."""
    return quiet_ms >= asked_ms + every_ms


def model_path() -> Path:
    """Where the Smart Turn file is kept: beside the Python environment OS1 runs in, so one
    copy serves every data dir (``python -m os1.voice.turn WHEEL`` puts it there)."""
    return Path(sys.prefix) / "share" / "os1" / FILE


def load_end_of_turn(name: str, quiet_ms: float, end_silence_ms: float,
                     path: Path | None = None) -> EndOfTurn:
    """The rule ``voice.turn_end`` names. ``smart`` without its file is the quiet rule, with a
    ``note`` saying how to install it."""
    if name == "smart":
        path = path or model_path()
        if not path.is_file():
            return QuietRule(end_silence_ms, note=f"the end-of-turn model is not installed "
                             f"({path} is missing), so a pause of {end_silence_ms:.0f} ms ends "
                             "your turn; run scripts/install.sh to add it.")
        return SmartTurn(path, quiet_ms)
    if name == "quiet":
        return QuietRule(end_silence_ms)
    if name == "fake":
        return FakeEndOfTurn(quiet_ms=quiet_ms)
    raise OS1Error(f"unknown voice.turn_end '{name}'; use one of {', '.join(NAMES)}.")


def unpack(wheel: Path, target: Path | None = None) -> Path:
    """Take the Smart Turn file and its licence out of the ``pipecat-ai`` wheel into
    ``target`` (default ``model_path()``), checking the file's sha256."""
    target = target or model_path()
    try:
        archive = zipfile.ZipFile(wheel)
    except (OSError, zipfile.BadZipFile):
        raise OS1Error(f"{wheel} is not a readable wheel; download {WHEEL} again.") from None
    with archive:
        names = archive.namelist()
        if IN_WHEEL not in names:
            raise OS1Error(f"{wheel} has no {IN_WHEEL}; use the {WHEEL} wheel.")
        data = archive.read(IN_WHEEL)
        if hashlib.sha256(data).hexdigest() != SHA256:
            raise OS1Error(f"{IN_WHEEL} in {wheel} is not the file OS1 expects (sha256 "
                           f"differs); use the {WHEEL} wheel.")
        licence = next((n for n in names if n.endswith(".dist-info/licenses/LICENSE")), None)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        shutil.move(partial, target)
        if licence:
            (target.parent / LICENCE).write_bytes(archive.read(licence))
    return target


if __name__ == "__main__":  # python -m os1.voice.turn WHEEL
    if len(sys.argv) != 2:
        sys.exit(f"usage: python -m os1.voice.turn WHEEL (the {WHEEL} wheel)")
    try:
        print(unpack(Path(sys.argv[1])))
    except OS1Error as exc:
        sys.exit(f"error: {exc}")
