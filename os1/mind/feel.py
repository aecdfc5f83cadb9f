"""Feel: the companion's own mood, moved by what it perceives and decaying toward its temperament."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
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


@dataclass(frozen=True)
class Event:
    """Something that happened, appraised against the companion's own goals (to connect, to
    help, to be there): it pushes the mood by itself, beyond mirroring the user's feeling."""

    name: str
    valence: float
    arousal: float


THANKED = re.compile(r"\b(thank(s| you)|you('re| are) (the best|wonderful|amazing|so kind)|"
                     r"that helped|you helped|i appreciate (you|it|that))\b", re.I)
CRITICISED = re.compile(r"\b(you('re| are) (wrong|useless|not helping|annoying|boring)|"
                        r"that's (wrong|not what i (said|asked|meant))|you (don'?t|never) "
                        r"(listen|understand|remember)|you forgot)\b", re.I)


HURTING = {"grief", "sadness", "remorse", "fear", "nervousness", "disappointment"}


def events(text: str, away_days: float, crisis: bool, labels: tuple[str, ...] = (),
           news: str | None = None) -> list[Event]:
    """What this turn means for the companion's goals: fixed patterns, the emotions read, and
    the news heard (``acknowledge``: "loss", "joy", "mixed")."""
    found = []
    if crisis:
        found.append(Event("the user may be in danger", -0.5, 0.4))
    elif news == "loss" or news is None and set(labels[:2]) & HURTING:
        found.append(Event("the user is hurting", -0.4, 0.1))  # their pain moves her, not only their tone
    elif news == "joy":
        found.append(Event("the user has good news", 0.3, 0.2))
    if THANKED.search(text) or "gratitude" in labels[:2]:
        found.append(Event("the user felt helped", 0.4, 0.1))
    if CRITICISED.search(text):
        found.append(Event("the companion let the user down", -0.3, 0.2))
    if away_days >= 3:
        found.append(Event(f"the user came back after {away_days:.0f} days", 0.3, 0.2))
    return found


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

    def appraise(self, affect: Affect, seen: Perception,
                 happened: Sequence[Event] = ()) -> Affect:
        weight = self.temperament.empathy * max(seen.confidence, 0.2)
        # Sadness in the user makes the companion tender (lower valence, calmer), not gloomy.
        target_v = seen.valence * (0.6 if seen.valence < 0 else 1.0)
        target_a = seen.arousal * (0.7 if seen.valence < 0 else 1.0)
        v = affect.valence + (target_v - affect.valence) * weight
        a = affect.arousal + (target_a - affect.arousal) * weight
        for event in happened:  # its own goals: half the push, so no single event dominates
            v += 0.5 * event.valence
            a += 0.5 * event.arousal
        v, a = max(-1.0, min(1.0, v)), max(0.0, min(1.0, a))
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
