"""The plain records a store hands out and takes in: a turn, a fact, a memory. Every store
(SQLite today) returns these, never its own row type, so callers never depend on one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from os1.models.base import Role


def fact_label(key: str) -> str:
    """'relation:sister' → 'sister', 'likes:pottery' → 'likes', 'lives_in' → 'lives in'."""
    kind, _, detail = key.partition(":")
    return (detail if kind == "relation" else kind).replace("_", " ")


@dataclass
class Turn:
    id: int
    session_id: int
    role: Role
    content: str
    status: str
    created_at: str
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    ttft_ms: float | None = None
    duration_ms: float | None = None
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    key: str
    value: str
    source: str
    valid_from: str
    valid_to: str | None
    turn_id: int | None = None  # the turn that told it, if it came from one


@dataclass
class Memory:
    id: int
    kind: str
    key: str | None
    text: str
    speaker: str | None
    session_id: int | None
    turn_id: int | None
    at: str
    valid_to: str | None
    importance: float
    source: str

    def label(self) -> str:
        """The text as it is searched and shown in a prompt."""
        if self.kind == "fact" and self.key:
            return f"{fact_label(self.key)}: {self.text}"
        return f"{self.speaker}: {self.text}" if self.speaker else self.text


@dataclass
class New:
    """A memory to store. ``context`` (e.g. the turn before) helps find it but is not shown."""

    text: str
    kind: str = "turn"
    at: datetime | None = None
    speaker: str | None = None
    session_id: int | None = None
    turn_id: int | None = None
    importance: float = 0.5
    source: str = "chat"
    key: str | None = None
    context: str = ""
    context_turn: int | None = None  # the turn ``context`` was copied from: gone, it is left out


@dataclass(frozen=True)
class Account:
    user_id: int
    password_hash: str
    locked_until: str | None


@dataclass(frozen=True)
class Talked:
    """How much a user has talked: conversations, first and last message, and how many
    messages carried a strong feeling (|valence| ≥ 0.5)."""

    sessions: int
    first: str | None
    last: str | None
    felt: int
