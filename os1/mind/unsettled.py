"""A person's finished turns whose memories are still to be made, oldest first.

The web app tells its client a reply is done before the turn becomes memories (embedding
both sides, the facts and people its words hold): the turn leaves its memorising here, and
the worker thread that answered makes it right after. Whatever reads this person's memories
next (their next turn, or a guess at one while they speak) settles first: it makes what is
waiting itself, or waits for the thread making it, so it always sees the last turn's facts.
One per person per process, shared by every companion of theirs (``Service.companion``),
so a companion built afresh (after a forget, or after being dropped as the least recently
used) waits too. Across workers there is no such order: a turn of the same person on another
worker in that moment (a second device) may recall without them.

A forget or an erase arriving in between is safe: every write made from a turn checks, in
its own transaction, that the turn and the user are still stored (``store_base.sources_kept``).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

log = logging.getLogger(__name__)


class Unsettled:
    """Memorisings waiting, in the order their turns ended."""

    def __init__(self) -> None:
        self._waiting: deque[Callable[[], None]] = deque()  # appends and pops are atomic
        self._settling = threading.Lock()  # one drain at a time: a later one waits for it

    def add(self, memorise: Callable[[], None]) -> None:
        """Leave a turn's memorising for ``settle``: called before the client is told the
        reply is done, so any turn that follows finds it."""
        self._waiting.append(memorise)

    def settle(self, core: Callable[[], AbstractContextManager[object]] = nullcontext) -> int:
        """Make every memorising waiting, oldest first, each holding ``core`` (a core of the
        server's); returns how many. A failure is logged and the rest go on: no one is
        waiting for an answer, and the next turn must not fail for an earlier one's memories."""
        done = 0
        with self._settling:  # waits for one under way: its memories are made on return
            while True:
                try:
                    memorise = self._waiting.popleft()
                except IndexError:
                    return done
                try:
                    with core():
                        memorise()
                except Exception as exc:
                    log.warning("remembering a turn: %s", exc)
                done += 1
