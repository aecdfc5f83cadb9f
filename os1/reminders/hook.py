"""The turn's tool step: before the prompt is built, the user's own words are read for a
reminder or calendar request (``intent``), the tool runs (or the action is proposed, or she
asks what she must know), and what came of it is the fixed opening of her reply, true as it
is. Only the user's message is read here: never recalled memories, mail or other outside text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from os1.errors import ModelError, OS1Error
from os1.models.base import Message, Options, capable
from os1.reminders import intent
from os1.tools import activity
from os1.tools.base import Context, tools

# Words that may mean a request the sentence shapes missed: only then is a capable model asked.
MAYBE = re.compile(r"\b(remind|reminders?|calendar|schedule|appointment|meeting|alarm|agenda|"
                   r"diary|event|cancel|reschedule|postpone|move|push|book|plans?)\b", re.I)
CALLS_MAX = 3


@dataclass
class Acted:
    """What a tool did this turn: ``said`` opens her reply as it is; ``ability``: what she
    may now say she did; ``alone``: the reply is these words alone (a question, a proposal,
    a list the model must not add to); ``note``: for the prompt, so the model goes on from it."""

    said: str
    ability: str = ""
    alone: bool = True
    activity_id: int | None = None
    closing: bool = False  # said after the model's reply (an offer made in passing)
    about: str = ""  # what it was about ("calendar"): the model's own promises of it go

    def note(self, person: str) -> str:
        if self.closing:
            return (f"After your reply you will ask {person}: \"{self.said}\" Do not ask it "
                    "yourself and do not say you added or will add anything.")
        return (f"You have just done this for {person}, and already told them, in these words: "
                f"\"{self.said}\" Go on with one short, warm sentence of your own; do not repeat "
                "what you did or its time, and promise nothing else.")


def last_touched(ctx: Context) -> int | None:
    """The reminder or event last set or changed ("push it to 7" means that one)."""
    for entry in ctx.store.activities(ctx.user_id, limit=20):
        if entry.status == "done" and "reminder" in entry.data:
            return entry.data["reminder"]
    return None


def on_turn(ctx: Context, text: str, model=None) -> Acted | None:
    """Act on the user's words, if they ask for something a tool does; None if they don't.
    ``model``: a capable model, asked to call tools itself when the sentence shapes found no
    request but the words might hold one."""
    waiting = ctx.store.open_activity(ctx.user_id)
    if waiting is not None and waiting.status == "pending":
        out = activity.answer(ctx, text)
        if out is not None and out.status in ("done", "failed"):
            return Acted(out.said, out.ability, alone=out.status == "failed",
                         activity_id=out.activity_id, about=out.ability)
        if out is not None and intent.NO.match(text):
            return Acted("Okay, I won't.", activity_id=out.activity_id)
    elif waiting is not None and waiting.status == "asking":
        filled = intent.complete(waiting.args, text, ctx.now, waiting.tool)
        if filled is None:
            ctx.store.set_activity(ctx.user_id, waiting.id, "dropped", was="asking")
            if intent.NO.match(text):
                return Acted("Okay, I'll leave it.", activity_id=waiting.id)
        else:
            ctx.store.set_activity(ctx.user_id, waiting.id, "dropped", was="asking",
                                   summary="answered in the next turn", args=filled)
            return _run(ctx, waiting.tool, filled)
    found = intent.read(text, ctx.now, ctx.store.reminders(ctx.user_id), last_touched(ctx))
    if found is None:
        return _called(ctx, text, model) if model is not None and MAYBE.search(text) else None
    if found.say:
        return Acted(found.say)
    if found.ask:
        if not found.tool:
            return Acted(found.ask)
        entry = ctx.store.add_activity(ctx.user_id, found.tool, found.args, "asking", found.ask,
                                       turn_id=ctx.turn_id)
        return Acted(found.ask, activity_id=entry)
    if found.offer:
        tool = activity.get(found.tool)
        proposed = activity.propose(tool, found.args, ctx)
        return Acted(proposed.said, alone=False, activity_id=proposed.activity_id, closing=True,
                     about=tool.ability)
    return _run(ctx, found.tool, found.args)


def _run(ctx: Context, tool: str, args: dict) -> Acted:
    out = activity.act(tool, args, ctx)
    return Acted(out.said, out.ability, alone=out.status != "done", activity_id=out.activity_id,
                 about=out.ability)


def _called(ctx: Context, text: str, model) -> Acted | None:
    """A capable model calls the tools itself (OpenAI-style function calling). It sees the
    user's message alone, never anything recalled, so nothing but their words can make it act;
    each call goes through the same tool, log and confirmation policy as any other."""
    if not capable(model) or not hasattr(model, "call_tools"):
        return None
    listing = "\n".join(f"- id {i.id}: {i.kind} \"{i.text}\" at {i.at.isoformat()}"
                        for i in ctx.store.reminders(ctx.user_id)[:30]) or "- (none)"
    system = (f"It is now {ctx.now.isoformat()} on the user's clock (time zone {ctx.zone}). "
              "Call a tool only if the user's message asks for it; otherwise call none. Give "
              "times in ISO 8601 with the UTC offset. Their reminders and events:\n" + listing)
    try:
        calls = model.call_tools([Message("system", system), Message("user", text)],
                                 [t.schema() for t in tools()], Options(max_tokens=300))
    except ModelError:
        return None  # the conversation goes on without the tool
    said, ability, alone, last = [], "", True, None
    for name, args in calls[:CALLS_MAX]:
        try:
            out = activity.act(name, args, ctx)
        except OS1Error:
            continue  # a tool it made up, or arguments its schema refuses
        said.append(out.said)
        last = out.activity_id
        if out.status == "done":
            ability, alone = ability or out.ability, False
    if not said:
        return None
    return Acted(" ".join(said), ability, alone=alone, activity_id=last, about=ability)
