"""Recall: the standing block (who the user is, the people in their life), the recent turns that fit a token budget,
and the long-term memories that matter for what was just said."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from os1.memory.people import Person
from os1.memory.retrieve import Hit, Retriever
from os1.memory.store import Fact, Turn
from os1.memory.store_protocol import StoreProtocol
from os1.memory.untrusted import valid_name
from os1.mind import relationship
from os1.mind.grounding import user_block
from os1.mind.persona import Self, current
from os1.mind.style import KEYS as STYLE_KEYS, asked_for

def self_story(me: Self) -> str:
    """Its narrative and what has been on its mind: it changes only when it grows."""
    story = me.narrative
    thoughts = [p for p, on in me.preferences.items() if on]
    if thoughts:
        story += f" On your mind lately: {thoughts[-1]}"
    return story.strip()


def estimate_tokens(text: str) -> int:
    """A model-free estimate (about four characters a token for English) for budgeting."""
    return len(text) // 4 + 1


@dataclass
class Context:
    user_block: str
    history: list[Turn]
    user_name: str | None
    memories: list[Hit] = field(default_factory=list)
    # the user's own turns in the recent history, as the retriever ranked them for this message
    # (best first): what a question about their life most likely points back to
    nearest: list[Hit] = field(default_factory=list)
    relationship: str = ""
    self_story: str = ""  # who the companion is becoming, in its own words
    style: dict[str, str] = field(default_factory=dict)  # how the user talks (mind/style.py)
    facts: list[Fact] = field(default_factory=list)  # what holds now, for this turn's note
    people: list[Person] = field(default_factory=list)  # the people in the user's life
    companion: str = ""  # her name: a remembered turn of hers is "you said"


class Recall:
    """The user-model block, as many recent turns as fit ``budget`` tokens (newest kept), and
    up to ``memory_budget`` tokens of older memories relevant to the query."""

    def __init__(self, store: StoreProtocol, retriever: Retriever | None = None, max_turns: int = 12,
                 budget: int = 1200, memory_budget: int = 160, min_score: float = 0.6):
        self.store = store
        self.retriever = retriever
        self.max_turns = max_turns
        self.budget = budget
        self.memory_budget = memory_budget
        self.min_score = min_score
        self._lines: dict[tuple, str] = {}

    def recall(self, user_id: int, query: str | None = None, now: datetime | None = None,
               exclude: int | None = None) -> Context:
        """``exclude`` is the turn being answered: it is the question, not its history."""
        facts = self.store.facts(user_id)
        extra = int(exclude is not None)
        window = self._window(self.store.count_turns(user_id) - extra) + extra
        turns = [t for t in self.store.recent_turns(user_id, window)
                 if t.content.strip() and t.id != exclude]
        kept, used = [], 0
        for turn in reversed(turns):
            used += estimate_tokens(turn.content)
            if used > self.budget:
                break
            kept.append(turn)
        name = valid_name(next((f.value for f in facts if f.key == "name"), None))
        history = list(reversed(kept))
        memories, nearest = (self._memories(user_id, query, now, history) if query else ([], []))
        # what they said they want in the setup interview wins over what is learnt of how they write
        stated = next((asked_for(f.value) for f in facts if f.key == "style"), {})
        learned = {**{f.key: f.value for f in facts if f.key in STYLE_KEYS}, **stated}
        about = [f for f in facts if f.key not in STYLE_KEYS]
        people = self.store.people(user_id)
        persona = self.store.persona(user_id)
        return Context(user_block(about, people), history, name,
                       memories, nearest, self._relationship(user_id, name, now or self.store.clock()),
                       self_story(current(self.store, user_id)), learned, about, people,
                       persona[0] if persona else "")

    def _relationship(self, user_id: int, name: str | None, now: datetime) -> str:
        """How long and how close, a shared moment, today's dates: worked out once a day, so
        the prompt's beginning stays the same and cached. A forget in any process moves the
        user's count of forgets, so a line quoting a forgotten moment is never served again."""
        key = (user_id, name, now.date(), self.store.forgets(user_id))
        if key not in self._lines:
            if len(self._lines) > 256:
                self._lines.clear()
            self._lines[key] = relationship.line(self.store, user_id, name, now)
        return self._lines[key]

    def _memories(self, user_id: int, query: str, now: datetime | None,
                  history: list[Turn]) -> tuple[list[Hit], list[Hit]]:
        """Relevant memories that are not already in the recent turns or the user block, and
        the user's own recent turns in the order the same search ranked them."""
        if self.retriever is None:
            return [], []
        now = now or self.store.clock()
        shown = {t.id for t in history}
        theirs = {t.id for t in history if t.role == "user"}
        chosen, nearest, used = [], [], 0
        for hit in self.retriever.search(user_id, query, now, k=8):
            memory = hit.memory
            if memory.turn_id in theirs and memory.kind == "turn" and hit.score >= self.min_score:
                nearest.append(hit)
            if hit.score < self.min_score or memory.turn_id in shown:
                continue
            if memory.kind == "fact" and memory.valid_to is None:
                continue  # current facts are in the standing block already
            used += estimate_tokens(memory.text) + 8
            if used > self.memory_budget:
                break
            chosen.append(hit)
        return chosen, nearest

    def _window(self, total: int) -> int:
        """How many recent turns to read. The window's start moves in steps of half its size,
        not every turn, so the prompt's prefix stays the same (and cached) for several turns."""
        if self.max_turns == 0:
            return 0
        step = 2 * -(-self.max_turns // 4)  # about half the window, in whole exchanges
        start = max(0, -(-(total - self.max_turns) // step) * step)
        return total - start
