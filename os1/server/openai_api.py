"""``/v1/chat/completions``: any OpenAI-compatible chat client can talk to the user's companion.

The companion keeps its own history, memory and persona, so only the last user message of
the request is taken as the turn; earlier messages the client sends are already known to it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from os1.errors import OS1Error
from os1.redact import redact
from os1.server.security import current_user
from os1.server.service import Service

router = APIRouter(prefix="/v1")
MODEL = "os1-companion"


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | None = Field(None, max_length=8000)


class ChatRequest(BaseModel):
    model: str = Field(MODEL, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=500)
    stream: bool = False


@router.get("/models")
def models(user: int = Depends(current_user)) -> dict:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "os1"}]}


@router.post("/chat/completions")
async def chat_completions(body: ChatRequest, request: Request,
                           user: int = Depends(current_user)):
    service: Service = request.app.state.service
    text = next((m.content for m in reversed(body.messages) if m.role == "user" and m.content), None)
    if not text or not text.strip():
        raise HTTPException(422, "send at least one user message with text.")
    if not service.limits.allow(user, "turn"):
        raise HTTPException(429, "that's a lot of messages at once; wait a minute.")
    companion = service.companion(user)
    ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if body.stream:
        release = service.turns.take(user)  # given back when the stream ends, or is dropped
        session = service.store.start_session(user, "openai")
        return StreamingResponse(
            _stream(service, companion, text, session, ident, created, release),
            media_type="text/event-stream", background=BackgroundTask(release))

    def answer():
        session = service.store.start_session(user, "openai")
        try:
            return companion.ask(text, session)
        finally:
            service.store.end_session(user, session)

    try:
        result = await service.run_turn(user, answer)
    except OS1Error as exc:
        raise HTTPException(503, f"the model could not answer: {redact(exc)}") from None
    return {"id": ident, "object": "chat.completion", "created": created, "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": result.text},
                         "finish_reason": "stop" if result.status == "complete" else "length"}],
            "usage": {"prompt_tokens": result.prompt_tokens or 0,
                      "completion_tokens": result.completion_tokens or 0,
                      "total_tokens": (result.prompt_tokens or 0) + (result.completion_tokens or 0)}}


def _stream(service: Service, companion, text: str, session: int, ident: str,
            created: int, release) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None) -> str:
        data = {"id": ident, "object": "chat.completion.chunk", "created": created,
                "model": MODEL, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(data)}\n\n"

    turn = companion.turn(text, session)
    try:
        yield chunk({"role": "assistant"})
        for piece in turn:
            yield chunk({"content": piece})
        yield chunk({}, "stop")
    except OS1Error as exc:
        yield f"data: {json.dumps({'error': {'message': redact(exc)}})}\n\n"
    finally:
        turn.close()  # a client that hangs up stops the model; what was said is kept
        service.store.end_session(companion.user_id, session)
        release()
    yield "data: [DONE]\n\n"
