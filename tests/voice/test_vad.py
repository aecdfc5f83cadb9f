"""Utterances cut from per-frame speech probabilities, with hysteresis."""

import numpy as np

from os1.voice.audio import FRAME, FRAME_MS, RATE
from os1.voice.vad import EnergyDetector, Segmenter


def feed(segmenter, probabilities):
    said = []
    for i, p in enumerate(probabilities):
        event = segmenter.push(np.full(FRAME, i, np.float32), p)
        if event:
            said.append((i, event, segmenter.take() if event == "end" else None))
    return said


def frames(ms):
    return round(ms / FRAME_MS)


def test_an_utterance_starts_after_two_frames_and_ends_after_the_silence():
    seg = Segmenter(end_silence_ms=320, min_speech_ms=200, preroll_ms=96)
    probs = [0.0] * 5 + [0.9] * 20 + [0.0] * frames(320) + [0.0] * 3
    said = feed(seg, probs)
    assert [(i, e) for i, e, _ in said] == [(6, "start"), (25 + frames(320) - 1, "end")]
    utterance = said[1][2]
    assert utterance.speech_ms == 20 * FRAME_MS
    first = utterance.audio[0]
    assert first == 2.0  # the pre-roll: three frames before the two that started it


def test_soft_frames_inside_speech_keep_it_going_one_blip_does_not_start_it():
    seg = Segmenter(end_silence_ms=160, min_speech_ms=0)
    said = feed(seg, [0.9, 0.0, 0.9, 0.0] + [0.9] * 4 + [0.4, 0.2, 0.4] + [0.9] * 2 + [0.0] * 6)
    assert [e for _, e, _ in said] == ["start", "end"]  # 0.4 > off: still speech; 0.2 is short


def test_a_click_is_dropped():
    seg = Segmenter(end_silence_ms=160, min_speech_ms=250)
    assert [e for _, e, _ in feed(seg, [0.9] * 4 + [0.0] * 10)] == ["start", "drop"]


def test_energy_detector_learns_the_noise_and_hears_a_voice():
    rng = np.random.default_rng(0)
    detector = EnergyDetector()
    noise = [detector.probability(rng.standard_normal(FRAME) * 0.003) for _ in range(60)]
    t = np.arange(FRAME) / RATE
    voice = detector.probability(0.2 * np.sin(2 * np.pi * 200 * t))
    assert max(noise[20:]) < 0.3 and voice > 0.9
