"""The reminder and calendar tools: set a reminder, add an event, cancel or move one, list
what is coming. All are the user's own local things and can be undone, so none needs a yes
(``confirm = "never"``); each says what it did in words that are true as they are."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from pydantic import Field, field_validator

from os1.errors import OS1Error
from os1.memory.store_reminders import Reminder
from os1.reminders.when import describe, following, lead
from os1.tools.base import Args, Context, Tool, ToolResult, register

LIST_MAX = 6  # items said aloud; the rest are counted
ALARM_MAX = 60 * 24 * 14  # an alarm at most two weeks ahead


def second_person(text: str) -> str:
    """The user's words said back to them: "call my mum" → "call your mum"."""
    swaps = {"my": "your", "me": "you", "i": "you", "i'm": "you're", "mine": "yours",
             "myself": "yourself", "our": "your", "us": "you", "we": "you", "i've": "you've",
             "i'll": "you'll", "am": "are"}

    def swap(match: re.Match) -> str:
        word = match.group(0)
        out = swaps.get(word.lower(), word)
        return out.capitalize() if word[0].isupper() and word.lower() != "i" else out

    return re.sub(r"\b(my|me|i|i'm|mine|myself|our|us|we|i've|i'll|am)\b", swap, text, flags=re.I)


def about(text: str) -> str:
    """"to call Amy", "about the dentist": how the thing to be reminded of is said."""
    first = text.split()[0].lower() if text.split() else ""
    if first in ("the", "a", "an", "my", "our", "his", "her", "their", "your", "that", "this"):
        return f"about {second_person(text)}"
    return f"to {second_person(text)}"


EVENT_END = re.compile(r"\b(appointment|meeting|interview|session|class|lesson|check-?up|"
                       r"surgery|exam|test|haircut|flight|shift|reservation)s?$", re.I)


def event_name(text: str) -> str:
    """An event as she names it: "dentist appointment" → "your dentist appointment"."""
    first = text.split()[0] if text.split() else ""
    if EVENT_END.search(text) and first.lower() not in ("the", "a", "an", "my", "our", "your") \
            and not first[:1].isupper():
        return f"your {text}"
    return second_person(text)


def title(item: Reminder) -> str:
    """How an item is named in a sentence: "the reminder to call Amy", "your dentist
    appointment"."""
    if item.kind == "event":
        return event_name(item.text)
    return f"the reminder {about(item.text)}"


def line(item: Reminder, now: datetime) -> str:
    """One item of a list: "call Amy, on Friday at 6 pm"."""
    when = describe(item.at, now, item.rrule, item.all_day)
    text = event_name(item.text) if item.kind == "event" else f"remind you {about(item.text)}"
    ahead = f" (with a reminder {lead(item.alarm)} before)" if item.alarm else ""
    return f"{text}, {when}{ahead}"


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a time needs its UTC offset, e.g. 2026-12-04T18:00:00-05:00")
    return value


class RemindArgs(Args):
    text: str = Field(min_length=1, max_length=300, description="what to remind the user of")
    at: datetime = Field(description="when, ISO 8601 with the UTC offset")
    every: str | None = Field(None, description="how it repeats: an RFC 5545 RRULE")

    _aware = field_validator("at")(_aware)


class EventArgs(Args):
    title: str = Field(min_length=1, max_length=300)
    start: datetime = Field(description="ISO 8601 with the UTC offset")
    minutes: int | None = Field(None, ge=1, le=60 * 24 * 14, description="how long it lasts")
    all_day: bool = False
    every: str | None = Field(None, description="how it repeats: an RFC 5545 RRULE")
    alarm: int | None = Field(None, ge=0, le=ALARM_MAX,
                              description="remind the user this many minutes before it starts")

    _aware = field_validator("start")(_aware)


class AlarmArgs(Args):
    id: int = Field(ge=1, description="the event's (or reminder's) id")
    minutes: int = Field(ge=0, le=ALARM_MAX, description="how many minutes before it")


class ItemArgs(Args):
    id: int = Field(ge=1, description="the reminder's or event's id")


class MoveArgs(ItemArgs):
    at: datetime = Field(description="the new time, ISO 8601 with the UTC offset")

    _aware = field_validator("at")(_aware)


class ListArgs(Args):
    days: int = Field(14, ge=1, le=366, description="how many days ahead")
    start: datetime | None = Field(None, description="from when (default: now)")
    kind: str | None = Field(None, pattern="^(reminder|event)$")


def _check_rule(rule: str | None, at: datetime) -> None:
    if rule:
        try:
            following(rule, at, at)
        except (ValueError, TypeError) as exc:
            raise OS1Error(f"not a repeat rule: {rule} ({exc})") from None


