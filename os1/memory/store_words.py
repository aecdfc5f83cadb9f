"""Finding memories by their words in SQLite: the FTS5 table ``memories_fts`` (text, the words
around it, and an owner token such as ``u7`` that keeps each user's entries apart), ranked by
BM25 over the user's own statistics. PostgreSQL's index of the same words is
``os1.memory.pg_words``; both score with ``bm25`` here, so recall is the same on both stores.

FTS5's own ``bm25()`` counts every user's entries in a word's rarity and in the average
length, so one user's memories would move another's ranking. Instead FTS5 finds the user's
matches, and BM25 is computed exactly as FTS5 computes it (k1 1.2, b 0.75, the text weighing
1.0 and its context 0.5, the same idf floor) over the user's entries alone: how many there
are and their lengths from FTS5's record of each entry's size (``memories_fts_docsize``),
how many hold each phrase and how often from where its terms stand in FTS5's index (an
``fts5vocab`` table).
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Sequence

from os1.memory.store_base import Db, Dialect, SqliteDb, owner

K1, B = 1.2, 0.75
CONTEXT_WEIGHT = 0.5


class Tokenizer:
    """SQLite's FTS5 ``porter unicode61`` tokenizer, as a function of text."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False, factory=SqliteDb)
        self._db.lock = self._lock
        self._db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61', "
                         "content='')")
        self._db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")

    def __call__(self, text: str) -> list[str]:
        return self.many([text])[0]

    def many(self, texts: Sequence[str]) -> list[list[str]]:
        """Each text's terms, in order (one pass through FTS5 for all of them)."""
        out: list[list[str]] = [[] for _ in texts]
        if not any(texts):
            return out
        with self._lock:
            self._db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)",
                                 [(i + 1, t) for i, t in enumerate(texts) if t])
            for doc, term in self._db.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
                out[doc - 1].append(term)
            self._db.execute("INSERT INTO t (t) VALUES ('delete-all')")
        return out


tokens = Tokenizer()


