"""The default model, for real: assembled from its packages, verified, and holding a conversation."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from os1 import config
from os1.memory.store import open_store
from os1.models.catalog import QWEN_1_5B

pytestmark = pytest.mark.slow


def chat(home, models, lines):
    env = {**os.environ, "OS1_HOME": str(home), "OS1_MODELS_DIR": str(models)}
    proc = subprocess.run([sys.executable, "-m", "os1", "chat"], input="\n".join(lines) + "\n",
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_assembled_file_matches_the_published_checksum(shared_models):
    from os1.models.files import sha256_file

    path = shared_models / QWEN_1_5B.file
    assert path.stat().st_size == QWEN_1_5B.size
    assert sha256_file(path) == QWEN_1_5B.sha256


def test_a_conversation_holds_together_and_survives_a_restart(os1_home, shared_models):
    config.save_setting("temperature", 0.0)
    config.save_setting("max_tokens", 120)
    first = chat(os1_home, shared_models, [
        "Hi! My name is Theodore and I write letters for other people.",
        "My sister Anna is visiting next Saturday and I want to cook for her.",
        "She loves Thai food. What could I make?",
    ])
    replies = [line for line in first.splitlines() if line.startswith("OS1:")]
    assert len(replies) == 3 and all(len(r.split()) > 4 for r in replies), first
    assert any(w in first.lower() for w in ("curry", "pad thai", "thai", "soup", "noodle"))
    second = chat(os1_home, shared_models, ["What is my sister's name?"])
    assert "Anna" in second, second
    store = open_store()
    turns = store.recent_turns(store.user(), 20)
    assert len(turns) == 8 and all(t.status == "complete" for t in turns)
    assert {t.model for t in turns if t.role == "assistant"} == {"qwen2.5-1.5b"}
