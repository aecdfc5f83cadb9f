"""A deterministic model for tests and demos: scripted replies, and a record of every prompt."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from os1.models.base import Message, Options, Usage


class FakeModel:
    """Replies from a queue (``enqueue``), else a reply derived from the last user message.

    ``history`` holds every list of messages it was asked, so tests can read the prompt.
    ``capable``: whether it stands for a model that can be trusted with hard moments (a big
    model or a server) or for the small embedded one (see ``models.base.capable``); by
    default, as its ``model_id`` says (``fake``: small).
    """

    model_id = "fake"

    def __init__(self, replies: Sequence[str] = (), delay: float = 0.0,
                 capable: bool | None = None):
        self.queue: list[str] = list(replies)
        self.delay = delay
        self.capable = capable
        self.history: list[list[Message]] = []

    def enqueue(self, replies: Sequence[str]) -> None:
        self.queue.extend(replies)

    def stream(self, messages: Sequence[Message], options: Options) -> Iterator[str]:
        self.history.append(list(messages))
        last = next((m.content for m in reversed(messages) if m.role == "user"), "")
        reply = self.queue.pop(0) if self.queue else f"I hear you: {last.strip()}"
        tokens = re.findall(r"\S+\s*|\s+", reply)[: options.max_tokens]
        for token in tokens:
            if self.delay:
                time.sleep(self.delay)
            yield token
        prompt_words = sum(len(m.content.split()) for m in messages)
        return Usage(prompt_tokens=prompt_words, completion_tokens=len(tokens))
