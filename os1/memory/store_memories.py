"""The store's queries about memories: what the companion remembers of a user (turns, facts,
insights), with the words each is found by (FTS5, ranked by BM25) and its vector (float32
bytes, searched in ``os1.memory.memories``). The rules (what to remember, how to rank) live
outside; this is only storage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from os1.memory.records import Memory, New
from os1.memory.store_base import Queries, index_text, new_id, sources_kept, stamp, stored_turns
from os1.memory.store_words import fts_match

__all__ = ["FIELDS", "MemoryQueries", "fts_match"]

FIELDS = "id, kind, key, text, speaker, session_id, turn_id, at, valid_to, importance, source"


class MemoryQueries(Queries):
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    def add_memories(self, user_id: int, items: Sequence[New], texts: Sequence[str],
                     vectors: Sequence[np.ndarray], embed_model: str) -> list[int | None]:
        """Store memories in one transaction, each found by its ``texts`` entry (and its
        context) and with its vector; an id for each, None for one whose turn is gone
        (forgotten or erased while it was being said), which is not kept. A context copied
        from a turn that is gone (``context_turn``) is left out. Nothing is kept of a user
        who is gone."""
        now, ids = self.now(), list[int | None]()
        with self.tx() as db:
            if not sources_kept(db, user_id):
                return [None] * len(items)
            kept = stored_turns(db, user_id, [t for item in items
                                              for t in (item.turn_id, item.context_turn)])
            for item, text, vector in zip(items, texts, vectors):
                if item.turn_id is not None and item.turn_id not in kept:
                    ids.append(None)
                    continue
                context = item.context if item.context_turn is None \
                    or item.context_turn in kept else ""
                memory_id = new_id(db.execute(
                    "INSERT INTO memories (user_id, kind, key, text, speaker, session_id, turn_id, "
                    "at, created_at, importance, source, embedding, embed_model) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (user_id, item.kind, item.key, item.text, item.speaker, item.session_id,
                     item.turn_id, stamp(item.at) if item.at else now, now, item.importance,
                     item.source, db.dialect.vector(vector), embed_model)))
                index_text(db, user_id, memory_id, text, context)
                ids.append(memory_id)
        return ids

    def memory(self, user_id: int, memory_id: int) -> Memory | None:
        row = self.db.execute(f"SELECT {FIELDS} FROM memories WHERE user_id = ? AND id = ?",
                              (user_id, memory_id)).fetchone()
        return Memory(**dict(row)) if row else None

    def memories_by_id(self, user_id: int, ids: Sequence[int]) -> dict[int, Memory]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            # "+user_id": look rows up by id; an index on user_id would scan all their memories
            f"SELECT {FIELDS} FROM memories WHERE +user_id = ? AND id IN ({marks})",
            (user_id, *ids)).fetchall()
        return {row["id"]: Memory(**dict(row)) for row in rows}

    def list_memories(self, user_id: int, kind: str | None = None, limit: int | None = 50,
                      history: bool = False) -> list[Memory]:
        """The newest memories first (every one, with ``limit`` None); with ``history``,
        facts no longer true too."""
        where: list[str] = ["user_id = ?"]
        args: list[Any] = [user_id]
        if kind:
            where.append("kind = ?")
            args.append(kind)
        if not history:
            where.append("valid_to IS NULL")
        rows = self.db.execute(
            f"SELECT {FIELDS} FROM memories WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC "
            "LIMIT ?", (*args, self.db.dialect.no_limit if limit is None else limit)).fetchall()
        return [Memory(**dict(r)) for r in rows]

    def all_memories(self, user_id: int) -> list[Memory]:
        """Every memory, facts no longer true too, in the order they were stored."""
        rows = self.db.execute(f"SELECT {FIELDS} FROM memories WHERE user_id = ? ORDER BY id",
                               (user_id,)).fetchall()
        return [Memory(**dict(r)) for r in rows]

    def count_memories(self, user_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM memories WHERE user_id = ?",
                               (user_id,)).fetchone()[0]

    def memories_seen(self, user_id: int) -> tuple[int, int]:
        """The user's count of forgets and count of memories, read in one query: what moves
        when anyone, in any process, adds or forgets a memory of theirs."""
        row = self.db.execute(
            "SELECT (SELECT forgets FROM users WHERE id = ?), "
            "(SELECT count(*) FROM memories WHERE user_id = ?)", (user_id, user_id)).fetchone()
        return int(row[0] or 0), int(row[1])

    def memory_speakers(self, user_id: int) -> set[str]:
        """Everyone who said something a memory holds."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT speaker FROM memories WHERE "
                                              "user_id = ? AND speaker IS NOT NULL", (user_id,))}

    def edit_memory(self, user_id: int, memory_id: int, text: str, turn_id: int | None) -> None:
        """A memory's corrected text, and the turn it was (``turn_id``) with it, together."""
        with self.tx() as db:
            db.execute("UPDATE memories SET text = ? WHERE user_id = ? AND id = ?",
                       (text, user_id, memory_id))
            if turn_id is not None:
                db.execute("UPDATE turns SET content = ? WHERE user_id = ? AND id = ?",
                           (text, user_id, turn_id))

    def reindex_memory(self, user_id: int, memory_id: int, text: str) -> None:
        """The words a memory is found by are now ``text`` (its context stays)."""
        with self.tx() as db:
            if not db.execute("SELECT 1 FROM memories WHERE user_id = ? AND id = ?",
                              (user_id, memory_id)).fetchone():
                return  # not this user's: nothing of anyone's changes
            words = db.dialect.words
            context = words.context(db, user_id, memory_id)
            words.remove(db, user_id, f"[{int(memory_id)}]")
            index_text(db, user_id, memory_id, text, context or "")

    # vectors
    def unembedded(self, user_id: int, embed_model: str, limit: int) -> list[Memory]:
        """Memories with no vector, or one from another embedder (after a switch)."""
        rows = self.db.execute(
            f"SELECT {FIELDS} FROM memories WHERE user_id = ? AND "
            "(embedding IS NULL OR embed_model IS DISTINCT FROM ?) LIMIT ?",
            (user_id, embed_model, limit)).fetchall()
        return [Memory(**dict(r)) for r in rows]

    def set_embeddings(self, user_id: int, vectors: dict[int, np.ndarray], embed_model: str) -> None:
        with self.tx() as db:
            for memory_id, vector in vectors.items():
                db.execute("UPDATE memories SET embedding = ?, embed_model = ? "
                           "WHERE user_id = ? AND id = ?",
                           (db.dialect.vector(vector), embed_model, user_id, memory_id))

    def memory_vectors(self, user_id: int, embed_model: str
                       ) -> tuple[list[int], np.ndarray | None, list[int | None]]:
        """Every vector of ``embed_model`` in id order: the ids, the vectors as one matrix
        (None when there are none), and the session each memory belongs to."""
        rows = self.db.execute(
            "SELECT id, embedding, session_id FROM memories WHERE user_id = ? "
            "AND embedding IS NOT NULL AND embed_model = ? ORDER BY id",
            (user_id, embed_model)).fetchall()
        if not rows:
            return [], None, []
        matrix = self.db.dialect.matrix([r[1] for r in rows])
        return [r[0] for r in rows], matrix, [r[2] for r in rows]

    def nearest_memories(self, user_id: int, vector: np.ndarray, embed_model: str,
                         k: int) -> list[tuple[int, float]]:
        """The ``k`` memories whose ``embed_model`` vectors are nearest ``vector`` by cosine,
        nearest first: (id, cosine). Read from the database at each call, so a memory stored
        by any process counts at once (SQLite: every vector compared; PostgreSQL: an HNSW
        index)."""
        ids, matrix, _ = self.memory_vectors(user_id, embed_model)
        if matrix is None or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(query) or 1.0)
        sims = (matrix @ query) / np.where(norms > 0, norms, 1.0)
        order = np.argsort(-sims, kind="stable")[:k]
        return [(ids[i], float(sims[i])) for i in order]

    # finding
    def search_words(self, user_id: int, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """Memories holding any of ``terms`` (by stem), best first: (id, BM25 score, higher
        is better). The text weighs twice its context; the owner token, nothing."""
        if not terms:
            return []
        return self.db.dialect.words.search(self.db, user_id, list(terms), limit)

    def memories_between(self, user_id: int, start: str, end: str, limit: int) -> list[int]:
        """The newest ``limit`` memories from ``start`` up to ``end``."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM memories WHERE user_id = ? AND at >= ? AND at < ? "
            "ORDER BY at DESC, id DESC LIMIT ?", (user_id, start, end, limit))]

    def said_since_insight(self, user_id: int) -> list[str]:
        """The memories of what the user said since the last insight was stored, oldest first."""
        last = self.db.execute("SELECT max(created_at) FROM memories WHERE user_id = ? "
                               "AND kind = 'insight'", (user_id,)).fetchone()[0] or ""
        return [r[0] for r in self.db.execute(
            "SELECT memories.text FROM memories JOIN turns ON turns.id = memories.turn_id "
            "AND turns.user_id = memories.user_id WHERE memories.user_id = ? "
            "AND memories.kind = 'turn' AND turns.role = 'user' AND memories.created_at > ? "
            "ORDER BY memories.id", (user_id, last))]
