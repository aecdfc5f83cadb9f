"""Two ``os1 serve`` workers on one PostgreSQL: one is killed (kill -9) while it streams a
reply and holds a reflection job; the same person, with the same token, goes on with the
other worker, and nothing is lost or done twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from os1 import config
from os1.memory.store import STOPPED, open_store
from os1.mind.reflect import MIN_TURNS
from tests.jobs.test_processes import free_port

QUIET_S = 3.0  # reflection after this much quiet: longer than a turn takes, so it waits for all


def serve(home: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "OS1_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "os1", "serve", "--accounts", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def until(check, seconds: float = 60.0, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("timed out")


def up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_worker_killed_mid_reply_and_mid_job_loses_nothing(os1_home, pg_url):
    config.save_setting("model", "fake")
    config.save_setting("fake.delay", 0.1)  # a reply takes a while to write: long enough to cut
    config.save_setting("store.url", pg_url)
    config.save_setting("memory.embedder", "hashing")
    config.save_setting("memory.reflect_after_s", QUIET_S)
    config.save_setting("jobs.poll_s", 0.2)
    config.save_setting("jobs.lease_s", 2.0)
    ports = [free_port(), free_port()]
    workers = [serve(os1_home, port) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    store = open_store(pg_url)  # its jobs are procrastinate's, as the workers' are
    try:
        for base in bases:
            until(lambda base=base: up(base), 60, 0.2)
        signup = httpx.post(f"{bases[0]}/api/auth/signup",
                            json={"email": "theo@example.com", "password": "correct horse battery"})
        assert signup.status_code == 201, signup.text
        auth = {"Authorization": f"Bearer {signup.json()['token']}"}
        user = store.account("theo@example.com").user_id
        said = [f"Anna phoned about the garden, day {i}." for i in range(MIN_TURNS)]
        for i, text in enumerate(said):  # any worker serves any turn
            answer = httpx.post(f"{bases[i % 2]}/api/turns", json={"text": text}, headers=auth,
                                timeout=60)
            assert answer.status_code == 200, answer.text

        # after the quiet, one of the workers takes the reflection; that one will be killed
        job = until(lambda: next((j for j in store.jobs(user) if j.name == "reflect"
                                  and j.state == "doing"), None), 60)
        victim = next(i for i, w in enumerate(workers) if f":{w.pid}:" in (job.worker or ""))
        other = 1 - victim
        long = "Tell me everything " + " ".join(f"about the roses number {i}," for i in range(40))
        cut: list[httpx.Response | Exception] = []

        def ask() -> None:
            try:
                cut.append(httpx.post(f"{bases[victim]}/api/turns", json={"text": long},
                                      headers=auth, timeout=120))
            except httpx.HTTPError as exc:
                cut.append(exc)

        asking = threading.Thread(target=ask)
        asking.start()
        reply = until(lambda: next((t for t in store.recent_turns(user, 2)
                                    if t.role == "assistant" and t.status == "streaming"
                                    and len(t.content) > 40), None), 60)
        assert store.job(user, job.id).state == "doing"  # it still holds the reflection
        workers[victim].kill()  # kill -9: no finally, no lease given back, no turn closed
        workers[victim].wait(timeout=30)
        asking.join(timeout=30)
        assert isinstance(cut[0], httpx.HTTPError)  # the one waiting on it saw it die

        # the same token, the other worker: the conversation goes on
        going_on = httpx.post(f"{bases[other]}/api/turns", json={"text": "Are you still there?"},
                              headers=auth, timeout=60)
        assert going_on.status_code == 200, going_on.text
        stopped = until(lambda: next((t for t in store.recent_turns(user, 100) if t.id == reply.id
                                      and t.status == "interrupted"), None), 30)
        assert stopped.error == STOPPED
        assert stopped.content.startswith(reply.content)  # kept as far as it was written
        history = httpx.get(f"{bases[other]}/api/history", params={"limit": 100},
                            headers=auth, timeout=30).json()
        asked = [t["content"] for t in history if t["role"] == "user"]
        assert asked == [*said, long, "Are you still there?"]
        assert [t["status"] for t in history if t["role"] == "assistant"].count("interrupted") == 1

        # the held reflection: taken up by the other worker once its lease ran out, once
        done = until(lambda: (j := store.job(user, job.id)) and j.state == "done" and j, 60)
        assert done.attempts == 2 and f":{workers[other].pid}:" in done.worker
        # her next turn there makes the cut reply a memory, as any other turn is
        assert httpx.post(f"{bases[other]}/api/turns", json={"text": "Good."}, headers=auth,
                          timeout=60).status_code == 200
        assert store.unremembered(user) == []
        insights = [m.text for m in store.list_memories(user, "insight", None)]
        assert insights and len(insights) == len(set(insights))  # none written twice
        assert all(j.state == "done" for j in store.jobs(user) if j.name == "reflect"
                   and j.id <= job.id)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGINT)
        for worker in workers:
            try:
                print(worker.communicate(timeout=30)[1][-3000:])  # shown if the test fails
            except subprocess.TimeoutExpired:
                worker.kill()
        store.close()
    assert workers[other].returncode == 0
