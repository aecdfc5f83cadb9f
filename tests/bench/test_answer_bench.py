"""``os1 bench memory --answer``: LoCoMo's token F1, and answers from what was recalled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from os1.bench import memory as bench_memory
from os1.bench.answer import Answerer, answer_f1, normalise, spread, token_f1
from os1.memory.embed import load_embedder
from os1.models.base import Options
from os1.models.fake import FakeModel

MINI = Path(__file__).parent.parent / "data" / "mini_locomo.json"


def test_normalise_as_locomo_does():
    # lowercase, no punctuation or commas, no a/an/the/and, Porter stems
    assert normalise("The Adoption Agencies, and a kiln!") == ["adopt", "agenc", "kiln"]
    assert normalise("") == []


def test_token_f1():
    assert token_f1("Pottery", "pottery") == 1.0
    assert token_f1("April 2024", "20 April 2024") == pytest.approx(0.8)
    assert token_f1("She went running", "running") == pytest.approx(0.5)  # 1/3 precise, all recalled
    assert token_f1("not mentioned", "Boston") == 0.0
    assert token_f1("", "Boston") == 0.0


def test_answer_f1_by_category():
    # multi-hop: each gold part takes its best predicted part
    assert answer_f1("Lisbon, Sundays", "Sundays, Lisbon", 1) == 1.0
    assert answer_f1("Lisbon", "Lisbon, Sundays", 1) == 0.5
    # open-domain: only the gold answer's part before ';' counts
    assert answer_f1("likely yes", "Likely yes; she mentioned it twice", 3) == 1.0
    assert answer_f1("Lisbon, Sundays", "Lisbon, Sundays", 4) == 1.0  # commas just go


def test_spread_picks_evenly():
    assert spread(10, None) == set(range(10))
    assert spread(10, 50) == set(range(10))
    assert spread(10, 5) == {0, 2, 4, 6, 8}
    assert len(spread(985, 100)) == 100


def test_answers_come_from_what_was_recalled():
    model = FakeModel(["Pottery", "Biscuit"])
    answerer = Answerer(model, Options(max_tokens=40, seed=0), 160, spread(4, 2))
    result = bench_memory.evaluate(MINI, load_embedder("hashing"), answerer=answerer)
    asked = [item["question"] for item in result["answers"]]
    assert asked == ["What class did Ana sign up for?",
                     "When did Ana's first bowl come out of the kiln?"]  # the 1st and 3rd of 4
    first_prompt = model.history[0]
    assert "Question: What class did Ana sign up for?" in first_prompt[-1].content
    assert "signed up for a pottery class" in first_prompt[-1].content  # recalled, and shown
    assert result["answer_f1"]["4"] == 1.0 and result["answer_f1"]["2"] == 0.0
    assert result["answer_f1"]["1"] is None and result["answer_f1"]["1-4"] == 0.5
    assert result["answered"] == 2 and result["answer_model"] == "fake"


def test_bench_memory_answer_through_the_cli(run, os1_home):
    os1_home.mkdir(parents=True, exist_ok=True)
    (os1_home / "config.toml").write_text(
        '[fake]\nreplies = ["Pottery", "Biscuit", "April 2024", "Lisbon, Sundays"]\n')
    result = run("bench", "memory", "--data", str(MINI), "--embedder", "hashing", "--answer",
                 "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["answer_f1"] == {"1": 1.0, "2": 0.8, "3": 1.0, "4": 1.0, "1-4": 0.95}
    assert out["answered"] == 4 and out["questions"] == 5  # the unanswerable one is not asked
    assert set(out["recall_at_5"]) == {"1", "2", "3", "4", "5", "1-4"}
    text = run("bench", "memory", "--data", str(MINI), "--embedder", "hashing", "--answer",
               "--limit", "2")
    assert "answer F1" in text.stdout and "2 questions answered by fake" in text.stdout
    wrong = run("bench", "memory", "--data", str(MINI), "--limit", "2")
    assert wrong.exit_code == 2 and "--limit goes with --answer" in wrong.output
