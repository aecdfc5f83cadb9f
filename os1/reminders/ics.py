"""Calendar files (iCalendar, RFC 5545): reminders and events out to a ``.ics`` any calendar
reads, and events in from one. ``icalendar`` reads and writes the format; the next time a
repeating event falls on is ``recurring_ical_events``' (it knows EXDATE, RDATE and moved
occurrences). A reminder goes out as an event with an alarm at its time; an alarm ahead of
an item ("remind me 30 minutes before") as a VALARM whose TRIGGER is that long before the
start, and is read back from one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from os1.errors import OS1Error
from os1.memory.store_reminders import Reminder
from os1.reminders.when import wall

KIND = "X-OS1-KIND"


def _lib():
    try:
        import icalendar
        import recurring_ical_events
    except ImportError:
        raise OS1Error("calendar files need the calendar extra: pip install 'os1[calendar]'") from None
    return icalendar, recurring_ical_events


def component(item: Reminder):
    """One reminder or event as a VEVENT."""
    icalendar, _ = _lib()
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("summary", item.text)
    event.add("dtstamp", datetime.now(timezone.utc))
    if item.updated_at:
        event.add("last-modified", datetime.fromisoformat(item.updated_at))
    if item.all_day:
        event.add("dtstart", item.at.date())
        event.add("dtend", item.at.date() + timedelta(days=1))
    else:
        event.add("dtstart", item.at)
        event.add("dtend", item.at + timedelta(minutes=item.minutes or (60 if item.kind == "event" else 0)))
    if item.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(item.rrule))
    event.add(KIND, item.kind)
    ahead = [0] if item.kind == "reminder" else []
    if item.alarm:
        ahead.append(item.alarm)
    for minutes in ahead:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.text)
        alarm.add("trigger", -timedelta(minutes=minutes))
        event.add_component(alarm)
    return event


def alarm_of(event) -> int | None:
    """The minutes before the start of the event's earliest alarm ahead of it (a TRIGGER
    relative to the start; one at the start itself, or after it, is not ahead)."""
    ahead = []
    for alarm in event.walk("VALARM"):
        trigger = alarm.get("trigger")
        if trigger is None or str(trigger.params.get("RELATED", "START")).upper() != "START":
            continue
        delta = alarm.decoded("trigger")
        if isinstance(delta, timedelta) and delta < timedelta(0):
            ahead.append(int(-delta.total_seconds() // 60))
    return max(ahead) if ahead else None


def calendar(items: list[Reminder]):
    icalendar, _ = _lib()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//OS1//reminders and calendar//EN")
    cal.add("version", "2.0")
    for item in items:
        cal.add_component(component(item))
    cal.add_missing_timezones()
    return cal


def export(store, user_id: int, path: Path) -> int:
    """Write every active reminder and event to ``path``; returns how many."""
    items = store.reminders(user_id)
    path.write_bytes(calendar(items).to_ical())
    return len(items)


@dataclass
class Incoming:
    """An event read from a calendar file or server, ready for the store."""

    uid: str
    kind: str
    text: str
    at: datetime | None  # the next time it falls on, on the user's clock (None: it is over)
    zone: str
    rrule: str | None
    minutes: int | None
    all_day: bool
    alarm: int | None = None


def _local(value, zone) -> tuple[datetime, bool]:
    """A DTSTART as a time on the user's clock: a date is all day; a time without a zone
    ("floating") is on the user's clock."""
    if isinstance(value, datetime):
        return (value.replace(tzinfo=zone) if value.tzinfo is None else value), False
    return wall(value, time(0, 0), zone), True


def read_event(event, now: datetime) -> Incoming | None:
    """A VEVENT as an ``Incoming`` (None if it has no start or no title)."""
    _, recurring = _lib()
    zone = now.tzinfo
    if event.get("dtstart") is None:
        return None
    start, all_day = _local(event.decoded("dtstart"), zone)
    end = event.decoded("dtend") if event.get("dtend") is not None else None
    minutes = None
    if end is not None and not all_day:
        end, _ = _local(end, zone)
        minutes = max(int((end - start).total_seconds() // 60), 0) or None
    elif event.get("duration") is not None and not all_day:
        minutes = int(event.decoded("duration").total_seconds() // 60) or None
    text = str(event.get("summary") or "").strip()
    if not text:
        return None
    rule = event.get("rrule")
    rrule = rule.to_ical().decode() if rule is not None else None
    at: datetime | None = start
    if rrule:
        at = _next(recurring, event, now, all_day)
    elif (start + timedelta(minutes=minutes or 0)) < now and not (all_day and start.date() == now.date()):
        at = None  # over already
    zone_name = getattr(start.tzinfo, "key", None) or getattr(zone, "key", None) or "UTC"
    kind = str(event.get(KIND) or "event")
    return Incoming(str(event.get("uid") or ""), kind if kind in ("reminder", "event") else "event",
                    text, at.astimezone(start.tzinfo) if at and not all_day else at, zone_name,
                    rrule, minutes, all_day, alarm_of(event))


def _next(recurring, event, now: datetime, all_day: bool) -> datetime | None:
    icalendar, _ = _lib()
    cal = icalendar.Calendar()
    cal.add_component(event)
    after = now.date() if all_day else now
    for occurrence in recurring.of(cal).after(after):
        start, _ = _local(occurrence.decoded("dtstart"), now.tzinfo)
        return start
    return None


def read(data: bytes, now: datetime) -> list[Incoming]:
    icalendar, _ = _lib()
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise OS1Error(f"not a calendar file ({exc})") from None
    found = [read_event(e, now) for e in cal.walk("VEVENT") if not e.get("recurrence-id")]
    return [f for f in found if f is not None]


def store_incoming(store, user_id: int, incoming: Incoming, **extra) -> str:
    """Add or update one event by its UID; says which ("added", "updated", "same")."""
    have = store.reminder_by_uid(user_id, incoming.uid) if incoming.uid else None
    status = "active" if incoming.at is not None else "done"
    at = incoming.at or (have.at if have else datetime.now(timezone.utc))
    fields = dict(text=incoming.text, at=at, rrule=incoming.rrule, minutes=incoming.minutes,
                  all_day=incoming.all_day, zone=incoming.zone, status=status, kind=incoming.kind,
                  alarm=incoming.alarm, **extra)
    if have is None:
        rid = store.add_reminder(user_id, incoming.kind, incoming.text, at, incoming.zone,
                                 rrule=incoming.rrule, minutes=incoming.minutes,
                                 all_day=incoming.all_day, uid=incoming.uid or None,
                                 alarm=incoming.alarm)
        store.update_reminder(user_id, rid, status=status, **extra)
        return "added"
    same = (have.text, have.at, have.rrule, have.minutes, have.all_day, have.status, have.alarm) == (
        incoming.text, at, incoming.rrule, incoming.minutes, incoming.all_day, status, incoming.alarm)
    store.update_reminder(user_id, have.id, **fields)
    return "same" if same else "updated"


def import_file(store, user_id: int, path: Path, now: datetime) -> dict[str, int]:
    """Read a ``.ics`` into the calendar: new events added, known ones (by UID) updated."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OS1Error(f"cannot read {path}: {exc.strerror}") from None
    counts = {"added": 0, "updated": 0, "same": 0}
    for incoming in read(data, now):
        counts[store_incoming(store, user_id, incoming)] += 1
    return counts
