"""The REST resources: account, conversations, memories, self, mood and settings. Every
handler takes the user from ``current_user`` and passes it to every store call, so no route
can reach another user's rows."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.memory.people import sentence
from os1.memory.retrieve import Retriever
from os1.memory.untrusted import NAME_RULE
from os1.mind import persona, relationship
from os1.proofread.variety import English
from os1.mind.interview import (QUESTIONS, fallback_name, needs_setup, propose_name,
                                 record_answers, valid_name)
from os1.redact import redact
from os1.server import accounts, api_friends, api_letters, api_mail
from os1.server.security import COOKIE, current_user, token_of
from os1.server.service import Service

router = APIRouter(prefix="/api")
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]  # what SQLite can hold


def service(request: Request) -> Service:
    return request.app.state.service


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=8, max_length=256)


class Session(BaseModel):
    token: str
    user_id: int


class TurnIn(BaseModel):
    text: str = Field(min_length=1, max_length=8000)


class TurnOut(BaseModel):
    reply: str
    status: str
    mood: str
    turn_id: int


class MemoryOut(BaseModel):
    id: int
    kind: str
    key: str | None
    text: str
    speaker: str | None
    at: str
    valid_to: str | None
    importance: float
    source: str


class MemoryEdit(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class ForgetIn(BaseModel):
    about: str = Field(min_length=2, max_length=200, description="forget everything mentioning this")
    confirm: bool = Field(False, description="false: only show what would be forgotten")


class EraseIn(BaseModel):
    confirm: Literal["erase"] = Field(description='the word "erase", to be sure')


class PinIn(BaseModel):
    key: str = Field(min_length=1, max_length=100)
    pinned: bool = True


class SetupIn(BaseModel):
    answers: dict[str, Annotated[str, Field(max_length=1000)]] = Field(max_length=10)


class NameIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)  # longer is refused by valid_name, with why


class SettingsIn(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200, description="what to call you")
    checkins: bool | None = Field(None, description="may it ask how things went?")
    timezone: str | None = Field(None, min_length=1, max_length=64,
                                 description="an IANA time zone such as Europe/Berlin: its "
                                             "\"tomorrow\" and quiet hours are yours")
    english: Literal[""] | English | None = Field(
        None, description="your variety of English for proofreading; \"\": as each text spells it")


def _auth_allowed(request: Request) -> None:
    svc = service(request)
    if not svc.accounts:
        raise HTTPException(404, "this server has no accounts: it belongs to one person.")
    who = request.client.host if request.client else "?"
    if not svc.limits.allow(who, "auth"):
        raise HTTPException(429, "too many attempts; wait a minute and try again.")


def _cookie_options(request: Request) -> dict[str, Any]:
    """Secure (sent over https only) whenever people reach the server over https: the
    request came in over it, or the public URL says so."""
    secure = request.url.scheme == "https" or service(request).reach.https
    return {"httponly": True, "samesite": "strict", "secure": secure}


def _signed_in(request: Request, response: Response, user: int, token: str) -> Session:
    response.set_cookie(COOKIE, token, max_age=int(accounts.TOKEN_LIFE.total_seconds()),
                        **_cookie_options(request))
    return Session(token=token, user_id=user)


def _name(text: str) -> str:
    """A name for the user or the companion, or one clear 422 saying what a name may be."""
    name = valid_name(text)
    if name is None:
        raise HTTPException(422, f"that doesn't look like a name: {NAME_RULE}")
    return name


@router.post("/auth/signup", status_code=201, response_model=Session)
async def sign_up(body: Credentials, request: Request, response: Response) -> Session:
    _auth_allowed(request)
    svc = service(request)
    try:
        user = await svc.run_auth(accounts.sign_up, svc.store, body.email, body.password)
    except OS1Error as exc:
        raise HTTPException(409 if "exists" in str(exc) else 422, str(exc)) from None
    return _signed_in(request, response, user, await svc.run_auth(accounts.issue_token,
                                                                  svc.store, user))


@router.post("/auth/signin", response_model=Session)
async def sign_in(body: Credentials, request: Request, response: Response) -> Session:
    """Sign in. After five wrong passwords in a row the account locks, for 30 seconds and
    twice as long after each further one (at most an hour): 429, even for the right one."""
    _auth_allowed(request)
    svc = service(request)
    try:
        user, token = await svc.run_auth(accounts.sign_in, svc.store, body.email, body.password)
    except accounts.LockedOut as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.seconds)}) from None
    except accounts.AuthError as exc:
        raise HTTPException(401, str(exc)) from None
    return _signed_in(request, response, user, token)


@router.post("/auth/signout", status_code=204)
def sign_out(request: Request, response: Response, user: int = Depends(current_user),
             everywhere: bool = False) -> None:
    """Sign out here, or with ``everywhere=true`` on every device at once."""
    svc = service(request)
    token = token_of(request.headers, request.cookies)
    if svc.accounts and everywhere:
        accounts.sign_out_everywhere(svc.store, user)
    elif token and svc.accounts:
        accounts.sign_out(svc.store, token)
    response.delete_cookie(COOKIE, **_cookie_options(request))


@router.get("/me")
def me(request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    svc = service(request)
    companion = svc.companion(user)
    mood = companion.affect()
    return {"user_id": user, "email": accounts.email_of(svc.store, user),
            "name": svc.store.user_name(user), "companion": companion.name,
            "mood": {"name": mood.mood, "valence": mood.valence, "arousal": mood.arousal},
            "model": getattr(svc.model, "model_id", "unknown"), "accounts": svc.accounts}


@router.get("/setup")
def setup_needed(request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    """Whether this person has met their companion yet, and the questions of the first meeting."""
    return {"needed": needs_setup(service(request).store, user),
            "questions": [{"key": q.key, "text": q.text} for q in QUESTIONS]}


@router.post("/setup")
async def setup(body: SetupIn, request: Request,
                user: int = Depends(current_user)) -> dict[str, str]:
    """The first meeting: the answers become the first things it knows about you, then it
    chooses its own name and says why. It asks the model, so a few times in ten minutes at
    most, as one of the person's turns."""
    svc = service(request)
    if not svc.limits.allow(user, "setup"):
        raise HTTPException(429, "that's the first meeting several times in a few minutes; "
                                 "wait ten minutes and try again.")
    answers = {q.key: body.answers.get(q.key, "").strip() for q in QUESTIONS}

    def meet() -> dict[str, str]:
        record_answers(svc.store, user, answers)
        try:
            name, reason, _ = propose_name(svc.model, answers)
        except OS1Error:
            name, reason = fallback_name(answers)
        svc.store.set_persona(user, name, reason)
        return {"name": name, "reason": reason}

    return await svc.run_turn(user, meet)  # one of their turns: Busy (429/503) when over


