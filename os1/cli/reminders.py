"""``os1 reminders``, ``os1 calendar`` and ``os1 activity``: what she will remind you of,
your calendar (with calendar files and CalDAV sync), and everything her tools did."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.mind.turn import user_now
from os1.reminders import ics
from os1.reminders.tools import upcoming
from os1.reminders.when import DAY_DEFAULT, describe, parse
from os1.tools import activity
from os1.tools.base import Context


def _context() -> Context:
    rt = Runtime.open()
    return Context(rt.store, rt.user_id, user_now(rt.store, rt.user_id))


def _when(text: str, now: datetime, default_day_time: bool = True):
    found = parse(text, now, default=DAY_DEFAULT if default_day_time else None)
    if found.vague or found.at is None:
        raise OS1Error(f"cannot tell when {text!r} is; say a day and a time, like "
                       "\"Friday at 6pm\", \"in 20 minutes\" or \"every day at 8\"")
    return found


def _show(items, now: datetime, empty: str) -> None:
    if not items:
        ui.out.print(empty)
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "when", "kind", "what", "repeats"):
        table.add_column(column)
    for at, item in items:
        when = at.strftime("%a %b %d") + ("" if item.all_day else at.strftime(" %H:%M"))
        repeats = describe(at, now, item.rrule, True) if item.rrule else ""
        table.add_row(str(item.id), when, item.kind, escape(item.text), repeats)
    ui.out.print(table)


def _done(out: activity.Outcome) -> None:
    if out.status not in ("done", "shown"):
        raise OS1Error(out.said[0].lower() + out.said[1:].rstrip("."))
    ui.out.print(out.said, markup=False)


@click.group(invoke_without_command=True)
@click.pass_context
def reminders(click_ctx: click.Context) -> None:
    """Your reminders (she sets them when you ask in conversation, too)."""
    if click_ctx.invoked_subcommand is None:
        ctx = _context()
        items = [(i.at, i) for i in ctx.store.reminders(ctx.user_id, kind="reminder")]
        _show(items, ctx.now, "No reminders. Add one: os1 reminders add \"call Amy\" --at \"Friday 6pm\"")


@reminders.command("add")
@click.argument("text")
@click.option("--at", "at_text", required=True, help='When: "Friday 6pm", "in 20 minutes", '
              '"every other Tuesday at 9".')
def reminders_add(text: str, at_text: str) -> None:
    """Remind you of TEXT at a time."""
    ctx = _context()
    found = _when(at_text, ctx.now)
    _done(activity.act("set_reminder", {"text": text, "at": found.at.isoformat(),
                                        "every": found.rrule}, ctx))


@reminders.command("cancel")
@click.argument("item_id", type=int)
def reminders_cancel(item_id: int) -> None:
    """Cancel reminder (or event) ITEM_ID (undo with os1 activity undo)."""
    _done(activity.act("cancel_reminder", {"id": item_id}, _context()))


@click.group(invoke_without_command=True)
@click.option("--from", "start_text", default=None, help='From when (default: now): "tomorrow", "March 1".')
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 366))
@click.pass_context
def calendar(click_ctx: click.Context, start_text: str | None, days: int) -> None:
    """Your calendar: events and reminders, day by day."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = _context()
    start = ctx.now
    if start_text:
        found = parse(start_text, ctx.now, default=None)
        if found.at is None:
            raise OS1Error(f"cannot tell when {start_text!r} is; try \"tomorrow\" or \"March 1\"")
        start = found.at
    items = upcoming(ctx.store, ctx.user_id, start, start + timedelta(days=days))
    _show(items, ctx.now, f"Nothing in the {days} days from {describe(start, ctx.now, all_day=True)}.")


@calendar.command("add")
@click.argument("title")
@click.option("--at", "at_text", required=True, help='When: "Tuesday at 3pm", "March 14" (all day).')
@click.option("--minutes", type=click.IntRange(1, 60 * 24 * 14), default=None, help="How long (default 60).")
def calendar_add(title: str, at_text: str, minutes: int | None) -> None:
    """Put TITLE in your calendar."""
    ctx = _context()
    found = _when(at_text, ctx.now, default_day_time=False)
    _done(activity.act("add_event", {"title": title, "start": found.at.isoformat(),
                                     "all_day": not found.timed and not found.rrule,
                                     "minutes": minutes or (60 if found.timed else None),
                                     "every": found.rrule}, ctx))


@calendar.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_import(path: Path) -> None:
    """Read events from a calendar file (.ics); events already here (same UID) are updated."""
    ctx = _context()
    counts = ics.import_file(ctx.store, ctx.user_id, path, ctx.now)
    ui.out.print(f"Imported {path.name}: {counts['added']} added, {counts['updated']} updated, "
                 f"{counts['same']} unchanged.", markup=False)


@calendar.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def calendar_export(path: Path) -> None:
    """Write your reminders and events to a calendar file (.ics) any calendar app reads."""
    ctx = _context()
    count = ics.export(ctx.store, ctx.user_id, path)
    ui.out.print(f"Wrote {count} reminders and events to {path}.", markup=False)


@click.group(invoke_without_command=True)
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 1000))
@click.pass_context
def activity_(click_ctx: click.Context, limit: int) -> None:
    """Everything her tools did or proposed, newest first (undo with: os1 activity undo ID)."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = _context()
    entries = ctx.store.activities(ctx.user_id, limit)
    if not entries:
        ui.out.print("Nothing yet: her tools have done nothing.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "when", "tool", "status", "what"):
        table.add_column(column)
    for e in entries:
        when = datetime.fromisoformat(e.created_at).astimezone(ctx.now.tzinfo).strftime("%b %d %H:%M")
        status = e.status + (" (undo)" if e.status == "done" and e.undo else "")
        table.add_row(str(e.id), when, e.tool, status, escape(e.summary))
    ui.out.print(table)


@activity_.command("undo")
@click.argument("activity_id", type=int)
def activity_undo(activity_id: int) -> None:
    """Undo what activity ACTIVITY_ID did, where its tool can."""
    ui.out.print(activity.undo(_context(), activity_id), markup=False)


@calendar.command("connect")
@click.argument("url")
@click.option("--user", "username", required=True, help="Your user name on the CalDAV server.")
@click.option("--calendar", "name", default="OS1", show_default=True,
              help="The calendar to sync with: its name (made if missing) or its URL.")
@click.password_option(prompt="Password (kept in the system keyring, never shown)",
                       confirmation_prompt=False, default="", show_default=False)
def calendar_connect(url: str, username: str, name: str, password: str) -> None:
    """Set up two-way sync with a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale…)."""
    from os1.reminders import caldav_sync

    ctx = _context()
    account = caldav_sync.Account(url, username, name)
    account.save(ctx.store, ctx.user_id)
    where = caldav_sync.save_password(ctx.store, ctx.user_id, account, password)
    ui.out.print(f"Connected to {url} as {username}; the password is in {where}. "
                 "Run os1 calendar sync.", markup=False)


@calendar.command("sync")
def calendar_sync() -> None:
    """Send your changes to the CalDAV calendar and bring its changes here; when both sides
    changed an event, it is reported and neither is overwritten."""
    from os1.reminders import caldav_sync

    ctx = _context()
    with ui.err.status("Syncing with your calendar…"):
        report = caldav_sync.sync(ctx.store, ctx.user_id, ctx.now)
    for line in report.lines():
        ui.out.print(line, markup=False)
