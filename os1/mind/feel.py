"""Feel: the companion's own mood, moved by what it perceives and decaying toward its temperament."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from os1.mind.perceive import Perception


@dataclass(frozen=True)
class Affect:
    valence: float  # -1 … 1
    arousal: float  # 0 … 1
    mood: str


def mood_name(valence: float, arousal: float) -> str:
    """Name a point of the valence/arousal plane, in words the companion would use of itself."""
    if valence >= 0.35:
        return "playful" if arousal >= 0.55 else "warm"
    if valence >= 0.1:
        return "curious" if arousal >= 0.55 else "content"
    if valence > -0.15:
        return "attentive" if arousal >= 0.55 else "calm"
    return "concerned" if arousal >= 0.55 else "tender"


@dataclass(frozen=True)
class Temperament:
    """Where the mood rests when nothing happens, and how quickly it returns there."""

    valence: float = 0.3
    arousal: float = 0.4
    half_life_minutes: float = 90.0
    empathy: float = 0.35  # how far one turn moves the mood toward the user's feeling


class Feeler:
    """Decay toward temperament for the time that passed, then appraise the user's feeling."""

    def __init__(self, temperament: Temperament = Temperament()):
        self.temperament = temperament

    def rest(self) -> Affect:
        t = self.temperament
        return Affect(t.valence, t.arousal, mood_name(t.valence, t.arousal))

    def decay(self, affect: Affect, since: datetime, now: datetime) -> Affect:
        t = self.temperament
        minutes = max((now - since).total_seconds() / 60, 0.0)
        keep = math.pow(0.5, minutes / t.half_life_minutes)
        v = t.valence + (affect.valence - t.valence) * keep
        a = t.arousal + (affect.arousal - t.arousal) * keep
        return Affect(round(v, 3), round(a, 3), mood_name(v, a))

    def appraise(self, affect: Affect, seen: Perception) -> Affect:
        weight = self.temperament.empathy * max(seen.confidence, 0.2)
        # Sadness in the user makes the companion tender (lower valence, calmer), not gloomy.
        target_v = seen.valence * (0.6 if seen.valence < 0 else 1.0)
        target_a = seen.arousal * (0.7 if seen.valence < 0 else 1.0)
        v = affect.valence + (target_v - affect.valence) * weight
        a = affect.arousal + (target_a - affect.arousal) * weight
        return Affect(round(v, 3), round(a, 3), mood_name(v, a))


def tone(mine: Affect, theirs: Perception) -> str:
    """How to speak this turn, from the user's state first and the companion's own mood second."""
    if theirs.emotion == "negative":
        return "gentle and steady" if theirs.arousal < 0.6 else "calm and grounding"
    if theirs.emotion == "positive" and theirs.arousal >= 0.55:
        return "bright and playful"
    return {
        "playful": "light and playful", "warm": "warm", "curious": "curious and engaged",
        "content": "relaxed and warm", "attentive": "attentive", "calm": "calm and warm",
        "concerned": "caring", "tender": "soft and caring",
    }[mine.mood]
