"""Hybrid recall: the memories that matter for a question, by words (FTS5/BM25), by meaning
(embeddings), by the time the question points at, by recency and by importance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from os1.memory import rank
from os1.memory.memories import Memories, Memory
from os1.memory.rank import STOP, WORD
from os1.memory.store import stamp
from os1.memory.when import Window, parse


@dataclass(frozen=True)
class Weights:
    words: float = 1.0  # BM25, scaled so the best match scores 1
    meaning: float = 1.0  # cosine similarity, rescaled per question (best 1, last candidate 0)
    time: float = 0.5  # inside the window the question names
    recency: float = 0.1  # newer memories, with a half-life
    importance: float = 0.1
    speaker: float = 0.2  # the question names who said it
    neighbours: float = 0.5  # share of a match's score given to the turns beside it
    half_life_days: float = 30.0
    candidates: int = 100  # from each of the two indexes
    min_meaning: float = 0.15  # below this, a memory shares no meaning with the question
    second_look: int = 60  # how many of the first look's best the ranker puts in order


@dataclass
class Hit:
    memory: Memory
    score: float
    why: dict[str, float] = field(default_factory=dict)


PAST = re.compile(r"\b(before|used to|previous(ly)?|former(ly)?|earlier|back then|old|ago|until)\b",
                  re.I)


def query_terms(text: str) -> list[str]:
    """The words of a question worth searching for: no stop words, no possessive 's."""
    words = []
    for word in WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word)
        words += [w.strip("-") for w in word.split("'")]
    return sorted({w for w in words if len(w) > 1 and w not in STOP})


DEFAULT_MODEL = rank.load_model()


