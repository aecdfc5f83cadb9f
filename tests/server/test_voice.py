"""Talking with the companion through the server: audio in over the live WebSocket, what was
heard, the reply streamed as text and as audio, cut short by ``stop``; and the user's clock."""

import time

import numpy as np
import pytest

from os1.config import VoiceSettings
from os1.models.fake import FakeModel
from os1.server.app import create_app
from os1.voice.asr import FakeRecognizer
from os1.voice.audio import RATE
from os1.voice.tts import FakeSynthesizer
from tests.server.conftest import live, make_service, only_user, sign_up


def speech(seconds: float, rate: int) -> bytes:
    """Something for the fake recognizer to hear: a tone, as 16-bit samples."""
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2").tobytes()


def until_done(ws):
    """Every message up to and including ``done``; binary frames as bytes."""
    got = []
    while True:
        raw = ws.receive()
        if raw.get("bytes") is not None:
            got.append(raw["bytes"])
            continue
        message = __import__("json").loads(raw["text"])
        got.append(message)
        if message["type"] == "done":
            return got


@pytest.fixture
def voiced(tmp_path):
    ears = FakeRecognizer(["My sister Anna is visiting next week."])
    model = FakeModel(["How lovely! When does Anna arrive? I hope you two have time to talk."])
    service = make_service(tmp_path, model=model, backends=(ears, FakeSynthesizer()))
    yield service, ears, sign_up(create_app(service), "theo@example.com")
    service.store.close()


def test_a_spoken_turn_is_heard_answered_and_said(voiced):
    service, ears, client = voiced
    with client.websocket_connect("/api/live") as ws:
        hello = ws.receive_json()
        assert hello["type"] == "hello" and hello["voice"] is True
        ws.send_json({"type": "voice", "rate": 48000})
        pcm = speech(1.5, 48000)
        for at in range(0, len(pcm), 8192):  # as the browser sends it, a little at a time
            ws.send_bytes(pcm[at:at + 8192])
        ws.send_json({"type": "voice_end"})
        got = until_done(ws)
    kinds = [m["type"] if isinstance(m, dict) else "pcm" for m in got]
    assert kinds[0] == "heard" and got[0]["text"] == "My sister Anna is visiting next week."
    assert got[-1]["status"] == "complete"
    text = "".join(m["text"] for m in got if isinstance(m, dict) and m["type"] == "token")
    assert text == "How lovely! When does Anna arrive? I hope you two have time to talk."
    # each sentence: its text and rate, then exactly its samples as 16-bit audio
    said = [(m, got[i + 1]) for i, m in enumerate(got) if isinstance(m, dict)
            and m["type"] == "audio"]
    assert [m["text"] for m, _ in said] == ["How lovely!", "When does Anna arrive?",
                                            "I hope you two have time to talk."]
    for message, pcm_out in said:
        assert kinds[got.index(message) + 1] == "pcm"
        assert message["rate"] == FakeSynthesizer.rate
        assert len(pcm_out) == 2 * message["samples"] and np.abs(
            np.frombuffer(pcm_out, "<i2")).max() > 1000
    # the recognizer got the whole utterance, at its own rate
    assert abs(len(ears.heard[0]) - 1.5 * RATE) <= 1
    user = only_user(service)
    turns = service.store.recent_turns(user, 2)
    assert [t.content for t in turns] == ["My sister Anna is visiting next week.", text]


def test_stop_cuts_a_spoken_reply(tmp_path):
    long = " ".join(f"Sentence number {i} is here." for i in range(200))
    service = make_service(tmp_path, model=FakeModel([long], delay=0.02),
                           backends=(FakeRecognizer(["Tell me a long story."]), FakeSynthesizer()))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 16000})
        ws.send_bytes(speech(1, 16000))
        ws.send_json({"type": "voice_end"})
        while ws.receive_json()["type"] != "audio":
            pass
        ws.send_json({"type": "stop"})
        got = until_done(ws)
    assert got[-1]["status"] == "interrupted"
    spoken = [m for m in got if isinstance(m, dict) and m["type"] == "audio"]
    assert len(spoken) < 50
    user = only_user(service)
    assert service.store.recent_turns(user, 1)[0].status == "interrupted"
    service.store.close()


def test_a_typed_turn_can_be_said_aloud(voiced):
    _, _, client = voiced
    with client.websocket_connect("/api/live") as ws:
        ws.receive_json()
        ws.send_json({"type": "turn", "text": "Hello!", "speak": True})
        got = until_done(ws)
    assert sum(isinstance(m, bytes) for m in got) == 3 and got[-1]["status"] == "complete"


