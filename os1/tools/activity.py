"""Running tools: every action is logged (``os1 activity``), a proposal waits for the user's
yes in the next turn and is dropped by anything else, and an action is undone where its tool
can undo it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from os1.errors import OS1Error
from os1.tools.base import Context, Tool, get

YES = re.compile(r"^\s*(yes|yeah|yep|yup|sure|ok|okay|please|please do|do it|send it|go ahead|"
                 r"go for it|add it|set it|sounds good|that'?s right|correct|absolutely|"
                 r"definitely|of course)\b(?!\s*(not|wait)\b)[\s,.!]*(please|thanks|thank you|"
                 r"do it|go ahead|add it|send it)?[\s.!]*$", re.I)


@dataclass
class Outcome:
    """What came of a tool this turn: ``status`` done, pending (waiting for a yes), asking
    (waiting for a detail), dropped, failed, or shown (it only read); ``said``: the words
    that tell the user, true as they are."""

    status: str
    said: str
    tool: str = ""
    activity_id: int | None = None
    data: dict | None = None

    @property
    def ability(self) -> str:
        """What she may now say she did ("reminders"), if it was done."""
        if self.status != "done" or not self.tool:
            return ""
        return get(self.tool).ability


def is_yes(text: str) -> bool:
    """The user's explicit yes ("yes", "do it", "send it"); anything else is not."""
    return bool(YES.match(text))


def act(name: str, args: dict, ctx: Context, *, confirmed: bool = False) -> Outcome:
    """Run a tool, or propose it if it needs the user's yes and has none yet."""
    tool = get(name)
    parsed = tool.parse(args)
    if tool.confirm == "always" and not confirmed:
        return propose(tool, args, ctx)
    try:
        result = tool.run(parsed, ctx)
    except OS1Error as exc:
        ctx.store.add_activity(ctx.user_id, name, args, "failed", str(exc), turn_id=ctx.turn_id)
        return Outcome("failed", str(exc), name)
    if not tool.changes:
        return Outcome("shown", result.said, name, data=result.data)
    if not result.ok:
        ctx.store.add_activity(ctx.user_id, name, args, "failed", result.said, result.data,
                               turn_id=ctx.turn_id)
        return Outcome("failed", result.said, name, data=result.data)
    activity_id = ctx.store.add_activity(ctx.user_id, name, args, "done", result.said,
                                         result.data, result.undo, ctx.turn_id)
    return Outcome("done", result.said, name, activity_id, result.data)


def propose(tool: Tool, args: dict, ctx: Context, preview: str | None = None) -> Outcome:
    """Keep the action pending, with its preview, until the user's next words."""
    preview = preview or tool.preview(tool.parse(args), ctx)
    activity_id = ctx.store.add_activity(ctx.user_id, tool.name, args, "pending", preview,
                                         turn_id=ctx.turn_id)
    return Outcome("pending", preview, tool.name, activity_id)


def answer(ctx: Context, text: str) -> Outcome | None:
    """The user's words after a proposal: a yes does it (once, even if said in two windows),
    anything else drops it. None if nothing was pending."""
    waiting = ctx.store.open_activity(ctx.user_id)
    if waiting is None or waiting.status != "pending":
        return None
    if not is_yes(text):
        return decline(ctx, waiting.id)
    return confirm(ctx, waiting.id)


def decline(ctx: Context, activity_id: int) -> Outcome | None:
    """A proposal let go (a no, or anything but a yes); None if it was not pending."""
    waiting = ctx.store.activity(ctx.user_id, activity_id)
    if waiting is None or not ctx.store.set_activity(ctx.user_id, activity_id, "dropped",
                                                     was="pending"):
        return None
    return Outcome("dropped", "", waiting.tool, activity_id)


def confirm(ctx: Context, activity_id: int) -> Outcome | None:
    """The user's explicit yes to the proposal ``activity_id`` (a button in the web app, a yes
    in conversation): done once, however many windows said it. None if it was not pending."""
    waiting = ctx.store.activity(ctx.user_id, activity_id)
    if waiting is None or not ctx.store.set_activity(ctx.user_id, activity_id, "done",
                                                     was="pending"):
        return None  # not a proposal, or answered elsewhere a moment ago
    tool = get(waiting.tool)
    try:
        result = tool.run(tool.parse(waiting.args), ctx)
    except OS1Error as exc:
        ctx.store.set_activity(ctx.user_id, waiting.id, "failed", summary=str(exc))
        return Outcome("failed", str(exc), waiting.tool, waiting.id)
    status = "done" if result.ok else "failed"
    ctx.store.set_activity(ctx.user_id, waiting.id, status, summary=result.said,
                           data=result.data, undo=result.undo or {})
    return Outcome(status, result.said, waiting.tool, waiting.id, result.data)


def drop_waiting(ctx: Context) -> None:
    """Whatever was waiting for an answer is let go (the user moved on)."""
    waiting = ctx.store.open_activity(ctx.user_id)
    if waiting is not None:
        ctx.store.set_activity(ctx.user_id, waiting.id, "dropped", was=waiting.status)


def undo(ctx: Context, activity_id: int) -> str:
    """Reverse a logged action, if its tool can; says what was undone."""
    entry = ctx.store.activity(ctx.user_id, activity_id)
    if entry is None:
        raise OS1Error(f"there is no activity {activity_id}; `os1 activity` lists them")
    if entry.status != "done":
        raise OS1Error(f"activity {activity_id} is {entry.status}: only what was done can be undone")
    if not entry.undo:
        raise OS1Error(f"activity {activity_id} ({entry.tool}) can't be undone")
    said = get(entry.tool).undo(entry.undo, ctx)
    ctx.store.set_activity(ctx.user_id, activity_id, "undone", was="done")
    return said
