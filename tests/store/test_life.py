"""StoreLife: where the store is, its clock, checkpointing, closing; and that this suite
holds every backend to the whole protocol (a method or concern added to the protocol
without tests here fails)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from os1.memory import store_protocol
from os1.memory.records import New
from os1.memory.store_protocol import StoreProtocol

from .conftest import START
from .life import EMBEDDER, vector

HERE = Path(__file__).parent

# each concern's protocol, and the module of this suite that tests it
MODULES = {"StoreLife": "test_life", "TurnStore": "test_turns", "MemoryStore": "test_memories",
           "PeopleStore": "test_people", "SelfStore": "test_self", "AffectStore": "test_affect",
           "RelationshipStore": "test_relationship", "SettingsStore": "test_settings",
           "AccountStore": "test_accounts", "LetterStore": "test_letters",
           "ReminderStore": "test_reminders", "MailStore": "test_mail",
           "FriendStore": "test_friends", "ForgetStore": "test_forget", "JobStore": "test_jobs",
           "MoveStore": "test_move"}


def test_the_store_reads_its_time_from_its_clock(store, clock):
    assert store.clock() == START
    assert store.now() == "2026-11-24T15:00:00.000+00:00"
    clock.advance(seconds=1.5)
    assert store.now() == "2026-11-24T15:00:01.500+00:00"


def test_the_store_says_where_it_is_and_answers_a_ping(store):
    assert isinstance(store.path, str) and store.path
    assert store.ping() is None


def test_a_checkpoint_keeps_everything(store, users):
    a, _ = users
    store.set_setting(a, "timezone", "UTC")
    assert isinstance(store.checkpoint(), bool)
    assert store.setting(a, "timezone") == "UTC"


def test_nul_characters_are_left_out_of_everything_stored(store, users):
    """PostgreSQL's text cannot hold NUL: both stores drop it at their edge, alike."""
    a, _ = users
    session = store.start_session(a, "chat")
    turn_id = store.add_turn(a, session, "user", "my code\x00 is 4417", meta={"note": "a\x00b"})
    turn = store.turn(a, turn_id)
    assert (turn.content, turn.meta) == ("my code is 4417", {"note": "ab"})
    [memory_id] = store.add_memories(a, [New("the\x00 locker", turn_id=turn_id)],
                                     ["the\x00 locker"], [vector(1)], EMBEDDER)
    assert store.memories_by_id(a, [memory_id])[memory_id].text == "the locker"
    assert [i for i, _ in store.search_words(a, ["lock\x00er"], 10)] == [memory_id]
    store.set_fact(a, "pet\x00", "Rex\x00", "chat")
    assert [(f.key, f.value) for f in store.facts(a)] == [("pet", "Rex")]
    store.set_setting(a, "timezone", "UTC\x00")
    assert store.setting(a, "timezone") == "UTC"


def test_closing_twice_is_safe(store):
    store.close()
    store.close()


def test_the_suite_has_a_module_for_every_concern_of_the_protocol():
    concerns = {base.__name__ for base in StoreProtocol.__mro__[1:]
                if base.__module__ == store_protocol.__name__}
    assert concerns == set(MODULES)
    assert {p.stem for p in HERE.glob("test_*.py")} >= set(MODULES.values())


def test_every_method_of_a_concern_is_called_in_its_module():
    untested = []
    for concern, module in MODULES.items():
        protocol = getattr(store_protocol, concern)
        text = (HERE / f"{module}.py").read_text()
        for name, _ in inspect.getmembers(protocol, inspect.isfunction):
            if name.startswith("_"):
                continue
            if not re.search(rf"\.{name}\(", text):
                untested.append(f"{concern}.{name} in {module}.py")
    assert untested == []


def test_recover_marks_a_reply_whose_writer_died_and_names_its_user(store, users):
    """A server calls ``recover`` now and then: another worker may have died mid-reply."""
    import socket
    import subprocess
    import sys

    from os1.memory.store import STOPPED, writer

    a, b = users
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a process of this machine that has ended
    session = store.start_session(a, "t")
    cut = store.add_turn(a, session, "assistant", "half a tho", status="streaming",
                         meta={"writer": f"{socket.gethostname()}:{child.pid}:1"})
    going = store.add_turn(b, store.start_session(b, "t"), "assistant", "still", status="streaming",
                           meta={"writer": writer()})
    assert store.recover() == {a}
    assert (store.turn(a, cut).status, store.turn(a, cut).content, store.turn(a, cut).error) \
        == ("interrupted", "half a tho", STOPPED)
    assert store.turn(b, going).status == "streaming"  # this very process is still writing it
    assert store.recover() == set()  # once
