"""Perceive: what the user's words say about how they feel and what they want.

Emotion here is valence/arousal from the VADER lexicon; a trained emotion model replaces this
stage later without changing the ``Perception`` it returns. Voice adds prosody through ``extra``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from os1.mind.safety import IDENTITY

INTENTS = (
    ("identity", IDENTITY),
    ("recall", re.compile(
        r"\b(do you remember|remember when|did i (tell|say|mention)|what did i|when did i|"
        r"last (time|week|month)|you said)\b", re.I)),
    ("task", re.compile(
        r"\b(remind me|schedule|calendar|e-?mail|inbox|proofread|write (a|an|my) (letter|note|card)|"
        r"set (a|an) (alarm|timer|reminder))\b", re.I)),
)


@dataclass(frozen=True)
class Perception:
    text: str
    emotion: str  # coarse label: positive, negative, neutral
    valence: float  # -1 (unpleasant) … 1 (pleasant)
    arousal: float  # 0 (calm) … 1 (activated)
    confidence: float  # 0 … 1
    intent: str  # chat, task, recall, identity
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        return data


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _arousal(text: str, scores: dict[str, float]) -> float:
    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) / len(letters) if len(letters) > 8 else 0.0
    emphasis = min(text.count("!"), 3) / 3
    intensity = 1.0 - scores["neu"]
    return round(min(1.0, 0.2 + 0.5 * intensity + 0.2 * emphasis + 0.3 * shouting), 3)


class LexiconPerceiver:
    """Valence from VADER's compound score, arousal from intensity and emphasis, intent by pattern."""

    def perceive(self, text: str) -> Perception:
        scores = _vader().polarity_scores(text)
        valence = scores["compound"]
        emotion = "positive" if valence >= 0.25 else "negative" if valence <= -0.25 else "neutral"
        intent = next((name for name, pattern in INTENTS if pattern.search(text)), "chat")
        confidence = round(abs(valence) if emotion != "neutral" else 1 - abs(valence) * 2, 3)
        return Perception(text, emotion, round(valence, 3), _arousal(text, scores),
                          confidence, intent)
