"""``/api/live``: a conversation over a WebSocket, typed or spoken, the reply streamed.

Client → server:
- ``{"type": "auth", "token": "…"}`` first, where the browser can't send headers;
- ``{"type": "turn", "text": "…", "speak": false}``: a typed turn (``speak``: say the reply too);
- ``{"type": "voice", "rate": 48000}``, then binary frames of 16-bit little-endian mono samples
  at that rate, then ``{"type": "voice_end"}``: a spoken turn (``voice_cancel`` drops it);
- ``{"type": "stop"}``: cut the reply short, at any time (what was said is kept).

Server → client: ``hello`` (name, mood, whether it can hear and speak), ``heard`` (what the
speech recognition heard), ``token`` (text), ``audio`` (a sentence: text, rate, samples),
followed at once by a binary frame of its 16-bit samples, ``done`` (status, mood, ids,
timings) and ``error`` (detail).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable

import numpy as np
from fastapi import APIRouter, HTTPException, WebSocket

from os1.errors import OS1Error
from os1.server import accounts
from os1.server.security import websocket_user
from os1.server.service import Service

router = APIRouter()
MAX_TEXT = 8000
MAX_SPEECH_S = 60  # one spoken turn
RATES = (8000, 192000)
log = logging.getLogger("os1.server")


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
    await websocket.send_json({"type": "hello", "companion": companion.name, "mood": mood.mood,
                               "voice": service.voice_ready})
    opening = companion.check_in(session)
    if opening:
        await websocket.send_json({"type": "token", "text": opening})
        await websocket.send_json({"type": "done", "status": "complete", "mood": mood.mood})
    try:
        await Conversation(websocket, service, user, session).run()
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


class Conversation:
    """One connection. A reader task takes every message as it arrives, so ``stop`` cuts a
    reply at once; everything else waits its turn in ``inbox``."""

    def __init__(self, websocket: WebSocket, service: Service, user: int, session: int):
        self.websocket, self.service, self.user, self.session = websocket, service, user, session
        self.companion = service.companion(user)
        self.inbox: asyncio.Queue = asyncio.Queue(maxsize=256)  # full: the reader waits
        self.stop = threading.Event()  # the reply in progress, if any, should end
        self.recording: bytearray | None = None
        self.rate = 0

    async def run(self) -> None:
        reader = asyncio.ensure_future(self._read())
        try:
            while (message := await self.inbox.get()) is not None:
                await self._handle(message)
        except RuntimeError:  # the socket went away mid-send
            pass
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader

    async def _read(self) -> None:
        try:
            while True:
                raw = await self.websocket.receive()
                if raw["type"] == "websocket.disconnect":
                    break
                if raw.get("bytes") is not None:
                    await self.inbox.put(raw["bytes"])
                    continue
                try:
                    message = json.loads(raw.get("text") or "")
                except ValueError:
                    message = {"type": "unreadable"}
                if not isinstance(message, dict):
                    message = {"type": "unreadable"}
                if message.get("type") == "stop":
                    self.stop.set()
                else:
                    await self.inbox.put(message)
        except RuntimeError:
            pass
        finally:
            await self.inbox.put(None)

    async def _error(self, detail: str) -> None:
        await self.websocket.send_json({"type": "error", "detail": detail})

    async def _handle(self, message: dict | bytes) -> None:
        if isinstance(message, bytes):
            if self.recording is None:
                return await self._error("send {\"type\": \"voice\", \"rate\": …} before audio.")
            self.recording += message
            if len(self.recording) > MAX_SPEECH_S * self.rate * 2:
                self.recording = None
                await self._error(f"speak for at most {MAX_SPEECH_S} seconds at a time.")
            return None
        kind = message.get("type")
        if kind == "turn":
            text = str(message.get("text", "")).strip()
            if not text or len(text) > MAX_TEXT:
                return await self._error(f"send 1 to {MAX_TEXT} characters.")
            return await self._turn(text=text, speak=bool(message.get("speak")))
        if kind == "voice":
            rate = message.get("rate")
            if not isinstance(rate, int) or not RATES[0] <= rate <= RATES[1]:
                return await self._error(f"say the sample rate: an integer from {RATES[0]} "
                                         f"to {RATES[1]}.")
            if not self.service.voice_ready:
                return await self._error("this server cannot hear: its voice packages are not "
                                         "installed (pip install -e '.[voice]').")
            self.recording, self.rate = bytearray(), rate
        elif kind == "voice_end" and self.recording is not None:
            pcm, self.recording = bytes(self.recording), None
            samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32)
            return await self._turn(audio=(samples / 32768, self.rate), speak=True)
        elif kind == "voice_cancel":
            self.recording = None
        elif kind == "unreadable":
            await self._error("send JSON messages: {\"type\": \"turn\", \"text\": …}.")
        return None

    async def _turn(self, text: str = "", audio: tuple[np.ndarray, int] | None = None,
                    speak: bool = False) -> None:
        """Run the turn on a worker thread (recognition, the model and the voice block),
        forwarding what it makes as it comes."""
        if not self.service.limits.allow(self.user, "turn"):
            return await self._error("that's a lot of messages at once; wait a minute.")
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        self.stop.clear()

        def post(kind: str, value=None) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

        worker = loop.run_in_executor(None, self._work, text, audio, speak, post)
        try:
            while True:
                kind, value = await queue.get()
                if kind == "end":
                    await self.websocket.send_json(_done(value))
                    break
                if kind == "audio":
                    sentence, samples, rate = value
                    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
                    await self.websocket.send_json({"type": "audio", "text": sentence,
                                                    "rate": rate, "samples": len(samples)})
                    await self.websocket.send_bytes(pcm)
                else:
                    key = "detail" if kind == "error" else "text"
                    await self.websocket.send_json({"type": kind, key: value})
        finally:
            self.stop.set()  # the socket may be gone: don't let the worker talk on
            await worker
        return None

    def _work(self, text: str, audio: tuple[np.ndarray, int] | None, speak: bool,
              post: Callable[..., None]) -> None:
        result = "unheard"
        try:
            if audio is not None:
                text = self._hear(*audio)
                post("heard", text)
                if not text:
                    return
            if speak:
                result = self._say(text, post)
            else:
                with contextlib.closing(self.companion.turn(text, self.session)) as turn:
                    for chunk in turn:
                        post("token", chunk)
                        if self.stop.is_set():
                            break
                result = self.companion.last
        except OS1Error as exc:
            result = "failed"
            post("error", str(exc))
        except Exception as exc:  # one broken turn must not end the conversation
            result = "failed"
            log.exception("live turn failed")
            post("error", f"that went wrong on my side ({type(exc).__name__}); try again.")
        finally:
            post("end", result)

    def _hear(self, samples: np.ndarray, rate: int) -> str:
        from os1.voice.audio import RATE, resample
        from os1.voice.words import normalize

        recognizer, _ = self.service.voice()
        if rate != RATE:
            samples = resample(samples, rate, RATE)
        heard = recognizer.transcribe(samples) if len(samples) >= RATE // 10 else ""
        return heard.strip() if normalize(heard) else ""

    def _say(self, text: str, post: Callable[..., None]):
        from os1.voice.speaker import Speaker, reply_aloud

        _, synthesizer = self.service.voice()
        speaker = Speaker(synthesizer,
                          lambda sentence, samples, _: post("audio", (sentence, samples,
                                                                      synthesizer.rate)),
                          lambda error: post("error", error), self.stop)
        try:
            return reply_aloud(self.companion, text, self.session, speaker,
                               on_text=lambda chunk: post("token", chunk))
        finally:
            speaker.close()


def _done(result) -> dict:
    if isinstance(result, str):  # nothing was heard, or the turn failed before it began
        return {"type": "done", "status": result}
    return {"type": "done", "status": result.status, "turn_id": result.reply_turn,
            "mood": result.affect.mood if result.affect else None,
            "overhead_ms": round(result.overhead_ms, 2), "ttft_ms": result.ttft_ms}
