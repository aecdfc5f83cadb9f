"""Finding memories by their words in SQLite: the FTS5 table ``memories_fts`` (text, the words
around it, and an owner token such as ``u7`` that keeps each user's entries apart), ranked by
FTS5's BM25. PostgreSQL's index of the same words is ``os1.memory.pg_words``."""

from __future__ import annotations

from collections.abc import Sequence

from os1.memory.store_base import Db, Dialect, owner


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
        rows = db.execute(
            "SELECT rowid, bm25(memories_fts, 1.0, 0.5, 0.0) FROM memories_fts "
            "WHERE memories_fts MATCH ? ORDER BY bm25(memories_fts, 1.0, 0.5, 0.0) LIMIT ?",
            (f"owner:{owner(user_id)} AND ({fts_match(terms)})", limit)).fetchall()
        return [(r[0], -r[1]) for r in rows]

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
