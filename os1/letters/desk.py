"""The letter writer's desk: commissions, drafts, revisions and versions kept in the store, for
the CLI, the web app and chat alike. Each letter belongs to a client relationship (sender →
recipient) that is remembered, so the next letter to the same person starts from what is known:
the details of earlier commissions are offered back ("Last time you mentioned the lake house —
use it again?"), and the recipient is linked to the person the user has told about."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from os1.errors import OS1Error
from os1.letters.check import CLICHES, Problem
from os1.letters.commission import Commission, asks_for_letter
from os1.letters.draft import Draft, draft, revise
from os1.letters.voice import Voice, learn
from os1.memory.people import Person, phrase
from os1.memory.store_protocol import StoreProtocol
from os1.memory.untrusted import SENTENCE
from os1.models.base import Model, Options

ME = "me"  # the sender when the user writes for themself


@dataclass
class Known:
    """What OS1 knows for a commission before it is written."""

    client_id: int | None = None
    remembered: list[tuple[str, str]] = field(default_factory=list)  # (detail, where it came from)
    person: Person | None = None
    history: str = ""
    relation: str = ""
    told: list[str] = field(default_factory=list)  # what the user said of them lately, their own words
    told_in: list[int] = field(default_factory=list)  # the turns it was said in

    def lines(self) -> list[str]:
        """What else a letter may name: what the user told of the person lately, remembered
        details, what is known of the person."""
        lines = [*self.told, *(text for text, _ in self.remembered)]
        if self.person:
            lines += [f"{self.person.name or ''} {phrase(k, v)}".strip() for k, v in self.person.facts.items()]
            lines.append(self.person.label)
        if self.history:
            lines.append(self.history)
        return lines


def sender_key(commission: Commission) -> str:
    return commission.sender.strip() or ME


def recipient_key(commission: Commission) -> str:
    """Who the relationship is with: their name, else "your mom" (one mom, one relationship)."""
    return commission.recipient or (f"your {commission.relation}" if commission.relation else "")


def find_person(people: Sequence[Person], commission: Commission) -> Person | None:
    """The person in the user's life the letter is for: by name, else the one of that relation
    (only when the user writes for themself: a client's sister is not the user's)."""
    if commission.sender and commission.sender.lower() not in (ME, "i", "myself"):
        return None
    name = commission.recipient.lower()
    by_name = [p for p in people if p.name and p.name.lower() == name]
    if by_name:
        return by_name[0]
    if commission.relation and not commission.recipient:
        same = [p for p in people if p.relation == commission.relation]
        return same[0] if len(same) == 1 else None
    return None


GOES_ON = re.compile(r"^(?:and |also |so |but )?(?:she|he|they|her|his|their)\b", re.I)
TOLD = 3  # sentences told of the recipient, the newest


def told_of(said: Sequence[tuple[int, str]], name: str) -> list[tuple[int, str]]:
    """The sentences of ``said`` (the user's messages with their turn ids, newest first) that
    speak of ``name``, each with the turn it was said in: those naming them and those going on
    about them ("Lindiwe told us she's leaving" … "she's opening her own barbershop"), the
    newest ``TOLD``, oldest first. A letter asked for in conversation names what was told two
    days before; requests and questions are left out."""
    found: list[tuple[int, str]] = []
    about = False
    for turn_id, message in reversed(said):
        for sentence in (s.strip() for s in SENTENCE.split(message)):
            if not sentence:
                continue
            named = bool(re.search(rf"\b{re.escape(name)}\b", sentence, re.I))
            about = named or about and bool(GOES_ON.match(sentence))
            if about and not sentence.endswith("?") and not asks_for_letter(sentence):
                found.append((turn_id, sentence))
    return found[-TOLD:]


CLAUSE = re.compile(r"\s*(?:[,;]\s*(?:and|but|so|then)?|\s(?:and|but|so) (?=(?:she|he|they|i|we)\b))\s*", re.I)
TOLD_DETAILS = 3  # clauses of what was told that a letter asked for with none of its own must say


def told_details(told: Sequence[str], name: str = "") -> list[str]:
    """What a letter asked for without details of its own must say, when the user has just
    told of its recipient ("he stayed after school twice a week to help Kwame with reading,
    and he lent him all his own books about space" → two details): the newest clauses of
    what was told after they were named, of three words or more ("Mr Okafor is leaving at the
    end of term" is the news, not a thing to tell him; "sad day at the salon" before it is the
    user's). The user's own words are what the thanks are for."""
    named = re.compile(rf"\b{re.escape(name)}\b", re.I) if name else None
    found, after = [], named is None
    for clause in (c.strip(" .!?") for sentence in told for c in CLAUSE.split(sentence)):
        if named is not None and named.search(clause):
            after = True
        elif after and len(clause.split()) >= 3:
            found.append(clause)
    return found[-TOLD_DETAILS:]


def known_for(store: StoreProtocol, user_id: int, commission: Commission) -> Known:
    person = find_person(store.people(user_id), commission)
    known = Known(person=person)
    if commission.recipient and len(commission.recipient) > 2:
        name = commission.recipient.split()[-1]  # "Monsieur Baptiste" is spoken of as Baptiste
        told = told_of(store.said_with_ids(user_id, 200), name)
        known.told = [sentence for _, sentence in told]
        known.told_in = sorted({turn_id for turn_id, _ in told})
    if not commission.recipient and person and person.name:
        commission.recipient = person.name
    if not commission.relation and person and person.relation:
        commission.relation = person.relation
    if not recipient_key(commission):
        return known
    client = store.letter_client(user_id, sender_key(commission), recipient_key(commission))
    if client:
        known.client_id = client["id"]
        known.history = client["history"] or ""
        known.relation = client["relation"] or ""
        known.remembered = [(r["text"], r["source"]) for r in store.letter_details(user_id, client["id"])]
        commission.relation = commission.relation or known.relation
    return known


def offers(commission: Commission, known: Known) -> list[str]:
    """Remembered details this commission does not have yet, to offer back."""
    have = {d.casefold() for d in commission.details}
    return [text for text, _ in known.remembered if text.casefold() not in have]


def offer_question(detail: str) -> str:
    return f"Last time you mentioned \u201c{detail}\u201d \u2014 use it again?"


def voice_for(store: StoreProtocol, user_id: int, commission: Commission) -> Voice:
    return learn([r["text"] for r in store.letter_samples(user_id, sender_key(commission))])


def cliches_for(store: StoreProtocol, user_id: int) -> list[str]:
    return [*CLICHES, *store.letter_cliches(user_id)]


def _problems(rows: list[Problem]) -> list[dict[str, str]]:
    return [p.as_dict() for p in rows]


def _source(letter_id: int, store: StoreProtocol) -> str:
    return f"letter {letter_id}, {store.now()[:10]}"


def new_letter(store: StoreProtocol, user_id: int, commission: Commission, model: Model,
               options: Options | None = None) -> tuple[int, Draft]:
    """Commission a letter: keep the relationship (linked to the person when there is one),
    draft it (checked), keep the draft as version 1 and remember its details for next time."""
    if not commission.recipient and not commission.relation:
        raise OS1Error("a letter needs someone to go to: say who (a name, or \"my sister\").")
    known = known_for(store, user_id, commission)
    commission.told_in = sorted({*commission.told_in, *known.told_in})
    if not commission.details and known.told:
        commission.details = told_details(known.told, commission.recipient.split()[-1] if commission.recipient else "")
    client_id = store.keep_letter_client(user_id, sender_key(commission), recipient_key(commission),
                                         commission.relation, commission.history,
                                         known.person.id if known.person else None)
    voice = voice_for(store, user_id, commission)
    if not commission.length and not commission.words and voice.samples:
        commission.words = min(400, max(40, voice.typical_words))  # as long as they write
    letter_id = store.add_letter(user_id, client_id, commission.occasion, commission.to_json())
    found = draft(commission, model, voice=voice, known=known.lines(),
                  user_name=store.user_name(user_id), options=options, cliches=cliches_for(store, user_id))
    store.add_letter_version(user_id, letter_id, found.text, "first draft", _problems(found.problems))
    store.remember_letter_details(user_id, client_id, commission.details, _source(letter_id, store))
    return letter_id, found


def _letter(store: StoreProtocol, user_id: int, letter_id: int):
    row = store.letter(user_id, letter_id)
    if row is None:
        raise OS1Error(f"there is no letter {letter_id}; `os1 letter list` shows their ids.")
    return row


def commission_of(store: StoreProtocol, user_id: int, letter_id: int) -> Commission:
    return Commission.from_json(_letter(store, user_id, letter_id)["commission"])


def revise_letter(store: StoreProtocol, user_id: int, letter_id: int, instruction: str, model: Model,
                  options: Options | None = None, turn_id: int | None = None) -> tuple[int, Draft]:
    """Rewrite the current version as asked ("funnier", "shorter", "mention the lake house"),
    keep it as a new version with the instruction that made it (and the turn that asked, when
    asked in conversation)."""
    instruction = " ".join(instruction.split())
    if not instruction:
        raise OS1Error("say how to change it, e.g. \"shorter\" or \"mention the lake house\".")
    row = _letter(store, user_id, letter_id)
    commission = Commission.from_json(row["commission"])
    current = store.letter_version(user_id, letter_id, row["current_version"])
    known = known_for(store, user_id, commission)
    found, revised = revise(current["text"] if current else "", commission, instruction, model,
                            voice=voice_for(store, user_id, commission), known=known.lines(),
                            user_name=store.user_name(user_id), options=options,
                            cliches=cliches_for(store, user_id))
    revised.from_turns = sorted({*revised.from_turns, *([turn_id] if turn_id else [])})
    revised.told_in = sorted({*revised.told_in, *known.told_in})
    store.set_letter_commission(user_id, letter_id, revised.occasion, revised.to_json())
    number = store.add_letter_version(user_id, letter_id, found.text, instruction, _problems(found.problems))
    store.remember_letter_details(user_id, row["client_id"],
                                  [d for d in revised.details if d not in commission.details],
                                  _source(letter_id, store))
    return number, found


def restore(store: StoreProtocol, user_id: int, letter_id: int, number: int) -> int:
    """Make an earlier version current again, as a new version (nothing is lost)."""
    _letter(store, user_id, letter_id)
    old = store.letter_version(user_id, letter_id, number)
    if old is None:
        raise OS1Error(f"letter {letter_id} has no version {number}; `os1 letter versions "
                       f"{letter_id}` lists them.")
    return store.add_letter_version(user_id, letter_id, old["text"], f"restored version {number}",
                                    json.loads(old["problems"]))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from ``old`` to ``new`` word by word: ("=", kept), ("-", removed), ("+", added);
    line breaks are kept as words so a moved paragraph reads as one."""
    a, b = re.findall(r"\S+|\n", old), re.findall(r"\S+|\n", new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            out.append(("-", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("+", " ".join(b[j1:j2])))
    return [(op, text.replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")) for op, text in out]


def diff_text(parts: list[tuple[str, str]]) -> str:
    """A word diff as plain text: [-removed-]{+added+}; a line break changed shows as ⏎."""
    def shown(text: str) -> str:
        return text if text.strip() else text.replace("\n", "⏎")

    return " ".join(text if op == "=" else f"[-{shown(text)}-]" if op == "-" else f"{{+{shown(text)}+}}"
                    for op, text in parts).replace(" \n", "\n").replace("\n ", "\n")
