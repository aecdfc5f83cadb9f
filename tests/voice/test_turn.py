"""Deciding that the user has finished: the end-of-turn rules, and the loop that asks them."""

import zipfile

import numpy as np
import pytest

from os1.errors import OS1Error
from os1.voice.audio import RATE, silence
from os1.voice.devices import VirtualDevice
from os1.voice.tts import FakeSynthesizer
from os1.voice.turn import (FILE, FakeEndOfTurn, QuietRule, SmartTurn, load_end_of_turn,
                            model_path, unpack)

from .conftest import kinds, question


def paused(first: str, pause_ms: float, second: str) -> tuple[np.ndarray, float]:
    """Words, a pause inside the sentence, more words; and when the speech truly ends (s)."""
    synth = FakeSynthesizer()
    audio = np.concatenate([silence(500), synth.synthesize(first), silence(pause_ms),
                            synth.synthesize(second)])
    return audio, len(audio) / RATE


def test_the_model_ends_a_finished_turn_after_a_short_quiet(talk):
    t = talk("Good, thank you.")
    spoken = question()
    rule = FakeEndOfTurn(quiet_ms=200)
    events = t.session(VirtualDevice(spoken), heard=["how was your day"], end_of_turn=rule).run()
    ended = kinds(events, "speech_end")[0]
    assert ended.data["quick"] is True and ended.data["by"] == "fake"
    waited = ended.t - len(spoken) / RATE
    assert 0.1 <= waited <= 0.35  # about turn_quiet_ms, not end_silence_ms (700)
    assert len(rule.heard) == 1 and len(rule.heard[0]) <= len(spoken)
    assert [e.text for e in kinds(events, "heard")] == ["how was your day"]


def test_a_pause_the_model_hears_as_unfinished_does_not_end_the_turn(talk):
    t = talk("That sounds lovely.")
    audio, end_s = paused("I was thinking", 450, "maybe we could go to the beach")
    rule = FakeEndOfTurn([False, False], default=True, quiet_ms=200)
    events = t.session(VirtualDevice(audio), heard=["I was thinking maybe the beach"],
                       end_of_turn=rule).run()
    ends = kinds(events, "speech_end")
    assert len(ends) == 1 and ends[0].t > end_s  # one turn, ended after the true end
    assert ends[0].data["by"] == "fake"
    assert len(rule.heard) == 3  # twice in the pause (at 200 and 400 ms), once at the end


def test_when_the_model_never_says_finished_the_silence_still_ends_the_turn(talk):
    t = talk("Okay.")
    spoken = question()
    rule = FakeEndOfTurn(default=False, quiet_ms=200)
    events = t.session(VirtualDevice(spoken), end_of_turn=rule, end_silence_ms=700).run()
    ended = kinds(events, "speech_end")[0]
    assert ended.data["quick"] is False and ended.data["by"] == "quiet"
    assert 0.6 <= ended.t - len(spoken) / RATE <= 0.8
    assert len(rule.heard) == 3  # asked at 200, 400 and 600 ms of quiet


def test_a_broken_model_leaves_the_decision_to_the_silence(talk):
    class Broken:
        name, quiet_ms = "broken", 200

        def finished(self, audio):
            raise RuntimeError("the model file is damaged")

    t = talk("Okay.")
    events = t.session(VirtualDevice(question()), end_of_turn=Broken()).run()
    assert kinds(events, "speech_end")[0].data["by"] == "quiet"
    assert kinds(events, "turn_done") and not kinds(events, "error")


def test_the_rules_are_chosen_by_name_and_smart_falls_back_without_its_file(tmp_path):
    missing = tmp_path / FILE
    rule = load_end_of_turn("smart", 200, 700, path=missing)
    assert isinstance(rule, QuietRule) and rule.quiet_ms == 700
    assert str(missing) in rule.note and "install" in rule.note
    assert isinstance(load_end_of_turn("quiet", 200, 600), QuietRule)
    assert load_end_of_turn("quiet", 200, 600).quiet_ms == 600
    assert isinstance(load_end_of_turn("fake", 150, 700), FakeEndOfTurn)
    with pytest.raises(OS1Error, match=r"unknown voice\.turn_end 'ears'"):
        load_end_of_turn("ears", 200, 700)


