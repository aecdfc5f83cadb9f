"""A deterministic model for tests and demos: scripted replies, and a record of every prompt."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from os1.models.base import Message, Options, Stream, Usage


class FakeModel:
    """Replies from a queue (``enqueue``), else a reply derived from the last user message.

    ``history`` holds the lists of messages it was asked (the last ``KEEP``, so a server or a
    bench left running on the fake does not grow without end), so tests can read the prompt.
    ``capable``: whether it stands for a model that can be trusted with hard moments (a big
    model or a server) or for the small embedded one (see ``models.base.capable``); by
    default, as its ``model_id`` says (``fake``: small).
    """

    model_id = "fake"
    KEEP = 1000  # prompts kept in ``history`` and ``structured_asks``

    def __init__(self, replies: Sequence[str] = (), delay: float = 0.0,
                 capable: bool | None = None):
        self.queue: list[str] = list(replies)
        self.delay = delay
        self.capable = capable
        self.history: list[list[Message]] = []
        self.tool_calls: list[list[tuple[str, dict]]] = []  # scripted, for ``call_tools``
        self.tool_asks: list[tuple[list[Message], list[dict]]] = []
        # Answers to asks held to a JSON schema (``Options.schema``), scripted apart from the
        # conversation's replies so a background reading never takes a reply meant for a turn;
        # "{}" when none is scripted. Their prompts go in ``structured_asks``.
        self.structured: list[str] = []
        self.structured_asks: list[list[Message]] = []

    def enqueue(self, replies: Sequence[str]) -> None:
        self.queue.extend(replies)

    def call_tools(self, messages, tools, options) -> list[tuple[str, dict]]:
        """The tool calls scripted in ``tool_calls`` (one list per ask), as a capable model
        calling tools itself would make them; asked only of a capable fake."""
        self.tool_asks.append((list(messages), tools))
        return self.tool_calls.pop(0) if self.tool_calls else []

    def stream(self, messages: Sequence[Message], options: Options) -> Stream:
        if options.schema is not None:
            self.structured_asks.append(list(messages))
            del self.structured_asks[:-self.KEEP]
            reply = self.structured.pop(0) if self.structured else "{}"
        else:
            self.history.append(list(messages))
            del self.history[:-self.KEEP]
            last = next((m.content for m in reversed(messages) if m.role == "user"), "")
            reply = self.queue.pop(0) if self.queue else f"I hear you: {last.strip()}"
        tokens = re.findall(r"\S+\s*|\s+", reply)[: options.max_tokens]
        for token in tokens:
            if self.delay:
                time.sleep(self.delay)
            yield token
        prompt_words = sum(len(m.content.split()) for m in messages)
        return Usage(prompt_tokens=prompt_words, completion_tokens=len(tokens))
