"""``os1 bench voice``'s stages: the time from the end of speech to her first sound, split so
that the parts add up to the whole, whatever order the marks came in."""

from __future__ import annotations

import pytest

from os1.bench.voice import STAGES, Timed, stages


def test_the_stages_add_up_to_the_time_to_her_first_sound():
    marks = {"heard": 10.5, "begun": 10.52, "asked": 10.6, "token": 10.9, "piece": 11.2,
             "synthesized": 11.3}
    calls = {"perceive": [(10.53, 10.56), (9.0, 9.5)], "recall": [(10.56, 10.58)]}
    out = stages(10.0, 10.4, 50.0, marks, 11.31, calls)
    assert list(out)[:len(STAGES)] == list(STAGES)
    assert sum(out[name] for name in STAGES) == pytest.approx(1310)
    assert out["quiet"] == pytest.approx(350) and out["decision"] == pytest.approx(50)
    assert out["tail_recognition"] == pytest.approx(100)
    assert out["model_first_token"] == pytest.approx(300)
    assert out["first_clause"] == pytest.approx(300) and out["tts"] == pytest.approx(100)
    # only the calls made while this reply's prompt was built count (not a guess before)
    assert out["perceive"] == pytest.approx(30) and out["recall"] == pytest.approx(20)


def test_words_heard_before_the_decision_cost_nothing_after_it_and_fixed_words_no_model():
    marks = {"heard": 10.2, "begun": 10.41, "asked": 10.5, "token": 11.0, "piece": 10.45,
             "synthesized": 10.6}
    out = stages(10.0, 10.4, 0.0, marks, 10.7, {})
    assert out["tail_recognition"] == 0 and out["decision"] == 0
    assert out["model_first_token"] == 0 and out["first_clause"] == 0  # she began with them
    assert sum(out[name] for name in STAGES) == pytest.approx(700)


def test_missing_marks_leave_their_stages_empty():
    out = stages(10.0, 10.4, 0.0, {}, 10.9, {"perceive": [(10.5, 10.6)]})
    assert out["audio_out"] == pytest.approx(500) and out["perceive"] == 0
    assert sum(out[name] for name in STAGES) == pytest.approx(900)


def test_a_timed_object_times_only_its_method():
    log: list = []

    class Ear:
        name = "ear"

        def perceive(self, text):
            return text.upper()

        def other(self):
            return 1

    ear = Timed(Ear(), "perceive", log)
    assert ear.perceive("hi") == "HI" and ear.other() == 1 and ear.name == "ear"
    assert len(log) == 1 and log[0][0] <= log[0][1]
