"""Moving a whole life from one store to another (SQLite ↔ PostgreSQL), verified and resumable.

Every table with a ``user_id`` moves (found from the schema as an erase finds them, so a table
added later moves too), with the user's row, keeping every id: foreign keys, ``turn_id`` links
and ids inside JSON (a turn's ``recalled`` memories, a memory's ``recounts``) stay right
without being rewritten. So the target must not hold those ids for someone else; a move into
a database that does is refused (remapping every reference, JSON ones included, is not done).
The full-text index is rebuilt on the target from each memory's indexed words.

Background jobs still waiting (deferred, scheduled, or put back to retry) are deferred again
into the target's own queue (SQLite's ``jobs`` table, PostgreSQL's procrastinate tables), with
the same name, arguments, key, time due and attempts allowed; a job running during the move,
and jobs finished or failed, stay with the source.

Rows go in batches, each written with its progress in the target's ``moves`` table in one
transaction: a move killed mid-way and run again goes on from the last whole batch. The
source is only read. When every row is in, each table is checked: its row count and a
checksum of its rows in a canonical form both stores agree on (times as their text, numbers
as numbers, JSON as its text, vectors as float32 bytes).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from os1.errors import OS1Error
from os1.memory.store_jobs import Job
from os1.memory.store_move import JOBS, WHOLE, WORDS, is_vector
from os1.memory.store_protocol import StoreProtocol

BATCH = 500
WAITING = "(jobs waiting)"  # the check of the jobs waiting, on both sides
MOST_JOBS = 1_000_000  # more than anyone has waiting (one memorise per turn, at most)


@dataclass
class Check:
    """One table's verification: rows and checksum on each side."""

    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


@dataclass
class Moved:
    """What a move of one user did."""

    name: str
    already: bool = False  # it had finished before: nothing was done
    resumed: bool = False
    rows: int = 0  # rows written this run (index entries included)
    seconds: float = 0.0
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def canonical(value: Any) -> Any:
    """A stored value as both stores agree on it: whole numbers as integers (SQLite may keep
    1.0 where PostgreSQL keeps 1), other floats by their exact repr, vectors as float32
    bytes, times as ISO text, text as it is."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    if is_vector(value):
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value).hex()
        array = value.to_numpy() if hasattr(value, "to_numpy") else value
        return np.asarray(array, dtype=np.float32).tobytes().hex()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def row_text(row: dict[str, Any]) -> str:
    return json.dumps([[k, canonical(row[k])] for k in sorted(row)], ensure_ascii=False)


def checksum(rows: Iterator[str]) -> tuple[int, str]:
    """How many rows, and a SHA-256 of their canonical texts in sorted order (the order each
    store returns them in does not matter)."""
    texts = sorted(rows)
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\n")
    return len(texts), digest.hexdigest()[:12]


def _rows(store: StoreProtocol, user_id: int, table: str, batch: int) -> Iterator[dict[str, Any]]:
    after: int | None = None
    offset = 0
    while True:
        rows = store.move_batch(user_id, table, after, offset, batch)
        yield from rows
        if len(rows) < batch:
            return
        offset += len(rows)
        after = rows[-1].get("id")


def _words(store: StoreProtocol, user_id: int, batch: int) -> Iterator[tuple[int, str, str]]:
    after = -1
    while True:
        entries = store.word_batch(user_id, after, batch)
        yield from entries
        if len(entries) < batch:
            return
        after = entries[-1][0]


def waiting(store: StoreProtocol, user_id: int) -> list[Job]:
    """The user's jobs waiting to run, oldest first."""
    return sorted(store.jobs(user_id, ("todo",), MOST_JOBS), key=lambda job: job.id)


def job_text(job: Job) -> str:
    """A waiting job as a move keeps it (its id, attempts made and times of change are the
    store's own)."""
    return row_text({"name": job.name, "args": json.dumps(job.args, sort_keys=True),
                     "key": job.key, "run_after": job.run_after,
                     "max_attempts": job.max_attempts})


def verify(source: StoreProtocol, target: StoreProtocol, user_id: int, tables: list[str],
           batch: int = BATCH) -> list[Check]:
    """Per table (and the user's row, and the full-text index): counts and checksums."""
    def one(table: str, rows: Callable[[StoreProtocol], Iterator[str]]) -> Check:
        (n_a, sum_a), (n_b, sum_b) = checksum(rows(source)), checksum(rows(target))
        return Check(table, n_a, n_b, sum_a, sum_b)

    checks = [one("users", lambda s: iter([row_text(s.user_row(user_id) or {})]))]
    checks += [one(t, lambda s, t=t: (row_text(r) for r in _rows(s, user_id, t, batch)))  # type: ignore[misc]
               for t in tables]
    checks.append(one(WORDS, lambda s: (json.dumps(e, ensure_ascii=False)
                                        for e in _words(s, user_id, batch))))
    checks.append(one(WAITING, lambda s: (job_text(j) for j in waiting(s, user_id))))
    return checks


