"""Bounds on what runs at once (turns, live conversations, those taking in audio): at most so
many for one person and for everyone, refused at once (``Busy``) rather than queued without
end. A live turn may instead wait its turn for a while (``Slots.wait``): first come, first
served, each freed slot handed straight to the one who has waited longest, so thousands of
people sending again and again when the server is full neither jump the queue nor make it
busier."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


class Busy(Exception):
    """Over a bound: ``status`` 429 (this person's share) or 503 (everyone's), and why."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


@dataclass(eq=False)
class _Waiter:
    who: object
    loop: asyncio.AbstractEventLoop
    given: asyncio.Future = field(repr=False)


class Slots:
    """Things running at once (turns, sockets): at most ``per_user`` for one person and
    ``total`` for everyone. ``take`` refuses at once rather than queueing without end;
    ``wait`` queues, for ``waiting`` people at most, each for ``patience_s`` at most."""

    def __init__(self, per_user: int, total: int, user_full: str, all_full: str,
                 waiting: int = 0, patience_s: float = 0.0):
        self.per_user, self.total = per_user, total
        self.waiting, self.patience_s = waiting, patience_s
        self._messages = (user_full, all_full)
        self._held: dict[object, int] = {}  # taken or waited for, per person
        self._all = 0  # slots taken: thousands of people may hold them
        self._queue: deque[_Waiter] = deque()
        self._lock = threading.Lock()

    def refuse(self, who: object) -> None:
        """``Busy`` if ``take`` would refuse ``who`` now; nothing is taken. When everyone's
        slots are full and hundreds send again every few seconds, each is refused before
        anything more (a query to the store) is done for it."""
        with self._lock:
            self._refuse(who)

    def _refuse(self, who: object) -> None:
        if self._held.get(who, 0) >= self.per_user:
            raise Busy(429, self._messages[0])
        if self._all >= self.total or self._queue:  # those waiting come first
            raise Busy(503, self._messages[1])

    def take(self, who: object) -> Callable[[], None]:
        """One slot for ``who``, or ``Busy``; returns the function that gives it back (once,
        however often it is called)."""
        with self._lock:
            self._refuse(who)
            self._held[who] = self._held.get(who, 0) + 1
            self._all += 1
        return self._releaser(who)

    async def wait(self, who: object) -> Callable[[], None]:
        """As ``take``, but when everyone's slots are full, wait in line (for ``patience_s``
        at most, behind ``waiting`` others at most) for the next one freed; ``Busy`` when over
        this person's share, when the line is full, or when the wait was too long."""
        with self._lock:
            if self._held.get(who, 0) >= self.per_user:
                raise Busy(429, self._messages[0])
            if self._all < self.total and not self._queue:
                self._held[who] = self._held.get(who, 0) + 1
                self._all += 1
                return self._releaser(who)
            if len(self._queue) >= self.waiting:
                raise Busy(503, self._messages[1])
            loop = asyncio.get_running_loop()
            waiter = _Waiter(who, loop, loop.create_future())
            self._queue.append(waiter)
            self._held[who] = self._held.get(who, 0) + 1  # its share counts while it waits
        try:
            return await asyncio.wait_for(waiter.given, self.patience_s)
        except BaseException as exc:  # too long, or the conversation closed meanwhile
            with self._lock:
                if waiter in self._queue:
                    self._queue.remove(waiter)
                    self._drop(who)
                # else a slot is on its way to it: ``_give`` hands it on (its future is done)
            if isinstance(exc, asyncio.TimeoutError):
                raise Busy(503, self._messages[1]) from None
            raise

    def _drop(self, who: object) -> None:
        self._held[who] -= 1
        if not self._held[who]:
            del self._held[who]

    def _releaser(self, who: object) -> Callable[[], None]:
        given_back = threading.Event()

        def release() -> None:
            with self._lock:
                if given_back.is_set():
                    return
                given_back.set()
                self._drop(who)
                if not self._queue:
                    self._all -= 1
                    return
                waiter = self._queue.popleft()  # the slot goes to them, still counted
            passed = self._releaser(waiter.who)
            try:
                waiter.loop.call_soon_threadsafe(self._give, waiter, passed)
            except RuntimeError:  # its event loop has closed: on to the next
                passed()

        return release

    @staticmethod
    def _give(waiter: _Waiter, release: Callable[[], None]) -> None:
        if waiter.given.done():  # it stopped waiting just now: the next in line has it
            release()
        else:
            waiter.given.set_result(release)

    def held(self, who: object | None = None) -> int:
        with self._lock:
            return self._all if who is None else self._held.get(who, 0)

    def queued(self) -> int:
        """How many are waiting for a slot."""
        with self._lock:
            return len(self._queue)
