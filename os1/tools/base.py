"""The tool interface: a name, a description, the arguments as a pydantic model (their JSON
schema is what a capable model is shown), a confirmation policy, and ``run``.

``confirm = "never"``: reversible and local (setting a reminder), done at once and logged.
``confirm = "always"``: it leaves the machine, or destroys or changes someone else's thing:
proposed with a preview, done only on the user's yes in the next turn (``activity``).
Other packages register their tools here the way the built-in ones do (``register``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from os1.errors import OS1Error


class Args(BaseModel):
    """A tool's arguments: unknown ones are an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class Context:
    """Where a tool runs: whose store, the user's clock and zone, the turn that asked, and
    the model a tool may write with (a drafted reply; None: it writes by rule)."""

    store: Any
    user_id: int
    now: datetime  # aware, on the user's clock
    turn_id: int | None = None
    model: Any = None

    @property
    def zone(self) -> str:
        return getattr(self.now.tzinfo, "key", None) or "UTC"


@dataclass
class ToolResult:
    """What a tool did, in words the user can be told as they are, plus data; ``undo``: what
    its ``undo`` needs to reverse it (None: it can't be undone)."""

    said: str
    data: dict[str, Any] = field(default_factory=dict)
    undo: dict[str, Any] | None = None
    ok: bool = True


A = TypeVar("A", bound=BaseModel)


class Tool(Generic[A]):
    """Subclass, set the class attributes, and implement ``run`` (and ``undo`` if it can);
    ``Tool[TheirArgs]`` types the parsed arguments its ``preview`` and ``run`` are given."""

    name: ClassVar[str]
    description: ClassVar[str]
    Args: ClassVar[type[BaseModel]] = Args
    confirm: ClassVar[Literal["never", "always"]] = "never"
    ability: ClassVar[str] = ""  # what it lets her say she did ("reminders", "calendar", "mail")
    changes: ClassVar[bool] = True  # False: it only reads (listing is not logged)

    def parse(self, args: dict[str, Any]) -> BaseModel:
        try:
            return self.Args.model_validate(args)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "arguments"
            raise OS1Error(f"{self.name}: {where}: {problem['msg']}") from None

    def schema(self) -> dict[str, Any]:
        """The OpenAI-style function description of this tool."""
        return {"type": "function", "function": {
            "name": self.name, "description": self.description,
            "parameters": self.Args.model_json_schema()}}

    def preview(self, args: A, ctx: Context) -> str:
        """What it would do, said before it is done (for a proposal)."""
        return f"{self.name} {args.model_dump_json()}"

    def run(self, args: A, ctx: Context) -> ToolResult:
        raise NotImplementedError

    def undo(self, data: dict[str, Any], ctx: Context) -> str:
        raise OS1Error(f"{self.name} can't be undone.")


_TOOLS: dict[str, Tool] = {}


def register(tool: Tool) -> Tool:
    """Make a tool available by its name (a later one of the same name replaces it)."""
    _TOOLS[tool.name] = tool
    return tool


def unregister(name: str) -> None:
    _TOOLS.pop(name, None)


def get(name: str) -> Tool:
    _load()
    try:
        return _TOOLS[name]
    except KeyError:
        raise OS1Error(f"there is no tool called {name!r}") from None


def tools() -> list[Tool]:
    _load()
    return list(_TOOLS.values())


def abilities() -> list[str]:
    """What the registered tools let her do, as ``mind.abilities`` names it."""
    return sorted({t.ability for t in tools() if t.ability})


def _load() -> None:
    """The built-in tools register themselves when their module is imported."""
    import os1.mail.tools
    import os1.reminders.tools  # noqa: F401
