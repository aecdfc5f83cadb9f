"""The mail panel's API: the user's inbox triaged, one message as the reader saw it, and the
actions on mail. Every action goes through the mail tools (``mail/tools.py``), so it is in the
activity log and undone there where IMAP allows. A reply is drafted and can be edited; a send,
move or flag is only proposed here: the answer is its preview and the proposal's activity id,
and it is done by ``POST /api/activity/{id}/confirm`` (the user's yes), or let go by
``.../decline``. Every query is scoped to the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.mail import service as mail
from os1.mail.tools import propose_send
from os1.mind.turn import user_now
from os1.server.security import current_user
from os1.tools import activity
from os1.tools.base import Context

router = APIRouter(prefix="/mail", tags=["mail"])
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _store(request: Request):
    return request.app.state.service.store


def _row(r: dict) -> dict[str, Any]:
    reading = r["reading"] or {}
    return {"id": r["id"], "pile": r["pile"], "date": r["date"], "sender": r["sender"],
            "sender_name": reading.get("sender_name", r["sender_name"]),
            "subject": reading.get("subject", ""), "summary": reading.get("summary", ""),
            "requests": reading.get("requests", []), "suspicious": reading.get("suspicious", False)}


@router.get("")
def inbox(request: Request, user: int = Depends(current_user), limit: int = 100) -> list[dict]:
    """The inbox, the few that matter first (messages not read yet are read by rule)."""
    store = _store(request)
    mail.read_new(store, user, None)
    return [_row(r) for r in mail.triaged(store, user, limit=max(1, min(limit, 500)))]


@router.get("/{message_id}")
def message(message_id: Id, request: Request, user: int = Depends(current_user)) -> dict:
    """One message: the reader's fields and the text (plain text: nothing in it is fetched)."""
    try:
        row = mail.message(_store(request), user, message_id)
    except OS1Error as exc:
        raise HTTPException(404, str(exc)) from None
    return {**_row(row), "reading": row["reading"], "body": row["body"], "folder": row["folder"]}


class DraftIn(BaseModel):
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20_000)


class MoveIn(BaseModel):
    folder: str = Field("Archive", min_length=1, max_length=200)


class FlagIn(BaseModel):
    on: bool = True


def _context(request: Request, user: int, model: Any = None) -> Context:
    store = _store(request)
    return Context(store, user, user_now(store, user), model=model)


def _outcome(out: activity.Outcome) -> dict[str, Any]:
    """What came of a tool: done, or pending with its preview (the user's yes is asked)."""
    if out.status not in ("done", "pending"):
        raise HTTPException(404 if out.said.startswith("there is no") else 422, out.said)
    return {"status": out.status, "said": out.said, "activity": out.activity_id,
            **(out.data or {})}


def _act(request: Request, user: int, tool: str, args: dict, model: Any = None) -> dict[str, Any]:
    try:
        return _outcome(activity.act(tool, args, _context(request, user, model)))
    except OS1Error as exc:
        raise HTTPException(404 if "there is no" in str(exc) else 422, str(exc)) from None


def _draft(row: dict) -> dict[str, Any]:
    return {"draft": row["id"], "to": row["recipient"], "subject": row["subject"],
            "body": row["body"], "status": row["status"], "message": row["message_id"]}


@router.post("/{message_id}/reply")
async def reply(message_id: Id, request: Request,
                user: int = Depends(current_user)) -> dict[str, Any]:
    """A reply drafted in the user's voice and kept to edit: nothing is sent. The model
    writes it on a turn thread, within the user's share of turns."""
    svc = request.app.state.service
    if not svc.limits.allow(user, "turn"):
        raise HTTPException(429, "that's a lot at once; wait a minute.")
    return await svc.run_turn(user, _act, request, user, "draft_reply", {"id": message_id},
                              svc.model)


@router.get("/drafts/{draft_id}")
def draft(draft_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    row = _store(request).draft(user, draft_id)
    if row is None:
        raise HTTPException(404, "there is no such draft.")
    return _draft(row)


@router.put("/drafts/{draft_id}")
def edit(draft_id: Id, body: DraftIn, request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    """The user's own words for a draft not sent yet (a send proposed before is not sent:
    it no longer matches what was shown)."""
    store = _store(request)
    if not store.edit_draft(user, draft_id, body.subject, body.body):
        raise HTTPException(404, "there is no draft waiting to be sent.")
    return _draft(store.draft(user, draft_id))


@router.post("/drafts/{draft_id}/send")
def send(draft_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    """Propose sending the draft as it is now: its preview, to be confirmed."""
    try:
        return _outcome(propose_send(_context(request, user), draft_id))
    except OS1Error as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/{message_id}/move")
def move(message_id: Id, body: MoveIn, request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    return _act(request, user, "move_mail", {"id": message_id, "folder": body.folder})


@router.post("/{message_id}/flag")
def flag(message_id: Id, body: FlagIn, request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    return _act(request, user, "flag_mail", {"id": message_id, "on": body.on})