def occurrences(words: list[str], phrase: list[str]) -> int:
    """How often ``phrase`` (terms) stands in ``words`` (terms), as FTS5 matches a phrase."""
    n = len(phrase)
    return sum(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def phrases(terms: Sequence[str]) -> list[list[str]]:
    """The search terms as FTS5 reads them: each a phrase of terms (none left out empty)."""
    return [p for p in (tokens(t.replace('"', " ")) for t in terms) if p]


def frequency(text: list[str], context: list[str], phrase: list[str]) -> float:
    """A phrase's weighted count in one entry: in its text, and at half weight in its context."""
    return occurrences(text, phrase) + CONTEXT_WEIGHT * occurrences(context, phrase)


def bm25(count: int, average: float, freqs: list[dict[int, float]], length: dict[int, int],
         limit: int) -> list[tuple[int, float]]:
    """FTS5's BM25 from one user's statistics: ``count`` entries of ``average`` length,
    for each phrase its weighted frequency in each entry holding it, each entry's ``length``.
    Best first (higher is better; ties by id).
    The statistics are read a statement at a time, so a memory written meanwhile (by another
    thread or worker) may be in one and not yet in another: it counts, at the average length."""
    scores: dict[int, float] = {}
    count = max([count, *(len(freq) for freq in freqs)])
    for freq in freqs:
        hits = len(freq)
        idf = math.log((count - hits + 0.5) / (hits + 0.5))
        idf = idf if idf > 0 else 1e-6
        for memory_id, f in freq.items():
            norm = K1 * (1 - B + B * length.get(memory_id, average) / average)
            scores[memory_id] = scores.get(memory_id, 0.0) + idf * f * (K1 + 1) / (f + norm)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def size(record: bytes) -> int:
    """An entry's length in tokens from FTS5's ``docsize`` record: one varint per column."""
    total = value = 0
    for byte in record:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            total, value = total + value, 0
    return total


def fts_match(terms: Sequence[str]) -> str:
    """Any of ``terms``, each as a quoted FTS5 phrase."""
    return " OR ".join('"' + t.replace('"', " ") + '"' for t in terms)


class Fts5Words:
    """``WordIndex`` on SQLite's FTS5 (``porter unicode61``: migration 002)."""

    def add(self, db: Db, user_id: int, memory_id: int, text: str, context: str) -> None:
        db.execute("INSERT INTO memories_fts (rowid, text, context, owner) VALUES (?, ?, ?, ?)",
                   (memory_id, text, context, owner(user_id)))

    def context(self, db: Db, user_id: int, memory_id: int) -> str | None:
        row = db.execute("SELECT context FROM memories_fts WHERE rowid = ? AND owner = ?",
                         (memory_id, owner(user_id))).fetchone()
        return row[0] if row else None

    def remove(self, db: Db, user_id: int, ids: str) -> None:
        db.execute("DELETE FROM memories_fts WHERE rowid IN (SELECT id FROM memories "
                   f"WHERE user_id = ? AND id IN {db.dialect.ids})", (user_id, ids))

    def erase(self, db: Db, user_id: int) -> None:
        db.execute("DELETE FROM memories_fts WHERE rowid IN (SELECT rowid FROM memories_fts "
                   "WHERE memories_fts MATCH ?)", (f"owner:{owner(user_id)}",))

    def search(self, db: Db, user_id: int, terms: list[str], limit: int) -> list[tuple[int, float]]:
        wanted = phrases(terms)
        if not wanted:
            return []
        mine = f"owner:{owner(user_id)}"
        found = {r[0] for r in db.execute(
            "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?",
            (f"{mine} AND {{text context}} : ({fts_match(terms)})",))}
        if not found:
            return []
        sizes = [(r[0], size(r[1])) for r in db.execute(
            "SELECT id, sz FROM memories_fts_docsize WHERE id IN (SELECT rowid FROM memories_fts "
            "WHERE memories_fts MATCH ?)", (mine,))]
        count, total = len(sizes), sum(n for _, n in sizes)
        places = self._places(db, {t for p in wanted for t in p}, found)
        freqs: list[dict[int, float]] = []
        for phrase in wanted:
            freq: dict[int, float] = {}
            for (doc, column), offsets in places[phrase[0]].items():
                rest = [places[t].get((doc, column), set()) for t in phrase[1:]]
                n = sum(all(o + i in at for i, at in enumerate(rest, 1)) for o in offsets)
                if n:
                    freq[doc] = freq.get(doc, 0.0) + n * (1.0 if column == "text" else CONTEXT_WEIGHT)
            freqs.append(freq)
        return bm25(count, total / count, freqs, {doc: n for doc, n in sizes if doc in found},
                    limit)

    @staticmethod
    def _places(db: Db, terms: set[str], docs: set[int]) -> dict[str, dict[tuple[int, str], set[int]]]:
        """Where each term stands in these entries: (entry, column) → token offsets, read from
        FTS5's own index through an ``fts5vocab`` table of this connection (``temp``)."""
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.memories_vocab "
                   "USING fts5vocab(main, memories_fts, instance)")
        places: dict[str, dict[tuple[int, str], set[int]]] = {}
        for term in sorted(terms):
            at: dict[tuple[int, str], set[int]] = {}
            for doc, column, offset in db.execute(
                    "SELECT doc, col, offset FROM temp.memories_vocab WHERE term = ?", (term,)):
                if doc in docs and column != "owner":
                    at.setdefault((doc, column), set()).add(offset)
            places[term] = at
        return places

    def phrase(self, db: Db, user_id: int, words: list[str]) -> set[int]:
        return {r[0] for r in db.execute(
            "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?",
            (f'owner:{owner(user_id)} AND text:"{" ".join(words)}"',))}

    def contexts(self, db: Db, user_id: int) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in db.execute(
            "SELECT rowid, context FROM memories_fts WHERE memories_fts MATCH ?",
            (f"owner:{owner(user_id)}",))]

    def clear_context(self, db: Db, user_id: int, memory_id: int) -> None:
        db.execute("UPDATE memories_fts SET context = '' WHERE rowid = ?", (memory_id,))

    def unname(self, db: Db, user_id: int, ids: str, name: str) -> None:
        db.execute(f"UPDATE memories_fts SET text = 'User: ' || substr(text, ?) "
                   f"WHERE rowid IN {db.dialect.ids} AND substr(text, 1, ?) = ?",
                   (len(name) + 3, ids, len(name) + 2, f"{name}: "))

    def optimize(self, db: Db) -> None:
        db.execute("INSERT INTO memories_fts(memories_fts) VALUES ('optimize')")


SQLITE = Dialect()
SQLITE.words = Fts5Words()
