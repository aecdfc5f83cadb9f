"""``/api/live``: a conversation over a WebSocket, the reply streamed token by token.

Client → server: ``{"type": "turn", "text": "…"}``, ``{"type": "stop"}`` (cut the reply
short), and, where the browser can't send headers, ``{"type": "auth", "token": "…"}`` first.
Server → client: ``hello`` (name, mood), ``token`` (text), ``done`` (status, mood, ids,
timings) and ``error`` (detail).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect

from os1.errors import OS1Error
from os1.server import accounts
from os1.server.security import websocket_user
from os1.server.service import Service

router = APIRouter()
MAX_TEXT = 8000


@router.websocket("/api/live")
async def live(websocket: WebSocket) -> None:
    service: Service = websocket.app.state.service
    await websocket.accept()
    try:
        user = await _who(websocket, service)
    except HTTPException as exc:
        await websocket.send_json({"type": "error", "detail": exc.detail})
        await websocket.close(code=4401)
        return
    companion = service.companion(user)
    session = service.store.start_session(user, "web")
    mood = companion.affect()
    await websocket.send_json({"type": "hello", "companion": companion.name, "mood": mood.mood})
    opening = companion.check_in(session)
    if opening:
        await websocket.send_json({"type": "token", "text": opening})
        await websocket.send_json({"type": "done", "status": "complete", "mood": mood.mood})
    try:
        while True:
            message = await websocket.receive_json()
            if message.get("type") != "turn":
                continue
            text = str(message.get("text", "")).strip()
            if not text or len(text) > MAX_TEXT:
                await websocket.send_json({"type": "error",
                                           "detail": f"send 1 to {MAX_TEXT} characters."})
                continue
            if not service.limits.allow(user, "turn"):
                await websocket.send_json({"type": "error",
                                           "detail": "that's a lot of messages at once; wait a minute."})
                continue
            await _turn(websocket, companion, text, session)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        service.store.end_session(user, session)


async def _who(websocket: WebSocket, service: Service) -> int:
    try:
        return websocket_user(websocket)
    except HTTPException:
        if not service.accounts:
            raise
    first = await asyncio.wait_for(websocket.receive_json(), timeout=10)
    if first.get("type") != "auth" or not first.get("token"):
        raise HTTPException(401, "sign in first: send {\"type\": \"auth\", \"token\": …}.")
    try:
        return accounts.user_for(service.store, str(first["token"]))
    except accounts.AuthError as exc:
        raise HTTPException(401, str(exc)) from None


async def _turn(websocket: WebSocket, companion, text: str, session: int) -> None:
    """Run the turn on a worker thread (the pipeline and model are blocking), forwarding its
    chunks as they come; a ``stop`` message closes the turn, which keeps what was said."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    stop = threading.Event()

    def work() -> None:
        turn = companion.turn(text, session)
        try:
            for chunk in turn:
                loop.call_soon_threadsafe(queue.put_nowait, ("token", chunk))
                if stop.is_set():
                    break
        except OS1Error as exc:
            loop.call_soon_threadsafe(queue.put_nowait, ("error", str(exc)))
        finally:
            turn.close()
            loop.call_soon_threadsafe(queue.put_nowait, ("end", companion.last))

    worker = loop.run_in_executor(None, work)
    listening = asyncio.ensure_future(websocket.receive_json())
    try:
        while True:
            getting = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({getting, listening}, return_when=asyncio.FIRST_COMPLETED)
            if listening in done:
                if (listening.result() or {}).get("type") == "stop":
                    stop.set()
                listening = asyncio.ensure_future(websocket.receive_json())
            if getting not in done:
                getting.cancel()
                continue
            kind, value = getting.result()
            if kind == "token":
                await websocket.send_json({"type": "token", "text": value})
            elif kind == "error":
                await websocket.send_json({"type": "error", "detail": value})
            else:
                await websocket.send_json({
                    "type": "done", "status": value.status, "turn_id": value.reply_turn,
                    "mood": value.affect.mood if value.affect else None,
                    "overhead_ms": round(value.overhead_ms, 2), "ttft_ms": value.ttft_ms})
                break
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listening
        await worker
