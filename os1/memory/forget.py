"""Forgetting for real. A memory's words are copied as the companion works: into the turn it
came from, the turn-memory of that turn, a fact's older values, the note of every later turn
that recalled it (replayed in prompts), the hidden search context of the next memory, the
relationship line's quoted moment, the full-text index's segments and the write-ahead log.
This module knows every one of those copies and removes them together, in one transaction."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from os1.memory.store import Store, owner
from os1.memory.store_friends import friend_messages_about, scrub_friend_log

MIN_ABOUT = 2  # "forget everything about a" would be everything
SCAN_TEXTS = 64  # forgetting up to this many texts searches every copy for each of them


@dataclass
class Found:
    """Everything whose text mentions something: what "forget everything about X" removes."""

    about: str
    memories: list[dict] = field(default_factory=list)  # id, kind, key, text, at
    turns: list[dict] = field(default_factory=list)  # id, role, content, created_at
    notes: list[int] = field(default_factory=list)  # turns whose recalled-memory note mentions it
    checkins: list[dict] = field(default_factory=list)  # id, about, due_at
    self_changes: list[dict] = field(default_factory=list)  # id, aspect, key, new, reason
    people: list[dict] = field(default_factory=list)  # id, relation, name
    person_facts: list[dict] = field(default_factory=list)  # id, person_id, key, value
    letters: list[dict] = field(default_factory=list)  # id, recipient, occasion (and every version)
    letter_texts: list[dict] = field(default_factory=list)  # id, kind, text: details and samples
    reminders: list[dict] = field(default_factory=list)  # id, kind, text, at
    activity: list[dict] = field(default_factory=list)  # id, tool, summary
    mail: list[dict] = field(default_factory=list)  # id, sender, subject
    friend_messages: list[dict] = field(default_factory=list)  # id, direction, type

    @property
    def count(self) -> int:
        return (len(self.memories) + len(self.turns) + len(self.notes) + len(self.checkins)
                + len(self.self_changes) + len(self.people) + len(self.person_facts)
                + len(self.letters) + len(self.letter_texts) + len(self.reminders)
                + len(self.activity) + len(self.mail) + len(self.friend_messages))

    def as_dict(self) -> dict:
        return {"about": self.about, "count": self.count, "memories": self.memories,
                "turns": self.turns, "notes": self.notes, "checkins": self.checkins,
                "self_changes": self.self_changes, "people": self.people,
                "person_facts": self.person_facts, "letters": self.letters,
                "letter_texts": self.letter_texts, "reminders": self.reminders,
                "activity": self.activity, "mail": self.mail,
                "friend_messages": self.friend_messages}


def _mentions(texts: Iterable[str], words: Iterable[str] = ()) -> Callable[[str], bool]:
    """Whether a value holds any of ``words`` or ``texts``, ignoring case.
    With many texts (forgetting thousands of things at once) searching each value for each
    one would take minutes, so a value then counts when one of its lines is a text, whole or
    after the prefix a copy puts before it ("Theo: …", "- (today) Theo: …")."""
    texts = {_fold(t) for t in texts if t and t.strip()}
    scan = {_fold(w) for w in words if w and w.strip()}
    if len(texts) <= SCAN_TEXTS:
        scan |= texts

    def mentions(value: str) -> bool:
        value = value.casefold()
        if any(n in value for n in scan):
            return True
        return len(texts) > SCAN_TEXTS and any(part in texts for part in _parts(value))

    return mentions


def _fold(text: str) -> str:
    return text.casefold().strip()


def _parts(value: str) -> Iterable[str]:
    """Each line of a note or context, whole and without the prefixes a copy puts before it."""
    for line in value.splitlines():
        line = line.strip()
        yield line
        if line.startswith("- (") and ") " in line:
            line = line.split(") ", 1)[1]
            yield line
        if ": " in line:
            yield line.split(": ", 1)[1].strip()


def _ids(values: Iterable[int]) -> str:
    """A list of ids as one JSON parameter, read with ``json_each``: no limit on how many."""
    return json.dumps(sorted({int(v) for v in values}))


IN = "(SELECT value FROM json_each(?))"
CONTROL = re.compile(r'[\x00-\x1f\x7f"]')  # not for a full-text query: quotes, NUL, controls


def find_about(store: Store, user_id: int, about: str, whole_words: bool = False) -> Found:
    """Every memory, fact, insight, turn, note, check-in and self change of this user whose
    text mentions ``about`` (as a substring, in any case, or with ``whole_words`` as a word of
    its own; a memory also by its stemmed words)."""
    about = " ".join(about.split())
    found = Found(about)
    if len(about) < MIN_ABOUT:
        return found
    if whole_words:
        word = re.compile(rf"(?<!\w){re.escape(about.casefold())}(?!\w)")
        test = lambda value: bool(word.search(value.casefold()))  # noqa: E731
    else:
        test = _mentions([], [about])
    with store.tx() as db:
        # By stems too, but not for a whole word: a memory is indexed with its speaker's
        # name ("Anna: …"), and forgetting the name Anna is not forgetting all she said.
        words = [] if whole_words else CONTROL.sub(" ", about).split()
        phrase = '"' + " ".join(words) + '"'
        stemmed = {r[0] for r in db.execute(
            "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?",
            (f"owner:{owner(user_id)} AND text:{phrase}",))} if words else set()
        found.memories = _matching(db, test, (
            "SELECT id, kind, key, text, at, valid_to, "
            "replace(coalesce(key, ''), '_', ' ') || ' ' || text || ' ' || source AS probe, "
            f"id IN {IN} AS hit FROM memories WHERE user_id = ? ORDER BY id"),
            (_ids(stemmed), user_id))
        found.turns = _matching(db, test, "SELECT id, role, content, created_at, content AS probe "
                                "FROM turns WHERE user_id = ? ORDER BY id", (user_id,))
        found.notes = [r["id"] for r in _matching(
            db, test, "SELECT id, json_extract(meta, '$.note') AS probe FROM turns "
            "WHERE user_id = ? AND probe IS NOT NULL ORDER BY id", (user_id,))]
        found.checkins = _matching(db, test, "SELECT id, about, due_at, about AS probe "
                                   "FROM checkins WHERE user_id = ? ORDER BY id", (user_id,))
        found.self_changes = _matching(db, test, (
            "SELECT id, aspect, key, new, reason, key || ' ' || coalesce(old, '') || ' ' || "
            "coalesce(new, '') || ' ' || reason AS probe FROM self_changes WHERE user_id = ? "
            "ORDER BY id"), (user_id,))
        found.people = _matching(db, test, (
            "SELECT id, relation, name, coalesce(relation, '') || ' ' || coalesce(name, '') "
            "|| ' ' || source AS probe FROM people WHERE user_id = ? ORDER BY id"), (user_id,))
        found.person_facts = _matching(db, test, (
            "SELECT id, person_id, key, value, value || ' ' || source AS probe FROM person_facts "
            "WHERE user_id = ? ORDER BY id"), (user_id,))
        found.letters = _matching(db, test, (
            "SELECT l.id, c.recipient, l.occasion, c.sender || ' ' || c.recipient || ' ' || "
            "coalesce(c.history, '') || ' ' || l.commission || ' ' || (SELECT group_concat(v.text || ' ' "
            "|| v.instruction, ' ') FROM letter_versions v WHERE v.letter_id = l.id) AS probe "
            "FROM letters l JOIN letter_clients c ON c.id = l.client_id WHERE l.user_id = ? "
            "ORDER BY l.id"), (user_id,))
        found.letter_texts = _matching(db, test, (
            "SELECT id, 'detail' AS kind, text, text AS probe FROM letter_details WHERE user_id = ? "
            "UNION ALL SELECT id, 'sample', name, text AS probe FROM letter_samples WHERE user_id = ? "
            "UNION ALL SELECT id, 'relationship', sender || ' → ' || recipient, sender || ' ' || recipient "
            "|| ' ' || coalesce(relation, '') || ' ' || history AS probe FROM letter_clients "
            "WHERE user_id = ? ORDER BY kind, id"), (user_id, user_id, user_id))
        found.reminders = _matching(db, test, "SELECT id, kind, text, at, text AS probe FROM "
                                    "reminders WHERE user_id = ? ORDER BY id", (user_id,))
        found.activity = _matching(db, test, "SELECT id, tool, summary, args || ' ' || summary "
                                   "|| ' ' || data AS probe FROM activity WHERE user_id = ? "
                                   "ORDER BY id", (user_id,))
        found.mail = _matching(db, test, (
            "SELECT id, sender, subject, sender || ' ' || sender_name || ' ' || subject || ' ' || "
            "body || ' ' || coalesce(reading, '') AS probe FROM mail_messages WHERE user_id = ? "
            "ORDER BY id"), (user_id,))
        found.friend_messages = friend_messages_about(db, user_id, test)
    return found


def _matching(db: sqlite3.Connection, test: Callable[[str], bool], sql: str,
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


def echoes(store: Store, user_id: int, memory_id: int) -> list[Found]:
    """What else holds a fact's words: each of its values (old ones too), wherever it was said
    as a word of its own, such as the reply that repeated it ("Zelda, what a lovely name")."""
    row = store.db.execute("SELECT kind, key FROM memories WHERE user_id = ? AND id = ?",
                           (user_id, memory_id)).fetchone()
    if row is None or row["kind"] != "fact" or not row["key"]:
        return []
    values = {r[0] for r in store.db.execute(
        "SELECT text FROM memories WHERE user_id = ? AND kind = 'fact' AND key = ?",
        (user_id, row["key"]))}
    return [find_about(store, user_id, value, whole_words=True) for value in sorted(values)
            if len(value.strip()) >= 3]


def erase_found(store: Store, user_id: int, found: Iterable[Found],
                memory_ids: Iterable[int] = (), person_ids: Iterable[int] = ()) -> list[int]:
    """Erase everything in ``found`` (and ``memory_ids``, ``person_ids``), with every copy of
    its words."""
    found = list(found)
    return erase(store, user_id, [*memory_ids, *(m["id"] for f in found for m in f.memories)],
                 [t["id"] for f in found for t in f.turns],
                 [c["id"] for f in found for c in f.checkins],
                 [c["id"] for f in found for c in f.self_changes], words=[f.about for f in found],
                 person_ids=[*person_ids, *(p["id"] for f in found for p in f.people)],
                 person_fact_ids=[p["id"] for f in found for p in f.person_facts],
                 letters=[("letter", t["id"]) for f in found for t in f.letters]
                 + [(t["kind"], t["id"]) for f in found for t in f.letter_texts],
                 reminder_ids=[r["id"] for f in found for r in f.reminders],
                 activity_ids=[a["id"] for f in found for a in f.activity],
                 mail_ids=[m["id"] for f in found for m in f.mail])


def erase(store: Store, user_id: int, memory_ids: Iterable[int] = (), turn_ids: Iterable[int] = (),
          checkin_ids: Iterable[int] = (), change_ids: Iterable[int] = (),
          words: Iterable[str] = (), person_ids: Iterable[int] = (),
          person_fact_ids: Iterable[int] = (), letters: Iterable[tuple[str, int]] = (),
          reminder_ids: Iterable[int] = (), activity_ids: Iterable[int] = (),
          mail_ids: Iterable[int] = ()) -> list[int]:
    """Delete these rows and every copy of their words (and of ``words``); returns the ids of
    the memories deleted. A fact goes with its older values, a memory with the turn it was and
    that turn's other memory, a turn with its memories, check-ins and what it said of people;
    a person with all that is known of them and the turns that told it; a turn with the
    reminders and tool activity it asked for."""
    memory_ids, turn_ids = set(memory_ids), set(turn_ids)
    with store.tx() as db:
        turn_ids |= _people_turns(db, user_id, set(person_ids), set(person_fact_ids))
        memory_ids, turn_ids = _expand(db, user_id, memory_ids, turn_ids)
        ids, tids = _ids(memory_ids), _ids(turn_ids)
        people_texts = _drop_people(db, user_id, set(person_ids), set(person_fact_ids), tids)
        texts = {r[0] for r in db.execute(
            f"SELECT text FROM memories WHERE user_id = ? AND id IN {IN}", (user_id, ids))}
        _unname(db, user_id, {r[0] for r in db.execute(
            f"SELECT text FROM memories WHERE user_id = ? AND id IN {IN} AND kind = 'fact' "
            "AND key = 'name'", (user_id, ids))})
        texts |= {r[0] for r in db.execute(
            f"SELECT content FROM turns WHERE user_id = ? AND id IN {IN}", (user_id, tids))}
        texts |= people_texts
        db.execute(f"DELETE FROM memories_fts WHERE rowid IN (SELECT id FROM memories "
                   f"WHERE user_id = ? AND id IN {IN})", (user_id, ids))
        db.execute(f"DELETE FROM memories WHERE user_id = ? AND id IN {IN}", (user_id, ids))
        db.execute(f"DELETE FROM checkins WHERE user_id = ? AND (id IN {IN} OR turn_id IN {IN})",
                   (user_id, _ids(checkin_ids), tids))
        db.execute(f"DELETE FROM reminders WHERE user_id = ? AND (id IN {IN} OR turn_id IN {IN})",
                   (user_id, _ids(reminder_ids), tids))
        db.execute(f"DELETE FROM activity WHERE user_id = ? AND (id IN {IN} OR turn_id IN {IN})",
                   (user_id, _ids(activity_ids), tids))
        db.execute(f"DELETE FROM turns WHERE user_id = ? AND id IN {IN}", (user_id, tids))
        mails = _ids(mail_ids)  # a message read from mail goes with the replies drafted to it
        db.execute(f"DELETE FROM mail_drafts WHERE user_id = ? AND message_id IN {IN}", (user_id, mails))
        db.execute(f"DELETE FROM mail_messages WHERE user_id = ? AND id IN {IN}", (user_id, mails))
        _drop_changes(db, user_id, set(change_ids))
        _drop_letters(db, user_id, list(letters))
        _scrub(db, user_id, memory_ids, texts, words)
        scrub_friend_log(db, user_id, texts, words)
        db.execute("UPDATE users SET forgets = forgets + 1 WHERE id = ?", (user_id,))
    store.compact()
    return sorted(memory_ids)


def _expand(db: sqlite3.Connection, user_id: int, memory_ids: set[int],
            turn_ids: set[int]) -> tuple[set[int], set[int]]:
    """What goes with what was asked: a fact's history, the turns the memories came from and
    those turns' memories (a fact read from a turn, and the turn remembered as it was said)."""
    rows = db.execute(f"SELECT id, kind, key, turn_id FROM memories WHERE user_id = ? "
                      f"AND id IN {IN}", (user_id, _ids(memory_ids))).fetchall()
    memory_ids = {r["id"] for r in rows}
    keys = {r["key"] for r in rows if r["kind"] == "fact" and r["key"]}
    for key in keys:
        history = db.execute("SELECT id, turn_id FROM memories WHERE user_id = ? AND kind = 'fact' "
                             "AND key = ?", (user_id, key)).fetchall()
        memory_ids |= {r["id"] for r in history}
        turn_ids |= {r["turn_id"] for r in history if r["turn_id"] is not None}
    turn_ids |= {r["turn_id"] for r in rows if r["turn_id"] is not None}
    turn_ids = {r[0] for r in db.execute(
        f"SELECT id FROM turns WHERE user_id = ? AND id IN {IN}", (user_id, _ids(turn_ids)))}
    # a reply that said a forgotten turn back to the user ("You told me …") goes with it
    turn_ids |= {r[0] for r in db.execute(
        "SELECT DISTINCT turns.id FROM turns, json_each(turns.meta, '$.recounts') AS said "
        f"WHERE turns.user_id = ? AND said.value IN {IN}", (user_id, _ids(turn_ids)))}
    memory_ids |= {r[0] for r in db.execute(
        f"SELECT id FROM memories WHERE user_id = ? AND kind = 'turn' AND turn_id IN {IN}",
        (user_id, _ids(turn_ids)))}
    return memory_ids, turn_ids


