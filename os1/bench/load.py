"""``os1 bench load``: many people talking at once. A real ``os1 serve --accounts`` runs in a
child process with the fake model (so the server is measured, not a model); N WebSocket
sessions connect, hold on, and each sends a few turns. Reported: sessions held, turns/s, the
server's own per-turn overhead (p50/p95), errors, and server memory per session."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path

from os1.bench.stats import summary


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(l for l in status if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def provision(home: Path, users: int) -> list[str]:
    """Accounts made straight in the store (signing up 8,000 people through scrypt would
    measure the KDF, not the conversation); returns one token per user."""
    from os1.memory.store import Store
    from os1.server import accounts

    store = Store(home / "os1.db")
    made = store.add_accounts([(f"load{i}@example.com", "!") for i in range(users)])
    tokens = [accounts.issue_token(store, user) for user in made if user is not None]
    store.close()
    return tokens


async def _session(url: str, token: str, turns: int, ready: asyncio.Event,
                   results: dict, rng: random.Random) -> None:
    import websockets

    try:
        async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                                      open_timeout=120, ping_interval=None,
                                      max_size=2**20) as ws:
            hello = json.loads(await ws.recv())
            if hello.get("type") != "hello":
                raise RuntimeError(hello)
            results["held"] += 1
            await ready.wait()  # everyone is connected before anyone talks
            await asyncio.sleep(rng.random() * results["spread_s"])
            for i in range(turns):
                started = time.perf_counter()
                await ws.send(json.dumps({"type": "turn", "text": f"Hello, this is turn {i}."}))
                while True:
                    message = json.loads(await ws.recv())
                    if message["type"] == "done":
                        break
                    if message["type"] == "error":
                        raise RuntimeError(message["detail"])
                results["overhead"].append(message["overhead_ms"])
                results["client"].append((time.perf_counter() - started) * 1000)
                results["turns"] += 1
            await ready.wait()
    except Exception as exc:  # counted, not raised: the run goes on and reports it
        results["errors"] += 1
        results["why"].setdefault(type(exc).__name__, str(exc)[:200])


async def _drive(url: str, tokens: list[str], turns: int, spread_s: float,
                 progress: Callable[[str], None] | None, pid: int) -> dict:
    rng = random.Random(7)
    results: dict[str, Any] = {"held": 0, "turns": 0, "errors": 0, "overhead": [], "client": [],
                               "why": {}, "spread_s": spread_s}
    ready = asyncio.Event()
    before = _rss_mb(pid)
    tasks = []
    for i, token in enumerate(tokens):
        tasks.append(asyncio.create_task(_session(url, token, turns, ready, results, rng)))
        if i % 200 == 199:
            await asyncio.sleep(0.05)  # connect in waves, as people arrive
            if progress and i % 1000 == 999:
                progress(f"{i + 1:,} sessions connecting, {results['held']:,} held")
    deadline = time.monotonic() + 300
    while results["held"] + results["errors"] < len(tokens) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    held = results["held"]
    rss = _rss_mb(pid)
    if progress:
        progress(f"{held:,} sessions held; server {rss:.0f} MB; talking…")
    started = time.perf_counter()
    ready.set()
    ready.clear()
    await asyncio.sleep(0)
    while results["turns"] + results["errors"] < held * turns and time.perf_counter() - started < 600:
        await asyncio.sleep(0.2)
    elapsed = time.perf_counter() - started
    ready.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "sessions": held, "turns": results["turns"],
        "turns_per_s": round(results["turns"] / elapsed, 1) if elapsed else 0.0,
        "overhead_ms": summary(results["overhead"]), "client_turn_ms": summary(results["client"]),
        "errors": results["errors"], "error_kinds": results["why"],
        "rss_mb": round((rss - before) / max(held, 1), 3), "server_rss_mb": round(rss, 1),
    }


def run(users: int, turns: int = 2, spread_s: float = 10.0,
        progress: Callable[[str], None] | None = None) -> dict:
    _raise_fd_limit()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        # every simulated person connects from 127.0.0.1: the per-address limit on new live
        # conversations, meant for one browser, would refuse all but the first 20 a minute
        (home / "config.toml").write_text('model = "fake"\n[memory]\nembedder = "hashing"\n'
                                          f'[server]\nconnects_per_minute = {max(20, 2 * users)}\n')
        tokens = provision(home, users)
        port = _free_port()
        env = {**os.environ, "OS1_HOME": str(home)}
        server = subprocess.Popen(
            [sys.executable, "-c", "import resource; h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]; "
             "resource.setrlimit(resource.RLIMIT_NOFILE, (h, h)); "
             "from os1.cli import main; main()", "serve", "--accounts", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_ready(port, server)
            return asyncio.run(_drive(f"ws://127.0.0.1:{port}/api/live", tokens, turns, spread_s,
                                      progress, server.pid))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = server.stderr.read()[-500:] if server.stderr else ""
            raise RuntimeError(f"the server exited: {said}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not become ready")
