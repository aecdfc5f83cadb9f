"""``os1 serve``: the web app and the API. On your own machine it needs no sign-in and listens
on 127.0.0.1 only; with ``--accounts`` many people sign up, each one's life sealed off.

It answers only to the host names it was started for (a DNS-rebinding page names its own),
and believes X-Forwarded-For only from the proxies it is told to trust."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time
import traceback
from urllib.parse import urlsplit

import click

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.jobs.runner import background
from os1.models.base import in_process
from os1.server.gate import LOOPBACK  # the standard library only: no server packages needed

WILDCARD = ("0.0.0.0", "::", "")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8421, show_default=True, type=int)
@click.option("--accounts", is_flag=True,
              help="Many people: sign-up and sign-in, each with their own companion.")
@click.option("--model", "model_name", default=None, help="Model to serve (default: configured).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A host name people reach it by, such as os1.example.com (repeatable; "
                   "config: server.allow_hosts). Loopback names are always allowed.")
@click.option("--public-url", default=None, metavar="URL",
              help="The address people use behind a proxy, such as https://os1.example.com "
                   "(config: server.public_url).")
@click.option("--trust-proxy", "proxies", multiple=True, metavar="ADDR",
              help="A reverse proxy's address whose X-Forwarded-For/-Proto are believed "
                   "(repeatable; config: server.trust_proxy). Without it they are ignored.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes serving the one port, each with its own store connection, model "
                   "and job runner (any of them serves anyone: all state is in the store). "
                   "One that dies is started again.")
def serve(host: str, port: int, accounts: bool, model_name: str | None,
          allow_hosts: tuple[str, ...], public_url: str | None,
          proxies: tuple[str, ...], workers: int) -> None:
    """Serve the web app and the API (REST, WebSocket, OpenAI-compatible)."""
    try:
        from os1.server import app, service  # noqa: F401 - the server's packages are installed
        from os1.server.gate import Reach
    except ImportError:
        raise OS1Error("the server needs its packages: run `pip install -e '.[server]'` "
                       "(or `make chat`, which installs them).") from None
    if not accounts and host not in LOOPBACK:
        raise OS1Error(f"without --accounts anyone who reaches {host} would be you; listen on "
                       "127.0.0.1, or add --accounts so people sign in.")
    rt = Runtime.open()
    conf = rt.settings.server
    public_url = public_url or conf.public_url
    if public_url and urlsplit(public_url).scheme not in ("http", "https"):
        raise OS1Error(f"--public-url {public_url!r} is not an http(s) address; give one "
                       "such as https://os1.example.com.")
    names = [*conf.allow_hosts, *allow_hosts]
    if host in WILDCARD and not names and not public_url:
        names = machine_names()
        ui.err.print(f"OS1 answers to {', '.join(names)} (this machine's names); add "
                     "--allow-host NAME for the name people reach it by.")
    elif host not in WILDCARD:
        names.append(host)
    reach = Reach.of(names, public_url, [*conf.trust_proxy, *proxies])
    if public_url and not reach.proxies:
        ui.err.print("Behind a proxy, add --trust-proxy ADDR (the proxy's address): without it "
                     "every visitor shares the proxy's address and its sign-in limit.")
    if workers == 1:
        _serve(rt, host, port, accounts, model_name, reach, workers=1)
        return
    rt.store.close()  # each worker opens its own connection
    listening = _listen(host, port)
    mode = "accounts: people sign up and sign in" if accounts else "just you, no sign-in"
    shown = f"[{host}]" if ":" in host else host
    ui.err.print(f"OS1 on http://{shown}:{port} ({mode}), {workers} workers; Ctrl-C stops it.")
    sys.exit(supervise(workers, lambda: _serve(Runtime.open(), host, port, accounts,
                                                model_name, reach, listening, quiet=True,
                                                workers=workers)))


def _serve(rt: Runtime, host: str, port: int, accounts: bool, model_name: str | None,
           reach, listening: socket.socket | None = None, quiet: bool = False,
           workers: int = 1) -> None:
    """One server process (one of ``workers``): its own store connection, model, job runner
    and recovery, and its share of the cores."""
    from os1.cores import CORES, share
    from os1.server.app import create_server
    from os1.server.service import Service

    from os1.server.fds import raise_open_files

    CORES.keep_to(rt.settings.server.threads or share(workers))  # before any model loads
    _, short = raise_open_files(rt.settings.server.live_conversations)
    if short:
        ui.err.print(short)
    model = rt.model(model_name)
    service = Service(rt.settings, rt.store, model, rt.memories(), accounts=accounts,
                      reach=reach)
    if accounts:
        from os1.server.accounts import purge_expired

        purge_expired(rt.store)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not quiet:
        mode = "accounts: people sign up and sign in" if accounts else "just you, no sign-in"
        shown = f"[{host}]" if ":" in host else host
        ui.err.print(f"OS1 on http://{shown}:{port} ({mode}); Ctrl-C stops it.")
    runner = background(rt.settings, rt.store, service.memories, lambda: service.model)
    service.watch()  # another worker on the same store may die mid-reply
    if in_process(model):
        service.jobs = runner  # one model for turns and jobs: people's turns go first
    try:
        server = create_server(service, host, port)
        if listening is None:
            server.run()
        else:
            server.run(sockets=[listening])
    finally:
        runner.close()  # a reflection under way is put back, to run at the next start
        service.close()
        rt.store.close()  # a clean stop leaves nothing half-written beside the database


def _listen(host: str, port: int) -> socket.socket:
    """The one listening socket every worker accepts on (the kernel hands each connection
    to one of them)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise OS1Error(f"cannot listen on {host}:{port}: {exc.strerror}.") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def supervise(workers: int, serve_one, restart_s: float = 1.0) -> int:
    """Fork ``workers`` processes that each run ``serve_one()`` (forked before any thread or
    connection exists, so each makes its own); one that dies unasked is started again.
    SIGINT or SIGTERM stops them all (each finishes its turns and puts its job back)."""
    children: dict[int, int] = {}
    stopping = False

    def start(slot: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker: serve, then leave without running the parent's exit code
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            code = 0
            try:
                serve_one()
            except BaseException as exc:  # a worker's end is reported, not raised
                if not isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    traceback.print_exc()
                    code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        children[pid] = slot

    def stop(signum: int, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for slot in range(workers):
        start(slot)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid not in children or stopping:
            children.pop(pid, None)
            continue
        slot = children.pop(pid)
        ui.err.print(f"worker {pid} ended ({_how(status)}); starting another.")
        time.sleep(restart_s)
        if not stopping:
            start(slot)
    return 0


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def machine_names() -> list[str]:
    """The names and addresses this machine goes by: what a wildcard server answers to when
    no name is given."""
    names = {socket.gethostname(), socket.getfqdn()}
    with contextlib.suppress(OSError):
        names |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: it picks the outward address
        names.add(probe.getsockname()[0])
    return sorted(n for n in names if n and n not in LOOPBACK) + list(LOOPBACK)
