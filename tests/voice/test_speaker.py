"""Saying a streamed reply: pieces in order, her first clause made alone, then the model writing on."""

from __future__ import annotations

import threading

from os1.models.base import Usage
from os1.voice.speaker import Speaker, reply_aloud
from os1.voice.tts import FakeSynthesizer


class Recording:
    """A model that notes, for each chunk it is asked for, what had been synthesized by then."""

    model_id = "recording"

    def __init__(self, chunks, synthesized):
        self.chunks, self.synthesized, self.asked = chunks, synthesized, []

    def stream(self, messages, options):
        for chunk in self.chunks:
            self.asked.append(list(self.synthesized))
            yield chunk
        return Usage(prompt_tokens=1, completion_tokens=len(self.chunks))


class Gated(FakeSynthesizer):
    """Makes nothing until ``gate`` opens."""

    def __init__(self, done: list):
        super().__init__()
        self.done, self.gate = done, threading.Event()

    def synthesize(self, text, prosody=None):
        assert self.gate.wait(10)
        self.done.append(text)
        return super().synthesize(text)


def test_her_first_clause_is_synthesized_alone_then_the_model_writes_on(talk):
    """On two cores her first sound is not slowed by the model: it waits the moment the
    first clause takes to make, then writes the rest while she says it."""
    synthesized: list[str] = []
    t = talk()
    model = Recording(["Oh, ", "that is ", "lovely. ", "Tell me ", "more. ", "Please."],
                      synthesized)
    t.companion.model = model
    said: list[str] = []
    synth = Gated(synthesized)
    speaker = Speaker(synth, lambda text, samples, info: said.append(text),
                      lambda error: None, threading.Event())
    done: list = []
    worker = threading.Thread(target=lambda: done.append(
        reply_aloud(t.companion, "I fed the cat", t.session_id, speaker)))
    worker.start()
    while not speaker.first_at:
        threading.Event().wait(0.01)
    threading.Event().wait(0.1)
    assert len(model.asked) == 3 and synthesized == []  # "Oh, that is lovely." waits alone
    synth.gate.set()
    worker.join(10)
    speaker.close()
    assert done[0].status == "complete"
    assert model.asked[3:] == [["Oh, that is lovely."]] * 3  # the rest, once it was made
    assert said == ["Oh, that is lovely.", "Tell me more.", "Please."]


def test_the_model_may_write_on_while_her_first_clause_is_synthesized(talk):
    synthesized: list[str] = []
    t = talk()
    model = Recording(["Oh, ", "that is ", "lovely. ", "Tell me ", "more. ", "Please."],
                      synthesized)
    t.companion.model = model
    said: list[str] = []
    synth = Gated(synthesized)
    speaker = Speaker(synth, lambda text, samples, info: said.append(text),
                      lambda error: None, threading.Event())
    result = reply_aloud(t.companion, "I fed the cat", t.session_id, speaker, first_alone=False)
    # The whole reply was written while her first clause was still being made.
    assert synthesized == [] and len(model.asked) == 6
    synth.gate.set()
    speaker.close()

    assert result.status == "complete"
    assert said == ["Oh, that is lovely.", "Tell me more.", "Please."]
    assert synthesized == said


def test_a_clause_is_followed_by_a_breath_and_a_sentence_by_a_pause():
    from os1.voice.prosody import Prosody

    lengths: dict[str, int] = {}
    speaker = Speaker(FakeSynthesizer(), lambda text, samples, info: lengths.update(
        {text: len(samples) - round(info["audio_s"] * FakeSynthesizer.rate)}),
        lambda error: None, threading.Event())
    for piece in ("When I think about it,", "I smile."):
        speaker.say(piece, Prosody(pause_ms=300))
    speaker.close()
    rate = FakeSynthesizer.rate
    assert lengths == {"When I think about it,": rate // 10, "I smile.": rate * 3 // 10}


def test_a_cancelled_speaker_does_not_hold_the_model(talk):
    t = talk("Hello there. How are you? Fine.")
    cancel = threading.Event()
    cancel.set()
    speaker = Speaker(FakeSynthesizer(), lambda *said: None, lambda error: None, cancel)
    result = reply_aloud(t.companion, "hi", t.session_id, speaker)
    speaker.close()
    assert result.status == "interrupted"