def _past(at: datetime, now: datetime) -> bool:
    """Over a minute ago; compared in UTC (two times of one zone compare by the clock on the
    wall, which is wrong in the hour the clocks go back)."""
    return at.astimezone(timezone.utc) <= now.astimezone(timezone.utc) - timedelta(minutes=1)


def _zone_of(at: datetime, ctx: Context) -> str:
    return getattr(at.tzinfo, "key", None) or ctx.zone


def _local(at: datetime, ctx: Context) -> datetime:
    """A time given with an offset, on the user's clock (their zone's rules from then on)."""
    return at.astimezone(ctx.now.tzinfo) if ctx.now.tzinfo else at


class Remind(Tool[RemindArgs]):
    name = "set_reminder"
    description = "Remind the user of something at a time (once, or repeating)."
    Args = RemindArgs
    ability = "reminders"

    def run(self, args: RemindArgs, ctx: Context) -> ToolResult:
        at = _local(args.at, ctx)
        _check_rule(args.every, at)
        if _past(at, ctx.now) and not args.every:
            return ToolResult(f"{describe(at, ctx.now)} has already passed, so I haven't set "
                              "that reminder.", ok=False)
        rid = ctx.store.add_reminder(ctx.user_id, "reminder", args.text, at, _zone_of(at, ctx),
                                     rrule=args.every, turn_id=ctx.turn_id)
        return ToolResult(f"I'll remind you {about(args.text)} {describe(at, ctx.now, args.every)}.",
                          {"reminder": rid}, {"reminder": rid})

    def preview(self, args: RemindArgs, ctx: Context) -> str:
        at = _local(args.at, ctx)
        return f"Shall I remind you {about(args.text)} {describe(at, ctx.now, args.every)}?"

    def undo(self, data: dict, ctx: Context) -> str:
        item = ctx.store.reminder(ctx.user_id, data["reminder"])
        ctx.store.delete_reminder(ctx.user_id, data["reminder"])
        return f"Removed {title(item)}." if item else "It was already gone."


class AddEvent(Tool[EventArgs]):
    name = "add_event"
    description = "Put an event in the user's calendar."
    Args = EventArgs
    ability = "calendar"

    def run(self, args: EventArgs, ctx: Context) -> ToolResult:
        start = _local(args.start, ctx)
        _check_rule(args.every, start)
        rid = ctx.store.add_reminder(ctx.user_id, "event", args.title, start, _zone_of(start, ctx),
                                     rrule=args.every, minutes=args.minutes,
                                     all_day=args.all_day, turn_id=ctx.turn_id, alarm=args.alarm)
        when = describe(start, ctx.now, args.every, args.all_day)
        ahead = f", and I'll remind you {lead(args.alarm)} before" if args.alarm else ""
        return ToolResult(f"I've put {event_name(args.title)} in your calendar {when}{ahead}.",
                          {"reminder": rid}, {"reminder": rid})

    def preview(self, args: EventArgs, ctx: Context) -> str:
        when = describe(_local(args.start, ctx), ctx.now, args.every, args.all_day)
        return f"Shall I put {event_name(args.title)} in your calendar {when}?"

    undo = Remind.undo


def _item(ctx: Context, item_id: int) -> Reminder:
    item = ctx.store.reminder(ctx.user_id, item_id)
    if item is None or item.status == "cancelled":
        raise OS1Error(f"there is no reminder or event {item_id}")
    return item


class Cancel(Tool[ItemArgs]):
    name = "cancel_reminder"
    description = "Cancel a reminder or take an event off the calendar, by id."
    Args = ItemArgs
    ability = "reminders"

    def run(self, args: ItemArgs, ctx: Context) -> ToolResult:
        item = _item(ctx, args.id)
        ctx.store.update_reminder(ctx.user_id, item.id, status="cancelled")
        said = (f"I've taken {title(item)} off your calendar." if item.kind == "event"
                else f"I've cancelled {title(item)}.")
        return ToolResult(said, {"reminder": item.id}, {"reminder": item.id, "status": item.status})

    def undo(self, data: dict, ctx: Context) -> str:
        ctx.store.update_reminder(ctx.user_id, data["reminder"], status=data.get("status", "active"))
        item = ctx.store.reminder(ctx.user_id, data["reminder"])
        return f"Brought back {title(item)}." if item else "It is gone."


