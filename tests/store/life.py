"""What the store suite shares: a check that results are plain values, text that breaks
naive SQL, and for each concern a way to fill it for one user and to read back everything
the protocol shows of it (so isolation and erasing can be checked concern by concern)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from os1.mail.message import Mail
from os1.memory.people import Mention
from os1.memory.records import New
from os1.memory.store_protocol import StoreProtocol

EMBEDDER = "hash-8"
EARLY, LATE = "2000-01-01T00:00:00.000+00:00", "2100-01-01T00:00:00.000+00:00"  # as stamps are
LONG = "word " * 20_000  # 100,000 characters

# Text that breaks a naive translation between SQL dialects or a naive quoting: quotes,
# placeholders of every driver, LIKE's wildcards, backslashes, non-Latin scripts, emoji,
# line breaks, and length.
NASTY = {
    "unicode": "Zoë's café — naïve, 東京で会おう, Привет, مرحبا 🙂👩‍👩‍👧",
    "quotes": "she said \"it's fine\" -- '); DROP TABLE turns; --",
    "placeholders": "100% sure? yes: ? ?1 $1 :name %s %(x)s {0} %%",
    "wildcards": "a_b%c [x] * \\% \\_ \\\\ LIKE '%_%'",
    "lines": "line one\nline two\r\n\ttabbed\u2028sep",
    "long": LONG,
}

PLAIN = (type(None), bool, int, float, str, datetime)


def assert_plain(value: Any, where: str = "result") -> None:
    """``value`` is made of plain Python values only: records (dataclasses), lists, tuples,
    sets and dicts of None, bool, int, float, str and datetime (and float32 vectors): never a
    backend's row, cursor, Decimal, bytes or driver type."""
    if isinstance(value, PLAIN):
        return
    if isinstance(value, np.ndarray):
        assert value.dtype == np.float32, f"{where}: a {value.dtype} array"
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for i, item in enumerate(value):
            assert_plain(item, f"{where}[{i}]")
        return
    if type(value) is dict:
        for key, item in value.items():
            assert_plain(key, f"{where} key")
            assert_plain(item, f"{where}[{key!r}]")
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
        return
    raise AssertionError(f"{where} is a {type(value).__module__}.{type(value).__qualname__}, "
                         "not a plain value")


def vector(seed: int, dims: int = 8) -> np.ndarray:
    """A float32 vector known by its seed."""
    return np.random.default_rng(seed).standard_normal(dims).astype(np.float32)


def at(clock_now: datetime, **delta: float) -> datetime:
    return clock_now + timedelta(**delta)


# ---- filling one concern for one user; each returns the ids it made ----

