"""Recall: the standing blocks (who the user is, who the companion is) and the recent turns
that fit a token budget. Long-term memory search plugs in here later."""

from __future__ import annotations

from dataclasses import dataclass

from os1.memory.store import Fact, Store, Turn

INTERVIEW_LABELS = {
    "name": "Name",
    "social": "Social or not",
    "mother": "Relationship with their mother",
    "style": "How they like to be spoken to",
    "needs": "What they need help with",
}


def estimate_tokens(text: str) -> int:
    """A model-free estimate (about four characters a token for English) for budgeting."""
    return len(text) // 4 + 1


@dataclass
class Context:
    user_block: str
    history: list[Turn]
    user_name: str | None


def user_block(facts: list[Fact], limit_chars: int = 600) -> str:
    lines = []
    for fact in facts:
        label = INTERVIEW_LABELS.get(fact.key, fact.key.replace("_", " ").capitalize())
        lines.append(f"- {label}: {fact.value.strip()}")
    block = "\n".join(lines)
    return block if len(block) <= limit_chars else block[: limit_chars - 1] + "…"


class RecentRecall:
    """The user-model block plus as many recent turns as fit ``budget`` tokens (newest kept)."""

    def __init__(self, store: Store, max_turns: int = 12, budget: int = 1200):
        self.store = store
        self.max_turns = max_turns
        self.budget = budget

    def recall(self, user_id: int) -> Context:
        facts = self.store.facts(user_id)
        turns = [t for t in self.store.recent_turns(user_id, self._window(user_id))
                 if t.content.strip()]
        kept, used = [], 0
        for turn in reversed(turns):
            used += estimate_tokens(turn.content)
            if used > self.budget:
                break
            kept.append(turn)
        name = next((f.value for f in facts if f.key == "name"), None)
        return Context(user_block(facts), list(reversed(kept)), name)

    def _window(self, user_id: int) -> int:
        """How many recent turns to read. The window's start moves in steps of half its size,
        not every turn, so the prompt's prefix stays the same (and cached) for several turns."""
        if self.max_turns == 0:
            return 0
        total = self.store.count_turns(user_id)
        step = 2 * -(-self.max_turns // 4)  # about half the window, in whole exchanges
        start = max(0, -(-(total - self.max_turns) // step) * step)
        return total - start
