"""Hybrid recall: the memories that matter for a question, by words (FTS5/BM25), by meaning
(embeddings), by the time the question points at, by recency and by importance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from os1.memory.memories import Memories, Memory
from os1.memory.store import stamp
from os1.memory.when import Window, parse

STOP = set("""a an and are as at be been but by can could did do does doing for from had has have
he her hers him his how i i'd i'm if in into is it its it's just me my of on or our ours she so
than that the their them then there these they this those to too us was we were what when where
which who whom why will with would you your yours yourself about any ever some tell remember""".split())
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")


@dataclass(frozen=True)
class Weights:
    words: float = 1.0  # BM25, scaled so the best match scores 1
    meaning: float = 1.0  # cosine similarity of the embeddings
    time: float = 0.5  # inside the window the question names
    recency: float = 0.1  # newer memories, with a half-life
    importance: float = 0.1
    half_life_days: float = 30.0
    candidates: int = 100  # from each of the two indexes
    min_meaning: float = 0.15  # below this, a memory shares no meaning with the question


@dataclass
class Hit:
    memory: Memory
    score: float
    why: dict[str, float] = field(default_factory=dict)


PAST = re.compile(r"\b(before|used to|previous(ly)?|former(ly)?|earlier|back then|old|ago|until)\b",
                  re.I)


def fts_query(text: str) -> str:
    words = []
    for word in WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word)
        words += [w.strip("-") for w in word.split("'")]
    terms = sorted({w for w in words if len(w) > 1 and w not in STOP})
    return " OR ".join(f'"{t}"' for t in terms)


def _parse_at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Retriever:
    def __init__(self, memories: Memories, weights: Weights = Weights()):
        self.memories = memories
        self.weights = weights

    def _by_words(self, user_id: int, query: str) -> dict[int, float]:
        match = fts_query(query)
        if not match:
            return {}
        rows = self.memories.store.db.execute(
            "SELECT memories_fts.rowid, bm25(memories_fts, 1.0, 0.5) FROM memories_fts "
            "JOIN memories ON memories.id = memories_fts.rowid "
            "WHERE memories_fts MATCH ? AND memories.user_id = ? "
            "ORDER BY bm25(memories_fts, 1.0, 0.5) LIMIT ?",
            (match, user_id, self.weights.candidates)).fetchall()
        if not rows:
            return {}
        best = -rows[0][1] or 1.0
        return {row[0]: -row[1] / best for row in rows}

    def _by_meaning(self, user_id: int, query: str) -> dict[int, float]:
        vectors = self.memories.vectors(user_id)
        if vectors.matrix is None or not len(vectors.ids):
            return {}
        q = self.memories.embedder.embed([query])[0]
        sims = vectors.matrix @ q
        n = min(self.weights.candidates, len(sims))
        top = np.argpartition(-sims, n - 1)[:n]
        return {int(vectors.ids[i]): float(sims[i]) for i in top
                if sims[i] >= self.weights.min_meaning}

    def _by_time(self, user_id: int, window: Window | None) -> set[int]:
        """Memories from the time the question names, even when no word or meaning matches
        ("what did I do last week?")."""
        if window is None:
            return set()
        rows = self.memories.store.db.execute(
            "SELECT id FROM memories WHERE user_id = ? AND at >= ? AND at < ? "
            "ORDER BY at DESC LIMIT ?",
            (user_id, stamp(window.start), stamp(window.end), self.weights.candidates)).fetchall()
        return {row[0] for row in rows}

    def search(self, user_id: int, query: str, now: datetime, k: int = 10,
               kinds: tuple[str, ...] | None = None) -> list[Hit]:
        w = self.weights
        words = self._by_words(user_id, query)
        meaning = self._by_meaning(user_id, query)
        window: Window | None = parse(query, now)
        in_window = self._by_time(user_id, window)
        found = self.memories.many(user_id, list(set(words) | set(meaning) | in_window))
        about_the_past = bool(window) or bool(PAST.search(query))
        hits = []
        for memory_id, memory in found.items():
            if kinds and memory.kind not in kinds:
                continue
            at = _parse_at(memory.at)
            age_days = max((now - at).total_seconds() / 86400, 0.0) if at.tzinfo else 0.0
            why = {
                "words": words.get(memory_id, 0.0),
                "meaning": meaning.get(memory_id, 0.0),
                "time": 1.0 if memory_id in in_window else 0.0,
                "recency": math.pow(0.5, age_days / w.half_life_days),
                "importance": memory.importance,
            }
            score = (w.words * why["words"] + w.meaning * why["meaning"] + w.time * why["time"]
                     + w.recency * why["recency"] + w.importance * why["importance"])
            if memory.valid_to and not about_the_past:
                score -= 0.3  # superseded, but still the answer to "where did I live before?"
            hits.append(Hit(memory, score, why))
        hits.sort(key=lambda h: (-h.score, -h.memory.id))
        return hits[:k]
