"""The spoken loop with fakes: a conversation, barge-in, coughs, backchannels and echo."""

import numpy as np

from os1.voice.audio import FRAME_MS, RATE, energy, frames, silence
from os1.voice.devices import EchoPath, VirtualDevice
from os1.voice.tts import FakeSynthesizer

from .conftest import LONG_REPLY, kinds, question


def test_a_spoken_turn_is_heard_answered_and_stored(talk):
    t = talk("Hi! I missed you. How are you feeling today?")
    device = VirtualDevice(question())
    session = t.session(device, heard=["how was your day"])
    events = session.run()
    assert [e.text for e in kinds(events, "heard")] == ["how was your day"]
    assert [e.text for e in kinds(events, "saying")] == ["Hi!", "I missed you.",
                                                         "How are you feeling today?"]
    ended = kinds(events, "speech_end")[0].t
    first = kinds(events, "first_audio")[0].t
    assert 0 < first - ended < 0.2  # without a real clock the loop waits for her, not longer
    played = device.output()
    start = int(first * RATE)
    assert energy(played[:start - 1600]) < 1e-8 and energy(played[start:]) > 1e-4
    turns = t.turns()
    assert [(x.role, x.status) for x in turns] == [("user", "complete"), ("assistant", "complete")]
    assert turns[0].content == "how was your day"


def test_a_finished_question_is_answered_without_waiting_out_the_silence(talk):
    for heard, quick, wait in (("How was your day?", True, 0.25), ("how was your day", False, 0.7),
                               ("I was thinking and", False, 0.7)):
        t = talk("Good, thank you.")
        spoken = question()
        events = t.session(VirtualDevice(spoken), heard=[heard]).run()
        ended = kinds(events, "speech_end")[0]
        assert ended.data["quick"] is quick
        waited = ended.t - len(spoken) / RATE
        assert wait - 0.1 <= waited <= wait + 0.1, (heard, waited)  # the last word fades early
        assert [e.text for e in kinds(events, "heard")] == [heard]
        t.store.close()
    t = talk("Good, thank you.")  # unless told to wait
    events = t.session(VirtualDevice(question()), heard=["How was your day?"],
                       quick_end=False).run()
    assert kinds(events, "speech_end")[0].data["quick"] is False


def test_she_starts_speaking_before_the_reply_is_finished(talk):
    t = talk("First sentence here. " + "And then a much longer second part, " * 6 + "done.",
             delay=0.01)
    device = VirtualDevice(question())
    events = t.session(device).run()
    first = kinds(events, "first_audio")[0]
    done = [e for e in kinds(events, "synthesized")][-1]
    assert first.wall < done.wall  # her first words played while the rest was being made


def test_barge_in_pauses_at_once_then_stops_her_and_the_model(talk):
    t = talk(LONG_REPLY, delay=0.02)
    device = VirtualDevice(question())
    interruption = FakeSynthesizer().synthesize("wait wait I have to tell you something now")
    device.inject(interruption, after_output_s=1.5)
    session = t.session(device, heard=["how was your day", "wait I have to tell you something"])
    events = session.run()
    onset = device.injected_at()[0]
    paused = kinds(events, "paused")[0]
    assert 0 <= paused.t - onset <= 0.15
    assert kinds(events, "barge_in") and not kinds(events, "resumed")
    assert paused.t < kinds(events, "barge_in")[0].t <= paused.t + 0.5
    assert t.model.history  # the model was asked…
    statuses = [(x.role, x.status) for x in t.turns()]
    assert statuses[:2] == [("user", "complete"), ("assistant", "interrupted")]
    assert t.turns()[2].content == "wait I have to tell you something"  # …and heard her out
    said = " ".join(e.text for e in kinds(events, "saying") if e.data["turn"] == 1)
    assert t.turns()[1].content == said  # her memory of it is what she said, not all she wrote
    after = device.output()[int((paused.t + 0.1) * RATE):int(kinds(events, "heard")[1].t * RATE)]
    assert energy(after) < 1e-8  # silent from the pause until the new reply


