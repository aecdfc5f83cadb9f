"""Perceive: what the user's words say about how they feel and what they want.

``ModelPerceiver`` reads the feeling with the trained emotion model (28 GoEmotions labels,
valence and arousal: ``mind/emotion.py``); ``LexiconPerceiver`` with the VADER lexicon, for
when speed matters more than nuance. Voice adds prosody through ``extra``.
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
    labels: tuple[str, ...] = ()  # the emotion model's labels, most probable first
    # The emotion model's reading, for the risk model: its 28 label probabilities and the
    # sentence encoding they came from (None from the lexicon).
    reading: tuple[Any, Any] | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        data.pop("reading")
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
        emotion = coarse(valence)
        intent = intent_of(text)
        confidence = round(abs(valence) if emotion != "neutral" else 1 - abs(valence) * 2, 3)
        return Perception(text, emotion, round(valence, 3), _arousal(text, scores),
                          confidence, intent)


def coarse(valence: float) -> str:
    return "positive" if valence >= 0.25 else "negative" if valence <= -0.25 else "neutral"


def intent_of(text: str) -> str:
    return next((name for name, pattern in INTENTS if pattern.search(text)), "chat")


class ModelPerceiver:
    """The trained emotion model's labels, valence and arousal (shouting and exclamation
    marks raise the arousal a little more); about 15 ms a message on two cores."""

    def __init__(self, model=None):
        from os1.mind.emotion import load_emotion_model

        self.model = model or load_emotion_model()

    def perceive(self, text: str) -> Perception:
        if not text.strip():
            return Perception(text, "neutral", 0.0, 0.2, 1.0, "chat")
        probs, pooled = self.model.read([text])
        found = self.model.emotions(probs[0])
        letters = [c for c in text if c.isalpha()]
        shouting = sum(c.isupper() for c in letters) / len(letters) if len(letters) > 8 else 0.0
        arousal = min(1.0, found.arousal + 0.05 * min(text.count("!"), 3) + 0.2 * shouting)
        return Perception(text, coarse(found.valence), found.valence, round(arousal, 3),
                          found.confidence, intent_of(text), labels=tuple(found.labels),
                          reading=(probs[0], pooled[0]))


def load_perceiver(name: str = "model"):
    """``model`` (the trained emotion model) or ``lexicon`` (VADER)."""
    if name == "lexicon":
        return LexiconPerceiver()
    if name == "model":
        return ModelPerceiver()
    from os1.errors import ConfigError

    raise ConfigError(f"unknown emotion reader {name!r}: use \"model\" or \"lexicon\".")
