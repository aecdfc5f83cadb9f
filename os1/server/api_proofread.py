"""``POST /api/proofread``: the changes OS1 proposes to a text, each with its reason, for the
web app to accept or reject one by one. The text is only read: nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.proofread import proofread
from os1.proofread.variety import English
from os1.redact import redact
from os1.server.security import current_user

router = APIRouter(tags=["proofread"])


class ProofreadIn(BaseModel):
    text: str = Field(min_length=1, max_length=20000)
    english: English | None = Field(
        None, description="the writer's variety; default: the user's setting, else the "
                          "server's, else what the text's spellings show")
    model: bool | None = Field(None, description="also fluency edits from the model (slower); "
                                                 "default: the server's setting")


class ChangeOut(BaseModel):
    start: int
    end: int
    old: str
    new: str
    reason: str


class ProofreadOut(BaseModel):
    text: str
    corrected: str
    english: str
    changes: list[ChangeOut]


@router.post("/proofread", response_model=ProofreadOut)
async def proofread_text(body: ProofreadIn, request: Request,
                         user: int = Depends(current_user)) -> ProofreadOut:
    """Spelling, the classic confusions, grammar and punctuation: every change with its span
    in ``text`` (``start``/``end``), old and new words, and a one-line reason."""
    svc = request.app.state.service
    chosen = svc.settings.proofread
    if not body.text.strip():
        raise HTTPException(422, "there is nothing to proofread: the text is empty.")
    with_model = chosen.model_edits if body.model is None else body.model
    english = body.english or svc.store.setting(user, "english", "") or chosen.english or None

    def work():
        return proofread(body.text, model=svc.model if with_model else None,
                         variety=english,
                         timeout=chosen.timeout)

    try:
        result = await svc.run_turn(user, work)  # one of their turns: bounded like a reply
    except OS1Error as exc:
        raise HTTPException(503, f"could not proofread: {redact(exc)}") from None
    return ProofreadOut(text=result.text, corrected=result.corrected, english=result.english,
                        changes=[ChangeOut(**c.as_dict()) for c in result.changes])