def test_silence_and_bad_audio_get_clear_answers(tmp_path):
    service = make_service(tmp_path, backends=(FakeRecognizer(["", "hello"]), FakeSynthesizer()))
    with live(service) as ws:
        ws.send_bytes(b"\0\0" * 100)  # audio before saying its rate
        assert "before audio" in ws.receive_json()["detail"]
        for rate in (44, "48000", None, 192000):
            ws.send_json({"type": "voice", "rate": rate})
            assert "sample rate" in ws.receive_json()["detail"]
        ws.send_text("not json")
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "voice", "rate": 16000})  # heard nothing
        ws.send_bytes(speech(1, 16000))
        ws.send_json({"type": "voice_end"})
        assert until_done(ws) == [{"type": "heard", "text": ""},
                                  {"type": "done", "status": "unheard"}]
        ws.send_json({"type": "voice", "rate": 8000})  # over a minute: one error, then quiet
        for _ in range(70):
            ws.send_bytes(speech(1, 8000))
        ws.send_json({"type": "voice_end"})
        assert until_done(ws) == [
            {"type": "error", "detail": "speak for at most 60 seconds at a time."},
            {"type": "done", "status": "too long"}]
        ws.send_json({"type": "turn", "text": "still there?"})
        assert until_done(ws)[-1]["status"] == "complete"
    user = only_user(service)
    assert [t.content for t in service.store.recent_turns(user, 5) if t.role == "user"] == \
        ["still there?"]
    service.store.close()


def test_conversations_taking_in_speech_are_bounded_apart(tmp_path):
    service = make_service(tmp_path, server={"audio_conversations": 1},
                           backends=(FakeRecognizer(["Hello there.", "And you?"]),
                                     FakeSynthesizer()))
    app = create_app(service)
    theo, ana = sign_up(app, "theo@example.com"), sign_up(app, "ana@example.com")
    with theo.websocket_connect("/api/live") as a, ana.websocket_connect("/api/live") as b:
        assert a.receive_json()["type"] == b.receive_json()["type"] == "hello"
        a.send_json({"type": "voice", "rate": 16000})
        a.send_bytes(speech(1, 16000))
        b.send_json({"type": "voice", "rate": 16000})  # the one place is taken: refused
        assert b.receive_json() == {"type": "error", "detail": "OS1 is listening to as many "
                                    "people as it can right now; type, or try speaking again "
                                    "in a minute."}
        b.send_json({"type": "turn", "text": "Typing works."})  # typing still does
        assert until_done(b)[-1]["status"] == "complete"
        a.send_json({"type": "voice_end"})
        assert until_done(a)[-1]["status"] == "complete"
        assert service.listening.held() == 0  # heard and answered: the place is free
        b.send_json({"type": "voice", "rate": 16000})
        b.send_bytes(speech(1, 16000))
        b.send_json({"type": "voice_end"})
        got = until_done(b)
        assert got[0] == {"type": "heard", "text": "And you?"} and got[-1]["status"] == "complete"
        a.send_json({"type": "voice", "rate": 16000})  # a conversation that ends mid-speech
        a.send_bytes(speech(1, 16000))
    assert service.listening.held() == 0 and service.sockets.held() == 0  # gives it back
    service.store.close()


def test_a_server_without_voice_says_so(tmp_path):
    service = make_service(tmp_path, voice=VoiceSettings(asr="none-installed"))
    client = sign_up(create_app(service), "theo@example.com")
    with client.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["voice"] is False
        ws.send_json({"type": "voice", "rate": 16000})
        assert "cannot hear" in ws.receive_json()["detail"]
    service.store.close()


def test_the_users_own_clock(tmp_path):
    service = make_service(tmp_path)
    client = sign_up(create_app(service), "theo@example.com")
    assert client.get("/api/settings").json()["timezone"] is None
    assert client.patch("/api/settings", json={"timezone": "Mars/Olympus"}).status_code == 422
    assert client.patch("/api/settings", json={"timezone": "../../etc/passwd"}).status_code == 422
    settings = client.patch("/api/settings", json={"timezone": "Asia/Tokyo"}).json()
    assert settings["timezone"] == "Asia/Tokyo"
    user = only_user(service)
    now = service.companion(user).local_now()
    assert now.utcoffset().total_seconds() == 9 * 3600
    service.store.close()


