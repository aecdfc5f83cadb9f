"""``os1 serve``: the web app and the API. On your own machine it needs no sign-in and listens
on 127.0.0.1 only; with ``--accounts`` many people sign up, each one's life sealed off."""

from __future__ import annotations

import logging

import click

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8421, show_default=True, type=int)
@click.option("--accounts", is_flag=True,
              help="Many people: sign-up and sign-in, each with their own companion.")
@click.option("--model", "model_name", default=None, help="Model to serve (default: configured).")
def serve(host: str, port: int, accounts: bool, model_name: str | None) -> None:
    """Serve the web app and the API (REST, WebSocket, OpenAI-compatible)."""
    try:
        import uvicorn

        from os1.server.app import create_app
        from os1.server.service import Service
    except ImportError:
        raise OS1Error("the server needs its packages: run `pip install -e '.[server]'` "
                       "(or `make chat`, which installs them).") from None
    if not accounts and host not in LOOPBACK:
        raise OS1Error(f"without --accounts anyone who reaches {host} would be you; listen on "
                       "127.0.0.1, or add --accounts so people sign in.")
    rt = Runtime.open()
    model = rt.model(model_name)
    service = Service(rt.settings, rt.store, model, rt.memories(), accounts=accounts)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    mode = "accounts: people sign up and sign in" if accounts else "just you, no sign-in"
    ui.err.print(f"OS1 on http://{host}:{port} ({mode}); Ctrl-C stops it.")
    uvicorn.run(create_app(service), host=host, port=port, log_level="warning",
                ws_max_size=64 * 1024)
