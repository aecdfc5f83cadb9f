"""Reflection: from time to time (while the user is quiet, when they leave, or on request) the
companion looks back over what was said since it last reflected and writes a few insights,
which are memories too. A model writes them when it can; word counts stand behind it."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from os1.memory.extract import FACT_KEYS, Fact, parse_lines
from os1.memory.people import Mention, parse_person_lines
from os1.memory.memories import Memories, New
from os1.memory.retrieve import STOP
from os1.memory.untrusted import LOWER, UPPER, reads_as_instruction
from os1.mind.persona import grow
from os1.mind.style import learn
from os1.models.base import Message, Model, Options, capable

MIN_TURNS = 10  # user turns since the last reflection before another is worth it
CAPITAL = re.compile(rf"\b[{UPPER}][{LOWER}]{{2,}}\b")
WORD = re.compile(r"[a-z][a-z'-]{3,}")
FILLER = STOP | set("""really think know just like yeah well okay thanks thank going want
something things thing much good great feel feeling today time also lot maybe sure tomorrow
yesterday morning night tonight week weekend days year years month people getting made make makes
doing done went come came back still even always never every little many lots said says tell
told talk talked talking again only right pretty kind sort last next first actually probably
guess mean since while after before around though could would should might """.split())


@lru_cache(maxsize=1)
def _sentiment_words() -> frozenset[str]:
    """Words that carry feeling (VADER's lexicon): how someone feels is not what they talk about."""
    from os1.mind.perceive import _vader

    return frozenset(_vader().lexicon)


def topic_words(text: str) -> set[str]:
    """The words in a message that could be what it is about: not filler, not feelings."""
    feeling = _sentiment_words()
    return {w for w in WORD.findall(text.lower()) if w not in FILLER and w not in feeling}


@dataclass
class Reflection:
    insights: list[str]
    source: str  # "model" or "counts"
    turns: int
    facts: int = 0  # facts a capable model added to the user model
    changes: int = 0  # steps its self took (persona.grow)


class Interrupted(Exception):
    """The user came back while the model was reflecting: their turn goes first."""


def generate(model: Model, messages: Sequence[Message], options: Options,
             stop: threading.Event | None = None) -> str:
    """The model's whole answer, abandoned (closing the stream frees the model) once ``stop``
    is set."""
    if stop is not None and stop.is_set():
        raise Interrupted
    stream = model.stream(messages, options)
    parts = []
    try:
        for chunk in stream:
            if stop is not None and stop.is_set():
                raise Interrupted
            parts.append(chunk)
    finally:
        stream.close()
    return "".join(parts)


def since_last(memories: Memories, user_id: int) -> list[str]:
    """What the user said since the last reflection, oldest first."""
    return memories.store.said_since_insight(user_id)


def counted(said: list[str], person: str) -> list[str]:
    """Insights from what comes up again and again: names and topics mentioned in 3+ turns."""
    names, topics = Counter(), Counter()  # type: Counter[str], Counter[str]
    for text in said:
        names.update({n for n in CAPITAL.findall(text) if n.lower() not in FILLER and n != person})
        topics.update(topic_words(text))
    insights = [f"{person} has mentioned {name} in {n} conversations lately; {name} matters to them."
                for name, n in names.most_common(2) if n >= 3]
    named = {n.lower() for n in names}
    insights += [f"{person} keeps coming back to {topic} ({n} times lately)."
                 for topic, n in topics.most_common(6) if n >= 3 and topic not in named][:2]
    return insights


def written(model: Model, said: list[str], person: str,
            stop: threading.Event | None = None) -> list[str]:
    """Up to three insights written by the model, kept only if they read like insights (and not
    like orders: what the user said may have tried to give some, and insights reach prompts)."""
    recent = "\n".join(f"- {text}" for text in said[-30:])
    messages = [
        Message("system", "You are a caring companion reflecting privately on conversations."),
        Message("user", f"Recently {person} said:\n{recent}\n\nWrite up to three short insights "
                        f"about {person}: what matters to them, how they are doing, what they "
                        "might need. One per line, each starting with '- '."),
    ]
    text = generate(model, messages, Options(max_tokens=160, temperature=0.3), stop)
    item = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
    lines = [item.sub("", line).strip() for line in text.splitlines() if item.match(line)]
    return [line for line in lines
            if 20 <= len(line) <= 240 and not re.search(r"\b(as an ai|i cannot|i'm sorry)\b", line, re.I)
            and not reads_as_instruction(line)][:3]


def model_facts(model: Model, said: list[str], person: str,
                stop: threading.Event | None = None) -> tuple[list[Fact], list[Mention]]:
    """Facts the user stated, and the people in their life, as lines a capable model writes;
    checked as the patterns' facts are (``extract.keepable``, ``people.parse_person_lines``),
    never trusted."""
    recent = "\n".join(f"- {text}" for text in said[-30:])
    messages = [
        Message("system", "You extract facts a person states about themselves. You never guess."),
        Message("user", f"{person} said:\n{recent}\n\nList the facts {person} stated about "
                        "themselves, one per line as `key: value`, using only these keys: name, "
                        "lives_in, from, job, works_at, age, birthday, likes:<thing>, "
                        "dislikes:<thing>. For each person in their life they named, one line "
                        "`person: <relation>: <Name>`, or with one thing said of them "
                        "`person: <relation>: <Name>: lives_in|job|works_at|does: <value>`. "
                        "If there are none, write none."),
    ]
    text = generate(model, messages, Options(max_tokens=200, temperature=0.0), stop)
    return parse_lines(text, allowed=FACT_KEYS), parse_person_lines(text)


def reflect(memories: Memories, user_id: int, model: Model | None, person: str,
            force: bool = False, stop: threading.Event | None = None) -> Reflection | None:
    """Write insights if enough was said since the last time (or ``force``); None otherwise.
    Raises ``Interrupted`` if ``stop`` is set while the model writes, or if the user had
    something forgotten (or erased everything) meanwhile: nothing is stored then, so no insight
    keeps forgotten words, and what is left is reflected on next time."""
    forgets = memories.store.forgets(user_id)
    said = since_last(memories, user_id)
    if not said or (len(said) < MIN_TURNS and not force):
        return None
    insights, source = [], "counts"
    if model is not None:
        insights, source = written(model, said, person, stop), "model"
    if not insights:
        insights, source = counted(said, person), "counts"
    facts, people = (model_facts(model, said, person, stop) if model is not None and capable(model)
                     else ([], []))
    if memories.store.forgets(user_id) != forgets:
        raise Interrupted  # something was forgotten while the model read it: read again later
    for fact in facts:
        memories.set_fact(user_id, fact.key, fact.value, source="reflection:model")
    for mention in people:
        memories.store.note_person(user_id, mention, source="reflection:model")
    store = memories.store
    for finding in learn(store.said_lately(user_id, 60)[::-1]):
        memories.set_fact(user_id, finding.key, finding.value, source=f"learned: {finding.why}")
    persona = store.persona(user_id)
    grown = grow(store, user_id, person, persona[0] if persona else "OS1", store.clock())
    # the insights last: they mark what was reflected on, so a reflection cut before here (a
    # killed job) runs again, and what it wrote before is kept once (facts are set, not added,
    # and growth steps only from what came since its last step)
    if insights:
        memories.remember_many(user_id, [New(text, kind="insight", importance=0.8,
                                             source=f"reflection:{source}") for text in insights])
    return Reflection(insights, source, len(said), len(facts) + len(people), len(grown))