def _people_turns(db: sqlite3.Connection, user_id: int, person_ids: set[int],
                  fact_ids: set[int]) -> set[int]:
    """The turns that told of these people and these things about them."""
    people, facts = _ids(person_ids), _ids(fact_ids)
    return {r[0] for r in db.execute(
        f"SELECT turn_id FROM people WHERE user_id = ? AND id IN {IN} AND turn_id IS NOT NULL "
        f"UNION SELECT turn_id FROM person_facts WHERE user_id = ? AND turn_id IS NOT NULL "
        f"AND (id IN {IN} OR person_id IN {IN})", (user_id, people, user_id, facts, people))}


def _drop_people(db: sqlite3.Connection, user_id: int, person_ids: set[int], fact_ids: set[int],
                 turn_ids: str) -> set[str]:
    """Delete these people (with everything known of them), these attributes, and whatever a
    deleted turn told of anyone; returns their words, for scrubbing the copies."""
    person_ids |= {r[0] for r in db.execute(
        f"SELECT id FROM people WHERE user_id = ? AND turn_id IN {IN}", (user_id, turn_ids))}
    people = _ids(person_ids)
    rows = db.execute(
        f"SELECT id, value FROM person_facts WHERE user_id = ? AND (id IN {IN} OR person_id IN {IN} "
        f"OR turn_id IN {IN})", (user_id, _ids(fact_ids), people, turn_ids)).fetchall()
    texts = {r["value"] for r in rows}
    texts |= {r[0] for r in db.execute(f"SELECT name FROM people WHERE user_id = ? AND id IN {IN} "
                                       "AND name IS NOT NULL", (user_id, people))}
    db.execute(f"DELETE FROM person_facts WHERE user_id = ? AND id IN {IN}",
               (user_id, _ids(r["id"] for r in rows)))
    db.execute(f"DELETE FROM people WHERE user_id = ? AND id IN {IN}", (user_id, people))
    return texts