class Move(Tool[MoveArgs]):
    name = "move_reminder"
    description = "Move a reminder or an event to another time, by id."
    Args = MoveArgs
    ability = "reminders"

    def run(self, args: MoveArgs, ctx: Context) -> ToolResult:
        item = _item(ctx, args.id)
        at = _local(args.at, ctx)
        if _past(at, ctx.now) and not item.rrule:
            return ToolResult(f"{describe(at, ctx.now)} has already passed, so I've left "
                              f"{title(item)} as it was.", ok=False)
        ctx.store.update_reminder(ctx.user_id, item.id, at=at, status="active", raised_at=None)
        when = describe(at, ctx.now, item.rrule, item.all_day).removeprefix("on ")
        return ToolResult(f"I've moved {title(item)} to {when}.",
                          {"reminder": item.id},
                          {"reminder": item.id, "at": item.at.isoformat(), "status": item.status})

    def undo(self, data: dict, ctx: Context) -> str:
        ctx.store.update_reminder(ctx.user_id, data["reminder"], at=datetime.fromisoformat(data["at"]),
                                  status=data.get("status", "active"))
        item = ctx.store.reminder(ctx.user_id, data["reminder"])
        return f"Put {title(item)} back to {describe(item.at, ctx.now, item.rrule)}." if item else "It is gone."


class ListCalendar(Tool[ListArgs]):
    name = "list_calendar"
    description = "What is coming: the user's reminders and calendar events for the next days."
    Args = ListArgs
    changes = False

    def run(self, args: ListArgs, ctx: Context) -> ToolResult:
        start = _local(args.start, ctx) if args.start else ctx.now
        items = upcoming(ctx.store, ctx.user_id, start, start + timedelta(days=args.days), args.kind)
        what = {"reminder": "reminders", "event": "events"}.get(args.kind or "", "")
        span = describe_span(start, args.days, ctx.now)
        if not items:
            said = f"You have no {what or 'reminders or events'} {span}."
        else:
            shown = [line(item, ctx.now) for _, item in items[:LIST_MAX]]
            more = f" And {len(items) - LIST_MAX} more." if len(items) > LIST_MAX else ""
            said = f"Here's what you have {span}: " + "; ".join(shown) + "." + more
        return ToolResult(said, {"items": [{"id": item.id, "kind": item.kind, "text": item.text,
                                            "at": at.isoformat()} for at, item in items]})


def describe_span(start: datetime, days: int, now: datetime) -> str:
    if days == 1:
        return describe(start, now, all_day=True).replace("tonight", "today")
    if start.date() == now.date() and days == 7:
        return "this week"
    return f"in the next {days} days" if start.date() == now.date() else \
        f"for {days} days from {describe(start, now, all_day=True)}"


def upcoming(store, user_id: int, start: datetime, end: datetime,
             kind: str | None = None) -> list[tuple[datetime, Reminder]]:
    """Every time an active item falls between ``start`` and ``end`` (a repeating one each
    time it repeats), soonest first."""
    out = []
    for item in store.reminders(user_id, kind=kind, until=end):
        at: datetime | None = item.at
        # an all-day event of today still counts today
        floor = start.replace(hour=0, minute=0, second=0, microsecond=0) if item.all_day else start
        seen = 0
        while at is not None and at < end and seen < 60:
            if at >= floor:
                out.append((at, item))
            at = following(item.rrule, at, at) if item.rrule else None
            seen += 1
    return sorted(out, key=lambda pair: (pair[0], pair[1].id))


class SetAlarm(Tool):
    name = "set_alarm"
    description = ("Remind the user a number of minutes before an event (or a reminder) in "
                   "their calendar, by its id.")
    Args = AlarmArgs
    ability = "reminders"

    def run(self, args: AlarmArgs, ctx: Context) -> ToolResult:
        item = _item(ctx, args.id)
        at = item.at
        if item.rrule and _past(at, ctx.now):
            at = following(item.rrule, at, ctx.now) or at
        if _past(at - timedelta(minutes=args.minutes), ctx.now):
            return ToolResult(f"{title(item)[:1].upper() + title(item)[1:]} is "
                              f"{describe(at, ctx.now)}, less than {lead(args.minutes)} from now, "
                              "so I haven't set that.", ok=False)
        ctx.store.update_reminder(ctx.user_id, item.id, alarm=args.minutes)
        when = describe(at, ctx.now, item.rrule, item.all_day)
        return ToolResult(f"I'll remind you {lead(args.minutes)} before {title(item)}, {when}.",
                          {"reminder": item.id}, {"reminder": item.id, "alarm": item.alarm})

    def undo(self, data: dict, ctx: Context) -> str:
        ctx.store.update_reminder(ctx.user_id, data["reminder"], alarm=data.get("alarm"))
        item = ctx.store.reminder(ctx.user_id, data["reminder"])
        return f"No longer reminding you ahead of {title(item)}." if item else "It is gone."


for _tool in (Remind(), AddEvent(), Cancel(), Move(), ListCalendar(), SetAlarm()):
    register(_tool)
