"""Forgetting for real. A memory's words are copied as the companion works: into the turn it
came from, the turn-memory of that turn, a fact's older values, the note of every later turn
that recalled it (replayed in prompts), the hidden search context of the next memory, the
relationship line's quoted moment, the full-text index's segments and the write-ahead log.
This module decides what to find and what counts as a copy; the store
(``Store.find_mentions``, ``Store.forget_rows``) removes them all together, in one transaction."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os1.memory.store_protocol import StoreProtocol

MIN_ABOUT = 2  # "forget everything about a" would be everything
SCAN_TEXTS = 64  # forgetting up to this many texts searches every copy for each of them


@dataclass
class Found:
    """Everything whose text mentions something: what "forget everything about X" removes."""

    about: str
    memories: list[dict] = field(default_factory=list)  # id, kind, key, text, at
    turns: list[dict] = field(default_factory=list)  # id, role, content, created_at
    notes: list[int] = field(default_factory=list)  # turns whose recalled-memory note mentions it
    contexts: list[int] = field(default_factory=list)  # memories whose hidden search context does
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
        return (len(self.memories) + len(self.turns) + len(self.notes) + len(self.contexts) + len(self.checkins)
                + len(self.self_changes) + len(self.people) + len(self.person_facts)
                + len(self.letters) + len(self.letter_texts) + len(self.reminders)
                + len(self.activity) + len(self.mail) + len(self.friend_messages))

    def as_dict(self) -> dict:
        return {"about": self.about, "count": self.count, "memories": self.memories,
                "turns": self.turns, "notes": self.notes, "contexts": self.contexts,
                "checkins": self.checkins,
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


WORD = re.compile(r"\w+(?:['’-]\w+)*")
SENTENCE_END = re.compile(r"[.!?…]['\"’”)]*$")
MIN_REPEAT_WORDS = 3  # "yes" repeated back is not a copy of anything
MIN_PART = 3  # a number or name this long or longer is told apart from others


def repeats(said: set[str], elsewhere: list[str]) -> Callable[[str], bool]:
    """Whether a reply is a copy of what the user said in forgotten turns (``said``): it holds
    one of those texts whole (of a few words at least; case and punctuation aside), or one of
    their distinctive parts that the user said nowhere else (``elsewhere``): a number or code
    (a word with a digit: "4417", "B12") or a name (a capitalised word within a sentence:
    "Quillon"), the name capitalised in the reply too."""
    whole = {" ".join(w) for w in (_words(t) for t in said) if len(w) >= MIN_REPEAT_WORDS}
    other = {w for text in elsewhere for w in _words(text)}
    codes: set[str] = set()
    names: set[str] = set()
    for text in said:
        for word, first in _tokens(text):
            folded = word.casefold()
            if len(word) < MIN_PART or folded in other:
                continue
            if any(c.isdigit() for c in word):
                codes.add(folded)
            elif word[0].isupper() and not first and re.split(r"['’]", word)[0] != "I":
                names.add(folded)  # a name; not "I'll", "I'm"

    def test(reply: str) -> bool:
        words = _words(reply)
        line = f" {' '.join(words)} "
        if any(f" {w} " in line for w in whole) or codes.intersection(words):
            return True
        return any(w.casefold() in names for w, _ in _tokens(reply) if w[0].isupper())

    return test


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _tokens(text: str) -> Iterable[tuple[str, bool]]:
    """Each word of ``text``, and whether it begins a sentence (where any word is capitalised)."""
    first = True
    for match in re.finditer(r"\S+", text):
        for word in WORD.findall(match.group(0)):
            yield word, first
            first = False
        first = bool(SENTENCE_END.search(match.group(0)))


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


def find_about(store: StoreProtocol, user_id: int, about: str, whole_words: bool = False) -> Found:
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
    # By stems too, but not for a whole word: a memory is indexed with its speaker's
    # name ("Anna: …"), and forgetting the name Anna is not forgetting all she said.
    return Found(about, **store.find_mentions(user_id, test, None if whole_words else about))


def echoes(store: StoreProtocol, user_id: int, memory_id: int) -> list[Found]:
    """What else holds a fact's words: each of its values (old ones too), wherever it was said
    as a word of its own, such as the reply that repeated it ("Zelda, what a lovely name")."""
    return [find_about(store, user_id, value, whole_words=True)
            for value in sorted(set(store.fact_values(user_id, memory_id)))
            if len(value.strip()) >= 3]


def erase_found(store: StoreProtocol, user_id: int, found: Iterable[Found],
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


def erase(store: StoreProtocol, user_id: int, memory_ids: Iterable[int] = (),
          turn_ids: Iterable[int] = (), checkin_ids: Iterable[int] = (),
          change_ids: Iterable[int] = (), words: Iterable[str] = (),
          person_ids: Iterable[int] = (), person_fact_ids: Iterable[int] = (),
          letters: Iterable[tuple[str, int]] = (), reminder_ids: Iterable[int] = (),
          activity_ids: Iterable[int] = (), mail_ids: Iterable[int] = ()) -> list[int]:
    """Delete these rows and every copy of their words (and of ``words``); returns the ids of
    the memories deleted. What goes with what (a fact with its older values, a turn with its
    memories and the replies that repeated it, a person with the turns that told of them…)
    is ``Store.forget_rows``."""
    words = list(words)
    return store.forget_rows(
        user_id, lambda texts: _mentions(texts, words), words=words, memory_ids=memory_ids,
        turn_ids=turn_ids, checkin_ids=checkin_ids, change_ids=change_ids, person_ids=person_ids,
        person_fact_ids=person_fact_ids, letters=letters, reminder_ids=reminder_ids,
        activity_ids=activity_ids, mail_ids=mail_ids, repeats=repeats)


def alone(store: StoreProtocol, user_id: int) -> bool:
    """Whether this is the only person the store holds (a laptop, not a server's accounts)."""
    return store.only_user(user_id)


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
