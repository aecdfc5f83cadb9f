"""``/api/reminders`` and ``/api/activity``: the calendar and reminders, and what her tools
did, for the web app. Adding and cancelling go through the same tools as conversation, so
every change is in the activity log and can be undone there."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.mind.turn import user_now
from os1.reminders.tools import upcoming
from os1.reminders.when import DAY_DEFAULT, describe, parse
from os1.server.security import current_user
from os1.tools import activity
from os1.tools.base import Context

router = APIRouter()  # included by api.py, under /api
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


class ItemIn(BaseModel):
    text: str = Field(min_length=1, max_length=300)
    when: str = Field(min_length=1, max_length=200, description='"Friday at 6pm", "every day at 8"')
    kind: str = Field("reminder", pattern="^(reminder|event)$")


def _context(request: Request, user: int) -> Context:
    store = request.app.state.service.store
    return Context(store, user, user_now(store, user))


def _done(out: activity.Outcome) -> dict[str, Any]:
    if out.status not in ("done", "shown"):
        raise HTTPException(422, out.said)
    return {"said": out.said, "activity": out.activity_id, **(out.data or {})}


@router.get("/reminders")
def reminders(request: Request, user: int = Depends(current_user),
              days: int = Query(30, ge=1, le=366)) -> list[dict[str, Any]]:
    """Every time a reminder or event falls in the next ``days`` days, soonest first."""
    ctx = _context(request, user)
    return [{"id": item.id, "kind": item.kind, "text": item.text, "at": at.isoformat(),
             "all_day": item.all_day, "minutes": item.minutes, "alarm": item.alarm,
             "when": describe(at, ctx.now, item.rrule if item.rrule else None, item.all_day)}
            for at, item in upcoming(ctx.store, user, ctx.now, ctx.now + timedelta(days=days))]


@router.post("/reminders")
def add(body: ItemIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    ctx = _context(request, user)
    found = parse(body.when, ctx.now, default=None if body.kind == "event" else DAY_DEFAULT)
    if found.at is None or found.vague:
        raise HTTPException(422, "say a day and a time, like \"Friday at 6pm\" or \"every day at 8\".")
    try:
        if body.kind == "reminder":
            out = activity.act("set_reminder", {"text": body.text, "at": found.at.isoformat(),
                                                "every": found.rrule}, ctx)
        else:
            out = activity.act("add_event", {"title": body.text, "start": found.at.isoformat(),
                                             "all_day": not found.timed, "every": found.rrule,
                                             "minutes": 60 if found.timed else None}, ctx)
    except OS1Error as exc:
        raise HTTPException(422, str(exc)) from None
    return _done(out)


@router.delete("/reminders/{item_id}")
def cancel(item_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    ctx = _context(request, user)
    if ctx.store.reminder(user, item_id) is None:
        raise HTTPException(404, "there is no such reminder or event.")
    return _done(activity.act("cancel_reminder", {"id": item_id}, ctx))


@router.get("/activity")
def log(request: Request, user: int = Depends(current_user),
        limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
    """What her tools did, proposed or asked, newest first."""
    return [{"id": e.id, "tool": e.tool, "status": e.status, "summary": e.summary,
             "at": e.created_at, "undoable": e.status == "done" and bool(e.undo)}
            for e in _context(request, user).store.activities(user, limit)]


@router.post("/activity/{activity_id}/confirm")
def confirm(activity_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    """The user's yes to a proposal (a send, a move): done once, however many windows say it."""
    ctx = _context(request, user)
    if ctx.store.activity(user, activity_id) is None:
        raise HTTPException(404, "there is no such activity.")
    out = activity.confirm(ctx, activity_id)
    if out is None:
        raise HTTPException(409, "that is not waiting for a yes (already answered, or never asked).")
    if out.status != "done":
        raise HTTPException(422, out.said)
    return {"said": out.said, "activity": out.activity_id, **(out.data or {})}


@router.post("/activity/{activity_id}/decline")
def decline(activity_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, str]:
    ctx = _context(request, user)
    if ctx.store.activity(user, activity_id) is None:
        raise HTTPException(404, "there is no such activity.")
    if activity.decline(ctx, activity_id) is None:
        raise HTTPException(409, "that is not waiting for a yes.")
    return {"said": "Not done."}


@router.post("/activity/{activity_id}/undo")
def undo(activity_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, str]:
    try:
        return {"said": activity.undo(_context(request, user), activity_id)}
    except OS1Error as exc:
        raise HTTPException(404 if "there is no" in str(exc) else 409, str(exc)) from None
