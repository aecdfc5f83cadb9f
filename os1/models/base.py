"""The model protocol: one method that streams text for a list of chat messages.

A backend's ``stream`` is a generator that yields text chunks and *returns* a ``Usage``
(token counts it knows). ``Reply`` wraps it so callers can iterate and read usage after.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class Options:
    max_tokens: int = 400
    temperature: float = 0.7
    stop: tuple[str, ...] = ()
    seed: int | None = None  # the same seed and prompt give the same reply; None: varies
    # A JSON schema the reply must follow (a local model is held to it token by token by a
    # grammar; a server is asked for it); None: free text. A model may ignore it (the fake
    # gives its script), so what comes back is still checked like any model text.
    schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)


@dataclass
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


Stream = Generator[str, None, Usage | None]  # what ``stream`` gives: text chunks, then usage


@runtime_checkable
class Model(Protocol):
    """A chat model. ``model_id`` names it in turn records and in ``os1 models list``."""

    model_id: str

    def stream(self, messages: Sequence[Message], options: Options) -> Stream:
        """Yield reply text as it is generated; return a ``Usage`` when done."""
        ...


@dataclass
class Reply:
    """An iterable over a model's chunks that remembers the text and the usage."""

    chunks: Iterator[str]
    text: str = ""
    usage: Usage = field(default_factory=Usage)
    count: int = 0

    def __iter__(self) -> Generator[str, None, None]:
        gen = self.chunks
        try:
            while True:
                chunk = next(gen)
                self.text += chunk
                self.count += 1
                yield chunk
        except StopIteration as stop:
            if isinstance(stop.value, Usage):
                self.usage = stop.value
        finally:
            close = getattr(gen, "close", None)
            if close:
                close()
        if self.usage.completion_tokens is None:
            self.usage.completion_tokens = self.count


def capable(model: object) -> bool:
    """Whether a model can be trusted with more than conversation (listing facts, a crisis):
    a server model, or a local one of 3 GB or more (about 7B parameters at 4 bits); the
    bundled small models cannot. A model may say so itself (``capable``)."""
    said = getattr(model, "capable", None)
    if said is not None:
        return bool(said)
    if str(getattr(model, "model_id", "")).startswith("openai:"):
        return True
    path = getattr(model, "path", None)
    return bool(path and path.exists() and path.stat().st_size >= 3_000_000_000)


def in_process(model: object) -> bool:
    """Whether the model runs inside this process, one generation at a time (a GGUF through
    llama.cpp), so that anything else it is asked for waits behind a person's turn. A model
    may say so itself (``in_process``); a server model does not share like that."""
    said = getattr(model, "in_process", None)
    if said is not None:
        return bool(said)
    return getattr(model, "path", None) is not None