def test_the_fallback_serves_the_loop_as_the_quiet_rule_does(talk, tmp_path):
    rule = load_end_of_turn("smart", 200, 700, path=tmp_path / FILE)
    t = talk("Good.")
    events = t.session(VirtualDevice(question()), heard=["how was your day"], end_of_turn=rule,
                       quick_end=False).run()
    assert kinds(events, "speech_end")[0].data["by"] == "quiet"
    assert [e.text for e in kinds(events, "saying")] == ["Good."]


def test_unpacking_refuses_a_wheel_without_the_file_or_with_another_file(tmp_path):
    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("pipecat/__init__.py", "")
    with pytest.raises(OS1Error, match="has no pipecat/audio/turn"):
        unpack(empty, tmp_path / "out" / FILE)
    changed = tmp_path / "changed.whl"
    with zipfile.ZipFile(changed, "w") as archive:
        archive.writestr("pipecat/audio/turn/smart_turn/data/" + FILE, b"not the model")
    with pytest.raises(OS1Error, match="sha256 differs"):
        unpack(changed, tmp_path / "out" / FILE)
    with pytest.raises(OS1Error, match="not a readable wheel"):
        unpack(tmp_path / "nothing.whl", tmp_path / "out" / FILE)
    assert not (tmp_path / "out" / FILE).exists()


@pytest.mark.slow
def test_smart_turn_hears_a_finished_question_from_one_cut_off_midway():
    from os1.voice.audio import resample, trim
    from os1.voice.prosody import Prosody
    from os1.voice.tts import PiperSynthesizer

    if not model_path().is_file():
        pytest.skip(f"Smart Turn is not installed at {model_path()} (scripts/install.sh adds it)")
    piper = PiperSynthesizer()
    model = SmartTurn(model_path())

    def said(text: str) -> np.ndarray:
        audio = trim(resample(piper.synthesize(text, Prosody()), piper.rate, RATE))[0]
        return np.concatenate([audio, silence(200)])

    finished = [said(t) for t in ("What should I cook for dinner tonight?",
                                  "My friend Amy is moving in March.")]
    unfinished = [said(t) for t in ("I was thinking that maybe we could go to the",
                                    "I was wondering if you could")]
    assert all(model.finished(audio) for audio in finished)
    assert not any(model.finished(audio) for audio in unfinished)
    assert min(map(model.probability, finished)) > max(map(model.probability, unfinished)) + 0.3


def test_the_pause_goes_where_the_sentence_is_quietest_near_the_clause_boundary():
    from os1.bench.turnend import split_point

    synth = FakeSynthesizer()
    first, rest = synth.synthesize("I was thinking"), synth.synthesize("maybe the beach")
    whole = np.concatenate([first, silence(60), rest])
    at = split_point(whole, len(first), len(rest))
    assert abs(at - len(first)) < 0.1 * RATE  # at the boundary, in the quiet between words
    assert not np.any(whole[at - 80:at + 80])