LETTER_TABLES = {"letter": "letters", "detail": "letter_details", "sample": "letter_samples",
                 "relationship": "letter_clients"}  # in this order: a relationship goes last


def _drop_letters(db: sqlite3.Connection, user_id: int, letters: list[tuple[str, int]]) -> None:
    """Letters with every version, remembered details, writing samples, and relationships
    with all their letters and details."""
    clients = _ids(i for kind, i in letters if kind == "relationship")
    letters = [*letters, *(("letter", r[0]) for r in db.execute(
        f"SELECT id FROM letters WHERE user_id = ? AND client_id IN {IN}", (user_id, clients)))]
    letters += [("detail", r[0]) for r in db.execute(
        f"SELECT id FROM letter_details WHERE user_id = ? AND client_id IN {IN}", (user_id, clients))]
    letter_ids = _ids(i for kind, i in letters if kind == "letter")
    db.execute(f"DELETE FROM letter_versions WHERE user_id = ? AND letter_id IN {IN}", (user_id, letter_ids))
    for kind, table in LETTER_TABLES.items():
        db.execute(f"DELETE FROM {table} WHERE user_id = ? AND id IN {IN}",
                   (user_id, _ids(i for k, i in letters if k == kind)))


def _unname(db: sqlite3.Connection, user_id: int, names: set[str]) -> None:
    """A forgotten name leaves the memories it labelled: what they said is kept, said by "User"
    (in the row and in the words it is found by)."""
    for name in names:
        rows = _ids(r[0] for r in db.execute(
            "SELECT id FROM memories WHERE user_id = ? AND speaker = ?", (user_id, name)))
        db.execute(f"UPDATE memories SET speaker = 'User' WHERE user_id = ? AND id IN {IN}",
                   (user_id, rows))
        db.execute(f"UPDATE memories_fts SET text = 'User: ' || substr(text, ?) "
                   f"WHERE rowid IN {IN} AND substr(text, 1, ?) = ?",
                   (len(name) + 3, rows, len(name) + 2, f"{name}: "))


