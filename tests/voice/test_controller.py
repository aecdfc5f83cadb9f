"""The one voice turn controller: stops, barge-in and what is kept of a cut reply, whichever
order things happen in; and the same script through both doors keeps the same turns."""

from __future__ import annotations

import threading

from os1.voice.controller import Controller, Outlet, Reply
from os1.voice.devices import VirtualDevice
from os1.voice.tts import FakeSynthesizer

from .conftest import LONG_REPLY, kinds, question

PIECES = ["I was thinking about you today.", "The light on the water was lovely.",
          "I wondered what you would make of it.", "Tell me about your day."]


def quiet_outlet(said: list | None = None) -> Outlet:
    return Outlet(lambda kind, text, data: None,
                  lambda piece, samples: said.append(piece) if said is not None else None)


def written(t, controller: Controller, text: str = "how was your day") -> Reply:
    """A reply worked to its end (the fake model answers ``PIECES`` at once)."""
    reply = controller.begin()
    controller.work(reply, quiet_outlet(), text)
    assert reply.pieces == PIECES and reply.done.is_set()
    return reply


def stored(t):
    return [(x.role, x.content, x.status) for x in t.turns()]


def test_a_reply_cut_after_it_was_written_keeps_what_was_said_aloud(talk):
    t = talk(" ".join(PIECES))
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    reply = written(t, controller)
    controller.began(reply)
    controller.began(reply)  # two pieces began playing, then the user talked over her
    assert controller.barge_in() is reply
    assert stored(t)[1] == ("assistant", " ".join(PIECES[:2]), "interrupted")
    assert controller.barge_in() is None  # nothing left to cut


def test_a_reply_cut_while_it_is_written_keeps_what_was_said_once_it_ends(talk):
    t = talk(" ".join(PIECES), delay=0.05)
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    said: list[str] = []
    reply = controller.begin()
    worker = threading.Thread(target=controller.work, args=(reply, quiet_outlet(said), "hi"))
    worker.start()
    while not said:
        threading.Event().wait(0.01)
    controller.began(reply)
    assert controller.barge_in() is reply and reply.cancel.is_set()
    worker.join(10)
    assert stored(t)[1] == ("assistant", said[0], "interrupted")


def test_a_web_client_says_how_much_it_played_after_the_cut(talk):
    t = talk(" ".join(PIECES))
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    reply = written(t, controller)
    controller.over(reply)  # written and sent: the browser is still playing it
    assert controller.barge_in() is reply
    assert stored(t)[1][2] == "complete"  # not known yet how much was heard
    controller.played(3)
    assert stored(t)[1] == ("assistant", " ".join(PIECES[:3]), "interrupted")


def test_every_piece_of_a_finished_reply_said_is_kept_whole(talk):
    t = talk(" ".join(PIECES))
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    written(t, controller)
    controller.stop(played=len(PIECES))
    assert stored(t)[1] == ("assistant", " ".join(PIECES), "complete")


def test_a_stop_cancels_waiting_replies_but_not_later_ones(talk):
    t = talk("One.", "Two.")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    first, second = controller.begin(), controller.begin()
    controller.stop()
    third = controller.begin()
    assert first.cancel.is_set() and second.cancel.is_set() and not third.cancel.is_set()
    assert controller.work(second, quiet_outlet(), "hi").status == "stopped"
    assert not t.model.history  # the model was never asked


def race(controller: Controller, reply: Reply, after_end: bool) -> None:
    """The reply is written on one thread while another hears the user talk over her as her
    first piece begins: as it ends (or, ``after_end``, once it has)."""
    ready = threading.Barrier(2)

    def writer() -> None:
        ready.wait()
        controller.work(reply, quiet_outlet(), "how was your day")

    def listener() -> None:
        ready.wait()
        while not reply.pieces:
            pass
        controller.began(reply)
        if after_end:
            reply.done.wait(10)
        controller.barge_in()

    threads = [threading.Thread(target=writer), threading.Thread(target=listener)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)


def test_barge_in_and_the_end_of_the_reply_racing_keep_the_same_text(talk):
    """The web door once cut without the lock ``os1 talk`` took: whichever comes first, the
    cut or the end of the writing, what is kept is what she began to say."""
    for attempt in range(30):
        t = talk(" ".join(PIECES))
        controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
        reply = controller.begin()
        race(controller, reply, after_end=attempt % 3 == 0)
        assert stored(t)[-1][1:] == (reply.pieces[0], "interrupted"), attempt  # this attempt's reply
        assert reply.kept
        t.store.close()


def test_control_events_jump_the_queue(talk):
    t = talk("unused")
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False)
    order: list[str] = []
    reply = controller.begin()
    holding, release = threading.Event(), threading.Event()

    def slow_began(reply: Reply) -> None:  # a data event that takes a while
        order.append("began")
        holding.set()
        release.wait(5)

    controller._on_slow = slow_began  # type: ignore[attr-defined]
    first = threading.Thread(target=controller.post, args=("slow",), kwargs={"reply": reply})
    first.start()
    holding.wait(5)
    # while it is handled: a data event, then a control one, from other threads
    original = controller._on_began, controller._on_barge_in
    controller._on_began = lambda reply: (order.append("data"), original[0](reply))  # type: ignore
    controller._on_barge_in = lambda cut: (order.append("control"), original[1](cut))  # type: ignore
    late = [threading.Thread(target=controller.began, args=(reply,)),
            threading.Thread(target=controller.barge_in)]
    late[0].start()
    while not controller._data:
        pass
    late[1].start()
    while not controller._urgent:
        pass
    release.set()
    for thread in [first, *late]:
        thread.join(5)
    assert order == ["began", "control", "data"]


