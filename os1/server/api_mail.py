"""The mail panel's API: the user's inbox triaged, and one message as the reader saw it.
Read only: nothing is sent, moved or flagged from here (that goes through a preview and the
user's yes). Every query is scoped to the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request

from os1.errors import OS1Error
from os1.mail import service as mail
from os1.server.security import current_user

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
