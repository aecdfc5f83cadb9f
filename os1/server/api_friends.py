"""``/api/friends``: introductions, what may cross, asking and talking, the log; and the inbox
other companions post signed messages to (``/api/friends/inbox/{handle}``), which needs no
sign-in: the signature is who is asking."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from os1.friends import consent
from os1.friends.envelope import ProtocolError
from os1.friends.link import MAX_TALK_TURNS, Side
from os1.memory.memories import New
from os1.memory.store_friends import Friend
from os1.server.security import current_user
from os1.server.service import RateLimits

router = APIRouter()  # included by api.py, under /api
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


class InboxLimits(RateLimits):
    RULES = {"inbox": (120, 60.0)}  # noqa: RUF012 (as the base class declares it)  # messages from one address a minute, before any check


INBOX_LIMITS = InboxLimits()


class ScopeIn(BaseModel):
    topics: list[Annotated[str, Field(max_length=40)]] = Field([], max_length=12)
    note: str = Field("", max_length=600)


class InviteIn(ScopeIn):
    name: str = Field(min_length=1, max_length=60, description="the name to be known by")


class AcceptIn(InviteIn):
    code: str = Field(min_length=10, max_length=4000)


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class ProposeIn(TextIn):
    when: str = Field(min_length=1, max_length=200)


class TalkIn(BaseModel):
    topic: str = Field(min_length=1, max_length=80)
    turns: int = Field(3, ge=1, le=MAX_TALK_TURNS)


def side(request: Request, user: int) -> Side:
    svc = request.app.state.service
    base = svc.reach.public_url or str(request.base_url)

    def remember(user_id: int, text: str, source: str) -> int:
        return svc.memories.remember(user_id, New(text, kind="insight", importance=0.6,
                                                  source=source))

    return Side(svc.store, user, base.rstrip("/"), svc.model, remember)


def shown(friend: Friend) -> dict[str, Any]:
    return {"id": friend.id, "name": friend.name, "known_as": friend.my_name,
            "status": friend.status, "sharing": consent.Scope.from_json(friend.scope).describe(),
            "scope": asdict(consent.Scope.from_json(friend.scope)),
            "since": friend.created_at, "withdrawn_at": friend.withdrawn_at}


def _friend(request: Request, user: int, friend_id: int) -> Friend:
    found = request.app.state.service.store.friend(user, friend_id)
    if found is None:
        raise HTTPException(404, "no such friend.")
    return found


def _refused(exc: ProtocolError) -> HTTPException:
    return HTTPException(exc.status if exc.status < 500 else 502, exc.detail)


@router.get("/friends")
def friends(request: Request, user: int = Depends(current_user)) -> list[dict[str, Any]]:
    return [shown(f) for f in request.app.state.service.store.friends(user)]


@router.post("/friends/invite")
def invite(body: InviteIn, request: Request, user: int = Depends(current_user)) -> dict[str, str]:
    try:
        return {"code": side(request, user).invite(body.name, consent.scope(body.topics, body.note))}
    except ProtocolError as exc:
        raise HTTPException(422, exc.detail) from None


@router.post("/friends/accept")
def accept(body: AcceptIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    try:
        return shown(side(request, user).accept(body.code, body.name,
                                                consent.scope(body.topics, body.note)))
    except ProtocolError as exc:
        raise _refused(exc) from None


@router.put("/friends/{friend_id}/scope")
def set_scope(friend_id: Id, body: ScopeIn, request: Request,
              user: int = Depends(current_user)) -> dict[str, Any]:
    _friend(request, user, friend_id)
    try:
        chosen = consent.scope(body.topics, body.note)
    except ProtocolError as exc:
        raise HTTPException(422, exc.detail) from None
    store = request.app.state.service.store
    store.set_friend(user, friend_id, scope=chosen.as_json())
    return shown(_friend(request, user, friend_id))


def _send(request: Request, user: int, friend_id: int, how) -> dict[str, Any]:
    friend = _friend(request, user, friend_id)
    try:
        return {"reply": how(side(request, user), friend)}
    except ProtocolError as exc:
        raise _refused(exc) from None


@router.post("/friends/{friend_id}/ask")
def ask(friend_id: Id, body: TextIn, request: Request,
        user: int = Depends(current_user)) -> dict[str, Any]:
    return _send(request, user, friend_id, lambda s, f: s.ask(f, body.text))


@router.post("/friends/{friend_id}/tell")
def tell(friend_id: Id, body: TextIn, request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    return _send(request, user, friend_id, lambda s, f: s.tell(f, body.text))


@router.post("/friends/{friend_id}/propose")
def propose(friend_id: Id, body: ProposeIn, request: Request,
            user: int = Depends(current_user)) -> dict[str, Any]:
    return _send(request, user, friend_id, lambda s, f: s.propose(f, body.text, body.when))


@router.post("/friends/{friend_id}/talk")
def talk(friend_id: Id, body: TalkIn, request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    return _send(request, user, friend_id, lambda s, f: [
        {"who": who, "text": text} for who, text in s.talk(f, body.topic, body.turns)])


@router.post("/friends/{friend_id}/withdraw")
def withdraw(friend_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    side(request, user).withdraw(_friend(request, user, friend_id))
    return shown(_friend(request, user, friend_id))


@router.get("/friends/log")
def log(request: Request, user: int = Depends(current_user),
        friend: int | None = Query(None, ge=1, le=2**63 - 1),
        limit: int = Query(200, ge=1, le=1000)) -> list[dict[str, Any]]:
    return request.app.state.service.store.friend_log(user, friend, limit)


@router.post("/friends/inbox/{handle}", tags=["friends protocol"])
async def inbox(handle: Annotated[str, Path(min_length=8, max_length=64)],
                request: Request) -> JSONResponse:
    """A signed message from another companion to the user whose inbox ``handle`` is: the
    signed reply, or ``{"error", "detail"}`` with the status the protocol names."""
    svc = request.app.state.service
    who = request.client.host if request.client else "?"
    if not INBOX_LIMITS.allow(who, "inbox"):
        return JSONResponse({"error": "rate_limited", "detail": "too many messages; wait a "
                                                                "minute."}, status_code=429)
    try:
        message = await request.json()
    except ValueError:
        return JSONResponse({"error": "malformed", "detail": "the body is not JSON."}, 400)
    user = svc.store.user_of_handle(handle)
    if user is None:
        return JSONResponse({"error": "unknown_sender", "detail": "no such inbox."}, 404)
    try:
        reply = await svc.run_turn(user, side(request, user).receive, message)
    except ProtocolError as exc:
        return JSONResponse(exc.as_dict(), status_code=exc.status)
    return JSONResponse(reply)
