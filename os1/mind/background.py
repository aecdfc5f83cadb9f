"""Reflection in the background: once the user has been quiet for a while, the companion
thinks over what was said, the way a person does between conversations.

The user always goes first. ``pause()`` before a turn stops a reflection under way (the model
is freed within a token, nothing half-written is stored) and the next quiet spell tries again.
Afterwards the conversation's prompt is read into the model again, so the next reply starts as
fast as if nothing had happened.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from os1.errors import OS1Error
from os1.mind.reflect import Interrupted, Reflection

IDLE_S = 60.0  # quiet seconds before reflecting


class Reflector:
    """Runs ``reflect(stop)`` on a daemon thread after ``idle_s`` quiet seconds, at most once
    per quiet spell; ``rewarm`` runs after it so the model holds the chat's prefix again."""

    def __init__(self, reflect: Callable[[threading.Event], Reflection | None],
                 rewarm: Callable[[], None] | None = None, idle_s: float = IDLE_S):
        self._reflect = reflect
        self._rewarm = rewarm
        self.idle_s = idle_s
        self._stop = threading.Event()  # set while the user has the model
        self._closed = threading.Event()
        self._changed = threading.Condition()
        self._quiet_since = time.monotonic()
        self._tried = False  # this quiet spell already had its reflection
        self.reflecting = False
        self.done: list[Reflection] = []
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="os1-reflect", daemon=True)
        self._thread.start()

    def pause(self) -> None:
        """The user is taking a turn: stop reflecting, and hold off until ``resume()``."""
        with self._changed:
            self._stop.set()
            self._changed.notify_all()

    def resume(self) -> None:
        """The turn is over: a new quiet spell starts now."""
        with self._changed:
            self._stop.clear()
            self._quiet_since = time.monotonic()
            self._tried = False
            self._changed.notify_all()

    def close(self, timeout: float = 30.0) -> None:
        with self._changed:
            self._closed.set()
            self._stop.set()
            self._changed.notify_all()
        self._thread.join(timeout)

    def _due(self) -> float | None:
        """Seconds until the next reflection is due, or None if none is (paused or done)."""
        if self._stop.is_set() or self._tried:
            return None
        return max(self._quiet_since + self.idle_s - time.monotonic(), 0.0)

    def _run(self) -> None:
        while not self._closed.is_set():
            with self._changed:
                wait = self._due()
                if wait is None or wait > 0:
                    self._changed.wait(wait)
                    continue
                self._tried = True
            self._once()

    def _once(self) -> None:
        self.reflecting = True
        try:
            self._reflect_and_rewarm()
        finally:
            self.reflecting = False

    def _reflect_and_rewarm(self) -> None:
        try:
            result = self._reflect(self._stop)
        except Interrupted:
            with self._changed:
                self._tried = False  # try again in the next quiet spell
            return
        except (OS1Error, OSError) as exc:  # a failed reflection loses nothing: turns stay
            self.errors.append(str(exc))
            return
        if result is not None:
            self.done.append(result)
            if self._rewarm and not self._stop.is_set():
                try:
                    self._rewarm()
                except Exception:  # re-warming only buys speed; the next turn still works
                    pass
