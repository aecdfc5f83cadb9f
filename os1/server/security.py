"""Who is asking (a token or the sign-in cookie; nobody needs to sign in on a personal
machine), how often they may ask, how much they may send, and one log line per request."""

from __future__ import annotations

import json
import logging
import time

from fastapi import HTTPException, Request, WebSocket

from os1.server import accounts
from os1.server.service import Service

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


class LimitsMiddleware:
    """Refuses bodies over the limit (413) before they are read into memory, and logs one JSON
    line per request: method, route, status, time, user."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
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
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except BodyTooLarge:
            await _too_large(send, limit)
            status[0] = 413
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
    body = json.dumps({"detail": f"request body over {limit // 1024} KB"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
