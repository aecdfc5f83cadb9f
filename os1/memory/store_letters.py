"""The store's queries about letters (tables from migration 010_letters): client relationships
(sender → recipient) with the details remembered from each commission, letters with their
commission and every version, the sender's writing samples, the user's clichés."""

from __future__ import annotations

import json
from typing import Any

from os1.memory.store_base import Db, plain, plains


class LetterQueries:
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    db: Db

    # client relationships
    def letter_client(self, user_id: int, sender: str, recipient: str) -> dict[str, Any] | None:
        return plain(self.db.execute(
            f"SELECT * FROM letter_clients WHERE user_id = ? AND {self.db.dialect.same_text('sender')} "
            f"AND {self.db.dialect.same_text('recipient')}", (user_id, sender, recipient)).fetchone())

    def letter_clients(self, user_id: int) -> list[dict[str, Any]]:
        return plains(self.db.execute("SELECT * FROM letter_clients WHERE user_id = ? ORDER BY id",
                                      (user_id,)).fetchall())

    def keep_letter_client(self, user_id: int, sender: str, recipient: str, relation: str = "",
                           history: str = "", person_id: int | None = None) -> int:
        """The relationship's id, made if new; a relation, history or person said now fills
        in or replaces what was kept."""
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            row = db.execute(f"SELECT id FROM letter_clients WHERE user_id = ? AND {db.dialect.same_text('sender')} "
                             f"AND {db.dialect.same_text('recipient')}", (user_id, sender, recipient)).fetchone()
            if row is None:
                return db.execute(
                    "INSERT INTO letter_clients (user_id, sender, recipient, relation, history, "
                    "person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (user_id, sender, recipient, relation or None, history, person_id, now, now)).lastrowid
            db.execute("UPDATE letter_clients SET relation = coalesce(nullif(?, ''), relation), "
                       "history = coalesce(nullif(?, ''), history), person_id = coalesce(?, person_id), "
                       "updated_at = ? WHERE user_id = ? AND id = ?",
                       (relation, history, person_id, now, user_id, row[0]))
            return row[0]

    def letter_details(self, user_id: int, client_id: int) -> list[dict[str, Any]]:
        """What was said for earlier letters to the same person, oldest first."""
        return plains(self.db.execute("SELECT id, text, source, created_at FROM letter_details "
                                      "WHERE user_id = ? AND client_id = ? ORDER BY id", (user_id, client_id)).fetchall())

    def remember_letter_details(self, user_id: int, client_id: int, texts: list[str], source: str) -> None:
        """Keep each detail once (whatever its case) with where it came from."""
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            kept = {r[0].casefold() for r in db.execute(
                "SELECT text FROM letter_details WHERE user_id = ? AND client_id = ?", (user_id, client_id))}
            for text in texts:
                if text.casefold() not in kept:
                    kept.add(text.casefold())
                    db.execute("INSERT INTO letter_details (user_id, client_id, text, source, created_at) "
                               "VALUES (?, ?, ?, ?, ?)", (user_id, client_id, text, source, now))

    # letters and versions
    def add_letter(self, user_id: int, client_id: int, occasion: str, commission: str) -> int:
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute("INSERT INTO letters (user_id, client_id, occasion, commission, created_at, "
                              "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                              (user_id, client_id, occasion, commission, now, now)).lastrowid

    def set_letter_commission(self, user_id: int, letter_id: int, occasion: str, commission: str) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE letters SET occasion = ?, commission = ?, updated_at = ? "
                       "WHERE user_id = ? AND id = ?", (occasion, commission, self.now(), user_id, letter_id))  # type: ignore[attr-defined]

    def letters(self, user_id: int) -> list[dict[str, Any]]:
        """Every letter, newest first, with its sender, recipient and current text."""
        return plains(self.db.execute(
            "SELECT l.id, l.occasion, l.current_version, l.created_at, l.updated_at, c.sender, "
            "c.recipient, c.relation, v.text FROM letters l JOIN letter_clients c ON c.id = l.client_id "
            "AND c.user_id = l.user_id LEFT JOIN letter_versions v ON v.letter_id = l.id "
            "AND v.user_id = l.user_id AND v.number = l.current_version "
            "WHERE l.user_id = ? ORDER BY l.id DESC", (user_id,)).fetchall())

    def letter(self, user_id: int, letter_id: int) -> dict[str, Any] | None:
        return plain(self.db.execute(
            "SELECT l.*, c.sender, c.recipient, c.relation, c.history, c.person_id FROM letters l "
            "JOIN letter_clients c ON c.id = l.client_id AND c.user_id = l.user_id "
            "WHERE l.user_id = ? AND l.id = ?",
            (user_id, letter_id)).fetchone())

    def add_letter_version(self, user_id: int, letter_id: int, text: str, instruction: str,
                           problems: list[dict[str, Any]]) -> int:
        """Keep a version (numbered from 1) and make it the letter's current one."""
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            if not db.execute("SELECT 1 FROM letters WHERE user_id = ? AND id = ?", (user_id, letter_id)).fetchone():
                raise KeyError(letter_id)
            number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM letter_versions "
                                "WHERE user_id = ? AND letter_id = ?", (user_id, letter_id)).fetchone()[0]
            db.execute("INSERT INTO letter_versions (user_id, letter_id, number, text, instruction, "
                       "problems, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (user_id, letter_id, number, text, instruction, json.dumps(problems), now))
            db.execute("UPDATE letters SET current_version = ?, updated_at = ? WHERE user_id = ? AND id = ?",
                       (number, now, user_id, letter_id))
            return number

    def letter_versions(self, user_id: int, letter_id: int) -> list[dict[str, Any]]:
        return plains(self.db.execute("SELECT number, text, instruction, problems, created_at FROM letter_versions "
                                      "WHERE user_id = ? AND letter_id = ? ORDER BY number", (user_id, letter_id)).fetchall())

    def letter_version(self, user_id: int, letter_id: int, number: int) -> dict[str, Any] | None:
        return plain(self.db.execute("SELECT number, text, instruction, problems, created_at FROM letter_versions "
                                     "WHERE user_id = ? AND letter_id = ? AND number = ?",
                                     (user_id, letter_id, number)).fetchone())

    # the sender's writing, the user's clichés
    def add_letter_sample(self, user_id: int, sender: str, name: str, text: str) -> int:
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute("INSERT INTO letter_samples (user_id, sender, name, text, created_at) "
                              "VALUES (?, ?, ?, ?, ?)", (user_id, sender, name, text, self.now())).lastrowid  # type: ignore[attr-defined]

    def letter_samples(self, user_id: int, sender: str | None = None) -> list[dict[str, Any]]:
        if sender is None:
            return plains(self.db.execute("SELECT * FROM letter_samples WHERE user_id = ? ORDER BY id",
                                          (user_id,)).fetchall())
        return plains(self.db.execute(f"SELECT * FROM letter_samples WHERE user_id = ? AND {self.db.dialect.same_text('sender')} "
                                      "ORDER BY id", (user_id, sender)).fetchall())

    def letter_cliches(self, user_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT phrase FROM letter_cliches WHERE user_id = ? ORDER BY id",
                                              (user_id,))]

    def add_letter_cliche(self, user_id: int, phrase: str) -> bool:
        """False when the user already has it."""
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute("INSERT INTO letter_cliches (user_id, phrase, created_at) "
                              "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (user_id, phrase, self.now())).rowcount > 0  # type: ignore[attr-defined]

    def remove_letter_cliche(self, user_id: int, phrase: str) -> bool:
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(f"DELETE FROM letter_cliches WHERE user_id = ? AND {db.dialect.same_text('phrase')}",
                              (user_id, phrase)).rowcount > 0

    def letters_export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every letter row of this user, as plain data (for ``os1 memory export``)."""
        tables = {"clients": "letter_clients", "details": "letter_details", "letters": "letters",
                  "versions": "letter_versions", "samples": "letter_samples", "cliches": "letter_cliches"}
        return {name: [dict(r) for r in self.db.execute(
            f"SELECT * FROM {table} WHERE user_id = ? ORDER BY id", (user_id,))]
            for name, table in tables.items()}
