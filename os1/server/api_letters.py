"""The letters API: commission (from a one-line request and/or fields), draft, revise,
versions, word diff, restore, writing samples and clichés. Every handler is scoped to the user
from ``current_user``; drafting runs on the turn threads, within the user's share of turns."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.letters import desk
from os1.letters.check import CLICHES, word_count
from os1.letters.commission import Commission, commission_from_request, parse_answer
from os1.letters.draft import Draft
from os1.letters.intake import next_question
from os1.letters.printing import make_book
from os1.letters.voice import describe, learn
from os1.models.base import Options
from os1.redact import redact
from os1.server.security import current_user

router = APIRouter(prefix="/letters", tags=["letters"])  # under api.router's /api
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Short = Annotated[str, Field(max_length=300)]


class CommissionIn(BaseModel):
    """A request in the sender's words, and/or the fields of a commission (a field given
    here wins over what the request says)."""

    request: str = Field("", max_length=2000)
    sender: Short | None = None
    recipient: Short | None = None
    relation: Short | None = None
    history: str | None = Field(None, max_length=2000)
    occasion: Short | None = None
    details: list[Short] | None = Field(None, max_length=12)
    avoid: list[Short] | None = Field(None, max_length=12)
    tone: Short | None = None
    length: Literal["short", "medium", "long", ""] | None = None


class ReviseIn(BaseModel):
    instruction: str = Field(min_length=1, max_length=500)


class RestoreIn(BaseModel):
    number: int = Field(ge=1, le=100_000)


class SampleIn(BaseModel):
    text: str = Field(min_length=1, max_length=200_000)
    name: str = Field("pasted", max_length=200)
    sender: str = Field(desk.ME, min_length=1, max_length=100)


class ClicheIn(BaseModel):
    phrase: str = Field(min_length=3, max_length=120)


class BookIn(BaseModel):
    """The book as the user asks for it: its title, the letters (those chosen, else all between
    the dates) and the page size."""

    title: str = Field(min_length=1, max_length=200)
    since: date | None = None
    until: date | None = None
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(default_factory=list, max_length=1000)
    size: Literal["A5", "6x9"] = "A5"


def _svc(request: Request):
    return request.app.state.service


def _commission(body: CommissionIn, request: Request, user: int) -> Commission:
    store = _svc(request).store
    commission = commission_from_request(body.request, store.people(user)) if body.request.strip() \
        else Commission()
    for name in ("sender", "recipient", "relation", "history", "occasion", "tone", "length"):
        value = getattr(body, name)
        if value is not None and value.strip():
            commission = parse_answer(name, value, commission)
    for name in ("details", "avoid"):
        for value in getattr(body, name) or []:
            commission = parse_answer(name, value, commission)
    return commission


def _draft(letter_id: int, number: int, found: Draft) -> dict[str, Any]:
    return {"id": letter_id, "version": number, "text": found.text, "words": word_count(found.text),
            "problems": [p.as_dict() for p in found.problems], "attempts": found.attempts}


def _options(request: Request) -> Options:
    settings = _svc(request).settings
    return Options(temperature=settings.temperature, seed=settings.seed)


@router.post("/commission")
def prepare(body: CommissionIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    """What the request and fields come to, before anything is written: the commission, the
    remembered details to offer back, and the interview's next question."""
    commission = _commission(body, request, user)
    known = desk.known_for(_svc(request).store, user, commission)
    step = next_question(commission, set())
    return {"commission": json.loads(commission.to_json()), "offers": desk.offers(commission, known),
            "question": {"field": step[0], "text": step[1]} if step else None}


