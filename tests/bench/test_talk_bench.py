"""``os1 bench talk`` end to end with the fake model, and one run with the real default model."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from os1.bench import talk
from os1.bench.talk_checks import read
from os1.memory.embed import load_embedder
from os1.memory.memories import Memories
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

SCENARIOS = [
    {"id": "away-01", "category": "recall", "name": "Robin", "turns": [
        {"user": "My cousin Ilse just started at the bakery on Elm Street."},
        {"user": "Anyway, off to bed."},
        {"user": "Morning! Long week.", "after_days": 3},
        {"user": "Where does my cousin work?", "check": {"any": ["bakery"], "max_sentences": 3}},
    ]},
    {"id": "good-news-01", "category": "feeling", "turns": [
        {"user": "I passed my driving test!", "check": {"any": ["congrat"], "no_list": True}},
    ]},
]


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "talk.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in SCENARIOS), encoding="utf-8")
    return path


def test_bench_talk_json(run, data):
    result = run("bench", "talk", "--data", str(data), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["model"] == "fake" and out["seed"] == 0 and out["checks"] == 2
    # the fake model echoes: her first words say back where the cousin works; no congratulations
    assert out["pass_rate"] == 0.5
    assert out["by_category"] == {"feeling": 0.0, "recall": 1.0}
    assert [(f["id"], f["turn"]) for f in out["failures"]] == [("good-news-01", 1)]
    first = out["failures"][0]
    assert first["reply"] == "Oh, that's wonderful news! I hear you: I passed your driving test!"
    assert first["why"] == "none of ['congrat'] matched"
    assert out["turns"] == 5 and set(out["turn_s"]) == {"p50", "p95"}
    away, at_once = out["played"]
    assert away["sessions"] == 2 and at_once["sessions"] == 1
    assert away["clock_at_end"].startswith((talk.START + timedelta(days=3)).date().isoformat())


def test_bench_talk_filters_and_text(run, data):
    result = run("bench", "talk", "--data", str(data), "--category", "feeling")
    assert result.exit_code == 0
    assert "FAIL good-news-01 turn 1" in result.stdout and "away-01" not in result.stdout
    assert "passed 0 of 1 checks" in result.stdout
    only = json.loads(run("bench", "talk", "--data", str(data), "--only", "away-01",
                          "--json").stdout)
    assert only["scenarios"] == 1 and only["checks"] == 1


def test_bench_talk_bad_input_is_one_line(run, data, tmp_path):
    result = run("bench", "talk", "--data", str(data), "--only", "nope")
    assert result.exit_code == 1 and "no scenario has the category or id nope" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(SCENARIOS[1]) + "\n{\"id\": \"x\"\n", encoding="utf-8")
    result = run("bench", "talk", "--data", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


class Watching(FakeModel):
    """Notes, each time it is asked, the companion's clock and the session of the message."""

    def __init__(self, replies=()):
        super().__init__(replies)
        self.companion: Companion | None = None
        self.seen: list[tuple] = []
        self.facts: list[dict] = []  # the user's facts as each turn began

    def stream(self, messages, options):
        store, user = self.companion.store, self.companion.user_id
        if options.schema is None:  # a turn's reply, not a background reading
            asked = store.recent_turns(user, 2)[0]  # the user's message (the reply comes after)
            self.seen.append((store.clock(), asked.session_id, asked.content, options.seed))
            self.facts.append({f.key: f.value for f in store.facts(user)})
        return (yield from super().stream(messages, options))


