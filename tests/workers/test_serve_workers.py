"""``os1 serve --workers 2``: two processes on one port over one SQLite file; any of them
serves anyone, one killed is started again, Ctrl-C stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from os1 import config
from tests.workers.test_kill import free_port, until, up


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_two_workers_on_one_port_serve_anyone_and_one_killed_comes_back(os1_home):
    config.save_setting("model", "fake")
    config.save_setting("memory.embedder", "hashing")
    config.save_setting("emotion", "lexicon")
    port = free_port()
    env = {**os.environ, "OS1_HOME": str(os1_home)}
    server = subprocess.Popen([sys.executable, "-m", "os1", "serve", "--accounts", "--workers", "2",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        until(lambda: up(base) and len(children(server.pid)) == 2, 60, 0.2)
        first = children(server.pid)
        signup = httpx.post(f"{base}/api/auth/signup",
                            json={"email": "theo@example.com", "password": "correct horse battery"})
        assert signup.status_code == 201, signup.text
        auth = {"Authorization": f"Bearer {signup.json()['token']}"}
        for i in range(4):  # each a new connection: the kernel hands them to either worker
            with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
                assert client.post("/api/turns", json={"text": f"Day {i} in the garden."}
                                   ).status_code == 200
        os.kill(sorted(first)[0], signal.SIGKILL)
        with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
            assert client.post("/api/turns", json={"text": "Still here?"}).status_code == 200
            history = client.get("/api/history", params={"limit": 50}).json()
        assert [t["content"] for t in history if t["role"] == "user"] == \
            [f"Day {i} in the garden." for i in range(4)] + ["Still here?"]
        again = until(lambda: (now := children(server.pid)) and len(now) == 2 and now != first
                      and now, 60, 0.2)
        assert sorted(first)[1] in again  # the other went on as it was
        until(lambda: up(base), 60, 0.2)
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Traceback" not in err
    assert "starting another" in err
    assert children(server.pid) == set()
