"""Where her voice goes and the user's comes from: one frame out, one frame in, per tick.

``exchange(out)`` plays one frame and returns the microphone frame of the same tick, so the
echo canceller always knows what was being played while the microphone listened.

- ``SoundDevice``: the real microphone and speaker (sounddevice/PortAudio, full duplex).
- ``VirtualDevice``: a microphone and speaker in memory. The input is a recording (a question
  read from a WAV file, say) with more speech injected at chosen moments; what she plays is
  kept, and can be mixed back into the input through an ``EchoPath`` as a speaker would leak
  into a microphone. Real-time pacing is optional: without it, time stands still while she
  thinks (the session waits for her), which makes tests fast and exact.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from os1.errors import OS1Error
from os1.voice.audio import FRAME, RATE, energy

PAUSE_KEPT_S = 1.5  # her silences up to this long are part of what she says, and kept


class Device(Protocol):
    realtime: bool  # frames arrive at the pace of the clock (else the session may wait)

    @property
    def finished(self) -> bool: ...  # the input has ended (a file), though frames of silence still come

    def exchange(self, out: np.ndarray) -> np.ndarray | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class EchoPath:
    """How her voice comes back: after ``delay_ms``, ``attenuation_db`` quieter, with a short
    decaying tail of room reflections."""

    delay_ms: float = 60.0
    attenuation_db: float = -10.0
    reverb_ms: float = 60.0
    seed: int = 0

    def impulse(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        delay = int(RATE * self.delay_ms / 1000)
        tail = int(RATE * self.reverb_ms / 1000)
        response = np.zeros(delay + tail + 1)
        response[delay] = 1.0
        decay = np.exp(-np.arange(tail) / (RATE * self.reverb_ms / 4000))
        response[delay + 1:] = rng.standard_normal(tail) * decay * 0.1
        return response * 10 ** (self.attenuation_db / 20)


class VirtualDevice:
    """A microphone and speaker in memory (see the module's docstring)."""

    def __init__(self, input: np.ndarray | None = None, realtime: bool = False,
                 echo: EchoPath | None = None, noise_db: float | None = -70.0, seed: int = 0):
        self.input = np.zeros(0, np.float32) if input is None else np.asarray(input, np.float32)
        self.realtime = realtime
        self.response = echo.impulse() if echo else None
        self.noise = 10 ** (noise_db / 20) if noise_db is not None else 0.0
        self.rng = np.random.default_rng(seed)
        self.played: list[np.ndarray] = []
        self.tail = np.zeros(len(self.response) - 1 if self.response is not None else 0)
        self.injections: list[tuple[int, np.ndarray]] = []
        self.pending: list[tuple[float, np.ndarray]] = []  # waiting for her first sound
        self.first_output: int | None = None  # sample where her voice was first played
        self.tick = 0
        self.started: float | None = None

    @property
    def now(self) -> float:
        """Seconds of audio exchanged so far."""
        return self.tick * FRAME / RATE

    @property
    def finished(self) -> bool:
        end = max([len(self.input)] + [s + len(a) for s, a in self.injections])
        return self.tick * FRAME >= end and not self.pending

    def inject(self, audio: np.ndarray, at_s: float | None = None,
               after_output_s: float | None = None) -> None:
        """Mix ``audio`` into the input at ``at_s``, or ``after_output_s`` after she first speaks."""
        audio = np.asarray(audio, np.float32)
        if after_output_s is not None:
            self.pending.append((after_output_s, audio))
        else:
            self.injections.append((int(RATE * (at_s or 0.0)), audio))

    def injected_at(self) -> list[float]:
        """When each injection starts, in seconds of the input."""
        return [start / RATE for start, _ in self.injections]

    def exchange(self, out: np.ndarray) -> np.ndarray:
        if self.started is None:
            self.started = time.perf_counter()
        out = np.asarray(out, np.float32)
        start = self.tick * FRAME
        self.played.append(out)
        if self.first_output is None and energy(out) > 1e-8:
            self.first_output = start
            for delay, audio in self.pending:
                self.injections.append((start + int(RATE * delay), audio))
            self.pending = []
        mic = self.input[start:start + FRAME]
        mic = np.concatenate([mic, np.zeros(FRAME - len(mic), np.float32)]).astype(np.float64)
        for at, audio in self.injections:
            lo, hi = max(at, start), min(at + len(audio), start + FRAME)
            if lo < hi:
                mic[lo - start:hi - start] += audio[lo - at:hi - at]
        if self.response is not None:
            history = np.concatenate([self.tail, out])
            mic += np.convolve(history, self.response, mode="valid")
            self.tail = history[FRAME:]
        if self.noise:
            mic += self.rng.standard_normal(FRAME) * self.noise
        self.tick += 1
        if self.realtime:  # the frame is ready once it has been "recorded"
            wait = self.started + self.tick * FRAME / RATE - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        return mic.astype(np.float32)

    def output(self) -> np.ndarray:
        """Everything she played, aligned with the input."""
        return np.concatenate(self.played) if self.played else np.zeros(0, np.float32)

    def spoken(self, gap_s: float = 0.6) -> np.ndarray:
        """Only what she said: her sound from its first frame to its last, with the pauses
        inside a reply kept, and any longer silence (she listened or thought) cut to
        ``gap_s``."""
        loud = [i for i, frame in enumerate(self.played) if energy(frame) > 1e-8]
        if not loud:
            return np.zeros(0, np.float32)
        longest = max(1, int(PAUSE_KEPT_S * RATE / FRAME))  # frames of silence kept as they are
        pause = np.zeros(int(gap_s * RATE), np.float32)
        parts, last = [], None
        for i in loud:
            if last is not None and i - last > 1:
                parts.append(np.concatenate(self.played[last + 1:i]) if i - last <= longest
                             else pause)
            parts.append(self.played[i])
            last = i
        return np.concatenate(parts).astype(np.float32)

    @property
    def first_spoken_s(self) -> float | None:
        """Seconds into the exchange when she first made a sound."""
        return None if self.first_output is None else self.first_output / RATE

    def close(self) -> None:
        pass


BACKLOG = 8  # microphone frames (256 ms) the loop may fall behind before old ones are dropped


class SoundDevice:
    """The default microphone and speaker, full duplex at 16 kHz in 32 ms blocks."""

    realtime = True
    finished = False

    def __init__(self) -> None:
        try:
            import sounddevice
        except (ImportError, OSError):
            raise NoAudio() from None
        self.sd = sounddevice
        try:
            sounddevice.check_input_settings(samplerate=RATE, channels=1, dtype="float32")
            sounddevice.check_output_settings(samplerate=RATE, channels=1, dtype="float32")
        except Exception:  # PortAudioError, ValueError: no such device or it refuses 16 kHz mono
            raise NoAudio() from None
        self.heard: queue.Queue[np.ndarray] = queue.Queue()
        self.to_play: queue.Queue[np.ndarray] = queue.Queue()
        for _ in range(2):  # a little slack, so a slow tick does not click
            self.to_play.put(np.zeros(FRAME, np.float32))
        self.stream = sounddevice.Stream(samplerate=RATE, blocksize=FRAME, channels=1,
                                         dtype="float32", latency="low", callback=self._callback)
        self.stream.start()

    def _callback(self, indata, outdata, frames, when, status) -> None:
        try:
            outdata[:, 0] = self.to_play.get_nowait()
        except queue.Empty:
            outdata.fill(0)
        self.heard.put(indata[:, 0].copy())

    def exchange(self, out: np.ndarray) -> np.ndarray | None:
        self.to_play.put(np.asarray(out, np.float32))
        while self.heard.qsize() > BACKLOG:  # the loop fell behind: catch up, do not lag forever
            self.heard.get_nowait()
        try:
            return self.heard.get(timeout=2.0)
        except queue.Empty:
            return None  # the device stopped delivering: the session ends

    def close(self) -> None:
        self.stream.stop()
        self.stream.close()


TALK_HINT = "talk through files with `os1 talk --in question.wav --out reply.wav`"


class NoAudio(OS1Error):
    """No sound card (or no PortAudio): said in one line, with what to do instead."""

    def __init__(self, hint: str = TALK_HINT, what: str = "microphone and speaker") -> None:
        super().__init__(f"no {what} found; {hint}.")
