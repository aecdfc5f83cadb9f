"""The second look: recalled turns put in order by a small linear model over what is known
about each one (how its words and meaning match the question, whether it answers a question,
who said it, how the rest of its conversation matches).

The weights are in ``ranker.json`` beside this file. ``os1 bench memory --data FILE --fit OUT``
writes them anew from a LoCoMo-format file, and ``--cross`` reports recall on conversations
the weights were not fitted on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from os1.memory.untrusted import LOWER, UPPER

FEATURES = (
    "words",          # BM25, best match 1
    "meaning",        # cosine, rescaled per question
    "time",           # inside the window the question names
    "speaker",        # said by the person the question names
    "neighbour",      # share of a neighbouring match's score
    "score",          # the first look's whole score
    "length",         # log of the number of words: "Thanks!" rarely answers anything
    "other_speaker",  # the question names someone, and someone else said this
    "when",           # a "when" question, and this turn speaks of a time
    "asks",           # this turn asks a question
    "answers",        # the turn before it asked one
    "cosine",         # cosine, raw
    "cosine_before",  # cosine of the turn before, in the same conversation
    "coverage",       # share of the question's words found in the turn
    "names",          # share of words that are names
    "words_rank",     # 1 / (1 + place among the candidates by words)
    "session_best",   # best first-look score in the same conversation
    "session_cosine",  # mean cosine of the whole conversation
)

STOP = set("""a an and are as at be been but by can could did do does doing for from had has have
he her hers him his how i i'd i'm if in into is it its it's just me my of on or our ours she so
than that the their them then there these they this those to too us was we were what when where
which who whom why will with would you your yours yourself about any ever some tell remember""".split())
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")
NAME = re.compile(rf"(?<![.!?]\s)(?<!^)\b[{UPPER}][{LOWER}]+")
TIME = re.compile(r"\b(yesterday|today|tonight|tomorrow|last|next|ago|recently|week|weekend|"
                  r"month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                  r"january|february|march|april|may|june|july|august|september|october|"
                  r"november|december|\d{4})\b", re.I)
ASKS_WHEN = re.compile(r"^\s*(when|what (year|month|day|date|time)|how long)\b", re.I)
HERE = Path(__file__).with_name("ranker.json")


def terms(text: str) -> set[str]:
    """Content words, cut to five letters so that 'painting' meets 'paints'."""
    out = set()
    for word in WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word)
        if len(word) > 2 and word not in STOP:
            out.add(word[:5])
    return out


@dataclass(frozen=True)
class Question:
    """What the features need to know about the question, worked out once."""

    text: str
    named: frozenset[str]  # speakers the question names
    sims: np.ndarray  # cosine of the question with every vector, in the vectors' order
    ids: np.ndarray  # the vectors' memory ids, ascending
    sessions: np.ndarray  # the vectors' sessions (-1: none)

    @property
    def terms(self) -> set[str]:
        """The question's content words, less the names of who said what."""
        return terms(self.text).difference(*(terms(name) for name in self.named))


@dataclass(frozen=True)
class Candidate:
    """One recalled turn with what the first look found, and the turn before it."""

    id: int
    text: str
    speaker: str | None
    session_id: int | None
    why: dict[str, float]
    score: float
    before: str  # the turn before, in the same conversation ('' if none)


def _session_means(question: Question) -> dict[int, float]:
    sessions = question.sessions
    if not len(sessions):
        return {}
    values, inverse = np.unique(sessions, return_inverse=True)
    means = np.bincount(inverse, weights=question.sims) / np.bincount(inverse)
    return dict(zip(values.tolist(), means.tolist()))


def _cosine(question: Question, memory_id: int, session_id: int | None) -> float:
    """The question's cosine with one memory's vector, if it has one in that session."""
    row = int(np.searchsorted(question.ids, memory_id))
    if row < len(question.ids) and question.ids[row] == memory_id and (
            session_id is None or question.sessions[row] == session_id):
        return float(question.sims[row])
    return 0.0


def features(question: Question, candidates: Sequence[Candidate]) -> np.ndarray:
    """One row of ``FEATURES`` per candidate."""
    wanted = question.terms
    asks_when = bool(ASKS_WHEN.search(question.text))
    means = _session_means(question)
    best: dict[int | None, float] = {}
    for c in candidates:
        best[c.session_id] = max(best.get(c.session_id, -math.inf), c.score)
    by_words = sorted(candidates, key=lambda c: -c.why.get("words", 0.0))
    words_rank = {c.id: i for i, c in enumerate(by_words)}
    rows = []
    for c in candidates:
        said = c.text.split()
        found = terms(c.text)
        rows.append([
            c.why.get("words", 0.0), c.why.get("meaning", 0.0), c.why.get("time", 0.0),
            c.why.get("speaker", 0.0), c.why.get("neighbour", 0.0), c.score,
            math.log1p(len(said)),
            float(bool(question.named) and c.speaker not in question.named),
            float(asks_when and bool(TIME.search(c.text))),
            float("?" in c.text), float("?" in c.before),
            _cosine(question, c.id, None), _cosine(question, c.id - 1, c.session_id),
            len(wanted & found) / max(len(wanted), 1),
            len(NAME.findall(c.text)) / max(len(said), 1),
            1.0 / (1 + words_rank[c.id]),
            best[c.session_id],
            means.get(c.session_id if c.session_id is not None else -1, 0.0),
        ])
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


@dataclass(frozen=True)
class Model:
    """Standardise each feature, then a weighted sum: higher is more likely an answer."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def score(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.weights

    def to_json(self) -> dict:
        return {"features": list(FEATURES), **{name: [round(float(v), 6) for v in values]
                for name, values in (("mean", self.mean), ("scale", self.scale),
                                     ("weights", self.weights))}}


def load_model(path: Path = HERE) -> Model | None:
    """The fitted weights; None if the file is missing or was fitted on other features."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("features") != list(FEATURES):
        return None
    return Model(*(np.array(data[name], dtype=np.float64) for name in ("mean", "scale", "weights")))


def fit(groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float = 0.01,
        steps: int = 400, rate: float = 0.5) -> Model:
    """Pairwise logistic regression: for each question, every answer should score above every
    other candidate. ``groups`` holds one (features, is-answer) pair per question. With
    nothing to learn from, every weight is 0 and the first look's order stands."""
    width = len(FEATURES)
    if not any(len(x) for x, _ in groups):
        return Model(np.zeros(width), np.ones(width), np.zeros(width))
    x_all = np.vstack([x for x, _ in groups if len(x)])
    mean, scale = x_all.mean(0), x_all.std(0) + 1e-9
    pairs = []
    for x, y in groups:
        z = (x - mean) / scale
        yes, no = z[y > 0], z[y <= 0]
        pairs += [answer - no for answer in yes if len(no)]
    if not pairs:
        return Model(mean, scale, np.zeros(width))
    d = np.vstack(pairs)
    w = np.zeros(width)
    for _ in range(steps):
        margin = d @ w
        grad = -(d * (1.0 / (1.0 + np.exp(margin)))[:, None]).mean(0) + l2 * w
        w -= rate * grad
    return Model(mean, scale, w)
