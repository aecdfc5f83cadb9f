"""Finding memories by their words in PostgreSQL, ranked by BM25 exactly as SQLite's FTS5
computes it (``bm25(memories_fts, 1.0, 0.5, 0.0)``: k1 1.2, b 0.75, the text weighing 1.0 and
its context 0.5), so recall is the same on both stores.

The words are cut and stemmed by SQLite's own FTS5 tokenizer (``porter unicode61``, as
migration 002 defines the SQLite index), run in memory (``store_words.tokens``), so both
stores agree on every term, and scored by the same ``store_words.bm25``. ``memory_words`` keeps each memory's text, context and length in tokens;
``memory_terms`` how often each term is in its text and in its context. The statistics BM25
needs (document count, average length, how many documents hold a term) are the user's own:
one user's memories never change how another's rank.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from os1.memory.store_base import Db
from os1.memory.store_words import CONTEXT_WEIGHT, bm25, frequency, occurrences, phrases, tokens


class PgWords:
    """``WordIndex`` on the tables ``memory_words`` and ``memory_terms``."""

    def add(self, db: Db, user_id: int, memory_id: int, text: str, context: str) -> None:
        in_text, in_context = Counter(tokens(text)), Counter(tokens(context))
        length = sum(in_text.values()) + sum(in_context.values()) + 1  # + FTS5's owner token
        words = ("INSERT INTO memory_words (memory_id, user_id, text, context, tokens) "
                 "VALUES (?, ?, ?, ?, ?)")
        document = (memory_id, user_id, text, context, length)
        terms = sorted(set(in_text) | set(in_context))
        if not terms:
            db.execute(words, document)
            return
        # the document and its terms in one statement: one round trip for each memory stored
        db.execute(f"WITH document AS ({words}) "
                   "INSERT INTO memory_terms (user_id, memory_id, term, in_text, in_context) "
                   "SELECT ?, ?, * FROM unnest(?::text[], ?::bigint[], ?::bigint[])",
                   (*document, user_id, memory_id, terms, [in_text[t] for t in terms],
                    [in_context[t] for t in terms]))

    def _doc(self, db: Db, user_id: int, memory_id: int) -> Any:
        return db.execute("SELECT text, context FROM memory_words WHERE user_id = ? "
                          "AND memory_id = ?", (user_id, memory_id)).fetchone()

    def context(self, db: Db, user_id: int, memory_id: int) -> str | None:
        row = self._doc(db, user_id, memory_id)
        return row["context"] if row else None

    def remove(self, db: Db, user_id: int, ids: str) -> None:
        db.execute(f"DELETE FROM memory_words WHERE user_id = ? AND memory_id IN {db.dialect.ids}",
                   (user_id, ids))  # and their terms (ON DELETE CASCADE)

    def erase(self, db: Db, user_id: int) -> None:
        db.execute("DELETE FROM memory_terms WHERE user_id = ?", (user_id,))
        db.execute("DELETE FROM memory_words WHERE user_id = ?", (user_id,))

    def _rewrite(self, db: Db, user_id: int, memory_id: int, text: str, context: str) -> None:
        self.remove(db, user_id, json.dumps([memory_id]))
        self.add(db, user_id, memory_id, text, context)

    def search(self, db: Db, user_id: int, terms: list[str], limit: int) -> list[tuple[int, float]]:
        wanted_phrases = phrases(terms)
        if not wanted_phrases:
            return []
        count, total = db.execute("SELECT count(*), coalesce(sum(tokens), 0)::bigint FROM memory_words "
                                  "WHERE user_id = ?", (user_id,)).fetchone()
        if not count:
            return []
        wanted = sorted({t for p in wanted_phrases for t in p})
        postings: dict[str, dict[int, float]] = {t: {} for t in wanted}
        length: dict[int, int] = {}
        for memory_id, term, in_text, in_context, size in db.execute(
                "SELECT t.memory_id, t.term, t.in_text, t.in_context, w.tokens FROM memory_terms t "
                "JOIN memory_words w ON w.memory_id = t.memory_id WHERE t.user_id = ? "
                "AND t.term = ANY(?::text[])", (user_id, wanted)):
            postings[term][memory_id] = in_text + CONTEXT_WEIGHT * in_context
            length[memory_id] = size
        freqs = [postings[phrase[0]] if len(phrase) == 1 else self._phrase_freq(
                 db, user_id, phrase, postings) for phrase in wanted_phrases]
        return bm25(count, total / count, freqs, length, limit)

    def _phrase_freq(self, db: Db, user_id: int, phrase: list[str],
                     postings: dict[str, dict[int, float]]) -> dict[int, float]:
        """How often a phrase of several words stands in each memory holding all its words
        (text, and context at half weight)."""
        candidates = set.intersection(*(set(postings[t]) for t in phrase))
        if not candidates:
            return {}
        freq = {}
        for memory_id, text, context in db.execute(
                f"SELECT memory_id, text, context FROM memory_words WHERE user_id = ? "
                f"AND memory_id IN {db.dialect.ids}", (user_id, json.dumps(sorted(candidates)))):
            f = frequency(tokens(text), tokens(context), phrase)
            if f:
                freq[memory_id] = f
        return freq

    def phrase(self, db: Db, user_id: int, words: list[str]) -> set[int]:
        phrase = tokens(" ".join(words))
        if not phrase:
            return set()
        rows = db.execute("SELECT memory_id FROM memory_terms WHERE user_id = ? AND "
                          "term = ANY(?::text[]) AND in_text > 0 GROUP BY memory_id "
                          "HAVING count(*) = ?", (user_id, sorted(set(phrase)), len(set(phrase))))
        found = {r[0] for r in rows}
        if len(phrase) == 1 or not found:
            return found
        return {r[0] for r in db.execute(
            f"SELECT memory_id, text FROM memory_words WHERE user_id = ? AND memory_id IN "
            f"{db.dialect.ids}", (user_id, json.dumps(sorted(found))))
            if occurrences(tokens(r[1]), phrase)}

    def contexts(self, db: Db, user_id: int) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in db.execute(
            "SELECT memory_id, context FROM memory_words WHERE user_id = ? ORDER BY memory_id",
            (user_id,))]

    def clear_context(self, db: Db, user_id: int, memory_id: int) -> None:
        row = self._doc(db, user_id, memory_id)
        if row:
            self._rewrite(db, user_id, memory_id, row["text"], "")

    def unname(self, db: Db, user_id: int, ids: str, name: str) -> None:
        prefix = f"{name}: "
        for memory_id, text, context in db.execute(
                f"SELECT memory_id, text, context FROM memory_words WHERE user_id = ? "
                f"AND memory_id IN {db.dialect.ids}", (user_id, ids)).fetchall():
            if text.startswith(prefix):
                self._rewrite(db, user_id, memory_id, "User: " + text[len(prefix):], context)

    def optimize(self, db: Db) -> None:
        """Nothing to merge: deleted rows are gone from every query at once (``VACUUM``, run by
        the store after a forget, reclaims their pages)."""
