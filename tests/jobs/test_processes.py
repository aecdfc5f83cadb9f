"""Real processes: ``os1 serve`` reflects for a web/API user once they have been quiet, and a
job whose runner is killed (kill -9) mid-run is finished by another runner, exactly once."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from os1 import config
from os1.jobs import JOBS, Context, StoreQueue
from os1.jobs.pgqueue import PgQueue
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import open_store
from os1.mind.reflect import MIN_TURNS
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


def os1(*args: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "OS1_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "os1", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(check, seconds: float = 60.0, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("timed out")


def rows(home: Path, sql: str, args=()) -> list[tuple]:
    try:
        with sqlite3.connect(home / "os1.db", timeout=5) as db:
            return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []  # not created yet


def sign_up(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    answer = client.post("/api/auth/signup", json={"email": email, "password": "correct horse battery"})
    assert answer.status_code == 201, answer.text
    client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    client.cookies.clear()
    return client


def test_serve_reflects_for_an_api_user_once_they_are_quiet(os1_home):
    config.save_setting("model", "fake")
    config.save_setting("memory.reflect_after_s", 1.0)
    config.save_setting("jobs.poll_s", 0.2)
    port = free_port()
    server = os1("serve", "--accounts", "--port", str(port), home=os1_home)
    base = f"http://127.0.0.1:{port}"
    try:
        until(lambda: _up(base), 60)
        theo, bea = sign_up(base, "theo@example.com"), sign_up(base, "bea@example.com")
        for i in range(MIN_TURNS):
            said = theo.post("/api/turns", json={"text": f"I love pottery, I was at the wheel "
                                                 f"again this morning, glaze number {i}!"})
            assert said.status_code == 200, said.text
        assert bea.post("/api/turns", json={"text": "Hello there."}).status_code == 200
        insights = until(lambda: theo.get("/api/memories", params={"kind": "insight"}).json(), 30)
        assert any("pottery" in m["text"] for m in insights)
        changes = theo.get("/api/self/history").json()
        assert any(c["aspect"] == "interest" for c in changes)  # her self grew from it
        time.sleep(1.5)  # Bea's quiet has passed too: too little said for a reflection
        assert bea.get("/api/memories", params={"kind": "insight"}).json() == []
        assert bea.get("/api/self/history").json() == []
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C: the runner stops with the server
        out, err = server.communicate(timeout=30)
    assert "Traceback" not in err  # stopped cleanly, its runner with it
    assert server.returncode == 0, err  # Ctrl-C is a stop asked for, not a failure
    jobs = rows(os1_home, "SELECT accounts.email, jobs.state, jobs.attempts FROM jobs "
                          "JOIN accounts ON accounts.user_id = jobs.user_id WHERE name = 'reflect'")
    assert sorted(jobs) == [("bea@example.com", "done", 1), ("theo@example.com", "done", 1)], err


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_job_killed_mid_run_is_finished_by_another_runner_exactly_once(os1_home, kind, request):
    if kind == "postgresql":  # procrastinate's tables, a dead worker found by its heartbeats
        config.save_setting("store.url", request.getfixturevalue("pg_url"))
    config.save_setting("model", "fake")
    config.save_setting("jobs.lease_s", 1.0)
    config.save_setting("fake.delay", 0.3)  # the killed runner's model writes slowly
    config.save_setting("fake.replies", ["- Written by the runner that was killed, never kept."])
    store = open_store()
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    memories = Memories(store, HashingEmbedder())
    talker = Companion(store, FakeModel(), user, memories=memories)
    session = store.start_session(user, "t")
    for i in range(MIN_TURNS):
        talker.ask(f"Anna phoned me about the garden again, day {i}.", session)
    queue = (PgQueue if kind == "postgresql" else StoreQueue)(
        store, worker="the second runner", lease_s=1.0)
    job_id = queue.defer("reflect", user, key=f"reflect:{user}:last")
    worker = os1("jobs", "run", home=os1_home)
    try:
        until(lambda: queue.user_job(user, job_id).state == "doing", 60, 0.02)
        time.sleep(0.5)  # into the model's answer
    finally:
        worker.kill()  # kill -9: no finally, no lease given back
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    held = queue.user_job(user, job_id)
    assert (held.state, held.attempts) == ("doing", 1) and held.worker != queue.worker
    model = FakeModel(["- Anna and the garden are on Theo's mind; he phones her often."])
    ctx = Context(store, memories, lambda: model)
    assert queue.run_ready(ctx, JOBS) == []  # the dead runner's lease still holds
    outcomes = until(lambda: queue.run_ready(ctx, JOBS), 10, 0.1)
    assert [(o.job.id, o.state) for o in outcomes] == [(job_id, "done")]
    done = queue.user_job(user, job_id)
    assert (done.state, done.attempts, done.worker) == ("done", 2, "the second runner")
    insights = [m.text for m in memories.list(user, kind="insight")]
    assert insights == ["Anna and the garden are on Theo's mind; he phones her often."]
    assert queue.run_ready(ctx, JOBS) == []  # and never again
    assert queue.defer("reflect", user, key=f"reflect:{user}:last") is None
    store.close()

