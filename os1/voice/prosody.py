"""Her mood in her voice: speaking rate, pitch and the pauses between sentences.

Arousal is energy: an aroused voice is faster, a little higher, with shorter pauses. Valence is
warmth: a glad voice lifts, a sad or worried one drops and slows. The effects are kept small (at
most about ±15% rate, ±2 semitones, ±150 ms of pause) so she sounds moved, never cartoonish.

    mood        valence arousal   rate  pitch  pause
    playful      +0.6    0.75     1.11  1.06   220 ms
    warm         +0.5    0.35     1.00  1.03   360 ms
    curious      +0.2    0.65     1.07  1.02   260 ms
    calm          0.0    0.30     0.97  1.00   380 ms
    concerned    -0.4    0.60     1.01  0.98   300 ms
    tender       -0.5    0.20     0.88  0.96   450 ms

(``prosody(Affect(v, a, name))`` gives these; the test checks the table.)
"""

from __future__ import annotations

from dataclasses import dataclass

from os1.mind.feel import Affect

REST_AROUSAL = 0.4  # the temperament's resting arousal: the neutral voice


@dataclass(frozen=True)
class Prosody:
    """How to say a sentence: rate and pitch as factors of the voice's own, pause in ms."""

    rate: float = 1.0
    pitch: float = 1.0
    pause_ms: int = 350


NEUTRAL = Prosody()


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def prosody(affect: Affect | None) -> Prosody:
    """The voice for a mood (valence -1..1, arousal 0..1)."""
    if affect is None:
        return NEUTRAL
    v = _clamp(affect.valence, -1.0, 1.0)
    a = _clamp(affect.arousal, 0.0, 1.0) - REST_AROUSAL
    # The valence term of the rate only ever slows: sadness slows speech, gladness barely speeds it.
    rate = _clamp(1.0 + 0.28 * a + 0.10 * min(v, 0.0) + 0.02 * v, 0.85, 1.15)
    pitch = _clamp(1.0 + 0.07 * v + 0.04 * a, 0.89, 1.12)
    pause = _clamp(350 - 350 * a + 60 * max(-v, 0.0) - 20 * max(v, 0.0), 200, 500)
    return Prosody(round(rate, 3), round(pitch, 3), int(round(pause / 10) * 10))