def check_schemas(source: StoreProtocol, target: StoreProtocol) -> None:
    """Both stores must have taken the same schema steps (each took its own on opening)."""
    a, b = source.migration_names(), target.migration_names()
    if a != b:
        newer = "source" if a - b else "target"
        raise OS1Error(f"the {newer} store has schema steps the other lacks "
                       f"({', '.join(sorted(a ^ b))}): open both with the same version of OS1 "
                       "(it updates a store when it opens it), then move again.")


def _check_ids(source: StoreProtocol, target: StoreProtocol, user_id: int, name: str,
               tables: list[str]) -> None:
    """Refuse before writing anything where kept ids would meet another user's."""
    taken = target.user_row(user_id)
    if taken is not None and taken["name"] != name:
        raise OS1Error(f"the target's user {user_id} is {taken['name']!r}, not {name!r}: "
                       "a move keeps ids, so move into a database without them.")
    for table in tables:
        if "id" not in source.columns(table):
            continue
        low, high = source.id_range(user_id, table)
        if low is not None and target.clashes(user_id, table, low, high or low):
            raise OS1Error(f"the target holds other users' {table} with {name}'s ids: a move "
                           "keeps ids, so move into a database without them.")


def where(store: StoreProtocol) -> str:
    """Which store this is, as a move records its source: a database's URL (no password), a
    SQLite file's full path."""
    return store.path if "://" in store.path else str(Path(store.path).resolve())


def move_user(source: StoreProtocol, target: StoreProtocol, name: str, batch: int = BATCH,
              after_batch: Callable[[str, int], None] | None = None) -> Moved:
    """Move the user ``name`` and all their rows from ``source`` into ``target``, or finish a
    move of theirs that was cut off; then verify. ``after_batch(item, rows)`` is called after
    each batch is committed (progress; a test stops a move with it)."""
    started = time.perf_counter()
    if where(source) == where(target):
        raise OS1Error("the source and the target are the same store.")
    user_id = source.user_named(name)
    if user_id is None:
        raise OS1Error(f"the source holds no user {name!r}.")
    check_schemas(source, target)
    tables = source.move_tables()
    moved = Moved(name)
    progress = target.move_progress(user_id)
    if WHOLE in progress:
        done_source = progress[WHOLE][2]
        if done_source != where(source):
            raise OS1Error(f"the target holds a move of {name!r} from {done_source}, not from "
                           f"{where(source)}: erase them there first.")
        if progress[WHOLE][3]:
            moved.already = True
            return moved
        moved.resumed = True
    else:
        if target.user_named(name) is not None:
            raise OS1Error(f"the target already holds {name!r}: erase them there "
                           "(os1 erase) or move into another database.")
        _check_ids(source, target, user_id, name, tables)
        user = source.user_row(user_id)
        assert user is not None
        target.begin_move(user, where(source), target.move_tables())
        progress = target.move_progress(user_id)
        moved.rows += 1
    for table in target.move_tables():
        done, last_id = progress.get(table, (0, None, None, None))[:2]
        while True:
            rows = source.move_batch(user_id, table, last_id, done, batch)
            if not rows:
                break
            done += len(rows)
            last_id = rows[-1].get("id")
            target.put_batch(user_id, table, rows, done, last_id)
            moved.rows += len(rows)
            if after_batch:
                after_batch(table, len(rows))
            if len(rows) < batch:
                break
    done, last = progress[WORDS][:2]
    while True:
        entries = source.word_batch(user_id, last if last is not None else -1, batch)
        if not entries:
            break
        done += len(entries)
        last = entries[-1][0]
        target.put_words(user_id, entries, done)
        moved.rows += len(entries)
        if after_batch:
            after_batch(WORDS, len(entries))
        if len(entries) < batch:
            break
    done, last = progress.get(JOBS, (0, None))[:2]
    jobs = [job for job in waiting(source, user_id) if last is None or job.id > last]
    for start in range(0, len(jobs), batch):
        chunk = jobs[start:start + batch]
        done += len(chunk)
        target.put_jobs(user_id, chunk, done)
        moved.rows += len(chunk)
        if after_batch:
            after_batch(JOBS, len(chunk))
    moved.checks = verify(source, target, user_id, tables, batch)
    if moved.ok:
        target.finish_move(user_id, tables)
    moved.seconds = time.perf_counter() - started
    return moved


def users_to_move(source: StoreProtocol, name: str | None) -> list[str]:
    """The names to move: one, or (with none named) everyone the source holds."""
    if name is not None:
        return [name]
    return [n for _, n in source.move_users()]
