"""Risk: is the person talking at risk of harm (suicide, self-harm, an eating disorder, abuse),
or asking for a way to hurt themselves?

Three readers decide together:

- fixed patterns: ``STRONG`` wording is a crisis on its own ("kms", "I have pills saved up",
  "how many … would it take"); ``WEAK`` wording ("I can't go on", "I want to disappear") is one
  when the model or the person's feeling agrees;
- a small trained model (``RiskModel``): one logistic regression over the emotion model's
  sentence encoding and label probabilities (already computed for every message: nothing is
  encoded twice) and word and character n-grams, trained by ``scripts/train_risk.py`` on
  labelled public data and short messages composed from hand-written parts; its threshold was
  chosen on held-out data for high recall with few false alarms (``data/risk/meta.json``);
- ``LOOKALIKE`` wording ("this deadline is killing me", "kill -9", "apt purge") and talk of
  someone else ("my friend attempted suicide") keep the model's guesses from shaming anyone, but
  never overrule strong wording.

Risk said over two messages counts too (``conversation``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from os1.mind.emotion import damaged, shipped, tfidf_row
from os1.mind.risk_signs import asks_for_work, signs
from os1.mind.risk_words import (CONTINUATION, LOOKALIKE, STRONG, TOPIC, about_someone_else, found,
                                 looks_alike, normal, pattern, someone_else_at_risk, weak)

DATA = Path(__file__).resolve().parent.parent / "data" / "risk"
KINDS = ("suicide", "self_harm", "method", "eating_disorder", "abuse")
LABELS = (*KINDS, "benign_sad", "benign_lookalike", "benign_other")
DISTRESS = {"sadness", "grief", "fear", "remorse", "nervousness", "disappointment"}
TOGETHER = timedelta(minutes=30)  # two messages this close are one thought
SIGNS_TOGETHER = timedelta(days=7)  # warning signs this close are one story (``risk_signs``)
SIGNS_BACK = 40  # of the user's messages before, the newest, read for signs
# Abuse is harm done by someone: the model alone read it in "sitting in the waiting area with my
# mum… honestly i'm scared" and "the guy dinged me on the air brake check AGAIN", and answered
# with a hotline for domestic violence. Said by the model alone, it needs a word of what was done
# or of the one who did it (on the development split: no disclosure lost, a fifth fewer false alarms).
HARMED_BY = re.compile(r"\b(?:hit|hits|hitting|hurt|hurts|hurting|beat|beats|beating|punch\w*|slap\w*|kick\w*|chok\w*|"
                       r"strangl\w*|push\w*|shov\w*|threat\w*|control\w*|yell\w*|scream\w*|shout\w*|abus\w*|violen\w*|"
                       r"rap(?:e|ed|ing)|assault\w*|touch\w*|forc\w*|bruis\w*|locked|lock me|won.?t let me|grab\w*|throw\w*|"
                       r"threw|manipulat\w*|gaslight\w*|stalk\w*|trafficked|unsafe|not safe|molest\w*|groom\w*|harass\w*|"
                       r"argu\w*|twist\w*|cheat\w*|ex|he|him)\b", re.I)
# An eating disorder is said in words of the body, weight or control: the model alone read one in
# "ate crackers for dinner at my desk like a raccoon" and a cat's renal diet (on the development
# split: no disclosure lost, eight fewer false alarms).
ABOUT_EATING = re.compile(r"\b(?:weigh\w*|weight|calori\w*|kcal|purg\w*|binge\w*|starv\w*|fat|fatter|thin|thinner|skinny|"
                          r"restrict\w*|skip(?:ped|ping)? (?:meals?|lunch|dinner|breakfast)|throw(?:ing)? up|threw up|vomit\w*|"
                          r"sick after|anorex\w*|bulimi\w*|body|mirror|size|scale|lbs|kg|fasting|laxatives?|"
                          r"eat(?:ing)? disorder|ed|recovery|relapse|hunger|hungry|disgust\w*|guilt\w*|ugly|gross|control|full|"
                          r"overeat\w*|malnourish\w*)\b", re.I)
NEEDS = {"abuse": HARMED_BY, "eating_disorder": ABOUT_EATING}  # kinds the model alone may not raise without their words
FEW_WORDS = 6  # shorter than this ("im tired"), the model alone is too unsure to raise an alarm
LEANING = 0.4  # a share of the threshold: with risk words, this much of the model's doubt is enough


# --- the trained model --------------------------------------------------------------------------

class RiskModel:
    """The shipped logistic regression; weights are read on first use, once."""

    def __init__(self, folder: Path = DATA):
        self.folder = folder
        self._w: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._w is not None:
            return self._w
        meta, w = shipped(self.folder, "risk model")
        try:
            labels = tuple(meta["labels"])
        except (KeyError, TypeError) as exc:
            raise damaged(self.folder, "risk model", exc) from None
        if labels != LABELS:
            from os1.errors import OS1Error

            raise OS1Error(f"the risk model in {self.folder} was trained for other labels; reinstall OS1.")
        self.meta = meta
        self.threshold = float(meta["threshold"])
        self.index = {g: i for i, g in enumerate(bytes(w.pop("ngrams")).decode("utf-8").split("\n"))}
        w["ngram_w"] = w["ngram_w"].astype(np.float32)
        w["idf"] = w["idf"].astype(np.float32)
        self._w = w
        return w

    def probabilities(self, text: str, reading=None) -> np.ndarray:
        """The eight labels' probabilities (``LABELS``). ``reading``: the emotion model's
        (probabilities, encoding) of this text, when the turn already has it."""
        w = self._load()
        if reading is None:
            from os1.mind.emotion import load_emotion_model

            probs, pooled = load_emotion_model().read([text])
            reading = (probs[0], pooled[0])
        cols, vals = tfidf_row(text, self.index, w["idf"])
        logits = vals @ w["ngram_w"][cols] + np.concatenate(reading) @ w["dense_w"] + w["bias"]
        e = np.exp(logits - logits.max())
        return e / e.sum()

    def score(self, text: str, reading=None) -> tuple[float, str]:
        """How likely the text is risk (0 … 1), and its most likely kind."""
        p = self.probabilities(text, reading)
        risk = p[:len(KINDS)]
        return float(risk.sum()), KINDS[int(np.argmax(risk))]


@lru_cache(maxsize=1)
def load_risk_model() -> RiskModel:
    """The shipped model, one per process."""
    return RiskModel()


# --- the decision -------------------------------------------------------------------------------

SUBJECT_I = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?ll|i'?d|my ?self)\b", re.I)
ME_TOO = re.compile(r"\b(?:i|i'?m|im|i'?ve|me|my ?self)\b", re.I)


def spoken_for_self(text: str) -> bool:
    """Strong wording said of oneself: "I" near it ("I started cutting myself"), not "he
    told me he has been self-harming"."""
    text = normal(text)
    for kind, rx in [*STRONG.items(), *TOPIC.items()]:
        me = ME_TOO if kind == "abuse" else SUBJECT_I  # abuse is done to "me"
        for m in rx.finditer(text):
            window = text[max(0, m.start() - 20):m.end()]
            if found(rx, window) and me.search(window):
                return True
    return False