def test_a_cough_pauses_her_then_she_goes_on(talk):
    t = talk(LONG_REPLY)
    device = VirtualDevice(question())
    rng = np.random.default_rng(0)
    cough = (rng.standard_normal(int(0.18 * RATE)) * 0.3).astype(np.float32)
    device.inject(cough, after_output_s=1.2)
    events = t.session(device, heard=["how was your day", ""]).run()
    assert len(kinds(events, "paused")) == 1 and len(kinds(events, "resumed")) == 1
    assert not kinds(events, "barge_in")
    assert [(x.role, x.status) for x in t.turns()] == [("user", "complete"),
                                                       ("assistant", "complete")]
    spoken = " ".join(e.text for e in kinds(events, "saying"))
    assert spoken.replace(" ", "") == LONG_REPLY.replace(" ", "")  # every word was said


def test_a_backchannel_does_not_stop_her_but_a_short_wait_does(talk):
    t = talk(LONG_REPLY, "Of course, go ahead.")
    device = VirtualDevice(question())
    synth = FakeSynthesizer()
    device.inject(synth.synthesize("mhm"), after_output_s=1.0)
    device.inject(synth.synthesize("wait"), after_output_s=4.0)
    events = t.session(device, heard=["how was your day", "Mm-hmm.", "Wait."]).run()
    assert [e.text for e in kinds(events, "resumed")] == ["Mm-hmm."]
    assert [e.text for e in kinds(events, "barge_in")] == ["Wait."]
    assert [x.content for x in t.turns() if x.role == "user"] == ["how was your day", "Wait."]
    assert [x.status for x in t.turns() if x.role == "assistant"] == ["interrupted", "complete"]


def test_her_own_voice_coming_back_does_not_interrupt_her(talk):
    t = talk(LONG_REPLY)
    device = VirtualDevice(question(), echo=EchoPath(delay_ms=70, attenuation_db=-8, seed=2))
    events = t.session(device).run()
    assert not kinds(events, "paused", "barge_in")
    assert [x.status for x in t.turns()] == ["complete", "complete"]


def test_without_echo_cancelling_her_voice_does_interrupt_her(talk):
    """The control for the test above: the echo is loud enough to matter."""
    t = talk(LONG_REPLY)
    device = VirtualDevice(question(), echo=EchoPath(delay_ms=70, attenuation_db=-8, seed=2))
    events = t.session(device, echo_cancel=False).run(max_s=20)
    assert kinds(events, "paused")


def test_short_sounds_alone_are_not_a_turn(talk):
    t = talk("unused")
    click = (np.random.default_rng(1).standard_normal(int(0.1 * RATE)) * 0.3).astype(np.float32)
    device = VirtualDevice(np.concatenate([silence(300), click, silence(1000)]))
    events = t.session(device).run()
    assert kinds(events, "ignored") and not kinds(events, "heard") and not t.model.history


def test_a_failing_model_is_told_and_the_talk_goes_on(talk):
    t = talk()

    def broken(messages, options):
        from os1.errors import ModelError
        raise ModelError("the model server went away")
        yield

    t.model.stream = broken
    device = VirtualDevice(np.concatenate([question(), silence(1500), question()]))
    events = t.session(device, heard=["one", "two"]).run()
    assert [e.text for e in kinds(events, "heard")] == ["one", "two"]
    assert len(kinds(events, "error")) == 2


def test_frames_ms_is_the_tick():
    assert FRAME_MS == 32 and len(list(frames(silence(64)))) == 2


def test_she_can_speak_first(talk):
    t = talk("Oh, congratulations!")
    device = VirtualDevice(np.concatenate([silence(3000), question()]))
    session = t.session(device, heard=["I fed the cat"])  # no news: her words are the model's
    session.open_with("How did the interview go? I've been wondering.")
    events = session.run()
    said = [(e.text, e.data["turn"]) for e in kinds(events, "saying")]
    assert said == [("How did the interview go?", 1), ("I've been wondering.", 1),
                    ("Oh, congratulations!", 2)]
    assert kinds(events, "first_audio")[0].t < kinds(events, "speech_start")[0].t
    assert [e.text for e in kinds(events, "heard")] == ["I fed the cat"]


SENTENCE = "i had a really long day at work and i feel so tired tonight"