@router.post("/setup/name")
def rename(body: NameIn, request: Request, user: int = Depends(current_user)) -> dict[str, str]:
    """The person gives their companion another name."""
    name = _name(body.name)
    store = service(request).store
    reason = f"{store.user_name(user) or 'You'} chose it for me."
    store.set_persona(user, name, reason)
    return {"name": name, "reason": reason}


@router.get("/conversations")
def conversations(request: Request, user: int = Depends(current_user),
                  limit: int = 50) -> list[dict[str, Any]]:
    return service(request).store.conversations(user, max(1, min(limit, 500)))


@router.get("/conversations/{session_id}")
def conversation(session_id: Id, request: Request,
                 user: int = Depends(current_user)) -> list[dict[str, Any]]:
    turns = service(request).store.conversation(user, session_id)
    if turns is None:
        raise HTTPException(404, "no such conversation.")
    return turns


@router.get("/history")
def history(request: Request, user: int = Depends(current_user),
            limit: int = 30) -> list[dict[str, Any]]:
    turns = service(request).store.recent_turns(user, max(1, min(limit, 500)))
    return [{"id": t.id, "role": t.role, "content": t.content, "status": t.status,
             "created_at": t.created_at} for t in turns]


@router.post("/turns", response_model=TurnOut)
async def turn(body: TurnIn, request: Request, user: int = Depends(current_user)) -> TurnOut:
    """One whole turn (``/api/live`` streams it instead)."""
    svc = service(request)
    if not svc.limits.allow(user, "turn"):
        raise HTTPException(429, "that's a lot of messages at once; wait a minute.")

    def answer():
        session = svc.store.start_session(user, "api")
        try:
            return svc.companion(user).ask(body.text, session)
        finally:
            svc.store.end_session(user, session)

    try:
        result = await svc.run_turn(user, answer)
    except OS1Error as exc:
        raise HTTPException(503, f"the model could not answer: {redact(exc)}") from None
    return TurnOut(reply=result.text, status=result.status, mood=result.affect.mood,
                   turn_id=result.reply_turn)


