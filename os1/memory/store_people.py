"""The store's queries about the people in a user's life (tables from migration 009_people).
A person is found again by name (in any case and script: Python's casefold, the rule
attributes follow), else by relation when the user has one person of it; an attribute that
changes is closed (``valid_to``), never overwritten."""

from __future__ import annotations

from typing import Any

from os1.memory.store_base import Db, hold_row, plains, sources_kept
from os1.memory.people import Mention, Person


class PeopleQueries:
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    db: Db

    def people(self, user_id: int) -> list[Person]:
        """Everyone the user has told about, with what holds of them now, oldest first."""
        people = {r["id"]: Person(r["id"], r["relation"], r["name"],
                                  turns={"relation": r["turn_id"]} if r["turn_id"] else {})
                  for r in self.db.execute("SELECT id, relation, name, turn_id FROM people "
                                           "WHERE user_id = ? ORDER BY id", (user_id,))}
        for row in self.db.execute(
                "SELECT person_id, key, value, source, turn_id FROM person_facts WHERE user_id = ? "
                "AND valid_to IS NULL ORDER BY id", (user_id,)):
            person = people.get(row["person_id"])
            if person:
                person.facts[row["key"]] = row["value"]
                person.sources[row["key"]] = row["source"]
                if row["turn_id"] is not None:
                    person.turns[row["key"]] = row["turn_id"]
        return list(people.values())

    def person_history(self, user_id: int, person_id: int) -> list[dict[str, Any]]:
        """Every value an attribute of this person has had, with when it held."""
        return plains(self.db.execute(
            "SELECT key, value, source, turn_id, valid_from, valid_to FROM person_facts "
            "WHERE user_id = ? AND person_id = ? ORDER BY id", (user_id, person_id)).fetchall())

    def known_names(self, user_id: int) -> dict[str, str]:
        """name → relation, for reading a later "Anna moved to Chicago"."""
        return {r[0]: r[1] or "" for r in self.db.execute(
            "SELECT name, relation FROM people WHERE user_id = ? AND name IS NOT NULL",
            (user_id,))}

    def note_person(self, user_id: int, mention: Mention, source: str,
                    turn_id: int | None = None) -> int | None:
        """Record a mention: the person (new, or found again, a name filling in a nameless
        one) and each attribute, superseding a different current value of the same key.
        Returns the person's id, or None if the turn it came from is gone."""
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            hold_row(db, user_id)  # one person told of twice at once is one person
            if not sources_kept(db, user_id, [turn_id]):
                return None  # forgotten (or the user erased) while it was being said
            person_id = self._find(db, user_id, mention)
            if person_id is None:
                person_id = db.execute(
                    "INSERT INTO people (user_id, relation, name, turn_id, source, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (user_id, mention.relation, mention.name, turn_id, source, now)).lastrowid
            elif mention.name:  # a relation that is news ("Lorenzo proposed") replaces the old
                db.execute("UPDATE people SET name = coalesce(name, ?), relation = CASE WHEN ? "
                           "THEN ? ELSE coalesce(relation, ?) END WHERE user_id = ? AND id = ?",
                           (mention.name, mention.changed, mention.relation, mention.relation,
                            user_id, person_id))
            for key, value in mention.facts:
                current = db.execute(
                    "SELECT id, value FROM person_facts WHERE user_id = ? AND person_id = ? "
                    "AND key = ? AND valid_to IS NULL", (user_id, person_id, key)).fetchone()
                if current and current["value"].casefold() == value.casefold():
                    continue
                if current:
                    db.execute("UPDATE person_facts SET valid_to = ? WHERE id = ?", (now, current["id"]))
                db.execute("INSERT INTO person_facts (user_id, person_id, key, value, turn_id, "
                           "source, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (user_id, person_id, key, value, turn_id, source, now))
            return person_id

    @staticmethod
    def _find(db: Db, user_id: int, mention: Mention) -> int | None:
        if mention.name:
            # Names compare by Python's casefold (as attributes do), in any script: SQLite's
            # NOCASE folds ASCII letters only, and 'élodie' is 'Élodie'.
            name = mention.name.casefold()
            for row in db.execute("SELECT id, name FROM people WHERE user_id = ? AND name IS NOT NULL "
                                  "ORDER BY id", (user_id,)):
                if row["name"].casefold() == name:
                    return int(row["id"])
            # "my sister" told of before her name was: the one nameless sister is her.
            rows = db.execute("SELECT id FROM people WHERE user_id = ? AND relation = ? "
                              "AND name IS NULL", (user_id, mention.relation)).fetchall()
            return rows[0][0] if len(rows) == 1 else None
        rows = db.execute("SELECT id FROM people WHERE user_id = ? AND relation = ?",
                          (user_id, mention.relation)).fetchall()
        return rows[0][0] if len(rows) == 1 else None
