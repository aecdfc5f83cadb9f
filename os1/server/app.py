"""The OS1 server: REST, a WebSocket for live turns, an OpenAI-compatible endpoint, health,
and the web app, all from one process. ``create_app`` takes a ready ``Service``; ``os1 serve``
builds one from the config."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib.resources import files

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from os1 import __version__
from os1.mind import persona
from os1.redact import redact
from os1.server import api, live, openai_api
from os1.server.gate import GateMiddleware
from os1.server.security import LimitsMiddleware, busy, current_user, validation_failed
from os1.server.service import Service
from os1.server.slots import Busy

if TYPE_CHECKING:
    import uvicorn

WEB = files("os1.server").joinpath("web")


def create_app(service: Service) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # On a clean stop the log is folded in: nothing deleted waits there. The store itself
        # is closed by whoever opened it (``os1 serve`` when it returns).
        service.store.checkpoint()

    app = FastAPI(title="OS1", version=__version__, lifespan=lifespan,
                  description="Your companion as a service: each person's life sealed off "
                              "from everyone else's.")
    app.state.service = service
    app.add_middleware(GateMiddleware, reach=service.reach)  # Host, Origin, valid text
    app.add_middleware(LimitsMiddleware)  # outermost: sizes, failures, the log line
    # (Starlette types a handler as taking any Exception; each is registered for its own class)
    app.add_exception_handler(RequestValidationError, validation_failed)  # type: ignore[arg-type]
    app.add_exception_handler(Busy, busy)  # type: ignore[arg-type]  # too much at once: 429 or 503, saying why
    app.include_router(api.router)
    app.include_router(live.router)
    app.include_router(openai_api.router)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict:  # on the event loop: it answers while every thread is busy
        return {"ok": True}

    @app.get("/readyz", tags=["health"])
    def readyz() -> JSONResponse:
        try:
            service.store.ping()
        except Exception as exc:  # the store is gone: not ready, and say why
            return JSONResponse({"ready": False, "detail": redact(exc)}, status_code=503)
        return JSONResponse({"ready": True, "accounts": service.accounts,
                             "model": getattr(service.model, "model_id", "unknown")})

    @app.get("/api/self/plot.svg", tags=["self"])
    def self_plot(request: Request) -> Response:
        from datetime import datetime

        from os1.plot import line_chart

        user = current_user(request)
        points = [(datetime.fromisoformat(at), traits)
                  for at, traits in persona.timeline(service.store, user)]
        if len(points) < 2:
            now = service.store.clock()
            points = [(now, dict(persona.current(service.store, user).traits))] * 2
        return Response(line_chart(points, "How my traits have drifted"),
                        media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=str(WEB)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(WEB.joinpath("index.html")))

    return app


def create_server(service: Service, host: str, port: int) -> uvicorn.Server:
    """The app on a uvicorn server as ``os1 serve`` runs it: forwarded headers (the client's
    address, https) believed only from the proxies ``service.reach`` names, no access log
    (it would hold query strings), WebSocket messages of 64 KB at most. uvicorn runs it on
    uvloop with httptools' parser where they are installed (the server extra), on asyncio's
    own loop and h11 otherwise."""
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, except that Ctrl-C (or SIGTERM) is a clean stop: after its
        graceful shutdown uvicorn raises the caught signal again, which reaches the asyncio
        runner as a KeyboardInterrupt with the app's lifespan still waiting (a traceback and
        exit status 1 for a stop the user asked for)."""

        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                yield
                getattr(self, "_captured_signals", []).clear()

    proxies = service.reach.proxies
    return Server(uvicorn.Config(
        create_app(service), host=host, port=port, log_level="warning", access_log=False,
        proxy_headers=bool(proxies), forwarded_allow_ips=list(proxies) or None,
        ws_max_size=64 * 1024, server_header=False))
