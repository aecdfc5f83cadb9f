"""Reminders for open live conversations: one look for everyone. Every ``reminders.due.EVERY_S``
seconds a worker asks the store once who may have something due (``Service.look_for_due``)
and wakes only those people's conversations, which then raise it (``reminders.due.say_due``).
Thousands of open conversations hold no timer each: one waits on an event until it is rung."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from os1.reminders import due as reminders_due


class Bell:
    """Rings the open conversations of the people ``look`` names. One task on the event loop
    while any conversation is open, none when none is."""

    def __init__(self, look: Callable[[], frozenset[int]]):
        self.look = look
        self._open: dict[int, set[asyncio.Event]] = {}
        self._task: asyncio.Task | None = None

    def join(self, user: int) -> asyncio.Event:
        """A conversation of ``user`` opens: the event set when something may be due."""
        rung = asyncio.Event()
        self._open.setdefault(user, set()).add(rung)
        task = self._task
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            self._task = asyncio.ensure_future(self._ring())
        return rung

    def leave(self, user: int, rung: asyncio.Event) -> None:
        """That conversation closed."""
        events = self._open.get(user)
        if events is not None:
            events.discard(rung)
            if not events:
                del self._open[user]

    def __len__(self) -> int:
        """How many open conversations it rings for."""
        return sum(len(events) for events in self._open.values())

    async def _ring(self) -> None:
        while self._open:
            await asyncio.sleep(reminders_due.EVERY_S)
            try:
                users = await asyncio.to_thread(self.look)
            except Exception as exc:  # a busy database: the next look tries again
                from os1.server.security import log_failure  # (it imports the service)

                log_failure("reminders", exc)
                continue
            for user in users & self._open.keys():
                for rung in self._open[user]:
                    rung.set()