def test_the_same_script_through_both_doors_keeps_the_same_turns(talk, tmp_path):
    """Speech, the end of the turn, her reply, talking over her after some of it was said,
    and the words that cut in: ``os1 talk`` and the web app's hands-free mode store the same."""
    from os1.config import VoiceSettings
    from os1.models.fake import FakeModel
    from os1.voice.asr import FakeRecognizer
    from tests.server.conftest import live, make_service, only_user
    from tests.server.test_voice import quiet, speech, until_done

    heard = ["how was your day", "wait I have to tell you something"]
    t = talk(LONG_REPLY, "Of course, tell me.", delay=0.02)
    device = VirtualDevice(question())
    device.inject(FakeSynthesizer().synthesize("wait wait I have to tell you something now"),
                  after_output_s=1.5)
    events = t.session(device, heard=heard).run()
    said = [e.text for e in kinds(events, "saying") if e.data["turn"] == 1]
    terminal = [(x.role, x.content, x.status) for x in t.turns()]
    assert 0 < len(said) < 4 and terminal[1] == ("assistant", " ".join(said), "interrupted")

    (tmp_path / "web").mkdir()
    service = make_service(tmp_path / "web", model=FakeModel([LONG_REPLY, "Of course, tell me."]),
                           backends=(FakeRecognizer(list(heard)), FakeSynthesizer()),
                           voice=VoiceSettings(vad="energy", turn_end="fake"))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 16000, "hands_free": True})
        ws.send_bytes(quiet(0.5, 16000) + speech(1.5, 16000) + quiet(0.6, 16000))
        until_done(ws)  # her reply, sent whole: the browser plays it
        ws.send_bytes(speech(1.5, 16000))  # the user talks over her
        got = []
        while not got or got[-1] != {"type": "barge_in"}:
            got.append(ws.receive_json())
        ws.send_json({"type": "played", "played": len(said)})  # as far as the browser got
        ws.send_bytes(quiet(0.6, 16000))
        assert until_done(ws)[-1]["status"] == "complete"
        ws.send_json({"type": "voice_end"})
    web = [(x.role, x.content, x.status)
           for x in service.store.recent_turns(only_user(service), 10)]
    service.store.close()
    assert web == terminal


def test_in_a_pause_the_model_reads_the_words_heard_while_the_end_is_decided(talk):
    """Without speculation, with the quiet rule the pause's words are heard at 250 ms and the
    turn ends at 700: meanwhile the model reads the prompt they make, the very words the turn
    then answers."""
    from .test_session import Growing, Reading

    t = talk("That sounds exhausting.")
    t.companion.model = reading = Reading(t.model)
    spoken = question("i had a really long day")
    events = t.session(VirtualDevice(spoken), recognizer=Growing(), quick_end=False,
                       speculate=False).run()
    speculated = kinds(events, "speculate")
    ended = kinds(events, "speech_end")[0]
    heard = kinds(events, "heard")[0].text
    assert len(speculated) == 1 and speculated[0].t < ended.t
    assert speculated[0].text == heard and heard in reading.read


def test_no_reading_ahead_in_a_pause_without_a_local_model_or_when_turned_off(talk):
    from .test_session import Growing, Reading

    t = talk("Oh no.")  # the fake model has no ``warm``
    events = t.session(VirtualDevice(question("i had a really long day")),
                       recognizer=Growing(), quick_end=False,
                       speculate=False).run()
    assert not kinds(events, "speculate")
    t.store.close()
    t = talk("Oh no.")
    t.companion.model = Reading(t.model)
    events = t.session(VirtualDevice(question("i had a really long day")),
                       recognizer=Growing(), quick_end=False, anticipate=False,
                       speculate=False).run()
    assert not kinds(events, "speculate")


def test_a_pause_the_user_speaks_on_from_reads_again_at_the_next(talk):
    from .test_session import Growing, Reading
    from .test_turn import paused

    t = talk("That sounds exhausting.")
    t.companion.model = reading = Reading(t.model)
    audio, _ = paused("i had a really", 500, "long day at work and i feel so tired")
    events = t.session(VirtualDevice(audio), recognizer=Growing(), quick_end=False,
                       speculate=False).run()
    speculated = [e.text for e in kinds(events, "speculate")]
    heard = kinds(events, "heard")[0].text
    assert len(speculated) == 2 and speculated[-1] == heard  # the first was thrown away
    assert heard.startswith(speculated[0]) and len(speculated[0]) < len(heard)
    assert reading.read.index(speculated[0]) < reading.read.index(heard)


def test_a_reply_tells_when_it_reached_each_stage_in_order(talk):
    """Heard, the companion begun, the prompt built, the model's first chunk, her first piece
    cut and synthesized: told once the reply is written, for the benchmark's stages."""
    import numpy as np

    from os1.voice.controller import Hearing

    t = talk(" ".join(PIECES), delay=0.01)
    controller = Controller(t.companion, t.session_id, FakeSynthesizer(), anticipate=False,
                            speculate=False)
    told: list = []
    outlet = Outlet(lambda kind, text, data: told.append((kind, data)), lambda piece, s: None)
    hearing = Hearing(lambda audio: "how was your day", np.zeros(1600, np.float32), 16000)
    reply = controller.begin()
    controller.work(reply, outlet, hearing=hearing)
    marks = [data for kind, data in told if kind == "stages"]
    assert len(marks) == 1
    order = ["heard", "begun", "asked", "token", "piece", "synthesized"]
    assert set(marks[0]) == set(order)
    assert [marks[0][k] for k in order] == sorted(marks[0][k] for k in order)
    assert marks[0]["heard"] == hearing.at and controller._model.watch is None
