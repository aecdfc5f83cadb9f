"""The store owns every query: no SQL and no reach into its connection anywhere else in the
package, the protocol names everything the SQLite store does, and what the store hands out
is plain data scoped to one user."""

import ast
import dataclasses
import inspect
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

import os1
from os1.memory import store_protocol
from os1.memory.records import New
from os1.memory.store import Store
from os1.memory.store_protocol import StoreProtocol

from .conftest import NOW

PACKAGE = Path(os1.__file__).parent
SQL_CALL = re.compile(r"execute\(|executemany\(|executescript\(")


def _sources() -> list[tuple[str, str]]:
    return [(str(path.relative_to(PACKAGE.parent)), path.read_text())
            for path in sorted(PACKAGE.rglob("*.py"))]


def _store_module(name: str) -> bool:
    return re.fullmatch(r"os1/memory/(store(_\w+)?|pg_\w+)\.py", name) is not None


def test_no_sql_outside_the_store():
    """Only the store's modules run queries (``pg_*.py``: PostgreSQL's); migrations.py is the
    SQLite schema."""
    outside = [f"{name}:{number}" for name, text in _sources()
               if not _store_module(name) and name != "os1/memory/migrations.py"
               for number, line in enumerate(text.splitlines(), 1) if SQL_CALL.search(line)]
    assert outside == []


def test_nothing_reaches_into_the_stores_connection_or_transactions():
    reached = []
    for name, text in _sources():
        if _store_module(name):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Attribute) and node.attr in ("db", "tx"):
                reached.append(f"{name}:{node.lineno} .{node.attr}")
    assert reached == []


def test_the_protocol_names_every_public_method_of_the_sqlite_store():
    """So callers typed with the protocol can do all the store does (mypy checks the other
    direction: the store implements every method of the protocol, with its types)."""
    public = {name for name, _ in inspect.getmembers(Store, inspect.isfunction)
              if not name.startswith("_")}
    named = {name for name, _ in inspect.getmembers(StoreProtocol, inspect.isfunction)
             if not name.startswith("_")}
    assert public - named == {"tx"}  # the SQLite transaction: for the store's own modules
    assert named <= public
    concerns = [c for c in StoreProtocol.__mro__[1:] if c.__module__ == store_protocol.__name__]
    assert len(concerns) >= 12


def _plain(value) -> bool:
    if isinstance(value, sqlite3.Row | sqlite3.Cursor):
        return False
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    if isinstance(value, list | tuple | set):
        return all(_plain(v) for v in value)
    if dataclasses.is_dataclass(value):
        return all(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return isinstance(value, str | int | float | bool | bytes | np.ndarray | type(None)) \
        or hasattr(value, "isoformat")


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db", clock=lambda: NOW)
    yield s
    s.close()


def _life(store: StoreProtocol, name: str, words: str) -> int:
    """A user with a conversation, a memory, a mood and a change to the self."""
    user = store.user(name)
    session = store.start_session(user, "text")
    turn = store.add_turn(user, session, "user", words, meta={"valence": 0.8})
    store.add_turn(user, session, "assistant", "I hear you.")
    store.add_memories(user, [New(words, speaker=name, session_id=session, turn_id=turn)],
                       [f"{name}: {words}"], [np.ones(4, dtype=np.float32)], "test")
    store.add_affect(user, 0.3, 0.2, "content", "a good talk")
    store.add_self_changes(user, [{"aspect": "trait", "key": "openness", "old": 0.5,
                                   "new": 0.6, "reason": "we talked"}])
    return user


def test_what_the_store_hands_out_is_plain_and_one_users(store):
    theo = _life(store, "Theo", "my sister Anna plays the cello")
    amy = _life(store, "Amy", "I am learning the violin")
    reads = {
        "conversations": store.conversations(theo, 10),
        "all_turns": store.all_turns(theo),
        "said_since": store.said_since(theo, NOW - timedelta(days=1)),
        "all_memories": store.all_memories(theo),
        "memory_vectors": store.memory_vectors(theo, "test"),
        "search_words": store.search_words(theo, ["cello", "violin"], 10),
        "self_changes": store.self_changes(theo),
        "moods": store.moods(theo),
        "last_affect": store.last_affect(theo),
        "talked": store.talked(theo),
        "felt_moments": store.felt_moments(theo, 5),
        "row_counts": store.row_counts(theo),
        "find_mentions": store.find_mentions(theo, lambda text: "cello" in text, "cello"),
    }
    for name, value in reads.items():
        assert _plain(value), name
    assert "violin" not in repr(reads) and "Amy" not in repr(reads)
    assert [m.text for m in store.all_memories(amy)] == ["I am learning the violin"]
    assert store.search_words(amy, ["cello"], 10) == []
    assert store.conversation(amy, reads["conversations"][0]["id"]) is None  # Theo's
    assert reads["talked"].sessions == 1 and reads["talked"].felt == 1
    assert [m["text"] for m in reads["find_mentions"]["memories"]] == [
        "my sister Anna plays the cello"]
    assert {t["content"] for t in reads["find_mentions"]["turns"]} == {"my sister Anna plays the cello"}


def test_erasing_one_user_leaves_the_other_and_counts_say_so(store):
    theo = _life(store, "Theo", "my sister Anna plays the cello")
    amy = _life(store, "Amy", "I am learning the violin")
    before = store.row_counts(amy)
    store.erase_user(theo)
    assert sum(store.row_counts(theo).values()) == 0
    assert store.row_counts(amy) == before
    assert store.row_counts() == before  # only Amy's rows are left
    assert not store.only_user(amy)  # Theo's user row stays (an erase without the account)


def test_a_forget_removes_the_rows_and_the_copies_in_one_step(store):
    theo = _life(store, "Theo", "my sister Anna plays the cello")
    found = store.find_mentions(theo, lambda text: "cello" in text.casefold(), "cello")
    gone = store.forget_rows(theo, lambda texts: lambda value: any(t in value for t in texts),
                             memory_ids=[m["id"] for m in found["memories"]])
    assert gone == [m["id"] for m in found["memories"]]
    assert store.all_memories(theo) == []
    assert "cello" not in repr(store.all_turns(theo))  # the turn the memory was went with it
    assert store.forgets(theo) == 1