def test_a_stop_sent_before_its_turn_began_still_counts(tmp_path):
    model = FakeModel([" ".join(f"w{i}" for i in range(300))] * 2, delay=0.01)
    service = make_service(tmp_path, model=model)
    with live(service) as ws:
        ws.send_json({"type": "turn", "text": "Talk for a long time"})
        ws.send_json({"type": "stop"})
        done = until_done(ws)[-1]
        assert done["status"] in ("stopped", "interrupted")
        ws.send_json({"type": "turn", "text": "And now?"})  # a later turn is not stopped
        assert until_done(ws)[-1]["status"] == "complete"
    service.store.close()


def test_what_she_said_aloud_is_what_is_kept(voiced):
    service, _, client = voiced
    with client.websocket_connect("/api/live") as ws:
        ws.receive_json()
        ws.send_json({"type": "voice", "rate": 16000})
        ws.send_bytes(speech(1, 16000))
        ws.send_json({"type": "voice_end"})
        got = until_done(ws)
        assert got[-1]["status"] == "complete"
        # the browser had begun one of her three sentences when the user cut in
        ws.send_json({"type": "stop", "played": 1})
        ws.send_json({"type": "turn", "text": "sorry, go on"})
        until_done(ws)
    user = only_user(service)
    reply = service.store.recent_turns(user, 4)[1]
    assert (reply.content, reply.status) == ("How lovely!", "interrupted")


def test_no_audio_follows_a_stop(tmp_path):
    class Slow(FakeSynthesizer):
        def synthesize(self, text, prosody=None):
            time.sleep(0.2)
            return super().synthesize(text)

    long = " ".join(f"Sentence number {i} is here." for i in range(20))
    service = make_service(tmp_path, model=FakeModel([long]),
                           backends=(FakeRecognizer(["Tell me a story."]), Slow()))
    with live(service) as ws:
        ws.send_json({"type": "turn", "text": "Tell me a story.", "speak": True})
        while ws.receive_json()["type"] != "audio":
            pass
        ws.receive_bytes()
        ws.send_json({"type": "stop"})
        got = until_done(ws)
    assert not [m for m in got if isinstance(m, bytes) or m["type"] == "audio"]
    service.store.close()


def test_at_most_two_turns_wait_while_she_answers(tmp_path):
    model = FakeModel([" ".join(f"w{i}" for i in range(100))] * 5, delay=0.01)
    service = make_service(tmp_path, model=model)
    with live(service) as ws:
        ws.send_json({"type": "turn", "text": "message 0"})
        got = [ws.receive_json()]  # she has begun to answer
        for n in range(1, 5):
            ws.send_json({"type": "turn", "text": f"message {n}"})
        while sum(m["type"] == "done" for m in got) < 3:
            got.append(ws.receive_json())
    # one answered, two waited, and the rest were told to wait
    assert [m["detail"] for m in got if m["type"] == "error"] == \
        ["wait for my answer before sending more."] * 2
    user = only_user(service)
    asked = [t.content for t in service.store.recent_turns(user, 10) if t.role == "user"]
    assert asked == ["message 0", "message 1", "message 2"]
    service.store.close()


class Growing:
    """Hears as many of the sentence's words as the audio is long (about 3 a second)."""

    name = model_id = "growing"
    sentence = "my sister anna is visiting next week and i want to cook for her"

    def transcribe(self, samples):
        words = self.sentence.split()
        return " ".join(words[:max(1, min(len(words), int(len(samples) / RATE * 3.4)))])


class Reading(FakeModel):
    """A fake model that can read ahead, and notes what it was given to read."""

    def __init__(self, replies):
        super().__init__(replies)
        self.read: list[str] = []

    def warm(self, messages, stop=None):
        self.read.append(messages[-1].content)


def test_while_the_button_is_held_the_model_reads_the_words_so_far(tmp_path):
    from tests.server.conftest import wait_for

    model = Reading(["That is so kind of you."])
    service = make_service(tmp_path, model=model, backends=(Growing(), FakeSynthesizer()))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 48000})
        pcm = speech(4.5, 48000)
        first = int(1.2 * 48000) * 2
        ws.send_bytes(pcm[:first])
        assert wait_for(lambda: model.read)  # a guess at the first second, read ahead
        for at in range(first, len(pcm), 8192):
            ws.send_bytes(pcm[at:at + 8192])
        ws.send_json({"type": "voice_end"})
        got = until_done(ws)
    assert got[0]["text"] == Growing.sentence and got[-1]["status"] == "complete"
    assert model.read[0] == "my sister anna is"  # about a second of it
    # as in ``os1 talk``, once her reply is written the model reads the next turn's beginning
    assert wait_for(lambda: model.read[-1] == "That is so kind of you.")
    assert all(Growing.sentence.startswith(words) for words in model.read[:-1])
    service.store.close()