@dataclass
class Risk:
    """What was found in the person's words."""

    kind: str | None = None  # one of KINDS, or None
    support: bool = False  # worried about someone else (a friend, a sister), not at risk themselves
    score: float = 0.0  # the model's probability of risk
    why: list[str] = field(default_factory=list)
    signs: frozenset[str] = frozenset()  # warning signs the message shows (``risk_signs``)

    @property
    def method(self) -> bool:
        return self.kind == "method"


def judge(text: str, reading=None, labels: tuple[str, ...] = (),
          model: RiskModel | None = None) -> Risk:
    """One message: strong wording decides; else the model above its threshold, or weak
    wording with the model or a distressed feeling behind it, unless it is a look-alike."""
    model = model or load_risk_model()
    clean = normal(text)
    strong = pattern(clean)
    score, guess = model.score(clean, reading) if clean.strip() else (0.0, KINDS[0])
    result = Risk(score=round(score, 4))
    if strong and not (about_someone_else(clean) and not spoken_for_self(clean)):
        result.kind, result.why = strong, ["pattern"]
        return result
    threshold = model.threshold
    hint = weak(clean)
    alike = looks_alike(clean)
    if about_someone_else(clean):
        result.support = someone_else_at_risk(clean) and (score >= threshold * LEANING or hint is not None)
        return result
    if alike:
        return result
    if score >= threshold and (hint or len(clean.split()) >= FEW_WORDS and not asks_for_work(clean)) \
            and (hint or guess not in NEEDS or NEEDS[guess].search(clean)):
        result.kind, result.why = guess, ["model"]
    elif hint and (score >= threshold * LEANING or DISTRESS.intersection(labels[:2])):
        result.kind, result.why = hint, ["words", "model" if score >= threshold * LEANING else "feeling"]
    return result


def conversation(text: str, earlier: list[tuple[datetime, str]], now: datetime, alone: Risk,
                 model: RiskModel | None = None) -> Risk:
    """Risk said over two messages ("I don't see the point of living" … "I've been thinking
    about it a lot"): when the message before was just said and its words leaned toward risk,
    this one counts if it goes on from it, or if the two read together are risk and this one
    leans that way too; or when two different warning signs are shown in it and in what was said
    in the week before (``risk_signs``). Only wording is read of the messages before (no second encoding
    of them), so an ordinary conversation costs nothing more. What is returned carries the
    warning signs this message shows."""
    if alone.kind or alone.support:
        return alone
    recent = [said for when, said in earlier if now - when <= TOGETHER]
    shown = signs(normal(text))
    alone = replace(alone, signs=frozenset(shown))
    week = [said for when, said in earlier[:SIGNS_BACK] if now - when <= SIGNS_TOGETHER]
    if shown and len(shown.union(*(signs(normal(said)) for said in week))) >= 2:
        return Risk(kind="suicide", score=alone.score, why=["signs"])
    if not recent:
        return alone
    before = normal(earlier[0][1])
    leaning = pattern(before) or weak(before)
    if not leaning or about_someone_else(before) or LOOKALIKE.search(normal(text)):
        return alone
    if CONTINUATION.search(normal(text)):
        return Risk(kind=leaning, score=alone.score, why=["conversation"])
    model = model or load_risk_model()
    if alone.score < model.threshold * 0.75:
        return alone
    together = judge(f"{before}\n{normal(text)}", model=model)
    if together.kind:
        return Risk(kind=together.kind, score=together.score, why=["conversation"])
    return alone
