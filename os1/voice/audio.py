"""Audio as numpy arrays: WAV in and out, resampling, frames, levels.

Everything inside the voice loop is mono float32 in -1..1 at ``RATE``, cut into ``FRAME``-sample
frames: one clock for the microphone, the speaker, the voice detector and the echo canceller.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from os1.errors import OS1Error

RATE = 16000  # what Whisper and Silero expect, and plenty for a voice
FRAME = 512  # samples per tick (32 ms): Silero's window and the loop's heartbeat
FRAME_MS = FRAME * 1000 / RATE

_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


def _bad(path: Path, why: str) -> OS1Error:
    return OS1Error(f"{path} is not a WAV file OS1 can read ({why}); convert it with "
                    f"`sox {path.name} -b 16 fixed.wav`.")


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Samples (mono float32, channels averaged) and the sample rate of a PCM or float WAV.

    Parsed by hand because the standard ``wave`` module refuses float and extensible WAVs,
    which many recorders write."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OS1Error(f"cannot read {path} ({exc.strerror}); check the path.") from None
    return parse_wav(data, path)


def parse_wav(data: bytes, path: Path = Path("audio.wav")) -> tuple[np.ndarray, int]:
    """``read_wav`` for bytes in memory (a synthesizer's stdout, say)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise _bad(path, "no RIFF/WAVE header")
    fmt = body = None
    pos = 12
    while pos + 8 <= len(data):
        kind, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        chunk = data[pos + 8:pos + 8 + size]
        if kind == b"fmt ":
            fmt = chunk
        elif kind == b"data":
            body = chunk
        pos += 8 + size + (size & 1)
    if fmt is None or body is None or len(fmt) < 16:
        raise _bad(path, "no fmt or data chunk")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]
    width = bits // 8
    if channels < 1 or width < 1 or rate < 1:
        raise _bad(path, "empty format")
    body = body[: len(body) - len(body) % (width * channels)]
    if tag == _FLOAT and bits in (32, 64):
        samples: np.ndarray = np.frombuffer(body, dtype="<f4" if bits == 32 else "<f8").astype(np.float32)
    elif tag == _PCM and bits == 8:
        samples = (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - 128) / 128
    elif tag == _PCM and bits == 16:
        samples = np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768
    elif tag == _PCM and bits == 24:
        raw = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        samples = (np.where(value >= 1 << 23, value - (1 << 24), value) / float(1 << 23))
        samples = samples.astype(np.float32)
    elif tag == _PCM and bits == 32:
        samples = (np.frombuffer(body, dtype="<i4") / float(1 << 31)).astype(np.float32)
    else:
        raise _bad(path, f"format {tag} with {bits}-bit samples")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return np.ascontiguousarray(samples, dtype=np.float32), rate


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")


def write_wav(path: str | Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """16-bit mono PCM: what every player and ``sox`` read."""
    path = Path(path)
    pcm = to_int16(np.asarray(samples, dtype=np.float32)).tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, _PCM, 1, rate, rate * 2, 2, 16)
    header += b"data" + struct.pack("<I", len(pcm))
    try:
        path.write_bytes(header + pcm)
    except OSError as exc:
        raise OS1Error(f"cannot write {path} ({exc.strerror}); choose another path.") from None
    return path


def resample(samples: np.ndarray, src: int, dst: int, speed: float = 1.0) -> np.ndarray:
    """From ``src`` Hz to ``dst`` Hz, optionally played ``speed`` times faster.

    Band-limited by working in the frequency domain (cut or pad the spectrum), so there is no
    aliasing and no dependency beyond numpy. Playing faster raises the pitch by ``speed``,
    which is how the synthesizer's voice gets a pitch control it does not have."""
    samples = np.asarray(samples, dtype=np.float32)
    n = len(samples)
    out = int(round(n * dst / src / speed))
    if n == 0 or out == 0:
        return np.zeros(out, dtype=np.float32)
    if out == n:
        return samples.copy()
    spectrum = np.fft.rfft(samples)
    bins = out // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), spectrum.dtype)])
    return (np.fft.irfft(spectrum, out) * (out / n)).astype(np.float32)


def frames(samples: np.ndarray, size: int = FRAME) -> Iterator[np.ndarray]:
    """Consecutive frames; the last one is padded with silence."""
    for start in range(0, len(samples), size):
        frame = samples[start:start + size]
        if len(frame) < size:
            frame = np.concatenate([frame, np.zeros(size - len(frame), np.float32)])
        yield frame


def silence(ms: float, rate: int = RATE) -> np.ndarray:
    return np.zeros(int(rate * ms / 1000), dtype=np.float32)


def energy(samples: np.ndarray) -> float:
    """Mean square, the level unit the echo gate compares."""
    return float(np.mean(np.square(samples, dtype=np.float64))) if len(samples) else 0.0


def db(samples: np.ndarray) -> float:
    """RMS level in dB relative to full scale (-120 for digital silence)."""
    return 10 * float(np.log10(max(energy(samples), 1e-12)))


def trim(samples: np.ndarray, threshold_db: float = -45.0, rate: int = RATE) -> tuple[np.ndarray, float]:
    """Cut leading and trailing silence; also return where the sound began, in seconds."""
    block = max(rate // 100, 1)
    loud = [i for i in range(0, len(samples), block) if db(samples[i:i + block]) > threshold_db]
    if not loud:
        return samples[:0], 0.0
    return samples[loud[0]:loud[-1] + block], loud[0] / rate