def _memory(m) -> MemoryOut:
    return MemoryOut(id=m.id, kind=m.kind, key=m.key, text=m.text, speaker=m.speaker, at=m.at,
                     valid_to=m.valid_to, importance=m.importance, source=m.source)


@router.get("/memories", response_model=list[MemoryOut])
def memories(request: Request, user: int = Depends(current_user), kind: str | None = None,
             limit: int = 50) -> list[MemoryOut]:
    if kind not in (None, "turn", "fact", "insight"):
        raise HTTPException(422, "kind is turn, fact or insight.")
    found = service(request).memories.list(user, kind=kind, limit=max(1, min(limit, 500)))
    return [_memory(m) for m in found]


@router.get("/people")
def people(request: Request, user: int = Depends(current_user)) -> list[dict]:
    """The people in the user's life, as she knows them (read only; forget them by name)."""
    return [{"id": p.id, "relation": p.relation, "name": p.name, "facts": p.facts,
             "says": sentence(p, quoted=False)} for p in service(request).store.people(user)]


@router.get("/memories/search", response_model=list[MemoryOut])
def search(q: str, request: Request, user: int = Depends(current_user),
           k: int = 10) -> list[MemoryOut]:
    svc = service(request)
    if not q.strip() or len(q) > 500:
        raise HTTPException(422, "search for 1 to 500 characters.")
    hits = Retriever(svc.memories).search(user, q, svc.store.clock(), k=max(1, min(k, 50)))
    return [_memory(h.memory) for h in hits]


@router.get("/memories/{memory_id}", response_model=MemoryOut)
def memory(memory_id: Id, request: Request, user: int = Depends(current_user)) -> MemoryOut:
    found = service(request).memories.get(user, memory_id)
    if found is None:
        raise HTTPException(404, "no such memory.")
    return _memory(found)


@router.patch("/memories/{memory_id}", response_model=MemoryOut)
def edit_memory(memory_id: Id, body: MemoryEdit, request: Request,
                user: int = Depends(current_user)) -> MemoryOut:
    try:
        updated = service(request).memories.edit(user, memory_id, body.text)
    except OS1Error as exc:
        raise HTTPException(422, str(exc)) from None
    if updated is None:
        raise HTTPException(404, "no such memory.")
    return _memory(updated)


@router.delete("/memories/{memory_id}", status_code=204)
def forget(memory_id: Id, request: Request, user: int = Depends(current_user)) -> None:
    """Forget a memory and every copy of its words (the turn, notes, contexts, caches)."""
    svc = service(request)
    if not svc.memories.forget(user, memory_id):
        raise HTTPException(404, "no such memory.")
    svc.let_go(user)


@router.post("/memories/forget")
def forget_about(body: ForgetIn, request: Request,
                 user: int = Depends(current_user)) -> dict[str, Any]:
    """Everything that mentions ``about``: without ``confirm`` what would go, with it gone."""
    svc = service(request)
    if not body.confirm:
        return {**svc.memories.about(user, body.about).as_dict(), "forgotten": False}
    found = svc.memories.forget_about(user, body.about)
    svc.let_go(user)
    return {**found.as_dict(), "forgotten": True}