def quiet(seconds: float, rate: int) -> bytes:
    return bytes(2 * int(seconds * rate))


def test_hands_free_the_server_decides_when_the_turn_is_over(tmp_path):
    ears = FakeRecognizer(["My sister Anna is visiting next week."])
    service = make_service(tmp_path, model=FakeModel(["How lovely!"]),
                           backends=(ears, FakeSynthesizer()),
                           voice=VoiceSettings(vad="energy", turn_end="fake"))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 48000, "hands_free": True})
        pcm = quiet(0.5, 48000) + speech(1.5, 48000) + quiet(0.6, 48000)
        for at in range(0, len(pcm), 8192):
            ws.send_bytes(pcm[at:at + 8192])
        assert ws.receive_json()["type"] == "listening"
        assert ws.receive_json()["type"] == "turn_end"
        got = until_done(ws)
        ws.send_json({"type": "voice_end"})
    assert got[0] == {"type": "heard", "text": "My sister Anna is visiting next week."}
    assert got[-1]["status"] == "complete"
    # the end-of-turn rule ended it after a short quiet, well before end_silence_ms (700)
    assert 1.5 * RATE <= len(ears.heard[0]) <= (0.5 + 1.5 + 0.4) * RATE
    service.store.close()


def test_hands_free_speaking_over_her_stops_her(tmp_path):
    long = " ".join(f"Sentence number {i} is here." for i in range(200))
    service = make_service(tmp_path, model=FakeModel([long, "Sure."], delay=0.02),
                           backends=(FakeRecognizer(["Tell me a long story.", "Wait."]),
                                     FakeSynthesizer()),
                           voice=VoiceSettings(vad="energy", turn_end="fake"))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 16000, "hands_free": True})
        ws.send_bytes(quiet(0.3, 16000) + speech(1, 16000) + quiet(0.5, 16000))
        while ws.receive_json()["type"] != "audio":
            pass
        ws.send_bytes(speech(1, 16000) + quiet(0.5, 16000))  # talking over her
        seen = []
        while (message := ws.receive()) is not None:
            if message.get("text"):
                seen.append(__import__("json").loads(message["text"]))
                if seen[-1]["type"] == "done" and seen[-1].get("status") == "complete":
                    break
        ws.send_json({"type": "voice_end"})
    kinds = [m["type"] for m in seen]
    assert "barge_in" in kinds
    statuses = [m["status"] for m in seen if m["type"] == "done"]
    assert statuses == ["interrupted", "complete"]
    heard = [m["text"] for m in seen if m["type"] == "heard"]
    assert heard == ["Wait."]
    service.store.close()


def test_how_much_was_played_reaches_the_reply_cut_even_after_the_next_one_is_said(tmp_path):
    """Hands-free, the browser's count of what it played can come after the words that cut
    in were answered: it is for the reply that was cut, and it stops nothing."""
    ears = FakeRecognizer(["Tell me about the sea.", "Wait, what about rivers?"])
    model = FakeModel(["The sea is wide. It is deep. It is old. It is blue.", "Rivers run."])
    service = make_service(tmp_path, model=model, backends=(ears, FakeSynthesizer()),
                           voice=VoiceSettings(vad="energy", turn_end="fake"))
    with live(service) as ws:
        ws.send_json({"type": "voice", "rate": 16000, "hands_free": True})
        ws.send_bytes(quiet(0.5, 16000) + speech(1.5, 16000) + quiet(0.6, 16000))
        until_done(ws)
        ws.send_bytes(speech(1.5, 16000) + quiet(0.6, 16000))  # cuts in, and is answered
        got = until_done(ws)
        assert {"type": "barge_in"} in got and got[-1]["status"] == "complete"
        ws.send_json({"type": "played", "played": 2})  # late: the first reply's count
        ws.send_json({"type": "turn", "text": "and lakes?"})
        assert until_done(ws)[-1]["status"] == "complete"
        ws.send_json({"type": "voice_end"})
    turns = service.store.recent_turns(only_user(service), 10)
    assert [(t.content, t.status) for t in turns if t.role == "assistant"][:2] == [
        ("The sea is wide. It is deep.", "interrupted"), ("Rivers run.", "complete")]
    service.store.close()
