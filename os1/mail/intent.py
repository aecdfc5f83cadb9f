"""Request detection: does a sentence ask the reader to do something?

A logistic regression over three views of a sentence: its multilingual-e5 embedding (what it
means), a few cues of how requests are phrased (an imperative first word, "could you", a
question addressed to "you", "let me know"), and its words and word pairs. The weights ship in
``os1/data/mail/intent.npz``, trained by ``scripts/train_mail.py`` on part of the request data;
the rest was never trained or tuned on and gives the figures in the README.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from os1.mail.guard import MESSAGE_SENTENCE
from os1.mail.linear import Linear, Vocabulary, fingerprint, grams, words

DATA = Path(__file__).resolve().parent.parent / "data" / "mail"

# Verbs a request starts with, in the imperative ("Send me…", "Please call…").
IMPERATIVES = frozenset("""
add advise approve arrange ask attach be bring call cancel check confirm consider contact
copy coordinate decide do drop email e-mail fax feel fill find fix follow forward get give go
have help hold include inform keep let look make meet note notify pass pick plan prepare print
provide put read reply remember remind respond return review run schedule see send set share
sign speak start stop submit take talk tell think try update use verify wait write
""".split())
CUES = (
    ("modal", re.compile(r"\b(?:could|can|would|will|might) (?:you|u|we|someone|somebody)\b")),
    ("let_me_know", re.compile(r"\blet (?:me|us|him|her|them) know\b")),
    ("need", re.compile(r"\b(?:i|we) (?:need|want|would like|'d like|d like)\b|\bneed(?:s)? you\b")),
    ("please", re.compile(r"\bplease\b|\bpls\b|\bplz\b")),
    ("you", re.compile(r"\b(?:you|your|u)\b")),
    ("should", re.compile(r"\byou (?:should|must|need to|have to|may want to)\b")),
    ("call_me", re.compile(r"\b(?:call|email|e-mail|contact|ping|text) (?:me|us)\b")),
    ("advert", re.compile(r"\$|\bclick\b|\bfree\b|\boffer\b|\bsubscribe\b|\bunsubscribe\b|"
                          r"\blink\b|\bnow\b|\bwww\b|\bhttp|\bsave\b|\bdeal\b|\bwin\b")),
    ("thanks", re.compile(r"\bthank(?:s| you)\b")),
)


def cues(text: str) -> np.ndarray:
    """How a sentence is phrased, as numbers: its first word, its question mark, its cues."""
    lower = text.lower()
    w = words(text)
    first = next((x for x in w if x not in ("please", "pls", "kindly", "just", "also", "and")), "")
    row = [
        float(first in IMPERATIVES),
        float(bool(w) and w[0] in ("please", "pls", "kindly")),
        float(text.rstrip().endswith("?")),
        float("?" in text),
        float(bool(w) and w[0] in ("can", "could", "would", "will", "do", "does", "did", "are",
                                   "is", "have", "has", "what", "when", "where", "who", "why",
                                   "how", "which", "should", "shall", "may")),
        np.log1p(len(w)),
    ]
    row += [float(bool(rx.search(lower))) for _, rx in CUES]
    return np.array(row, dtype=np.float32)


def start_grams(text: str) -> set[str]:
    """The sentence's words and pairs, and its first two words marked as such."""
    w = words(text)
    return grams(text) | {f"^{w[0]}" for _ in w[:1]} | {f"^{w[0]} {w[1]}" for _ in w[1:2]}


class StartVocabulary(Vocabulary):
    """Bag of words with the sentence start marked ("^please", "^could you")."""

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.terms)), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in start_grams(text):
                col = self.index.get(term)
                if col is not None:
                    out[row, col] = 1.0
        return out

    @classmethod
    def build(cls, texts: Sequence[str], min_count: int = 2, limit: int = 5000):
        from collections import Counter

        df: Counter = Counter()
        for text in texts:
            df.update(start_grams(text))
        kept = sorted((t for t, c in df.items() if c >= min_count), key=lambda t: (-df[t], t))
        return cls(kept[:limit])


def features(texts: Sequence[str], vectors: np.ndarray, vocabulary: Vocabulary) -> np.ndarray:
    """The full model's input: embedding, cues, and words."""
    return np.hstack([vectors, np.vstack([cues(t) for t in texts]), vocabulary.matrix(texts)])


@dataclass
class IntentModel:
    """The shipped request detector and, beside it, the plain bag-of-words baseline."""

    model: Linear
    vocabulary: Vocabulary
    baseline: Linear
    baseline_vocabulary: Vocabulary
    threshold: float
    trained: frozenset[str]  # fingerprints of the sentences it was trained on
    majority: int  # the training split's most common label (1: a request)

    def probabilities(self, texts: Sequence[str], embedder) -> np.ndarray:
        """The probability that each sentence is a request."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = embedder.embed(list(texts))
        return self.model.probabilities(features(texts, vectors, self.vocabulary))[:, 1]

    def is_request(self, texts: Sequence[str], embedder) -> list[bool]:
        return [bool(p >= self.threshold) for p in self.probabilities(texts, embedder)]

    def baseline_predict(self, texts: Sequence[str]) -> np.ndarray:
        x = self.baseline_vocabulary.matrix(texts)
        return (self.baseline.probabilities(x)[:, 1] >= 0.5).astype(int)

    def seen(self, text: str) -> bool:
        return fingerprint(text) in self.trained

    def save(self, path: Path) -> None:
        np.savez_compressed(
            # (numpy's allow_pickle keyword makes mypy think an array could land there)
            path, **self.model.arrays("m_"), **self.baseline.arrays("b_"),  # type: ignore[arg-type]
            vocabulary=np.array(self.vocabulary.terms), baseline_vocabulary=np.array(
                self.baseline_vocabulary.terms), threshold=np.float32(self.threshold),
            trained=np.array(sorted(self.trained)), majority=np.int8(self.majority))

    @classmethod
    def load(cls, path: Path = DATA / "intent.npz") -> "IntentModel":
        with np.load(path) as a:
            return cls(Linear.load(a, "m_"), StartVocabulary([str(t) for t in a["vocabulary"]]),
                       Linear.load(a, "b_"), Vocabulary([str(t) for t in a["baseline_vocabulary"]]),
                       float(a["threshold"]), frozenset(str(t) for t in a["trained"]),
                       int(a["majority"]))


def mail_embedder():
    """The embedder the mail models were trained with (e5, whatever memory is set to use)."""
    from os1.memory.embed import load_embedder

    return load_embedder("e5")


@lru_cache(maxsize=1)
def load_intent_model() -> IntentModel:
    return IntentModel.load()


def sentences(text: str) -> list[str]:
    """A message body cut into sentences (a line break inside a paragraph is a space)."""
    out = []
    for part in MESSAGE_SENTENCE.split(text):
        part = " ".join(part.split())
        if 3 <= len(part) <= 600 and re.search(r"[A-Za-z]", part):
            out.append(part)
    return out
