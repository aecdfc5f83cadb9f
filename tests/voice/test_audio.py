"""WAV in and out, resampling and the pitch shift made from it."""

import struct

import numpy as np
import pytest

from os1.errors import OS1Error
from os1.voice.audio import FRAME, RATE, frames, read_wav, resample, trim, write_wav


def tone(freq, seconds, rate=RATE, level=0.5):
    t = np.arange(int(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def peak_hz(x, rate):
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return np.argmax(spectrum) * rate / len(x)


def test_wav_round_trip(tmp_path):
    x = tone(440, 0.5)
    path = write_wav(tmp_path / "a.wav", x, RATE)
    y, rate = read_wav(path)
    assert rate == RATE and len(y) == len(x)
    assert np.max(np.abs(y - x)) < 1e-3


def raw_wav(path, data: bytes, tag: int, channels: int, rate: int, bits: int, extensible=False):
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate,
                      rate * channels * bits // 8, channels * bits // 8, bits)
    if extensible:
        fmt += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", tag) + bytes(14)
    body = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"LIST" + struct.pack("<I", 4) + b"INFO"
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)
    return path


def test_reads_float_stereo_24_bit_and_extensible_wavs(tmp_path):
    x = tone(300, 0.1, 8000)
    stereo = np.stack([x, x], axis=1).astype("<f4").tobytes()
    y, rate = read_wav(raw_wav(tmp_path / "f.wav", stereo, 3, 2, 8000, 32))
    assert rate == 8000 and np.allclose(y, x, atol=1e-6)
    ints = (x * (2**23 - 1)).astype(np.int32)
    packed = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints)
    y, _ = read_wav(raw_wav(tmp_path / "p.wav", packed, 1, 1, 8000, 24, extensible=True))
    assert np.allclose(y, x, atol=1e-5)


def test_not_a_wav_says_what_to_do(tmp_path):
    bad = tmp_path / "notes.wav"
    bad.write_text("hello")
    with pytest.raises(OS1Error, match="sox"):
        read_wav(bad)


def test_resample_keeps_the_pitch_and_speed_raises_it():
    x = tone(440, 1.0, 22050)
    y = resample(x, 22050, RATE)
    assert len(y) == RATE and abs(peak_hz(y, RATE) - 440) < 3
    faster = resample(x, 22050, 22050, speed=1.2)
    assert len(faster) == round(22050 / 1.2)
    assert abs(peak_hz(faster, 22050) - 528) < 4


def test_frames_pad_the_last_one_and_trim_finds_the_sound():
    x = np.concatenate([np.zeros(RATE // 2, np.float32), tone(200, 0.25)])
    parts = list(frames(x))
    assert all(len(f) == FRAME for f in parts) and len(parts) == -(-len(x) // FRAME)
    sound, start = trim(x)
    assert abs(start - 0.5) < 0.02 and abs(len(sound) / RATE - 0.25) < 0.02
