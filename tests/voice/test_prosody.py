"""Her mood in her voice."""

import pytest

from os1.mind.feel import Affect, mood_name
from os1.voice import prosody as module
from os1.voice.prosody import NEUTRAL, prosody


def voice(v, a):
    return prosody(Affect(v, a, mood_name(v, a)))


def test_the_documented_table_is_what_the_function_gives():
    rows = [line.split() for line in module.__doc__.splitlines()
            if line.strip() and line.split()[0] in ("playful", "warm", "curious", "calm",
                                                   "concerned", "tender")]
    assert len(rows) == 6
    for name, v, a, rate, pitch, pause, _ in rows:
        got = voice(float(v), float(a))
        assert got.rate == pytest.approx(float(rate), abs=0.006), name
        assert got.pitch == pytest.approx(float(pitch), abs=0.006), name
        assert got.pause_ms == int(pause), name


def test_arousal_speeds_up_and_shortens_pauses_valence_lifts_pitch():
    calm, excited = voice(0.2, 0.2), voice(0.2, 0.9)
    assert excited.rate > calm.rate and excited.pause_ms < calm.pause_ms
    sad, glad = voice(-0.8, 0.4), voice(0.8, 0.4)
    assert glad.pitch > 1.0 > sad.pitch and sad.rate < glad.rate


def test_extremes_stay_natural():
    for v in (-1.0, 1.0):
        for a in (0.0, 1.0):
            p = voice(v, a)
            assert 0.85 <= p.rate <= 1.15 and 0.89 <= p.pitch <= 1.12 and 200 <= p.pause_ms <= 500
    assert prosody(None) == NEUTRAL