def fill_turns(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    session = store.start_session(user, "chat")
    asked = store.add_turn(user, session, "user", f"I adopted a puppy {tag}".strip(),
                           meta={"valence": 0.8})
    reply = store.add_turn(user, session, "assistant", f"What a joy {tag}".strip(),
                           model="fake", meta={"safety": ["care"]})
    store.end_session(user, session)
    return {"session": session, "asked": asked, "reply": reply}


def fill_memories(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    turns = fill_turns(store, user, tag)
    items = [New(f"I adopted a puppy {tag}".strip(), kind="turn", speaker="Alice",
                 session_id=turns["session"], turn_id=turns["asked"]),
             New(f"They love animals {tag}".strip(), kind="insight", importance=0.9)]
    ids = store.add_memories(user, items, [i.text for i in items],
                             [vector(1), vector(2)], EMBEDDER)
    assert None not in ids
    return {**turns, "memory": ids[0] or 0, "insight": ids[1] or 0}


def fill_people(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    old = store.set_fact(user, "lives_in", f"Lisbon{tag}", "chat")
    new = store.set_fact(user, "lives_in", f"Porto{tag}", "chat")
    person = store.note_person(user, Mention("sister", f"Anna{tag}", (("job", "nurse"),)), "chat")
    assert old and new and person
    return {"old_fact": old, "fact": new, "person": person}


def fill_self(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    store.set_persona(user, f"Sol{tag}", "it felt warm")
    ids = store.add_self_changes(user, [{"aspect": "trait", "key": "warmth", "old": 0.5,
                                         "new": 0.7, "reason": f"they laughed {tag}"}])
    return {"change": ids[0]}


def fill_affect(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    store.add_affect(user, 0.4, 0.2, "content", f"a good talk {tag}")
    return {}


def fill_relationship(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    turns = fill_turns(store, user, tag)
    now = store.now()
    store.add_checkin(user, f"the interview {tag}", now, turns["asked"], now)
    return turns


def fill_settings(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    store.set_setting(user, "timezone", f"Europe/Lisbon{tag}")
    return {}


def fill_letters(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    client = store.keep_letter_client(user, "Alice", f"Grandma{tag}", "granddaughter", "visits")
    store.remember_letter_details(user, client, [f"loves roses {tag}"], "commission")
    letter = store.add_letter(user, client, "birthday", f"a warm note {tag}")
    store.add_letter_version(user, letter, f"Dear Grandma {tag}", "first draft", [])
    sample = store.add_letter_sample(user, "Alice", "old letter", f"Hi there {tag}")
    store.add_letter_cliche(user, f"at the end of the day{tag}")
    return {"client": client, "letter": letter, "sample": sample}


def fill_reminders(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    when = store.clock() + timedelta(days=1)
    reminder = store.add_reminder(user, "reminder", f"call mum {tag}", when, "Europe/Lisbon",
                                  alarm=30)
    activity = store.add_activity(user, "remind", {"text": f"call mum {tag}"}, "pending",
                                  f"remind you {tag}", data={"id": reminder})
    return {"reminder": reminder, "activity": activity}


def mail(tag: str = "", **fields: Any) -> Mail:
    values: dict[str, Any] = dict(sender="bob@example.com", sender_name="Bob", to=["a@example.com"],
                                  cc=[], subject=f"Lunch? {tag}", date="2026-11-20T10:00:00+00:00",
                                  body=f"Shall we have lunch {tag}", message_id=f"<m{tag}@x>")
    return Mail(**{**values, **fields})


def fill_mail(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    account = store.save_mail_account(user, name=f"home{tag}", address="a@example.com",
                                      imap_host="imap.example.com", imap_port=993,
                                      imap_security="ssl", smtp_host="smtp.example.com",
                                      smtp_port=465, smtp_security="ssl", username="a",
                                      secret=None)
    message, _ = store.add_mail(user, mail(tag), account, uid=7, flags=[])
    store.save_reading(user, message, {"pile": "people", "summary": f"lunch {tag}"})
    draft = store.add_draft(user, "bob@example.com", f"Re: Lunch? {tag}", "Yes!", message, account)
    return {"account": account, "message": message, "draft": draft}


def fill_friends(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    store.add_friend_identity(user, f"file:key-{user}", f"pub-{user}{tag}", f"handle-{user}{tag}")
    store.add_invite(user, f"token-{user}{tag}", "Carol", "{}", LATE)
    friend = store.link_friend(user, f"Carol{tag}", "Al", "carol-key",
                               "https://carol.example", "{}", "active")
    assert store.take_incoming(user, friend, "hello", 1, f"nonce-{user}{tag}",
                               {"text": f"hi {tag}"}) is None
    store.log_friend_message(user, friend, "out", "hello", {"text": f"hello back {tag}"}, "sent",
                             seq=store.next_seq(user, friend), nonce=f"out-{user}{tag}")
    return {"friend": friend}


def fill_jobs(store: StoreProtocol, user: int, tag: str = "") -> dict[str, int]:
    job = store.defer_job(user, "reflect", {"why": f"quiet {tag}"}, "reflect-after-quiet",
                          store.clock(), 3)
    assert job is not None
    return {"job": job}


# ---- everything the protocol shows of one concern for one user ----

def view_turns(store: StoreProtocol, user: int) -> dict[str, Any]:
    sessions = store.conversations(user, 1000)
    return {"recent": store.recent_turns(user, 1000), "all": store.all_turns(user),
            "sessions": sessions,
            "conversation": [store.conversation(user, s["id"]) for s in sessions],
            "count": store.count_turns(user), "acquaintance": store.acquaintance(user),
            "said_lately": store.said_lately(user, 1000),
            "said_since": store.said_since(user, datetime(2000, 1, 1, tzinfo=timezone.utc)),
            "unremembered": store.unremembered(user),
            "marked": store.last_marked(user, "care")}


def view_memories(store: StoreProtocol, user: int) -> dict[str, Any]:
    ids, matrix, sessions = store.memory_vectors(user, EMBEDDER)
    return {"all": store.all_memories(user),
            "listed": store.list_memories(user, limit=None, history=True),
            "count": store.count_memories(user), "speakers": store.memory_speakers(user),
            "vectors": (ids, None if matrix is None else matrix.tolist(), sessions),
            # ids in rank order: scores may weigh a word by how rare it is in the whole store
            "found": [i for i, _ in store.search_words(user, ["puppy", "animals", "porto"], 100)],
            "between": store.memories_between(user, EARLY, LATE, 1000),
            "since_insight": store.said_since_insight(user),
            "unembedded": store.unembedded(user, EMBEDDER, 1000)}


def view_people(store: StoreProtocol, user: int) -> dict[str, Any]:
    people = store.people(user)
    return {"facts": store.facts(user, history=True), "people": people,
            "history": [store.person_history(user, p.id) for p in people],
            "names": store.known_names(user), "user_name": store.user_name(user)}


def view_self(store: StoreProtocol, user: int) -> dict[str, Any]:
    return {"persona": store.persona(user), "changes": store.self_changes(user),
            "seen": store.self_changes_seen(user), "growth": store.last_growth(user)}


def view_affect(store: StoreProtocol, user: int) -> dict[str, Any]:
    return {"moods": store.moods(user), "last": store.last_affect(user),
            "since": store.affect_since(user, datetime(2000, 1, 1, tzinfo=timezone.utc))}


def view_relationship(store: StoreProtocol, user: int) -> dict[str, Any]:
    now = store.now()
    return {"talked": store.talked(user), "felt": store.felt_moments(user, 100),
            "asked": store.last_checkin_asked(user), "due": store.due_checkin(user, now, EARLY)}


def view_settings(store: StoreProtocol, user: int) -> dict[str, Any]:
    return {"settings": store.settings(user), "timezone": store.setting(user, "timezone")}


def view_letters(store: StoreProtocol, user: int) -> dict[str, Any]:
    clients = store.letter_clients(user)
    letters = store.letters(user)
    return {"clients": clients, "letters": letters,
            "details": [store.letter_details(user, c["id"]) for c in clients],
            "letter": [store.letter(user, ltr["id"]) for ltr in letters],
            "versions": [store.letter_versions(user, ltr["id"]) for ltr in letters],
            "samples": store.letter_samples(user), "cliches": store.letter_cliches(user),
            "export": store.letters_export(user)}


def view_reminders(store: StoreProtocol, user: int) -> dict[str, Any]:
    return {"reminders": store.reminders(user, status=None), "activities": store.activities(user),
            "open": store.open_activity(user), "rows": store.tool_rows(user)}


def view_mail(store: StoreProtocol, user: int) -> dict[str, Any]:
    messages = store.mail_messages(user, sent=None)
    return {"accounts": store.mail_accounts(user), "messages": messages,
            "unread": store.unread_mail(user),
            "one": [store.mail_message(user, m["id"]) for m in messages]}


def view_friends(store: StoreProtocol, user: int) -> dict[str, Any]:
    return {"identity": store.friend_identity(user), "invites": store.invites(user),
            "friends": store.friends(user), "log": store.friend_log(user),
            "export": store.friends_export(user)}


def view_jobs(store: StoreProtocol, user: int) -> dict[str, Any]:
    """A user's jobs as they wait, wherever they are kept (ids and times of change are the
    store's own: a move defers a waiting job anew)."""
    return {"jobs": [(j.name, j.args, j.key, j.state, j.attempts, j.max_attempts, j.run_after)
                     for j in store.jobs(user)]}


Fill = Callable[[StoreProtocol, int, str], dict[str, int]]
View = Callable[[StoreProtocol, int], dict[str, Any]]

CONCERNS: dict[str, tuple[Fill, View]] = {
    "turns": (fill_turns, view_turns), "memories": (fill_memories, view_memories),
    "people": (fill_people, view_people), "self": (fill_self, view_self),
    "affect": (fill_affect, view_affect), "relationship": (fill_relationship, view_relationship),
    "settings": (fill_settings, view_settings), "letters": (fill_letters, view_letters),
    "reminders": (fill_reminders, view_reminders), "mail": (fill_mail, view_mail),
    "friends": (fill_friends, view_friends), "jobs": (fill_jobs, view_jobs),
}


def fill_life(store: StoreProtocol, user: int, tag: str = "") -> dict[str, dict[str, int]]:
    """Something in every concern for this user."""
    return {name: fill(store, user, tag) for name, (fill, _) in CONCERNS.items()}


def view_life(store: StoreProtocol, user: int) -> dict[str, dict[str, Any]]:
    return {name: view(store, user) for name, (_, view) in CONCERNS.items()}


def empty(value: Any) -> bool:
    """Whether a view shows nothing: no rows, no counts, no values (zero sessions too)."""
    if value is None or value == 0 or value == "" or value is False:
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(empty(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return all(empty(v) for v in value.values())
    if isinstance(value, (list, tuple, set)):
        return all(empty(v) for v in value)
    return False


A_TAG, B_TAG = "ALPHA", "BRAVO"  # marks each user's words, to find one's words in the other's view


def check_isolation(store: StoreProtocol, users: tuple[int, int], concern: str,
                    trespass: Callable[[StoreProtocol, int, int, dict[str, int]], None]) -> None:
    """Fill ``concern`` for A and B; let ``trespass(store, a, b, a_ids)`` do all it can as B
    with A's ids; then A's view is as it was and B's view never shows A's words."""
    fill, view = CONCERNS[concern]
    a, b = users
    ids = fill(store, a, A_TAG)
    fill(store, b, B_TAG)
    before = view(store, a)
    assert not empty(before), f"the {concern} filler left A with nothing to protect"
    assert A_TAG not in repr(view(store, b))
    trespass(store, a, b, ids)
    assert view(store, a) == before
    assert A_TAG not in repr(view(store, b))


def at_once(count: int, act: Callable[[int], Any]) -> list[Any]:
    """``act(i)`` for i in range(count), each in its own thread, started together: what each
    returned (a store used by many threads, or many workers, keeps its promises under it)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    start = Barrier(count)

    def run(i: int) -> Any:
        start.wait()
        return act(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))