@router.post("", status_code=201)
async def create(body: CommissionIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    """Commission and draft a letter (checked; what still fails is in ``problems``)."""
    svc = _svc(request)
    commission = _commission(body, request, user)
    if not svc.limits.allow(user, "turn"):
        raise HTTPException(429, "that's a lot at once; wait a minute.")
    try:
        letter_id, found = await svc.run_turn(user, desk.new_letter, svc.store, user, commission,
                                              svc.model, _options(request))
    except OS1Error as exc:
        raise HTTPException(422 if "needs someone" in str(exc) else 503, redact(exc)) from None
    return _draft(letter_id, 1, found)


@router.get("")
def letters(request: Request, user: int = Depends(current_user)) -> list[dict[str, Any]]:
    return [{"id": r["id"], "sender": r["sender"], "recipient": r["recipient"], "relation": r["relation"],
             "occasion": r["occasion"], "version": r["current_version"], "created_at": r["created_at"],
             "updated_at": r["updated_at"], "words": word_count(r["text"] or "")}
            for r in _svc(request).store.letters(user)]


@router.post("/samples", status_code=201)
def add_sample(body: SampleIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    store = _svc(request).store
    store.add_letter_sample(user, body.sender.strip() or desk.ME, body.name, body.text)
    voice = learn([r["text"] for r in store.letter_samples(user, body.sender.strip() or desk.ME)])
    return {"samples": voice.samples, "voice": describe(voice)}


@router.get("/cliches")
def cliches(request: Request, user: int = Depends(current_user)) -> dict[str, list[str]]:
    return {"built_in": list(CLICHES), "yours": _svc(request).store.letter_cliches(user)}


@router.post("/cliches", status_code=201)
def add_cliche(body: ClicheIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    phrase = " ".join(body.phrase.split())
    return {"phrase": phrase, "added": _svc(request).store.add_letter_cliche(user, phrase)}


def _letter(request: Request, user: int, letter_id: int):
    row = _svc(request).store.letter(user, letter_id)
    if row is None:
        raise HTTPException(404, "no such letter.")
    return row


@router.post("/book", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}})
async def book(body: BookIn, request: Request, user: int = Depends(current_user)) -> Response:
    """The user's letters as a printable book, a PDF to download."""
    if not body.title.strip():
        raise HTTPException(422, "the book needs a title.")
    if body.since and body.until and body.since > body.until:
        raise HTTPException(422, "the book's first day is after its last.")
    svc = _svc(request)
    if not svc.limits.allow(user, "turn"):  # a book is a few seconds of work: bounded like a reply
        raise HTTPException(429, "that's a lot at once; wait a minute.")

    def work() -> bytes:
        with tempfile.TemporaryDirectory(prefix="os1-book-") as folder:
            pdf = FilePath(folder) / "book.pdf"
            make_book(svc.store, user, pdf, body.title.strip(), body.since, body.until,
                      tuple(body.ids), body.size, svc.store.user_name(user))
            return pdf.read_bytes()

    try:
        data = await svc.run_turn(user, work)  # on the turn threads, within their share
    except OS1Error as exc:
        raise HTTPException(422, redact(exc)) from None
    name = re.sub(r"[^A-Za-z0-9]+", "-", body.title).strip("-")[:60] or "letters"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})


@router.get("/{letter_id}")
def letter(letter_id: Id, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    row = _letter(request, user, letter_id)
    version = _svc(request).store.letter_version(user, letter_id, row["current_version"])
    return {"id": letter_id, "sender": row["sender"], "recipient": row["recipient"],
            "relation": row["relation"], "occasion": row["occasion"],
            "commission": json.loads(row["commission"]), "version": row["current_version"],
            "text": version["text"] if version else "", "words": word_count(version["text"]) if version else 0,
            "problems": json.loads(version["problems"]) if version else []}


@router.post("/{letter_id}/revise")
async def revise(letter_id: Id, body: ReviseIn, request: Request,
                 user: int = Depends(current_user)) -> dict[str, Any]:
    svc = _svc(request)
    _letter(request, user, letter_id)
    if not svc.limits.allow(user, "turn"):
        raise HTTPException(429, "that's a lot at once; wait a minute.")
    try:
        number, found = await svc.run_turn(user, desk.revise_letter, svc.store, user, letter_id,
                                           body.instruction, svc.model, _options(request))
    except OS1Error as exc:
        raise HTTPException(503, redact(exc)) from None
    return _draft(letter_id, number, found)


@router.get("/{letter_id}/versions")
def versions(letter_id: Id, request: Request, user: int = Depends(current_user)) -> list[dict[str, Any]]:
    _letter(request, user, letter_id)
    return [{"number": v["number"], "instruction": v["instruction"], "created_at": v["created_at"],
             "text": v["text"], "words": word_count(v["text"]), "problems": json.loads(v["problems"])}
            for v in _svc(request).store.letter_versions(user, letter_id)]


@router.get("/{letter_id}/diff")
def diff(letter_id: Id, a: Annotated[int, Query(ge=1, le=100_000)], b: Annotated[int, Query(ge=1, le=100_000)], request: Request,
         user: int = Depends(current_user)) -> dict[str, Any]:
    store = _svc(request).store
    old, new = store.letter_version(user, letter_id, a), store.letter_version(user, letter_id, b)
    if old is None or new is None:
        raise HTTPException(404, "no such version.")
    return {"a": a, "b": b, "parts": [{"op": op, "text": text} for op, text in desk.word_diff(old["text"], new["text"])]}


@router.post("/{letter_id}/restore")
def restore(letter_id: Id, body: RestoreIn, request: Request, user: int = Depends(current_user)) -> dict[str, Any]:
    try:
        number = desk.restore(_svc(request).store, user, letter_id, body.number)
    except OS1Error as exc:
        raise HTTPException(404, str(exc)) from None
    return {"id": letter_id, "version": number}