class Growing:
    """Hears as many of the sentence's words as the audio is long (about 3 a second)."""

    name = model_id = "growing"

    def __init__(self):
        self.calls = 0

    def transcribe(self, samples):
        self.calls += 1
        words = SENTENCE.split()
        return " ".join(words[:max(1, min(len(words), int(len(samples) / RATE * 3.4)))])


class Reading:
    """A fake model that can read ahead, and notes what it was given to read."""

    def __init__(self, model):
        self.model, self.model_id, self.read = model, model.model_id, []

    def stream(self, messages, options):
        return self.model.stream(messages, options)

    def warm(self, messages, stop=None):
        self.read.append(messages[-1].content)


def test_while_the_user_speaks_the_model_reads_their_words_so_far(talk):
    t = talk("That sounds exhausting.")
    t.companion.model = reading = Reading(t.model)
    spoken = question(SENTENCE)
    events = t.session(VirtualDevice(spoken), recognizer=Growing(), speculate=False).run()
    guesses = kinds(events, "guess")
    ended = kinds(events, "speech_end")[0]
    assert len(guesses) >= 2 and all(g.t < ended.t for g in guesses)
    # Each guess read the words heard so far, and more of them each time …
    guessed = reading.read[:len(guesses)]
    assert all(SENTENCE.startswith(words) for words in guessed)
    assert [len(w) for w in guessed] == sorted({len(w) for w in guessed})
    assert [e.text for e in kinds(events, "heard")] == [SENTENCE]
    assert [x.content for x in t.turns()] == [SENTENCE, "That sounds exhausting."]
    # … then, in the pause, all of their words, while the end of the turn was decided; and
    # once her reply was written, the next turn's beginning: the history, with it.
    assert reading.read[len(guesses):] == [SENTENCE, "That sounds exhausting."]


def test_no_guessing_when_turned_off_or_the_model_cannot_read_ahead(talk):
    t = talk("Oh no.")
    t.companion.model = reading = Reading(t.model)
    events = t.session(VirtualDevice(question(SENTENCE)), recognizer=Growing(),
                       anticipate=False).run()
    assert not kinds(events, "guess") and not reading.read
    t.store.close()
    t = talk("Oh no.")  # the fake model has no ``warm``
    recognizer = Growing()
    events = t.session(VirtualDevice(question(SENTENCE)), recognizer=recognizer).run()
    assert not kinds(events, "guess") and recognizer.calls == 1


def test_a_reminder_is_said_when_nobody_is_talking(talk):
    t = talk("Sure.")
    device = VirtualDevice(np.concatenate([silence(2000), question(), silence(3000)]))
    session = t.session(device, heard=["hello"])
    session.announce("It's 6 pm: time to call Amy.")  # from the reminders' thread
    events = session.run()
    said = [e.text for e in kinds(events, "saying")]
    assert said == ["It's 6 pm: time to call Amy.", "Sure."]
    assert kinds(events, "saying")[0].t < kinds(events, "speech_start")[0].t


def test_when_the_loop_ends_nothing_it_began_is_left_running(talk):
    """The loop ends (the user hangs up) while her reply is begun in a pause and the end of
    their turn is being judged: both are stopped and waited for, so no thread of it is left
    in a model as the process exits."""
    import threading

    from os1.voice.turn import FakeEndOfTurn

    t = talk("A long reply without any clause in it at all for quite a while " * 4, delay=0.01)
    before = set(threading.enumerate())
    rule = FakeEndOfTurn([False] * 5, quiet_ms=100)
    session = t.session(VirtualDevice(np.concatenate([question("I was thinking we could go"),
                                                      silence(2000)]), realtime=True),
                        heard=["I was thinking we could go"], end_of_turn=rule)
    begun: list = []

    def hung_up(s) -> bool:  # as soon as her reply is begun in the pause
        begun.extend([s.controller.speculation] if s.controller.speculation else [])
        return bool(begun)
    session.run(until=hung_up)
    assert begun[0].finished.is_set() and not begun[0].claimed.is_set()
    left = [x for x in set(threading.enumerate()) - before
            if x.is_alive() and x.name.startswith("os1-voice")]
    assert not left
    assert not t.turns()