def test_the_bench_tells_a_cut_off_from_a_turn_ended_after_the_speaker(talk):
    from os1.bench.turnend import Rule, Spoken, decide
    from os1.config import VoiceSettings
    from os1.voice.asr import FakeRecognizer
    from os1.voice.vad import EnergyDetector

    t = talk("Okay.")
    audio, end_s = paused("I was thinking", 400, "maybe we could go to the beach")
    spoken = Spoken(audio, end_s, "paused", paused=True)
    settings = VoiceSettings(end_silence_ms=700, quick_end=False, anticipate=False)
    eager = Rule("eager", FakeEndOfTurn(default=True, quiet_ms=200), settings)
    got = decide(eager, spoken, EnergyDetector(), FakeRecognizer(), t.companion, t.session_id)
    assert got["decided"] and got["cut"] and got["by"] == "fake"
    patient = Rule("quiet", QuietRule(700), settings)
    got = decide(patient, spoken, EnergyDetector(), FakeRecognizer(), t.companion, t.session_id)
    assert got["decided"] and not got["cut"] and got["by"] == "quiet"
    assert 600 <= got["after_ms"] <= 800


@pytest.mark.slow
def test_bench_turnend_runs_end_to_end():
    import json

    from click.testing import CliRunner

    from os1.cli import main

    if not model_path().is_file():
        pytest.skip(f"Smart Turn is not installed at {model_path()} (scripts/install.sh adds it)")
    result = CliRunner().invoke(main, ["bench", "turnend", "--json", "--no-words"],
                                catch_exceptions=False)
    data = json.loads(result.output)
    rows = {row["rule"]: row for row in data["rules"]}
    quick, patient = rows["quiet 250 ms"], rows["quiet 700 ms"]
    assert quick["paused"] == patient["paused"] == 24 and quick["straight"] == 10
    assert quick["false_cutoffs_paused"] > patient["false_cutoffs_paused"]
    assert patient["false_cutoffs_straight"] == 0
    assert quick["decision_ms"]["p50"] < patient["decision_ms"]["p50"]
    smart = [row for name, row in rows.items() if name.startswith("Smart Turn")]
    assert smart and all(row["rule_ms"]["p50"] > 0 for row in smart)
    assert all(row["false_cutoffs_straight"] + row["false_cutoffs_paused"] < 34 for row in smart)


@pytest.mark.slow
def test_bench_voice_runs_end_to_end_with_smart_turn():
    import json

    from click.testing import CliRunner

    from os1.cli import main

    if not model_path().is_file():
        pytest.skip(f"Smart Turn is not installed at {model_path()} (scripts/install.sh adds it)")
    result = CliRunner().invoke(main, ["bench", "voice", "--json", "--model", "fake",
                                       "--questions", "2", "--trials", "1",
                                       "--turn-end", "smart"], catch_exceptions=False)
    data = json.loads(result.output)
    assert data["turn_end"] == "smart" and data["replies"] == 2
    assert sum(data["ended_by"].values()) == 2 and set(data["ended_by"]) <= {"smart", "quiet"}
    assert 0 < data["turn_end_ms"]["p50"] <= data["voice_to_voice_ms"]["p50"]
    assert data["wer"] < 0.3
    # without the speculative start, then with it, in the one run
    assert [run["speculate"] for run in data["runs"]] == [False, True]
    assert all(run["replies"] == 2 and len(run["load"]) == 2 for run in data["runs"])
    # where each turn's pause words were, against the decision, and what became of its start
    spec = data["runs"][-1]
    assert all(turn["status"] == "complete" and turn["words_from_decision_ms"] is not None
               for turn in spec["turns"])
    began = [turn for turn in spec["turns"] if turn["begun_on"]]
    assert all(turn["words_from_decision_ms"] < 0 for turn in began)
    assert spec["starts"]["begun"] == sum(len(turn["begun_on"]) for turn in spec["turns"])


def test_hands_free_audio_is_resampled_without_seams_between_pieces():
    from os1.voice.listen import Resampler

    t = np.arange(48000) / 48000
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    resampler = Resampler(48000)
    out = np.concatenate([resampler(tone[i:i + 4096]) for i in range(0, len(tone), 4096)])
    assert abs(len(out) - RATE) < 64
    expected = 0.3 * np.sin(2 * np.pi * 220 * np.arange(len(out)) / RATE)
    assert np.abs(out[200:-200] - expected[200:-200]).max() < 1e-3
