"""``os1 bench load``: many people talking at once. Real ``os1 serve --accounts`` workers run
as child processes with the fake model (so the server is measured, not a model); N WebSocket
sessions connect, hold on, and each sends a few turns. Reported: sessions held, turns/s, the
server's own per-turn overhead (p50/p95), errors, server memory per session, the servers'
CPU per turn, and how busy the machine's cores were while they talked.

With several workers, each is its own ``os1 serve`` on its own port over one store (as behind
a proxy that spreads people over them), and the sessions are dealt out in turn. ``compare``
runs the SQLite baseline and PostgreSQL with 1, 2, 4… workers in one go, each on a fresh
database, with the load average beside each (other work on the cores slows it)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path

from os1.bench.stats import summary
from os1.cores import share
from os1.server.fds import raise_open_files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(l for l in status if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _cpu_s(pid: int) -> float:
    """CPU seconds the process has used (user and system), from ``/proc``."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def provision(home: Path, users: int, url: str | None = None) -> list[str]:
    """Accounts made straight in the store (signing up 8,000 people through scrypt would
    measure the KDF, not the conversation); returns one token per user."""
    from os1.memory.store import Store, open_store
    from os1.server import accounts

    store = open_store(url) if url else Store(home / "os1.db")
    made = store.add_accounts([(f"load{i}@example.com", "!") for i in range(users)])
    tokens = [accounts.issue_token(store, user) for user in made if user is not None]
    store.close()
    return tokens


BUSY_RETRIES = 20  # a turn refused as too busy is sent again, as a person would, this often
# after 2-4 s: sooner, the resending itself would trip the limit of 30 turns a minute


async def _session(url: str, token: str, turns: int, ready: asyncio.Event,
                   results: dict, rng: random.Random) -> None:
    import websockets

    held = False
    try:
        async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                                      open_timeout=120, ping_interval=None,
                                      max_size=2**20) as ws:
            hello = json.loads(await ws.recv())
            if hello.get("type") != "hello":
                raise RuntimeError(hello)
            results["held"] += 1
            held = True
            await ready.wait()  # everyone is connected before anyone talks
            await asyncio.sleep(rng.random() * results["spread_s"])
            for i in range(turns):
                started = time.perf_counter()
                for _ in range(BUSY_RETRIES):
                    await ws.send(json.dumps({"type": "turn", "text": f"Hello, this is turn {i}."}))
                    message = await _answer(ws)
                    if message["type"] == "done":
                        break
                    if "try again" not in message["detail"]:
                        raise RuntimeError(message["detail"])
                    results["refused"] += 1  # the server's bound on turns at once: wait, resend
                    await asyncio.sleep(2 + 2 * rng.random())
                else:
                    raise RuntimeError(message["detail"])
                results["overhead"].append(message["overhead_ms"])
                results["client"].append((time.perf_counter() - started) * 1000)
                results["turns"] += 1
            results["finished"] += 1
            held = False
            await ready.wait()  # the connection stays open until everyone has finished
    except Exception as exc:  # counted, not raised: the run goes on and reports it
        results["errors"] += 1
        results["why"].setdefault(type(exc).__name__, str(exc)[:200])
        results["finished"] += held


async def _answer(ws) -> dict:
    """The turn's last message: ``done``, or ``error``."""
    while True:
        message = json.loads(await ws.recv())
        if message["type"] in ("done", "error"):
            return message


async def _drive(urls: list[str], tokens: list[str], turns: int, spread_s: float,
                 progress: Callable[[str], None] | None, pids: list[int]) -> dict:
    rng = random.Random(7)
    results: dict[str, Any] = {"held": 0, "turns": 0, "errors": 0, "overhead": [], "client": [],
                               "why": {}, "spread_s": spread_s, "finished": 0, "refused": 0}
    ready = asyncio.Event()
    before = sum(_rss_mb(pid) for pid in pids)
    tasks = []
    for i, token in enumerate(tokens):  # dealt out over the workers, as a proxy would
        tasks.append(asyncio.create_task(_session(urls[i % len(urls)], token, turns, ready,
                                                  results, rng)))
        if i % 200 == 199:
            await asyncio.sleep(0.05)  # connect in waves, as people arrive
            if progress and i % 1000 == 999:
                progress(f"{i + 1:,} sessions connecting, {results['held']:,} held")
    deadline = time.monotonic() + 300
    while results["held"] + results["errors"] < len(tokens) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    held = results["held"]
    rss = sum(_rss_mb(pid) for pid in pids)
    if progress:
        progress(f"{held:,} sessions held; server {rss:.0f} MB; talking…")
    from os1.cores import sample

    started, machine = time.perf_counter(), sample()
    cpu = sum(_cpu_s(pid) for pid in pids)
    ready.set()
    ready.clear()
    await asyncio.sleep(0)
    while results["finished"] < held and time.perf_counter() - started < 600:
        await asyncio.sleep(0.2)
    elapsed = time.perf_counter() - started
    cpu = sum(_cpu_s(pid) for pid in pids) - cpu
    after = sample()
    # how busy the machine's cores were meanwhile, everyone's processes together (this run's
    # servers, its client and PostgreSQL, and whatever else runs): a run is only as fast as
    # what others leave it
    busy = (after.busy - machine.busy) / elapsed if machine and after and elapsed else None
    ready.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "sessions": held, "turns": results["turns"],
        "turns_per_s": round(results["turns"] / elapsed, 1) if elapsed else 0.0,
        "overhead_ms": summary(results["overhead"]), "client_turn_ms": summary(results["client"]),
        "errors": results["errors"], "error_kinds": results["why"],
        "refused_then_sent_again": results["refused"],
        "rss_mb": round((rss - before) / max(held, 1), 3), "server_rss_mb": round(rss, 1),
        # the servers' own CPU for each turn answered: what the turns cost, whatever else ran
        "server_cpu_ms_per_turn": round(cpu * 1000 / max(results["turns"], 1), 2),
        "machine_busy_cores": round(busy, 2) if busy is not None else None,
    }


