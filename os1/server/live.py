"""``/api/live``: a conversation over a WebSocket, typed or spoken, the reply streamed.

Client → server:
- ``{"type": "auth", "token": "…"}`` first, where the browser can't send headers;
- ``{"type": "turn", "text": "…", "speak": false}``: a typed turn (``speak``: say the reply too);
- ``{"type": "voice", "rate": 48000}``, then binary frames of 16-bit little-endian mono samples
  at that rate, then ``{"type": "voice_end"}``: a spoken turn (``voice_cancel`` drops it);
- ``{"type": "voice", "rate": 48000, "hands_free": true}``: listen without a button until
  ``voice_end``. The server finds the speech and decides when each turn is over (the
  end-of-turn model, as in ``os1 talk``; in a pause that may end it her reply is begun on the
  words so far, and kept if the turn ends there); speaking while she answers stops her;
- ``{"type": "stop", "played": n}``: cut the reply short, at any time. What was written is
  kept; with ``played`` (how many of the reply's sentences the client began to play), only
  what was said aloud is kept, marked interrupted. It also cancels turns sent before it;
- ``{"type": "played", "played": n}``: after a ``barge_in`` (the server has already stopped
  her), how many of her last reply's sentences the client began to play: only those are kept.

Server → client: ``hello`` (name, mood, whether it can hear and speak), ``listening`` and
``turn_end`` (hands-free: speech began, your turn is over), ``barge_in`` (hands-free: you
spoke over her; stop playing and send ``played``), ``heard`` (what the speech recognition
heard), ``token`` (text), ``audio`` (a sentence: text, rate, samples), followed at once by
a binary frame of its 16-bit samples, ``done`` (status, mood, ids, timings), ``reminder`` (a
reminder due now, or missed while nothing was open: the web app shows it and raises a browser
notification) and ``error`` (detail).

Stops, barge-in, what is kept of a cut reply and the guesses while the button is held are the
voice turn controller's (``os1.voice.controller``), the same one ``os1 talk`` drives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable

import numpy as np
from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect

from os1.errors import OS1Error
from os1.redact import redact
from os1.reminders import due as reminders_due
from os1.server import accounts
from os1.server.gate import lone_surrogate
from os1.server.security import log_failure, token_of, websocket_user
from os1.server.service import Service
from os1.server.slots import Busy
from os1.voice.audio import RATE
from os1.voice.controller import Controller, Hearing, Outlet, Reply
from os1.voice.listen import Listener

router = APIRouter()
MAX_TEXT = 8000
MAX_SPEECH_S = 60  # one spoken turn
RATES = (8000, 96000)
MAX_WAITING = 2  # turns sent while she is still answering


@router.websocket("/api/live")
async def live(websocket: WebSocket) -> None:
    """Host and Origin were checked before this (``gate``); here: how often an address may
    connect, who it is, and how many conversations they have open."""
    service: Service = websocket.app.state.service
    address = websocket.client.host if websocket.client else "?"
    if not service.limits.allow(address, "connect"):
        await websocket.close(code=1008)  # before accepting: the client sees a 403
        return
    await websocket.accept()
    try:
        user, token = await _who(websocket, service)
        if not service.limits.allow(user, "connect"):
            raise HTTPException(429, "that's a lot of connections at once; wait a minute.")
        release = service.sockets.take(user)
    except HTTPException as exc:
        return await _refuse(websocket, exc.detail, 4000 + exc.status_code)
    except Busy as exc:
        return await _refuse(websocket, exc.detail, 4000 + exc.status)
    try:
        await _converse(websocket, service, user, token)
    finally:
        release()


async def _refuse(websocket: WebSocket, detail: str, code: int) -> None:
    await websocket.send_json({"type": "error", "detail": detail})
    await websocket.close(code=code)


async def _converse(websocket: WebSocket, service: Service, user: int,
                    token: str | None) -> None:
    companion = service.companion(user)
    session = service.store.start_session(user, "web")
    mood = companion.affect()
    await websocket.send_json({"type": "hello", "companion": companion.name, "mood": mood.mood,
                               "voice": service.voice_ready})
    due = await asyncio.to_thread(reminders_due.say_due, companion, session)  # "While you were away: …"
    if due:
        await websocket.send_json({"type": "reminder", "text": due})
    opening = companion.check_in(session)
    if opening:
        await websocket.send_json({"type": "token", "text": opening})
        await websocket.send_json({"type": "done", "status": "complete", "mood": mood.mood})
    try:
        await Conversation(websocket, service, user, session, token).run()
    finally:
        service.store.end_session(user, session)


async def _who(websocket: WebSocket, service: Service) -> tuple[int, str | None]:
    """The user, and the token they signed in with (None on a personal server)."""
    try:
        return websocket_user(websocket), token_of(websocket.headers, websocket.cookies)
    except HTTPException:
        if not service.accounts:
            raise
    try:
        first = await asyncio.wait_for(websocket.receive_json(), timeout=10)
    except (ValueError, asyncio.TimeoutError, KeyError):
        first = None
    if not isinstance(first, dict) or first.get("type") != "auth" or not first.get("token") \
            or lone_surrogate(first):
        raise HTTPException(401, "sign in first: send {\"type\": \"auth\", \"token\": …}.")
    try:
        return accounts.user_for(service.store, str(first["token"])), str(first["token"])
    except accounts.AuthError as exc:
        raise HTTPException(401, str(exc)) from None


class Conversation:
    """One connection: the web's door to the voice turn controller. A reader task takes every
    message as it arrives: ``stop`` cuts a reply at once, audio is gathered as it streams in,
    and each whole turn (typed, or spoken and ended) waits in ``inbox`` for the one before it
    to finish."""

    def __init__(self, websocket: WebSocket, service: Service, user: int, session: int,
                 token: str | None = None):
        self.websocket, self.service, self.user, self.session = websocket, service, user, session
        self.token = token  # checked again before each turn: signing out ends the conversation
        self.companion = service.companion(user)
        self.controller = Controller(self.companion, session, None,
                                     anticipate=service.settings.voice.anticipate,
                                     speculate=service.settings.voice.speculate,
                                     memorise_after=True)  # "done" before the memories
        self.inbox: asyncio.Queue = asyncio.Queue()  # turns, at most MAX_WAITING of them
        self.recording: bytearray | None = None
        self.discarding = False  # over the length limit: swallow audio until voice_end
        self.rate = 0
        self.listener: Listener | None = None  # hands-free: the server decides turns
        self.early: Hearing | None = None  # hands-free: the words of this pause, being heard
        self.taking_audio: Callable[[], None] | None = None  # its place in ``listening``
        self.hearing_audio = False  # from "voice" to its end: recording or listening
        self.spoken = 0  # spoken turns waiting or running: their audio is held too

    async def run(self) -> None:
        reader = asyncio.ensure_future(self._read())
        watcher = asyncio.ensure_future(self._watch())
        try:
            while (message := await self.inbox.get()) is not None:
                await self._turn(**message)
        except (WebSocketDisconnect, RuntimeError):  # the socket went away mid-send
            pass
        finally:
            self.controller.stop()
            reader.cancel()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await watcher
            # what was begun in a pause or guessed ahead is stopped and over before the
            # conversation is: nothing of it runs on in the model
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.to_thread(self.controller.close)
            self.hearing_audio, self.spoken = False, 0
            self._audio_over()

    async def _watch(self) -> None:
        """A reminder at its minute, between replies (claimed in the store first, so one
        open tab or device says it, once), when the worker's look (``Service.bell``) found
        one for this user."""
        bell = self.service.bell
        rung = bell.join(self.user)
        try:
            while True:
                await rung.wait()
                rung.clear()
                if self.controller.busy or not self.inbox.empty():
                    continue  # the next look rings again while it is still due
                try:
                    text = await asyncio.to_thread(reminders_due.say_due, self.companion,
                                                   self.session)
                except Exception as exc:  # a busy database: the next look tries again
                    log_failure("reminders", exc)
                    continue
                if text:
                    await self.websocket.send_json({"type": "reminder", "text": text})
        finally:
            bell.leave(self.user, rung)

    async def _read(self) -> None:
        try:
            while True:
                raw = await self.websocket.receive()
                if raw["type"] == "websocket.disconnect":
                    break
                if raw.get("bytes") is not None:
                    await self._audio(raw["bytes"])
                    continue
                try:
                    message = json.loads(raw.get("text") or "")
                except ValueError:
                    message = None
                if not isinstance(message, dict):
                    await self._error("send JSON messages: {\"type\": \"turn\", \"text\": …}.")
                    continue
                if lone_surrogate(message):
                    await self._error("text must be valid Unicode: a lone surrogate (\\ud800 "
                                      "to \\udfff) is not a character.")
                    continue
                await self._message(message)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:  # nothing waiting matters any more: end the conversation
            self.controller.stop()
            self.inbox.put_nowait(None)

    async def _error(self, detail: str) -> None:
        await self.websocket.send_json({"type": "error", "detail": detail})

    async def _message(self, message: dict) -> None:
        kind = message.get("type")
        played = message.get("played")
        if not isinstance(played, int) or isinstance(played, bool) or played < 0:
            played = None
        if kind == "stop":
            self.controller.stop(played)
        elif kind == "played" and played is not None:
            self.controller.played(played)
        elif kind == "turn":
            text = str(message.get("text", "")).strip()
            if not text or len(text) > MAX_TEXT:
                return await self._error(f"send 1 to {MAX_TEXT} characters.")
            await self._queue(text=text, speak=bool(message.get("speak")))
        elif kind == "voice":
            rate = message.get("rate")
            if not isinstance(rate, int) or not RATES[0] <= rate <= RATES[1]:
                return await self._error(f"say the sample rate: an integer from {RATES[0]} "
                                         f"to {RATES[1]}.")
            if not self.service.voice_ready:
                return await self._error("this server cannot hear or speak: its voice packages "
                                         "are not installed (pip install -e '.[voice]').")
            if self.taking_audio is None:
                try:
                    self.taking_audio = self.service.listening.take(self.user)
                except Busy as exc:
                    return await self._error(exc.detail)
            self.hearing_audio = True
            self.recording, self.rate, self.discarding = bytearray(), rate, False
            self.controller.listening()
            self.listener = None
            if message.get("hands_free") is True:
                self.recording = None
                try:
                    self.listener = await asyncio.to_thread(self.service.listener, rate)
                except OS1Error as exc:
                    self._heard_all()
                    return await self._error(str(exc))
        elif kind == "voice_end" and self.listener is not None:
            self.listener = None  # hands-free ends; a turn it has begun is dropped
            self._heard_all()
        elif kind == "voice_end":
            self.controller.stop_guessing()
            if self.discarding:
                self.discarding = False
                await self.websocket.send_json({"type": "done", "status": "too long"})
            elif self.recording is not None:
                samples, self.recording = _samples(self.recording), None
                await self._queue(audio=(samples, self.rate), speak=True)
            self._heard_all()
        elif kind == "voice_cancel":
            self.controller.stop_guessing()
            self.recording, self.discarding, self.listener = None, False, None
            self._heard_all()
        return None

    def _heard_all(self) -> None:
        """No audio is being recorded or listened to any more."""
        self.hearing_audio = False
        self._audio_over()

    def _audio_over(self) -> None:
        """Its place in ``listening`` is given back once it holds no audio: none being
        recorded or listened to, no spoken turn waiting or running."""
        if not self.hearing_audio and not self.spoken:
            release, self.taking_audio = self.taking_audio, None
            if release is not None:
                release()

    def _guess(self) -> None:
        """While the button is held: the controller guesses at the words so far every second
        of speech, so a local model has little left to read when the turn comes."""
        recording, rate = self.recording, self.rate
        if recording is None:
            return
        self.controller.speaking_for(len(recording) / 2 / rate * 1000,
                                     lambda: _samples(recording),
                                     lambda samples: self._hear(samples, rate))

    async def _audio(self, frame: bytes) -> None:
        if self.listener is not None:
            return await self._listen(self.listener, frame)
        if self.discarding:
            return
        if self.recording is None:
            await self._error("send {\"type\": \"voice\", \"rate\": …} before audio.")
            return
        if len(self.recording) + len(frame) > MAX_SPEECH_S * self.rate * 2:
            self.recording, self.discarding = None, True
            self._heard_all()  # what follows until voice_end is dropped, not kept
            await self._error(f"speak for at most {MAX_SPEECH_S} seconds at a time.")
            return
        self.recording += frame
        self._guess()

    async def _listen(self, listener: Listener, frame: bytes) -> None:
        """Hands-free: the frame goes to the listener (off the event loop: the end-of-turn
        model takes tens of milliseconds); speech over her reply stops it (or, when it is
        written, tells the browser to stop playing it), and a finished turn is queued as if
        the button had been let go."""
        for kind, audio in await asyncio.to_thread(listener.push, _samples(frame)):
            if kind == "start":
                await self.websocket.send_json({"type": "listening"})
                if self.service.settings.voice.barge_in and self.controller.barge_in():
                    await self.websocket.send_json({"type": "barge_in"})
            elif kind == "pause" and audio is not None:
                self._pause(audio)
            elif kind == "resume":
                self.early = None
                self.controller.spoke_on()
            elif kind == "end" and audio is not None:
                early, self.early = self.early, None
                await self.websocket.send_json({"type": "turn_end"})
                await self._queue(audio=(audio, RATE), speak=True, early=early)
            elif kind == "drop":
                self.early = None
                self.controller.spoke_on()

    def _pause(self, audio: np.ndarray) -> None:
        """Hands-free, a pause that may end the turn: its words are heard meanwhile and, if
        it still goes on, her reply begun on them (as ``os1 talk`` does)."""
        if not self.service.voice_ready:
            return

        kept: list[Hearing] = []  # the hearing may end before it is kept

        def heard() -> None:
            if kept and self.early is kept[0] and self.listener is not None:
                self.controller.speculate(kept[0].text)

        hearing = Hearing(lambda samples: self._hear(samples, RATE), audio, RATE, heard)
        self.early = hearing
        kept.append(hearing)
        if hearing.done.is_set():
            heard()  # heard before it was kept: say it now

    async def _queue(self, **turn) -> None:
        if self.inbox.qsize() >= MAX_WAITING:
            await self._error("wait for my answer before sending more.")
            return
        self.spoken += turn.get("audio") is not None
        self.inbox.put_nowait({**turn, "reply": self.controller.begin()})

    async def _still_signed_in(self) -> bool:
        """Whether the session this socket was opened with still holds (not signed out
        everywhere, expired or erased); if not, say so and close the conversation."""
        if not self.service.accounts or self.token is None:
            return True
        try:
            if accounts.user_for(self.service.store, self.token) == self.user:
                return True
            detail = "sign in again: that session has ended."
        except accounts.AuthError as exc:
            detail = str(exc)
        await _refuse(self.websocket, detail, 4401)
        self.inbox.put_nowait(None)  # and read no further turns
        return False

    async def _turn(self, reply: Reply, text: str = "",
                    audio: tuple[np.ndarray, int] | None = None, speak: bool = False,
                    early: Hearing | None = None) -> None:
        """Run the turn on a worker thread (recognition, the model and the voice block),
        forwarding what it makes as it comes."""
        held = audio is not None  # its audio's share of ``listening``, until the reply ends

        def free() -> None:
            nonlocal held
            if held:
                held = False
                self.spoken -= 1
                self._audio_over()

        slot: Callable[[], None] | None = None
        try:
            try:
                # a share of the turns running at once, waited for in line when all are
                # taken; too busy is said before asking the store anything
                slot = await self.service.turns.wait(self.user)
            except Busy as exc:
                return await self._error(exc.detail)
            if not await self._still_signed_in():
                return
            if not self.service.limits.allow(self.user, "turn"):
                return await self._error("that's a lot of messages at once; wait a minute.")
            if reply.cancel.is_set():  # stopped before it began
                return await self.websocket.send_json({"type": "done", "status": "stopped"})
            handed, slot = slot, None  # the turn's now: given back when its work ends
            await self._run(reply, text, audio, speak, early, free, handed)
        finally:
            if slot is not None:  # it never began
                slot()
            self.controller.over(reply)
            free()

    async def _run(self, reply: Reply, text: str, audio: tuple[np.ndarray, int] | None,
                   speak: bool, early: Hearing | None = None,
                   free: Callable[[], None] = lambda: None,
                   slot: Callable[[], None] | None = None) -> None:
        """The turn on a worker thread; ``free`` gives back its audio's place once the reply
        has ended, before "done" (the turn's memories, made after, hold no audio)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        def post(kind: str, value=None) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

        try:
            worker = self.service.start_turn(self.user, self._work, reply, text, audio, speak,
                                             post, early, slot=slot)
        except Busy as exc:
            return await self._error(exc.detail)
        ended = False
        try:
            while True:
                kind, value = await queue.get()
                if kind == "end":
                    free()
                    await self.websocket.send_json(_done(reply))
                    ended = True
                    break
                if kind == "audio":
                    if reply.cancel.is_set():
                        continue  # said after the client stopped her: never heard
                    sentence, samples, rate = value
                    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
                    await self.websocket.send_json({"type": "audio", "text": sentence,
                                                    "rate": rate, "samples": len(samples)})
                    await self.websocket.send_bytes(pcm)
                else:
                    key = "detail" if kind == "error" else "text"
                    await self.websocket.send_json({"type": kind, key: value})
        finally:
            if not ended:
                reply.cancel.set()  # the socket is gone: don't let the worker talk on
            await worker
        return None

    def _work(self, reply: Reply, text: str, audio: tuple[np.ndarray, int] | None, speak: bool,
              post: Callable[..., None], early: Hearing | None = None) -> None:
        try:
            hearing = early  # the words of the pause that ended the turn, heard already
            if audio is not None or speak:
                recognizer, synthesizer = self.service.voice()
                self.controller.synthesizer = synthesizer
            if audio is not None and hearing is None:
                samples, rate = audio
                hearing = Hearing(lambda heard: self._hear(heard, rate), samples, rate)
            rate = self.controller.synthesizer.rate if self.controller.synthesizer else RATE

            def tell(kind: str, said: str, data: dict) -> None:
                if kind in ("heard", "ignored"):
                    post("heard", said)
                elif kind == "token":
                    post("token", said)
                elif kind == "error":
                    post("error", _failure(data.get("exception"), said))

            outlet = Outlet(tell, lambda piece, samples: post("audio", (piece, samples, rate)))
            self.controller.work(reply, outlet, text, hearing, speak)
        except OS1Error as exc:  # the voice could not be loaded
            reply.status = "failed"
            post("error", redact(exc))
        finally:
            post("end")
            # The client is told the reply is done; now its memories, on this thread, before
            # the turn's slot is given back (and before this conversation's next turn begins:
            # ``_run`` awaits this work). Any other turn of theirs settles first (``settle``).
            self.companion.settle()

    def _hear(self, samples: np.ndarray, rate: int) -> str:
        from os1.voice.audio import resample
        from os1.voice.words import normalize

        recognizer, _ = self.service.voice()
        if rate != RATE:
            samples = resample(samples, rate, RATE)
        heard = recognizer.transcribe(samples) if len(samples) >= RATE // 10 else ""
        return heard.strip() if normalize(heard) else ""


def _failure(exc: BaseException | None, said: str) -> str:
    """What the client is told of a failure: OS1's own errors as they are (redacted), anything
    else as a slip on the server's side, logged."""
    if exc is None or isinstance(exc, OS1Error):
        return redact(exc if exc is not None else said)
    log_failure("live turn", exc)
    return f"that went wrong on my side ({type(exc).__name__}); try again."


def _samples(pcm: bytes | bytearray) -> np.ndarray:
    """16-bit little-endian samples as floats in [-1, 1)."""
    return np.frombuffer(bytes(pcm[: len(pcm) // 2 * 2]), dtype="<i2").astype(np.float32) / 32768


def _done(reply: Reply) -> dict:
    result = reply.result
    if result is None or reply.status in ("failed", "unheard", "ignored", "stopped"):
        return {"type": "done", "status": reply.status}  # it failed before it began
    return {"type": "done", "status": reply.status, "turn_id": result.reply_turn,
            "mood": result.affect.mood if result.affect else None,
            "overhead_ms": round(result.overhead_ms, 2), "ttft_ms": result.ttft_ms,
            **({"speculation": reply.speculation} if reply.speculation else {})}