class Retriever:
    """Ranks one user's memories for a question, in two looks. The first scores every
    candidate by a fixed blend of signals (each signal's share is in ``Hit.why``); the second
    puts the best turns among them in order with a fitted model (``os1.memory.rank``)."""

    def __init__(self, memories: Memories, weights: Weights = Weights(),
                 model: rank.Model | None = DEFAULT_MODEL):
        self.memories = memories
        self.weights = weights
        self.model = model

    def _by_words(self, user_id: int, query: str) -> dict[int, float]:
        rows = self.memories.store.search_words(user_id, query_terms(query),
                                                self.weights.candidates)
        if not rows:
            return {}
        best = rows[0][1] or 1.0
        return {memory_id: score / best for memory_id, score in rows}

    def _by_meaning(self, user_id: int, query: str, named: set[str]
                    ) -> tuple[dict[int, float], rank.Question]:
        """Cosine similarity, rescaled per question so the best candidate scores 1 and the
        last of the candidates 0: embedders differ in how high unrelated texts score."""
        vectors = self.memories.vectors(user_id)
        if vectors.matrix is None or not len(vectors.ids):
            return {}, rank.Question(query, frozenset(named), np.zeros(0), vectors.ids,
                                     vectors.sessions)
        q = self.memories.embedder.embed([query], query=True)[0]
        sims = vectors.matrix @ q
        question = rank.Question(query, frozenset(named), sims, vectors.ids, vectors.sessions)
        n = min(self.weights.candidates, len(sims))
        top = np.argpartition(-sims, n - 1)[:n]
        best, floor = float(sims[top].max()), float(sims[top].min())
        if best < self.weights.min_meaning:
            return {}, question
        span = best - floor if n > 1 and best > floor else 1.0
        return {int(vectors.ids[i]): (float(sims[i]) - floor) / span for i in top
                if sims[i] >= self.weights.min_meaning}, question

    def _by_time(self, user_id: int, window: Window | None) -> set[int]:
        """Memories from the time the question names, even when no word or meaning matches
        ("what did I do last week?")."""
        if window is None:
            return set()
        return set(self.memories.store.memories_between(
            user_id, stamp(window.start), stamp(window.end), self.weights.candidates))

    def search(self, user_id: int, query: str, now: datetime, k: int = 10,
               kinds: tuple[str, ...] | None = None) -> list[Hit]:
        question, ranked = self.first_look(user_id, query, now, kinds)
        if self.model is not None:
            ranked = self._second_look(user_id, question, ranked[: self.weights.second_look])
        return ranked[:k]

    def first_look(self, user_id: int, query: str, now: datetime,
                   kinds: tuple[str, ...] | None = None) -> tuple[rank.Question, list[Hit]]:
        """Every candidate, best first by the fixed blend of signals."""
        w = self.weights
        # A speaker's name matches every turn they said (and every "Hey <name>" to them), so it
        # is a filter on who spoke, not a word to search for.
        named = {name for name in self.memories.speakers(user_id)
                 if re.search(rf"\b{re.escape(name)}\b", query, re.I)}
        unnamed = query
        for name in named:
            unnamed = re.sub(rf"\b{re.escape(name)}('s)?\b", " ", unnamed, flags=re.I)
        words = self._by_words(user_id, unnamed)
        meaning, question = self._by_meaning(user_id, query, named)
        window: Window | None = parse(query, now)
        in_window = self._by_time(user_id, window)
        found = self.memories.many(user_id, list(set(words) | set(meaning) | in_window))
        about_the_past = bool(window) or bool(PAST.search(query))
        hits: dict[int, Hit] = {}
        for memory_id, memory in found.items():
            if kinds and memory.kind not in kinds:
                continue
            at = datetime.fromisoformat(memory.at)
            age_days = max((now - at).total_seconds() / 86400, 0.0) if at.tzinfo else 0.0
            why = {
                "words": words.get(memory_id, 0.0),
                "meaning": meaning.get(memory_id, 0.0),
                "time": 1.0 if memory_id in in_window else 0.0,
                "recency": math.pow(0.5, age_days / w.half_life_days),
                "importance": memory.importance,
                "speaker": 1.0 if memory.speaker in named else 0.0,
            }
            score = (w.words * why["words"] + w.meaning * why["meaning"] + w.time * why["time"]
                     + w.recency * why["recency"] + w.importance * why["importance"]
                     + w.speaker * why["speaker"])
            if memory.valid_to and not about_the_past:
                score -= 0.3  # superseded, but still the answer to "where did I live before?"
            hits[memory_id] = Hit(memory, score, why)
        if w.neighbours:
            self._spread(user_id, hits, kinds)
        return question, sorted(hits.values(), key=lambda h: (-h.score, -h.memory.id))

    def features(self, user_id: int, question: rank.Question, hits: list[Hit]
                 ) -> tuple[list[Hit], np.ndarray]:
        """The turns among ``hits`` and their features for the second look."""
        turns = [h for h in hits if h.memory.kind == "turn"]
        before = self.memories.many(user_id, [h.memory.id - 1 for h in turns])
        candidates = []
        for h in turns:
            prior = before.get(h.memory.id - 1)
            same = prior is not None and prior.session_id == h.memory.session_id
            candidates.append(rank.Candidate(h.memory.id, h.memory.text, h.memory.speaker,
                                             h.memory.session_id, h.why, h.score,
                                             prior.text if prior is not None and same else ""))
        return turns, rank.features(question, candidates)

    def _second_look(self, user_id: int, question: rank.Question, hits: list[Hit]) -> list[Hit]:
        """The turns put in order by the model, in the places turns held; other memories
        (facts, insights) keep theirs."""
        turns, x = self.features(user_id, question, hits)
        if len(turns) < 2:
            return hits
        assert self.model is not None  # only called with a ranker
        scores = self.model.score(x)
        for hit, value in zip(turns, scores):
            hit.why["rank"] = round(float(value), 3)
        order = iter(sorted(turns, key=lambda h: -h.why["rank"]))
        return [next(order) if h.memory.kind == "turn" else h for h in hits]

    def _spread(self, user_id: int, hits: dict[int, Hit], kinds) -> None:
        """A turn next to a strong match shares some of its score: in conversation the answer
        often sits one turn before or after the words that match the question."""
        best = sorted(hits.values(), key=lambda h: -h.score)[: self.weights.candidates // 4]
        around: dict[int, tuple[float, int | None]] = {}
        for hit in best:
            if hit.memory.kind != "turn" or hit.memory.session_id is None:
                continue
            for other in (hit.memory.id - 1, hit.memory.id + 1):
                share = self.weights.neighbours * hit.score
                if share > around.get(other, (0.0, None))[0]:
                    around[other] = (share, hit.memory.session_id)
        neighbours = self.memories.many(user_id, list(around))
        for memory_id, (share, session_id) in around.items():
            memory = neighbours.get(memory_id)
            if memory is None or memory.session_id != session_id:
                continue
            if kinds and memory.kind not in kinds:
                continue
            if memory_id in hits:
                hits[memory_id].score += share * 0.5
                hits[memory_id].why["neighbour"] = share * 0.5
            else:
                hits[memory_id] = Hit(memory, share, {"neighbour": share})
