"""Who is asking (a token or the sign-in cookie; nobody needs to sign in on a personal
machine), how often they may ask, how much they may send, and one log line per request that
holds no password, token or request text."""

from __future__ import annotations

import json
import logging
import time
import traceback

from fastapi import HTTPException, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from os1.redact import redact
from os1.server import accounts
from os1.server.gate import answer
from os1.server.service import Service
from os1.server.slots import Busy

COOKIE = "os1_session"
MAX_BODY = 64 * 1024  # bytes of JSON; audio has its own limit
MAX_AUDIO = 10 * 1024 * 1024
log = logging.getLogger("os1.server")


def token_of(headers, cookies) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return cookies.get(COOKIE)


def authenticate(service: Service, headers, cookies) -> int:
    """The user this request belongs to; 401 without a valid token in accounts mode."""
    if not service.accounts:
        return service.local_user()
    token = token_of(headers, cookies)
    if not token:
        raise HTTPException(401, "sign in first: send Authorization: Bearer <token>.")
    try:
        return accounts.user_for(service.store, token)
    except accounts.AuthError as exc:
        raise HTTPException(401, str(exc)) from None


def current_user(request: Request) -> int:
    """FastAPI dependency: the signed-in user, within their rate limit."""
    service: Service = request.app.state.service
    user = authenticate(service, request.headers, request.cookies)
    request.state.user = user
    if not service.limits.allow(user, "api"):
        raise HTTPException(429, "too many requests; wait a minute and try again.")
    return user


def websocket_user(websocket: WebSocket) -> int:
    service: Service = websocket.app.state.service
    return authenticate(service, websocket.headers, websocket.cookies)


def log_failure(what: str, exc: BaseException) -> None:
    """An unexpected failure, logged with its stack but without the values it carried: an
    exception's text can quote a request (pydantic quotes the input) or a URL with a password."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s: %s: %s\n%s", what, type(exc).__name__, redact(str(exc).splitlines()[0]
                                                                   if str(exc) else ""), stack)


async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A 422 that says which field and why, never echoing what was sent (it may be a
    password, or text no JSON response can hold)."""
    detail = [{"type": e.get("type", ""), "loc": [redact(str(part))[:100] for part in e["loc"]],
               "msg": e.get("msg", "")} for e in exc.errors()]
    return JSONResponse({"detail": detail}, status_code=422)


async def busy(request: Request, exc: Busy) -> JSONResponse:
    """Over a bound on work at once: this person's share (429) or everyone's (503)."""
    return JSONResponse({"detail": exc.detail}, status_code=exc.status,
                        headers={"Retry-After": "5" if exc.status == 429 else "60"})


class LimitsMiddleware:
    """Refuses bodies over the limit (413) before they are read into memory, turns any
    unexpected failure into a plain 500 (logged without the request's values), and logs one
    JSON line per request: method, route, status, time, user."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            try:
                return await self.app(scope, receive, send)
            except Exception as exc:  # the socket's own handler failed: log it safely
                log_failure(f"{scope['type']} {_route(scope)}", exc)
                return None
        limit = MAX_AUDIO if scope["path"].endswith("/audio") else MAX_BODY
        declared = dict(scope["headers"]).get(b"content-length")
        started, status = time.perf_counter(), [500]
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _too_large(send, limit)
        received = [0]

        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > limit:
                    raise BodyTooLarge
            return message

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                started_response[0] = True
            await send(message)

        started_response = [False]
        try:
            await self.app(scope, counted, sending)
        except BodyTooLarge:
            await _too_large(send, limit)
            status[0] = 413
        except Exception as exc:
            log_failure(f"{scope['method']} {_route(scope)}", exc)
            if not started_response[0]:
                await answer(send, 500, "that went wrong on OS1's side; try again.")
        finally:
            state = scope.get("state") or {}
            log.info(json.dumps({
                "method": scope["method"], "path": _route(scope), "status": status[0],
                "ms": round((time.perf_counter() - started) * 1000, 2), "user": state.get("user")}))


class BodyTooLarge(Exception):
    pass


def _route(scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or scope["path"]


async def _too_large(send, limit: int) -> None:
    await answer(send, 413, f"request body over {limit // 1024} KB; send less.")
