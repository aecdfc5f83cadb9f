"""Raising reminders: at its minute, a due reminder is said in whatever is open (the terminal
chat, a spoken conversation, the web app), and on the next open if nothing was ("While you
were away: …"). Each is claimed in the store before it is said, so it is raised exactly once
across windows, processes and restarts; a repeating one moves on to its next time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from os1.memory.store_reminders import Reminder
from os1.reminders.tools import about, event_name
from os1.reminders.when import describe, following, lead, spoken_time

LATE = timedelta(minutes=2)  # raised later than this, it was missed: "while you were away"
EVERY_S = 5.0  # how often an open window looks for what is due


@dataclass
class Raised:
    item: Reminder
    due: datetime  # the time it was for, on the user's clock
    alarm: bool = False  # its alarm ahead of ``due``, not ``due`` itself

    def late(self, now: datetime) -> bool:
        return not self.alarm and now - self.due > LATE

    def words(self, now: datetime) -> str:
        """What she says: "It's 6 pm: time to call Amy." / "It's 3 pm: your dentist
        appointment is now." / "Your dentist appointment is in 15 minutes, at 3 pm." Missed
        ones are said by ``away``."""
        if self.late(now):
            return away([self], now)
        clock = spoken_time(self.due)
        if self.alarm:
            left = lead(max(round((self.due - now).total_seconds() / 60), 1))
            if self.item.kind == "event":
                name = event_name(self.item.text)
                return f"{name[:1].upper() + name[1:]} is in {left}, at {clock}."
            return f"In {left}, at {clock}: a reminder {about(self.item.text)}."
        if self.item.kind == "event":
            return f"It's {clock}: {event_name(self.item.text)} is now."
        phrase = about(self.item.text)
        if phrase.startswith("to "):
            return f"It's {clock}: time {phrase}."
        return f"It's {clock}: a reminder {phrase}."


def away(raised: list[Raised], now: datetime) -> str:
    """The reminders that came due while nothing was open, said at once."""
    parts = []
    for r in raised:
        when = describe(r.due, now).replace("today at", "at")
        if r.item.kind == "event":
            parts.append(f"{event_name(r.item.text)} was {when}")
        else:
            parts.append(f"you asked me to remind you {about(r.item.text)} {when}")
    return "While you were away: " + "; ".join(parts) + "."


def raise_due(store, user_id: int, now: datetime) -> list[Raised]:
    """Claim everything due by ``now`` (the user's clock) and return it, alarms ahead of a
    time first, then the rest oldest first; a repeating one is moved to its next time after
    now (missed repeats are said once), and its alarm rings again before that."""
    out = [Raised(item, item.at.astimezone(now.tzinfo), alarm=True)
           for item in store.ringing(user_id, now) if store.claim_alarm(user_id, item.id, item.at)]
    for item in store.reminders(user_id, until=now + timedelta(seconds=1)):
        following_at = following(item.rrule, item.at, now) if item.rrule else None
        if store.claim_reminder(user_id, item.id, item.at, following_at):
            out.append(Raised(item, item.at.astimezone(now.tzinfo)))
    return out


def say_due(companion, session_id: int | None, now: datetime | None = None) -> str | None:
    """Raise what is due for the companion's user: the words, stored as her turn in the
    session (so the conversation holds it), or None if nothing is due."""
    now = now or companion.local_now()
    raised = raise_due(companion.store, companion.user_id, now)
    if not raised:
        return None
    late = [r for r in raised if r.late(now)]
    words = [r.words(now) for r in raised if not r.late(now)]
    if late:
        words.insert(0, away(late, now))
    text = " ".join(words)
    if session_id is not None:
        companion.store.add_turn(companion.user_id, session_id, "assistant", text, model="reminder",
                                 meta={"reminders": [r.item.id for r in raised]})
    return text


class Watcher:
    """Looks every few seconds for what is due and hands its words to ``say`` (from its own
    thread); ``hold`` is taken while it raises, so a reply being written is never cut into."""

    def __init__(self, companion, session_id: int | None, say: Callable[[str], None],
                 hold: threading.Lock | None = None, every_s: float = EVERY_S):
        self.companion, self.session_id, self.say = companion, session_id, say
        self.hold = hold or threading.Lock()
        self.every_s = every_s
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="os1-reminders", daemon=True)

    def start(self) -> "Watcher":
        self.thread.start()
        return self

    def check(self) -> str | None:
        with self.hold:
            text = say_due(self.companion, self.session_id)
            if text:
                self.say(text)
            return text

    def _run(self) -> None:
        while not self.stop.wait(self.every_s):
            try:
                self.check()
            except Exception:  # a closed store at exit, a busy database: try again next time
                pass

    def close(self) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=self.every_s + 1)
