"""The job functions, by name. Each takes what a runner has (``Context``), the user and the
job's arguments (JSON data), runs for that one user, and returns a few words on what it did
(None: there was nothing to do).
A job may run again after a crash, so each is safe to repeat: reflection looks only at what
was said since the last reflection, backfill only at memories without a current vector."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from os1.jobs.queue import Later

if TYPE_CHECKING:
    from os1.memory.memories import Memories
    from os1.memory.store_protocol import StoreProtocol
    from os1.models.base import Model

QUIET_S = 60.0  # what a reflection put back waits, when its job does not say


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


JOBS: Mapping[str, JobFn] = {"reflect": reflect, "embed_backfill": embed_backfill}