@router.delete("/me", status_code=204)
def erase_me(body: EraseIn, request: Request, response: Response,
             user: int = Depends(current_user)) -> None:
    """Erase this person: every row of theirs in every table; on a server their account and
    sign-in tokens too, so they are signed out."""
    svc = service(request)
    svc.memories.erase(user, account=svc.accounts)
    svc.let_go(user)
    if svc.accounts:
        response.delete_cookie(COOKIE)


@router.get("/export")
def export(request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    return service(request).memories.export(user)


@router.get("/self")
def self_now(request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    svc = service(request)
    me_ = persona.current(svc.store, user)
    close = relationship.closeness(svc.store, user, svc.store.clock())
    return {"traits": me_.traits, "base": persona.BASE,
            "interests": me_.interests, "values": [v for v, on in me_.values.items() if on],
            "thinking_about": [p for p, on in me_.preferences.items() if on],
            "narrative": me_.narrative, "pinned": sorted(me_.pinned),
            "relationship": {"closeness": close.value, "level": close.level, "why": close.why}}


@router.get("/self/history")
def self_history(request: Request, user: int = Depends(current_user)) -> list[dict[str, Any]]:
    rows = service(request).store.self_changes(user)
    return [{**dict(r), "old": json.loads(r["old"]), "new": json.loads(r["new"])} for r in rows]


@router.post("/self/undo/{change_id}")
def self_undo(change_id: Id, request: Request, user: int = Depends(current_user)) -> dict:
    new = persona.undo(service(request).store, user, change_id)
    if new is None:
        raise HTTPException(404, "no such change.")
    return {"undone": change_id, "change": new}


@router.post("/self/pin")
def self_pin(body: PinIn, request: Request, user: int = Depends(current_user)) -> dict:
    try:
        persona.pin(service(request).store, user, body.key, body.pinned)
    except OS1Error as exc:
        raise HTTPException(422, str(exc)) from None
    return {"key": body.key, "pinned": body.pinned}


@router.get("/mood")
def mood(request: Request, user: int = Depends(current_user), limit: int = 100) -> dict:
    svc = service(request)
    now = svc.companion(user).affect()
    return {"now": {"name": now.mood, "valence": now.valence, "arousal": now.arousal},
            "history": svc.store.moods(user, max(1, min(limit, 1000)))}


@router.get("/settings")
def get_settings(request: Request, user: int = Depends(current_user)) -> dict:
    """The user's name is a fact (it is who they are, and the prompt says so); the time zone and
    check-ins and the variety of English to proofread in are settings, kept apart from
    everything remembered."""
    store = service(request).store
    chosen = store.settings(user)
    return {"name": store.user_name(user), "checkins": chosen.get("checkins") != "off",
            "timezone": chosen.get("timezone"), "english": chosen.get("english", "")}


@router.patch("/settings")
def set_settings(body: SettingsIn, request: Request, user: int = Depends(current_user)) -> dict:
    store = service(request).store
    name = _name(body.name) if body.name is not None else None
    if body.timezone is not None:
        try:
            ZoneInfo(body.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise HTTPException(422, "unknown time zone; use an IANA name such as "
                                     "Europe/Berlin.") from None
    if name is not None:
        service(request).memories.set_fact(user, "name", name, "settings")
    if body.timezone is not None:
        store.set_setting(user, "timezone", body.timezone)
    if body.checkins is not None:
        store.set_setting(user, "checkins", "on" if body.checkins else "off")
    if body.english is not None:
        store.set_setting(user, "english", body.english)
    return get_settings(request, user)


router.include_router(api_letters.router)
from os1.server import api_reminders  # noqa: E402  (its routes need this module's router)

router.include_router(api_reminders.router)
router.include_router(api_mail.router)
from os1.server import api_proofread  # noqa: E402  (its routes join this router's)

router.include_router(api_proofread.router)
router.include_router(api_friends.router)