def run(users: int, turns: int = 2, spread_s: float = 10.0,
        progress: Callable[[str], None] | None = None, workers: int = 1,
        url: str | None = None, emotion: str | None = None) -> dict:
    """One configuration: ``workers`` servers over the store at ``url`` (None: a SQLite file
    in a temp dir), ``users`` sessions dealt out over them."""
    raise_open_files(users)  # the client's own sockets; each server raises its own
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        # every simulated person connects from 127.0.0.1: the per-address limit on new live
        # conversations, meant for one browser, would refuse all but the first 20 a minute;
        # N servers on one machine each take their share of its cores, as behind a proxy
        settings = ('model = "fake"\n' + (f'emotion = "{emotion}"\n' if emotion else "")
                    + '[memory]\nembedder = "hashing"\n'
                    + f'[server]\nconnects_per_minute = {max(20, 2 * users)}\n'
                    + f'threads = {share(workers)}\n'
                    + (f'[store]\nurl = "{url}"\n' if url else ""))
        (home / "config.toml").write_text(settings)
        tokens = provision(home, users, url)
        ports = [_free_port() for _ in range(workers)]
        env = {**os.environ, "OS1_HOME": str(home)}
        env.pop("OS1_STORE_URL", None)  # the config above says which store
        # what a server says goes to a file: a pipe nobody reads during the run fills, and
        # the server then stops at its next word
        logs = [home / f"server-{port}.log" for port in ports]
        servers = [subprocess.Popen(
            [sys.executable, "-m", "os1", "serve", "--accounts", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
            for port, log in zip(ports, logs)]
        try:
            for port, server, log in zip(ports, servers, logs):
                _wait_ready(port, server, log)
            load = os.getloadavg()[0]
            result = asyncio.run(_drive([f"ws://127.0.0.1:{port}/api/live" for port in ports],
                                        tokens, turns, spread_s, progress,
                                        [s.pid for s in servers]))
            return {"store": "postgresql" if url else "sqlite", "workers": workers,
                    "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
                    **result}
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()


def compare(users: int, turns: int, spread_s: float, workers: list[int], store: str,
            progress: Callable[[str], None] | None = None, emotion: str | None = None,
            sqlite: bool = True) -> dict:
    """The SQLite baseline (one worker) and then PostgreSQL with each number of ``workers``,
    in one run, each on a fresh database. ``store``: ``temp`` (a throwaway PostgreSQL on
    loopback) or the URL of a server where its role may create databases (each made here
    is dropped after)."""
    databases = Databases(store)
    runs = []
    try:
        if sqlite:
            if progress:
                progress("SQLite, 1 worker")
            runs.append(run(users, turns, spread_s, progress, 1, None, emotion))
        for n in workers:
            if progress:
                progress(f"PostgreSQL, {n} worker{'s' * (n > 1)}")
            name = f"os1_load_{os.getpid()}_{n}"
            try:
                runs.append(run(users, turns, spread_s, progress, n, databases.create(name),
                                emotion))
            finally:
                databases.drop(name)
    finally:
        databases.close()
    return {"users": users, "turns_each": turns, "emotion": emotion or "model", "runs": runs,
            "cores": os.cpu_count()}


class Databases:
    """Fresh databases for the runs, on a throwaway PostgreSQL (``temp``) or the server a
    URL names."""

    def __init__(self, store: str):
        self.server = None
        self.base = store
        if store == "temp":
            from os1.memory.pg_server import PgServer

            self.server = PgServer().start()
            self.base = self.server.url("postgres")
        elif not store.startswith(("postgresql://", "postgres://")):
            from os1.errors import OS1Error

            raise OS1Error(f"--store {store!r}: give temp or a postgresql:// URL.")

    def create(self, name: str) -> str:
        from os1.memory.pg_server import create_database

        return create_database(self.base, name)

    def drop(self, name: str) -> None:
        from os1.memory.pg_server import drop_database

        drop_database(self.base, name)

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def _wait_ready(port: int, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not become ready")
