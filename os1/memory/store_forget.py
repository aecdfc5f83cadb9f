"""The store's queries for forgetting (issue 13's "forget means forget") and erasing. A
memory's words are copied as the companion works: into the turn it came from, the
turn-memory of that turn, a fact's older values, the note of every later turn that
recalled it, the hidden search context of the next memory, the full-text index's segments
and the write-ahead log. ``forget_rows`` removes a set of rows with every one of those
copies in one transaction; which rows, and what counts as a copy, ``os1.memory.forget``
decides."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from os1.memory.store_base import Db, Queries, hold_user
from os1.memory.store_friends import friend_messages_about, scrub_friend_log

Test = Callable[[str], bool]

CONTROL = re.compile(r'[\x00-\x1f\x7f"]')  # not for a full-text query: quotes, NUL, controls


def _ids(values: Iterable[int]) -> str:
    """A list of ids as one JSON parameter, read with ``Dialect.ids``: no limit on how many."""
    return json.dumps(sorted({int(v) for v in values}))


class ForgetQueries(Queries):
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    def find_mentions(self, user_id: int, test: Test, phrase: str | None = None
                      ) -> dict[str, list[Any]]:
        """Every row of this user whose text passes ``test`` (a memory also when its words
        hold ``phrase`` by their stems), by kind: memories (id, kind, key, text, at,
        valid_to), turns (id, role, content, created_at), notes (ids of turns whose
        recalled-memory note passes), contexts (ids of memories whose hidden search context
        passes), checkins, self_changes, people, person_facts,
        letters, letter_texts, reminders, activity, mail, friend_messages."""
        found: dict[str, list[Any]] = {}
        with self.tx() as db:
            words = CONTROL.sub(" ", phrase).split() if phrase else []
            note = db.dialect.json_text("meta", "note")
            versions = db.dialect.text_agg("v.text || ' ' || v.instruction", "' '")
            stemmed = db.dialect.words.phrase(db, user_id, words) if words else set()
            found["memories"] = _matching(db, test, (
                "SELECT id, kind, key, text, at, valid_to, "
                "replace(coalesce(key, ''), '_', ' ') || ' ' || text || ' ' || source AS probe, "
                f"id IN {db.dialect.ids} AS hit FROM memories WHERE user_id = ? ORDER BY id"),
                (_ids(stemmed), user_id))
            found["turns"] = _matching(db, test, "SELECT id, role, content, created_at, content "
                                       "AS probe FROM turns WHERE user_id = ? ORDER BY id", (user_id,))
            found["notes"] = [r["id"] for r in _matching(
                db, test, f"SELECT id, {note} AS probe FROM turns "
                f"WHERE user_id = ? AND {note} IS NOT NULL ORDER BY id", (user_id,))]
            # the hidden search context a memory carries of the turn before it
            found["contexts"] = [memory_id for memory_id, context in db.dialect.words.contexts(db, user_id)
                                 if context and test(context)]
            found["checkins"] = _matching(db, test, "SELECT id, about, due_at, about AS probe "
                                          "FROM checkins WHERE user_id = ? ORDER BY id", (user_id,))
            found["self_changes"] = _matching(db, test, (
                "SELECT id, aspect, key, new, reason, key || ' ' || coalesce(old, '') || ' ' || "
                "coalesce(new, '') || ' ' || reason AS probe FROM self_changes WHERE user_id = ? "
                "ORDER BY id"), (user_id,))
            found["people"] = _matching(db, test, (
                "SELECT id, relation, name, coalesce(relation, '') || ' ' || coalesce(name, '') "
                "|| ' ' || source AS probe FROM people WHERE user_id = ? ORDER BY id"), (user_id,))
            found["person_facts"] = _matching(db, test, (
                "SELECT id, person_id, key, value, value || ' ' || source AS probe "
                "FROM person_facts WHERE user_id = ? ORDER BY id"), (user_id,))
            found["letters"] = _matching(db, test, (
                "SELECT l.id, c.recipient, l.occasion, c.sender || ' ' || c.recipient || ' ' || "
                "coalesce(c.history, '') || ' ' || l.commission || ' ' || coalesce((SELECT "
                f"{versions} FROM letter_versions v "
                "WHERE v.letter_id = l.id AND v.user_id = l.user_id), '') AS probe FROM letters l JOIN letter_clients c "
                "ON c.id = l.client_id AND c.user_id = l.user_id WHERE l.user_id = ? ORDER BY l.id"), (user_id,))
            found["letter_texts"] = _matching(db, test, (
                "SELECT id, 'detail' AS kind, text, text AS probe FROM letter_details "
                "WHERE user_id = ? UNION ALL SELECT id, 'sample', name, text AS probe "
                "FROM letter_samples WHERE user_id = ? UNION ALL SELECT id, 'relationship', "
                "sender || ' → ' || recipient, sender || ' ' || recipient || ' ' || "
                "coalesce(relation, '') || ' ' || history AS probe FROM letter_clients "
                "WHERE user_id = ? ORDER BY kind, id"), (user_id, user_id, user_id))
            found["reminders"] = _matching(db, test, "SELECT id, kind, text, at, text AS probe "
                                           "FROM reminders WHERE user_id = ? ORDER BY id", (user_id,))
            found["activity"] = _matching(db, test, "SELECT id, tool, summary, args || ' ' || "
                                          "summary || ' ' || data AS probe FROM activity "
                                          "WHERE user_id = ? ORDER BY id", (user_id,))
            found["friend_messages"] = friend_messages_about(db, user_id, test)
            found["mail"] = _matching(db, test, (
                "SELECT id, sender, subject, sender || ' ' || sender_name || ' ' || subject || ' ' "
                "|| body || ' ' || coalesce(reading, '') AS probe FROM mail_messages "
                "WHERE user_id = ? ORDER BY id"), (user_id,))
        return found

    def fact_values(self, user_id: int, memory_id: int) -> list[str]:
        """Every value the fact this memory is has had (old ones too); [] when it is not a
        fact."""
        row = self.db.execute("SELECT kind, key FROM memories WHERE user_id = ? AND id = ?",
                              (user_id, memory_id)).fetchone()
        if row is None or row["kind"] != "fact" or not row["key"]:
            return []
        return [r[0] for r in self.db.execute(
            "SELECT text FROM memories WHERE user_id = ? AND kind = 'fact' AND key = ?",
            (user_id, row["key"]))]

    def forget_rows(self, user_id: int, copies: Callable[[set[str]], Test], words: Iterable[str] = (),
                    memory_ids: Iterable[int] = (), turn_ids: Iterable[int] = (),
                    checkin_ids: Iterable[int] = (), change_ids: Iterable[int] = (),
                    person_ids: Iterable[int] = (), person_fact_ids: Iterable[int] = (),
                    letters: Iterable[tuple[str, int]] = (), reminder_ids: Iterable[int] = (),
                    activity_ids: Iterable[int] = (), mail_ids: Iterable[int] = (),
                    repeats: Callable[[set[str], list[str]], Test] | None = None) -> list[int]:
        """Delete these rows, what goes with them, and every copy of their words (a value
        passing ``copies(the deleted texts)``), in one transaction; then merge the index and
        empty the log. Returns the ids of the memories deleted. A fact goes with its older
        values, a memory with the turn it was and that turn's other memory, a turn with its
        memories, check-ins, reminders, tool activity, what it said of people and the letters
        drawn from it (asked for, revised or told of in it), and with every later reply that
        repeated it (one passing ``repeats(what the user said in the
        deleted turns, what they said in the rest)``); a person with all that is known of
        them and the turns that told it."""
        memory_ids, turn_ids = set(memory_ids), set(turn_ids)
        with self.tx() as db:
            hold_user(db, user_id)  # first: no write made from their turns runs alongside
            turn_ids |= _people_turns(db, user_id, set(person_ids), set(person_fact_ids))
            memory_ids, turn_ids = _expand(db, user_id, memory_ids, turn_ids)
            if repeats is not None:
                copied = _repeating(db, user_id, turn_ids, repeats)
                turn_ids |= copied
                memory_ids |= {r[0] for r in db.execute(  # the reply as remembered
                    f"SELECT id FROM memories WHERE user_id = ? AND turn_id IN {db.dialect.ids}",
                    (user_id, _ids(copied)))}
            ids, tids = _ids(memory_ids), _ids(turn_ids)
            drawn = _drawn_from(db, user_id, tids, repeats)  # read before the turns' activity goes
            people_texts = _drop_people(db, user_id, set(person_ids), set(person_fact_ids), tids)
            texts = {r[0] for r in db.execute(
                f"SELECT text FROM memories WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, ids))}
            _unname(db, user_id, {r[0] for r in db.execute(
                f"SELECT text FROM memories WHERE user_id = ? AND id IN {db.dialect.ids} AND kind = 'fact' "
                "AND key = 'name'", (user_id, ids))})
            texts |= {r[0] for r in db.execute(
                f"SELECT content FROM turns WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, tids))}
            texts |= people_texts
            db.dialect.words.remove(db, user_id, ids)
            db.execute(f"DELETE FROM memories WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, ids))
            for table, chosen in (("checkins", checkin_ids), ("reminders", reminder_ids),
                                  ("activity", activity_ids)):
                db.execute(f"DELETE FROM {table} WHERE user_id = ? AND (id IN {db.dialect.ids} OR "
                           f"turn_id IN {db.dialect.ids})", (user_id, _ids(chosen), tids))
            db.execute(f"DELETE FROM turns WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, tids))
            mails = _ids(mail_ids)  # a message read from mail goes with the replies drafted to it
            db.execute(f"DELETE FROM mail_drafts WHERE user_id = ? AND message_id IN {db.dialect.ids}",
                       (user_id, mails))
            db.execute(f"DELETE FROM mail_messages WHERE user_id = ? AND id IN {db.dialect.ids}",
                       (user_id, mails))
            _drop_changes(db, user_id, set(change_ids))
            _drop_letters(db, user_id, [*letters, *(("letter", i) for i in drawn)], drawn)
            _scrub(db, user_id, memory_ids, copies(texts))
            scrub_friend_log(db, user_id, texts, words)
        self.compact()
        return sorted(memory_ids)

    def letters_drawn_from(self, user_id: int, turn_ids: Iterable[int],
                           repeats: Callable[[set[str], list[str]], Test] | None = None) -> list[dict[str, Any]]:
        """The letters (id, recipient, occasion) drawn from these turns: what forgetting them
        takes with it (``repeats`` as for ``forget_rows``)."""
        with self.tx() as db:
            drawn = _drawn_from(db, user_id, _ids(turn_ids), repeats)
            return [dict(r) for r in db.execute(
                "SELECT l.id, c.recipient, l.occasion FROM letters l JOIN letter_clients c "
                "ON c.id = l.client_id AND c.user_id = l.user_id "
                f"WHERE l.user_id = ? AND l.id IN {db.dialect.ids} ORDER BY l.id",
                (user_id, _ids(drawn))).fetchall()]

    def forgets(self, user_id: int) -> int:
        """How many times this user has had something forgotten: caches of what they said
        (in any process) keep this with what they hold and let go when it moves."""
        row = self.db.execute("SELECT forgets FROM users WHERE id = ?", (user_id,)).fetchone()
        return row[0] if row else 0

    def user_tables(self) -> list[str]:
        """Every table holding a user's rows (it has a ``user_id`` column), read from the
        schema, so a table added by a later migration is erased without being named here."""
        names = [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        return [name for name in names
                if any(col[1] == "user_id" for col in self.db.execute(f'PRAGMA table_info("{name}")'))]

    def row_counts(self, user_id: int | None = None) -> dict[str, int]:
        """How many rows of this user each table holds; with no user, of everyone (a check
        that something wrote nothing at all)."""
        where, args = ("WHERE user_id = ?", (user_id,)) if user_id is not None else ("", ())
        return {t: self.db.execute(f'SELECT count(*) FROM "{t}" {where}', args).fetchone()[0]
                for t in self.user_tables()}

    def erase_user(self, user_id: int, account: bool = False) -> None:
        """Delete everything stored for this user, in every table; with ``account`` their
        user row too (a server account: email, password and sign-in tokens go with it).
        The index is merged and the log emptied, so no deleted page lingers in the files."""
        from os1.friends.identity import forget as forget_friend_key
        from os1.mail.credentials import forget as forget_password

        forget_friend_key(self, user_id)  # kept outside the store (keyring or file)
        for box in self.mail_accounts(user_id):  # type: ignore[attr-defined]
            forget_password(user_id, box["name"], box.get("secret"))  # a password in the keyring
        with self.tx() as db:
            db.execute(db.dialect.defer_references)  # tables point at each other; all go
            hold_user(db, user_id)  # no write made from their turns runs alongside
            db.dialect.words.erase(db, user_id)
            for table in self.user_tables():
                db.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (user_id,))
            db.dialect.erase_jobs(db, user_id)
            if account:
                db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        self.compact()

    def compact(self) -> None:
        """After deleting: merge the full-text index's segments (a deleted row's words stay in
        the old segments until they are merged) and empty the write-ahead log."""
        with self.tx() as db:
            db.dialect.words.optimize(db)
        self.checkpoint()

    def only_user(self, user_id: int) -> bool:
        """Whether this is the only person the store holds (a laptop, not a server's accounts)."""
        return not self.db.execute("SELECT 1 FROM users WHERE id != ? LIMIT 1",
                                   (user_id,)).fetchone()


def _matching(db: Db, test: Test, sql: str,
              args: tuple) -> list[dict]:
    """The rows of ``sql`` whose ``probe`` passes ``test`` (or whose ``hit`` is set), without
    those two columns. The test runs here, not as an SQL function: a Python function called
    from SQLite on a connection that other threads use can deadlock with them."""
    found = []
    for row in db.execute(sql, args).fetchall():
        row = dict(row)
        probe, hit = row.pop("probe", None), row.pop("hit", False)
        if hit or (probe and test(probe)):
            found.append(row)
    return found


def _expand(db: Db, user_id: int, memory_ids: set[int],
            turn_ids: set[int]) -> tuple[set[int], set[int]]:
    """What goes with what was asked: a fact's history, the turns the memories came from and
    those turns' memories (a fact read from a turn, and the turn remembered as it was said)."""
    rows = db.execute(f"SELECT id, kind, key, turn_id FROM memories WHERE user_id = ? "
                      f"AND id IN {db.dialect.ids}", (user_id, _ids(memory_ids))).fetchall()
    memory_ids = {r["id"] for r in rows}
    keys = {r["key"] for r in rows if r["kind"] == "fact" and r["key"]}
    for key in keys:
        history = db.execute("SELECT id, turn_id FROM memories WHERE user_id = ? AND kind = 'fact' "
                             "AND key = ?", (user_id, key)).fetchall()
        memory_ids |= {r["id"] for r in history}
        turn_ids |= {r["turn_id"] for r in history if r["turn_id"] is not None}
    turn_ids |= {r["turn_id"] for r in rows if r["turn_id"] is not None}
    turn_ids = {r[0] for r in db.execute(
        f"SELECT id FROM turns WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, _ids(turn_ids)))}
    # a reply that said a forgotten turn back to the user ("You told me …") goes with it
    turn_ids |= {r[0] for r in db.execute(
        "SELECT id FROM turns WHERE user_id = ? AND "
        f"{db.dialect.json_any('meta', 'recounts', f'IN {db.dialect.id_texts}')}",
        (user_id, _ids(turn_ids)))}
    # and every memory read from those turns: the turn as said, and the facts taken from it
    # (an older value of the same fact, told in another turn, stays: it was said elsewhere)
    memory_ids |= {r[0] for r in db.execute(
        f"SELECT id FROM memories WHERE user_id = ? AND turn_id IN {db.dialect.ids}",
        (user_id, _ids(turn_ids)))}
    return memory_ids, turn_ids


def _repeating(db: Db, user_id: int, turn_ids: set[int],
               repeats: Callable[[set[str], list[str]], Test]) -> set[int]:
    """The replies, after the first of these turns, that repeat what the user said in them."""
    said = {r[0]: r[1] for r in db.execute(
        f"SELECT id, content FROM turns WHERE user_id = ? AND role = 'user' AND id IN {db.dialect.ids}",
        (user_id, _ids(turn_ids)))}
    if not said:
        return set()
    rows = db.execute("SELECT id, role, content FROM turns WHERE user_id = ? AND (role = 'user' "
                      "OR id > ?) ORDER BY id", (user_id, min(said))).fetchall()
    test = repeats(set(said.values()), [r["content"] for r in rows
                                        if r["role"] == "user" and r["id"] not in turn_ids])
    return {r["id"] for r in rows if r["role"] != "user" and r["id"] > min(said)
            and r["id"] not in turn_ids and test(r["content"])}


def _people_turns(db: Db, user_id: int, person_ids: set[int],
                  fact_ids: set[int]) -> set[int]:
    """The turns that told of these people and these things about them."""
    people, facts = _ids(person_ids), _ids(fact_ids)
    return {r[0] for r in db.execute(
        f"SELECT turn_id FROM people WHERE user_id = ? AND id IN {db.dialect.ids} AND turn_id IS NOT NULL "
        f"UNION SELECT turn_id FROM person_facts WHERE user_id = ? AND turn_id IS NOT NULL "
        f"AND (id IN {db.dialect.ids} OR person_id IN {db.dialect.ids})", (user_id, people, user_id, facts, people))}


def _drop_people(db: Db, user_id: int, person_ids: set[int], fact_ids: set[int],
                 turn_ids: str) -> set[str]:
    """Delete these people (with everything known of them), these attributes, and whatever a
    deleted turn told of anyone; returns their words, for scrubbing the copies."""
    person_ids |= {r[0] for r in db.execute(
        f"SELECT id FROM people WHERE user_id = ? AND turn_id IN {db.dialect.ids}", (user_id, turn_ids))}
    people = _ids(person_ids)
    rows = db.execute(
        f"SELECT id, value FROM person_facts WHERE user_id = ? AND (id IN {db.dialect.ids} OR person_id IN {db.dialect.ids} "
        f"OR turn_id IN {db.dialect.ids})", (user_id, _ids(fact_ids), people, turn_ids)).fetchall()
    texts = {r["value"] for r in rows}
    texts |= {r[0] for r in db.execute(f"SELECT name FROM people WHERE user_id = ? AND id IN {db.dialect.ids} "
                                       "AND name IS NOT NULL", (user_id, people))}
    db.execute(f"DELETE FROM person_facts WHERE user_id = ? AND id IN {db.dialect.ids}",
               (user_id, _ids(r["id"] for r in rows)))
    db.execute(f"DELETE FROM people WHERE user_id = ? AND id IN {db.dialect.ids}", (user_id, people))
    return texts


LETTER_TABLES = {"letter": "letters", "detail": "letter_details", "sample": "letter_samples",
                 "relationship": "letter_clients"}  # in this order: a relationship goes last


def _drawn_from(db: Db, user_id: int, turn_ids: str,
                repeats: Callable[[set[str], list[str]], Test] | None = None) -> set[int]:
    """The letters drawn from these turns: asked for or revised in one of them (kept in the
    commission, or in the activity of the tool the turn used); and, with ``repeats``, those
    given what one of them told of the recipient whose words repeat it (a name or place said
    only there: "Boston" in the letter after "Anna lives in Boston" is forgotten)."""
    turns = set(json.loads(turn_ids))
    if not turns:
        return set()
    letter = db.dialect.json_number("args", "letter")
    drawn = {int(r[0]) for r in db.execute(
        f"SELECT {letter} FROM activity WHERE user_id = ? AND tool = 'letter' "
        f"AND turn_id IN {db.dialect.ids} AND {letter} IS NOT NULL", (user_id, turn_ids))}
    told: dict[int, str] = {}
    for letter_id, commission in db.execute("SELECT id, commission FROM letters WHERE user_id = ?", (user_id,)):
        if turns.intersection(_turns(commission, "from_turns")):
            drawn.add(letter_id)
        elif turns.intersection(_turns(commission, "told_in")):
            told[letter_id] = commission
    if told and repeats is not None:
        said = db.execute("SELECT id, content FROM turns WHERE user_id = ? AND role = 'user'", (user_id,)).fetchall()
        test = repeats({r[1] for r in said if r[0] in turns}, [r[1] for r in said if r[0] not in turns])
        for letter_id, commission in told.items():
            versions = [r[0] for r in db.execute("SELECT text FROM letter_versions WHERE user_id = ? AND "
                                                 "letter_id = ?", (user_id, letter_id))]
            if any(test(text) for text in [_without_turns(commission), *versions]):
                drawn.add(letter_id)
    return drawn


def _without_turns(commission: str) -> str:
    """The commission's words without the turn ids it keeps (an id is no copy of "4417")."""
    try:
        data = json.loads(commission or "{}")
        return json.dumps({k: v for k, v in data.items() if k not in ("from_turns", "told_in")},
                          ensure_ascii=False)
    except (ValueError, AttributeError):
        return commission or ""


def _turns(commission: str | None, key: str) -> list[int]:
    """The turns a letter's commission names under ``key`` ([] for one written before it said,
    or not JSON)."""
    try:
        said = json.loads(commission or "{}").get(key) or []
        return [int(t) for t in said]
    except (ValueError, TypeError, AttributeError):
        return []


def _drop_letters(db: Db, user_id: int, letters: list[tuple[str, int]], drawn: Iterable[int] = ()) -> None:
    """Letters with every version, remembered details, writing samples, and relationships
    with all their letters and details; for a letter ``drawn`` from forgotten turns, the
    details remembered from it too (they are the words of its request)."""
    for letter_id in drawn:
        db.execute("DELETE FROM letter_details WHERE user_id = ? AND source LIKE ?",
                   (user_id, f"letter {int(letter_id)}, %"))
    clients = _ids(i for kind, i in letters if kind == "relationship")
    letters = [*letters, *(("letter", r[0]) for r in db.execute(
        f"SELECT id FROM letters WHERE user_id = ? AND client_id IN {db.dialect.ids}", (user_id, clients)))]
    letters += [("detail", r[0]) for r in db.execute(
        f"SELECT id FROM letter_details WHERE user_id = ? AND client_id IN {db.dialect.ids}", (user_id, clients))]
    letter_ids = _ids(i for kind, i in letters if kind == "letter")
    db.execute(f"DELETE FROM letter_versions WHERE user_id = ? AND letter_id IN {db.dialect.ids}", (user_id, letter_ids))
    for kind, table in LETTER_TABLES.items():
        db.execute(f"DELETE FROM {table} WHERE user_id = ? AND id IN {db.dialect.ids}",
                   (user_id, _ids(i for k, i in letters if k == kind)))


def _unname(db: Db, user_id: int, names: set[str]) -> None:
    """A forgotten name leaves the memories it labelled: what they said is kept, said by "User"
    (in the row and in the words it is found by)."""
    for name in names:
        rows = _ids(r[0] for r in db.execute(
            "SELECT id FROM memories WHERE user_id = ? AND speaker = ?", (user_id, name)))
        db.execute(f"UPDATE memories SET speaker = 'User' WHERE user_id = ? AND id IN {db.dialect.ids}",
                   (user_id, rows))
        db.dialect.words.unname(db, user_id, rows, name)


def _drop_changes(db: Db, user_id: int, change_ids: set[int]) -> None:
    """Changes to the self, with any later change that undid one of them."""
    while change_ids:
        undoing = {r[0] for r in db.execute(
            f"SELECT id FROM self_changes WHERE user_id = ? AND undoes IN {db.dialect.ids}",
            (user_id, _ids(change_ids)))} - change_ids
        if undoing:
            change_ids |= undoing
            continue
        db.execute(f"DELETE FROM self_changes WHERE user_id = ? AND id IN {db.dialect.ids}",
                   (user_id, _ids(change_ids)))
        return


def _scrub(db: Db, user_id: int, memory_ids: set[int], test: Test) -> None:
    """The derived copies: the recalled-memory notes of later turns (replayed in prompts) and
    the hidden search context of other memories."""
    note = db.dialect.json_text("meta", "note")
    recalled = db.dialect.json_any("meta", "recalled", f"IN {db.dialect.id_texts}")
    quoted = _matching(db, test, (
        f"SELECT id, meta, {note} AS probe, {recalled} AS hit "
        f"FROM turns WHERE user_id = ? AND {note} IS NOT NULL"), (_ids(memory_ids), user_id))
    for row in quoted:
        meta = json.loads(row["meta"])
        meta.pop("note", None)  # the turn is answered without a note from now on
        meta.pop("recalled", None)
        db.execute("UPDATE turns SET meta = ? WHERE user_id = ? AND id = ?",
                   (json.dumps(meta), user_id, row["id"]))
    for memory_id, context in db.dialect.words.contexts(db, user_id):
        if context and test(context):
            db.dialect.words.clear_context(db, user_id, memory_id)
