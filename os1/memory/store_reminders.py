"""The store's queries about reminders, calendar events and the tools' activity log (tables
from migration 011_reminders). Times are stored in UTC with the zone they were set in, so a
reminder at 8:00 stays at 8:00 on the user's clock across a change of daylight saving time."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from os1.memory.store_base import Db


def _zone(name: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def utc(at: datetime) -> str:
    """How a time is stored: UTC, to the second, so stored times compare as text."""
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Reminder:
    """A reminder, or an event in the calendar (``kind``), at ``at`` on the clock of ``zone``;
    ``rrule``: how it repeats (RFC 5545, as in calendar files); ``minutes``: an event's length;
    ``alarm``: minutes before ``at`` to remind the user of it (``alarm_rung``: the time, in
    UTC, it last rang for)."""

    id: int
    kind: str
    text: str
    at: datetime
    zone: str
    rrule: str | None = None
    minutes: int | None = None
    all_day: bool = False
    status: str = "active"
    raised_at: str | None = None
    uid: str = ""
    href: str | None = None
    etag: str | None = None
    synced: str | None = None
    updated_at: str = ""
    alarm: int | None = None
    alarm_rung: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> "Reminder":
        at = datetime.fromisoformat(row["at"]).astimezone(_zone(row["zone"]))
        return cls(row["id"], row["kind"], row["text"], at, row["zone"], row["rrule"],
                   row["minutes"], bool(row["all_day"]), row["status"], row["raised_at"],
                   row["uid"], row["href"], row["etag"], row["synced"], row["updated_at"],
                   row["alarm"], row["alarm_rung"])


@dataclass
class Activity:
    """One thing a tool did (``done``, ``undone``, ``failed``), proposes and waits for a yes
    for (``pending``), or needs to know first (``asking``: a reminder without a time)."""

    id: int
    tool: str
    args: dict[str, Any]
    status: str
    summary: str
    data: dict[str, Any]
    undo: dict[str, Any] | None
    turn_id: int | None
    created_at: str

    @classmethod
    def from_row(cls, row: Any) -> "Activity":
        return cls(row["id"], row["tool"], json.loads(row["args"]), row["status"], row["summary"],
                   json.loads(row["data"]), json.loads(row["undo"]) if row["undo"] else None,
                   row["turn_id"], row["created_at"])


REMINDER_FIELDS = {"text", "at", "zone", "rrule", "minutes", "all_day", "status", "raised_at",
                   "href", "etag", "synced", "kind", "alarm"}


class ReminderQueries:
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    db: Db

    def add_reminder(self, user_id: int, kind: str, text: str, at: datetime, zone: str,
                     rrule: str | None = None, minutes: int | None = None,
                     all_day: bool = False, uid: str | None = None, turn_id: int | None = None,
                     href: str | None = None, etag: str | None = None,
                     alarm: int | None = None) -> int:
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(
                "INSERT INTO reminders (user_id, kind, text, at, zone, rrule, minutes, all_day, uid, "
                "href, etag, turn_id, created_at, updated_at, alarm) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, kind, text, utc(at), zone, rrule, minutes, int(all_day),
                 uid or f"{uuid.uuid4()}@os1", href, etag, turn_id, now, now, alarm)).lastrowid

    def reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        row = self.db.execute("SELECT * FROM reminders WHERE user_id = ? AND id = ?",
                              (user_id, reminder_id)).fetchone()
        return Reminder.from_row(row) if row else None

    def reminder_by_uid(self, user_id: int, uid: str) -> Reminder | None:
        row = self.db.execute("SELECT * FROM reminders WHERE user_id = ? AND uid = ?",
                              (user_id, uid)).fetchone()
        return Reminder.from_row(row) if row else None

    def reminders(self, user_id: int, kind: str | None = None, status: str | None = "active",
                  until: datetime | None = None) -> list[Reminder]:
        """Reminders and events, soonest first (``kind``/``status`` None: any; ``until``: those
        whose next time is before it)."""
        sql, args = "SELECT * FROM reminders WHERE user_id = ?", [user_id]  # type: str, list[Any]
        if kind:
            sql, args = sql + " AND kind = ?", [*args, kind]
        if status:
            sql, args = sql + " AND status = ?", [*args, status]
        if until:
            sql, args = sql + " AND at < ?", [*args, utc(until)]
        return [Reminder.from_row(r) for r in self.db.execute(sql + " ORDER BY at, id", args)]

    def update_reminder(self, user_id: int, reminder_id: int, **fields: Any) -> bool:
        unknown = set(fields) - REMINDER_FIELDS
        if unknown:
            raise ValueError(f"unknown reminder fields: {sorted(unknown)}")
        if isinstance(fields.get("at"), datetime):
            fields["at"] = utc(fields["at"])
        if "all_day" in fields:
            fields["all_day"] = int(bool(fields["all_day"]))
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(
                f"UPDATE reminders SET {sets}, updated_at = ? WHERE user_id = ? AND id = ?",
                (*fields.values(), self.now(), user_id, reminder_id)).rowcount == 1  # type: ignore[attr-defined]

    def delete_reminder(self, user_id: int, reminder_id: int) -> bool:
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute("DELETE FROM reminders WHERE user_id = ? AND id = ?",
                              (user_id, reminder_id)).rowcount == 1

    def claim_reminder(self, user_id: int, reminder_id: int, was: datetime,
                       following: datetime | None) -> bool:
        """Mark a due reminder raised, once: only the caller that still finds it at ``was``
        wins (another window, another process, a restart), so it is never raised twice. A
        repeating one moves to ``following``; a one-off is done."""
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            # Raising is not an edit: ``updated_at`` stays, so a sync has nothing to send.
            if following is None:
                sql = "UPDATE reminders SET status = 'done', raised_at = ? "
                args: tuple = (now,)
            else:
                sql = "UPDATE reminders SET at = ?, raised_at = ? "
                args = (utc(following), now)
            return db.execute(sql + "WHERE user_id = ? AND id = ? AND status = 'active' AND at = ?",
                              (*args, user_id, reminder_id, utc(was))).rowcount == 1

    def ringing(self, user_id: int, now: datetime) -> list[Reminder]:
        """Active items whose alarm time has come (``alarm`` minutes before ``at``) and that
        have not started yet, the alarm not yet rung for this time; soonest first."""
        rows = self.db.execute(
            "SELECT * FROM reminders WHERE user_id = ? AND status = 'active' AND alarm IS NOT NULL "
            "AND at > ? AND (alarm_rung IS NULL OR alarm_rung != at) ORDER BY at, id",
            (user_id, utc(now))).fetchall()
        items = [Reminder.from_row(r) for r in rows]
        return [i for i in items if i.at - timedelta(minutes=i.alarm or 0) <= now]

    def claim_alarm(self, user_id: int, reminder_id: int, at: datetime) -> bool:
        """Mark an item's alarm rung for its time ``at``, once (as ``claim_reminder``)."""
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(
                "UPDATE reminders SET alarm_rung = ? WHERE user_id = ? AND id = ? AND "
                "status = 'active' AND at = ? AND (alarm_rung IS NULL OR alarm_rung != ?)",
                (utc(at), user_id, reminder_id, utc(at), utc(at))).rowcount == 1

    def mark_synced(self, user_id: int, reminder_id: int, href: str | None,
                    etag: str | None) -> None:
        """Where it lives on the calendar server and its version there, as of now: what it
        is here now is what was synced (``synced`` = ``updated_at``)."""
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE reminders SET href = ?, etag = ?, synced = updated_at "
                       "WHERE user_id = ? AND id = ?", (href, etag, user_id, reminder_id))

    def tool_rows(self, user_id: int) -> dict[str, list[dict]]:
        """Every reminder, event and activity entry, as stored (for an export)."""
        return {table: [dict(r) for r in self.db.execute(
            f"SELECT * FROM {table} WHERE user_id = ? ORDER BY id", (user_id,))]
            for table in ("reminders", "activity")}

    def users_with_due(self, now: datetime) -> list[int]:
        """The users with something due by ``now``, or an alarm that may ring by then (a server
        raises them for each; alarms are at most 14 days ahead)."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT user_id FROM reminders WHERE status = 'active' AND (at <= ? OR "
            "(alarm IS NOT NULL AND (alarm_rung IS NULL OR alarm_rung != at) AND at <= ?))",
            (utc(now), utc(now + timedelta(days=14))))]

    # the tools' activity log

    def add_activity(self, user_id: int, tool: str, args: dict, status: str, summary: str,
                     data: dict | None = None, undo: dict | None = None,
                     turn_id: int | None = None) -> int:
        now = self.now()  # type: ignore[attr-defined]
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(
                "INSERT INTO activity (user_id, tool, args, status, summary, data, undo, turn_id, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, tool, json.dumps(args), status, summary, json.dumps(data or {}),
                 json.dumps(undo) if undo else None, turn_id, now, now)).lastrowid

    def activity(self, user_id: int, activity_id: int) -> Activity | None:
        row = self.db.execute("SELECT * FROM activity WHERE user_id = ? AND id = ?",
                              (user_id, activity_id)).fetchone()
        return Activity.from_row(row) if row else None

    def activities(self, user_id: int, limit: int = 50) -> list[Activity]:
        """The newest first."""
        return [Activity.from_row(r) for r in self.db.execute(
            "SELECT * FROM activity WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit))]

    def set_activity(self, user_id: int, activity_id: int, status: str, *, was: str | None = None,
                     summary: str | None = None, data: dict | None = None,
                     undo: dict | None = None, args: dict | None = None) -> bool:
        """Change an entry's status; with ``was``, only if it still has that status (a yes
        said in two windows at once does it once)."""
        sql = "UPDATE activity SET status = ?, updated_at = ?"
        values: list = [status, self.now()]  # type: ignore[attr-defined]
        for column, value in (("summary", summary), ("data", data), ("undo", undo), ("args", args)):
            if value is not None:
                sql += f", {column} = ?"
                values.append(value if column == "summary" else json.dumps(value))
        sql += " WHERE user_id = ? AND id = ?"
        values += [user_id, activity_id]
        if was:
            sql, values = sql + " AND status = ?", [*values, was]
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(sql, values).rowcount == 1

    def open_activity(self, user_id: int) -> Activity | None:
        """The newest proposal or question still waiting for the user's answer."""
        row = self.db.execute(
            "SELECT * FROM activity WHERE user_id = ? AND status IN ('pending', 'asking') "
            "ORDER BY id DESC LIMIT 1", (user_id,)).fetchone()
        return Activity.from_row(row) if row else None
