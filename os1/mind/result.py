"""What one turn did: its text and status, the turns it stored, its timings and token counts,
and what the pipeline read on the way (perception, safety, mood, the reply check)."""

from __future__ import annotations

from dataclasses import dataclass, field

from os1.mind.check import Check
from os1.mind.feel import Affect, Event
from os1.mind.perceive import Perception
from os1.mind.recall import Context
from os1.mind.safety import Assessment, Guard
from os1.reminders.hook import Acted


@dataclass
class TurnResult:
    text: str = ""
    status: str = "streaming"
    user_turn: int = 0
    reply_turn: int = 0
    ttft_ms: float | None = None
    duration_ms: float = 0.0
    model_ms: float = 0.0  # time spent waiting for the model
    consumer_ms: float = 0.0  # time the caller spent with each chunk (printing, speaking)
    waited_ms: float = 0.0  # time spent waiting for a free core (a busy server)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    affect: Affect | None = None
    perception: Perception | None = None
    error: str | None = None
    context: Context | None = None
    session_id: int | None = None
    safety: Assessment = field(default_factory=Assessment)
    events: list[Event] = field(default_factory=list)
    guard: Guard = field(default_factory=lambda: Guard(False))
    check: Check | None = None  # the reply check (mind/check.py), set once the turn is prepared
    done: list[str] = field(default_factory=list)  # what a tool really did this turn
    acted: Acted | None = None  # what a tool did, proposed or asked this turn, in words
    first: str = ""  # a small model's first words, fixed by the pipeline (``mind/first.py``)
    recounts: list[int] = field(default_factory=list)  # the turns ``first`` says back
    memorise_after: bool = False  # its door tells the client it is done, then ``settle``s

    @property
    def overhead_ms(self) -> float:
        """Time the pipeline itself spent: neither waiting for the model nor for the caller."""
        return max(self.duration_ms - self.model_ms - self.consumer_ms - self.waited_ms, 0.0)
