"""The job functions, by name. Each takes what a runner has (``Context``), the user and the
job's arguments (JSON data), runs for that one user, and returns a few words on what it did
(None: there was nothing to do).
A job may run again after a crash, so each is safe to repeat: reflection looks only at what
was said since the last reflection, backfill only at memories without a current vector, and
memorising a turn sets facts that are already set to the same value as a no-op."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from os1.jobs.queue import Later

if TYPE_CHECKING:
    from os1.jobs.queue import JobQueue
    from os1.memory.memories import Memories
    from os1.memory.store_protocol import StoreProtocol
    from os1.models.base import Model

QUIET_S = 60.0  # what a reflection put back waits, when its job does not say
AGAIN_S = 1.0  # what a memorising put back waits: it runs once the model is free again


@dataclass
class Context:
    """What jobs run with: the store, the memory service (None: memory is off), the model as
    it is when the job runs (a chat's ``/model`` switch is followed), and ``stop``, set while
    a user has the model: a long job stops within a token and is put back."""

    store: StoreProtocol
    memories: Memories | None
    model: Callable[[], Model | None]
    stop: threading.Event = field(default_factory=threading.Event)


JobFn = Callable[[Context, int, dict[str, Any]], "str | None"]


def reflect(ctx: Context, user_id: int, args: dict[str, Any]) -> str | None:
    """Reflection (``mind.reflect``): insights, the user's style, her own self's growth, if
    enough was said since the last time. Interrupted by the user, it waits for the next quiet."""
    from os1.mind.reflect import Interrupted
    from os1.mind.reflect import reflect as run_reflection
    from os1.mind.session import person

    if ctx.memories is None:
        return "memory is off"
    try:
        done = run_reflection(ctx.memories, user_id, ctx.model(), person(ctx.store, user_id),
                              stop=ctx.stop)
    except Interrupted:
        raise Later(float(args.get("quiet_s", QUIET_S))) from None
    if done is None:
        return None  # not enough said since the last time
    return (f"{len(done.insights)} insights ({done.source}) from {done.turns} turns, "
            f"{done.facts} facts, {done.changes} changes to her self")


def embed_backfill(ctx: Context, user_id: int, args: dict[str, Any]) -> str | None:
    """Vectors for memories stored without one, or with another embedder's (after a switch),
    so the first recall after a switch does not wait for them."""
    if ctx.memories is None:
        return "memory is off"
    return f"{ctx.memories.backfill(user_id)} memories embedded"


def memorise(ctx: Context, user_id: int, args: dict[str, Any]) -> str | None:
    """The user's standing facts the model reads in one of their turns (``standing_model``)
    that the word patterns, run in the turn itself, did not: kept with that turn, so
    forgetting it forgets them. Interrupted by the user, it waits for the model to be free."""
    from os1.memory import standing_model
    from os1.memory.extract import extract

    model = ctx.model()
    if ctx.memories is None or model is None:
        return "memory is off" if ctx.memories is None else "no model"
    turn = ctx.store.turn(user_id, int(args["turn"]))
    if turn is None or turn.role != "user":
        return None  # forgotten since (or never the user's words)
    said = str(turn.meta.get("withheld") or turn.content)  # a method question is not read
    try:
        read = standing_model.read(model, said, stop=ctx.stop)
    except standing_model.Interrupted:
        raise Later(AGAIN_S) from None
    kept = [fact for fact in standing_model.merged(extract(said), read)
            if ctx.memories.set_fact(user_id, fact.key, fact.value, "conversation", turn.id)]
    return ", ".join(f"{f.key} = {f.value}" for f in kept) or None


def defer_memorise(queue: "JobQueue", user_id: int, turn_id: int) -> None:
    """One ``memorise`` job for a user's turn, due now: its key means it runs once."""
    queue.defer("memorise", user_id, {"turn": turn_id}, key=f"memorise:{user_id}:{turn_id}")


JOBS: Mapping[str, JobFn] = {"reflect": reflect, "embed_backfill": embed_backfill,
                             "memorise": memorise}