def _drop_changes(db: sqlite3.Connection, user_id: int, change_ids: set[int]) -> None:
    """Changes to the self, with any later change that undid one of them."""
    while change_ids:
        undoing = {r[0] for r in db.execute(
            f"SELECT id FROM self_changes WHERE user_id = ? AND undoes IN {IN}",
            (user_id, _ids(change_ids)))} - change_ids
        if undoing:
            change_ids |= undoing
            continue
        db.execute(f"DELETE FROM self_changes WHERE user_id = ? AND id IN {IN}",
                   (user_id, _ids(change_ids)))
        return


def _scrub(db: sqlite3.Connection, user_id: int, memory_ids: set[int], texts: set[str],
           words: Iterable[str]) -> None:
    """The derived copies: the recalled-memory notes of later turns (replayed in prompts) and
    the hidden search context of other memories."""
    test = _mentions(texts, words)
    quoted = _matching(db, test, (
        "SELECT id, meta, json_extract(meta, '$.note') AS probe, EXISTS (SELECT 1 FROM "
        f"json_each(turns.meta, '$.recalled') WHERE json_each.value IN {IN}) AS hit "
        "FROM turns WHERE user_id = ? AND probe IS NOT NULL"), (_ids(memory_ids), user_id))
    for row in quoted:
        meta = json.loads(row["meta"])
        meta.pop("note", None)  # the turn is answered without a note from now on
        meta.pop("recalled", None)
        db.execute("UPDATE turns SET meta = ? WHERE user_id = ? AND id = ?",
                   (json.dumps(meta), user_id, row["id"]))
    nearby = _matching(db, test, "SELECT rowid, context AS probe FROM memories_fts "
                       "WHERE memories_fts MATCH ?", (f"owner:{owner(user_id)}",))
    for row in nearby:
        db.execute("UPDATE memories_fts SET context = '' WHERE rowid = ?", (row["rowid"],))


def alone(store: Store, user_id: int) -> bool:
    """Whether this is the only person the store holds (a laptop, not a server's accounts)."""
    return not store.db.execute("SELECT 1 FROM users WHERE id != ? LIMIT 1", (user_id,)).fetchone()


def wipe_data_dir(home: Path, keep: Iterable[str] = ("models",)) -> list[Path]:
    """Delete every file and folder in the data dir (the database, its log and index, the
    config, any cache) but the shared model files; the store must be closed first."""
    removed = []
    for path in sorted(home.iterdir()):
        if path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    return removed
