"""Saying a streamed reply: sentences in order, the model held while her first words are made."""

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


class HeldSynth(FakeSynthesizer):
    """Makes the first sentence at once, later ones only when ``gate`` opens."""

    def __init__(self, done: list):
        super().__init__()
        self.done, self.gate = done, threading.Event()

    def synthesize(self, text, prosody=None):
        if self.done:
            assert self.gate.wait(10)
        self.done.append(text)
        return super().synthesize(text)


def test_the_model_waits_while_her_first_words_are_synthesized(talk):
    synthesized: list[str] = []
    t = talk()
    model = Recording(["Oh, ", "that is ", "lovely. ", "Tell me ", "more. ", "Please."],
                      synthesized)
    t.companion.model = model
    said: list[str] = []
    synth = HeldSynth(synthesized)
    speaker = Speaker(synth, lambda text, samples, info: said.append(text),
                      lambda error: None, threading.Event())
    result = reply_aloud(t.companion, "I fed the cat", t.session_id, speaker)
    # The whole reply was written while her second sentence was still being made: only the
    # first holds the model up.
    assert synthesized == ["Oh, that is lovely."]
    synth.gate.set()
    speaker.close()

    assert result.status == "complete"
    assert said == ["Oh, that is lovely.", "Tell me more.", "Please."]
    # The chunk after the first sentence was asked for only once that sentence was audio.
    assert model.asked[:4] == [[], [], [], ["Oh, that is lovely."]]


def test_a_cancelled_speaker_does_not_hold_the_model(talk):
    t = talk("Hello there. How are you? Fine.")
    cancel = threading.Event()
    cancel.set()
    speaker = Speaker(FakeSynthesizer(), lambda *said: None, lambda error: None, cancel)
    result = reply_aloud(t.companion, "hi", t.session_id, speaker)
    speaker.close()
    assert result.status == "interrupted"