def test_after_days_closes_the_session_and_moves_the_clock(tmp_path, data):
    model = Watching(["Noted.", "Sleep well.", "Morning!", "At the bakery on Elm Street."])
    left: list[int] = []

    def companion_for(store):
        model.companion = Companion(store, model, store.user(),
                                    memories=Memories(store, load_embedder("hashing")))
        ended = store.end_session
        store.end_session = lambda user, session: (left.append(session), ended(user, session))
        return model.companion

    scenario = read(data)[0]
    played = talk.play(scenario, companion_for, tmp_path)
    (t1, s1, m1, _), (t2, s2, _, _), (t3, s3, m3, _), (t4, s4, _, _) = model.seen
    assert m1.startswith("My cousin") and m3 == "Morning! Long week."
    assert t1 == talk.START and t2 - t1 == talk.TYPING
    assert t3 - t2 == timedelta(days=3) and t4 - t3 == talk.TYPING
    assert s1 == s2 != s3 == s4 and left == [s1]  # the first session was ended as chat ends one
    assert played["checked"] == [{"id": "away-01", "category": "recall", "turn": 4,
                                  "user": "Where does my cousin work?",
                                  # her first words said it; the model's echo of them goes
                                  "reply": "You told me your cousin Ilse just started at the bakery "
                                           "on Elm Street. ", "passed": True,
                                  "why": ""}]
    assert played["sessions"] == 2
    assert not list(tmp_path.glob("os1.db*"))  # the scenario's store is gone


def test_the_name_is_given_and_the_seed_is_passed(tmp_path, data, monkeypatch):
    model = Watching()
    names = []

    def companion_for(store):
        from os1 import config
        from os1.cli.runtime import Runtime

        settings = config.load().model_copy(update={"seed": 7})
        model.companion = Runtime(settings, store, store.user()).companion(model)
        return model.companion

    original = talk.session.arrive

    def arrive(companion, channel):
        names.append(companion.store.user_name(companion.user_id))
        return original(companion, channel)

    monkeypatch.setattr(talk.session, "arrive", arrive)
    talk.play(read(data)[0], companion_for, tmp_path)
    assert names == ["Robin", "Robin"]
    assert {seed for *_, seed in model.seen} == {7}


@pytest.mark.slow
def test_bench_talk_with_the_default_model(run, data, monkeypatch, shared_models):
    """Two scenarios with the real default model: it runs, scores, and a scenario played alone
    gets the reply it got in the full run (seeded, and the model starts each one afresh)."""
    monkeypatch.setenv("OS1_MODELS_DIR", str(shared_models))
    monkeypatch.setenv("OS1_EMBEDDER", "auto")
    args = ("bench", "talk", "--data", str(data), "--model", "qwen2.5-1.5b", "--json")
    first = json.loads(run(*args).stdout)
    assert first["model"] == "qwen2.5-1.5b" and first["checks"] == 2
    assert all(item["reply"].strip() for item in first["results"])
    again = json.loads(run(*args, "--only", "good-news-01").stdout)
    assert again["results"][0]["reply"] == first["results"][1]["reply"]


@pytest.mark.slow
def test_the_reported_transcript_no_longer_goes_wrong(run, monkeypatch, shared_models):
    """The conversation as Theo that showed OS1 getting his life wrong (his sister taken as
    hers, his interview as hers, a reminder promised and not set, "as an AI" refusals, a list
    nobody asked for), replayed with the real default model across two days."""
    monkeypatch.setenv("OS1_MODELS_DIR", str(shared_models))
    monkeypatch.setenv("OS1_EMBEDDER", "auto")
    data = Path(__file__).resolve().parent.parent / "data" / "theo_transcript.jsonl"
    result = json.loads(run("bench", "talk", "--data", str(data), "--model", "qwen2.5-1.5b",
                            "--json").stdout)
    assert result["checks"] == 8
    assert result["failures"] == [], result["failures"]


def test_jobs_due_run_between_turns_so_a_fact_read_in_the_background_is_there_next_turn(tmp_path):
    from os1.jobs import AfterTurn, StoreQueue
    from os1.bench.talk_checks import Scenario, Turn

    model = Watching()
    model.structured.append(json.dumps({"facts": [
        {"quote": "deep water still makes me panic", "kind": "fear", "value": "deep water"}]}))

    def companion_for(store):
        model.companion = Companion(store, model, store.user(),
                                    memories=Memories(store, load_embedder("hashing")))
        model.companion.after_turn = AfterTurn(StoreQueue(store), reflect_after_s=0, read_facts=True)
        return model.companion

    scenario = Scenario("water-01", "recall", (Turn("honestly deep water still makes me panic"),
                                               Turn("any ideas for saturday?")))
    played = talk.play(scenario, companion_for, tmp_path)
    assert model.facts == [{}, {"fear:deep_water": "deep water"}]
    assert played["errors"] == [] and model.structured == []
