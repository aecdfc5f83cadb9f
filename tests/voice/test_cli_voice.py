"""``os1 say`` and ``os1 talk`` through the real CLI, with the fake model, voice and ears."""

import json

import numpy as np
import pytest

from os1 import config
from os1.memory.store import open_store
from os1.voice.audio import RATE, energy, read_wav, silence, write_wav
from os1.voice.tts import FakeSynthesizer


@pytest.fixture(autouse=True)
def fake_voice():
    for key, value in (("voice.asr", "fake"), ("voice.tts", "fake"), ("voice.vad", "energy")):
        config.save_setting(key, value)


def test_say_writes_her_voice(run, tmp_path):
    out = tmp_path / "hello.wav"
    result = run("say", "Hello, Theodore.", "It's good to hear you.", "--out", str(out))
    assert result.exit_code == 0, result.output
    samples, rate = read_wav(out)
    assert rate == FakeSynthesizer.rate and energy(samples) > 1e-3
    assert 1.0 < len(samples) / rate < 5.0


def test_say_without_a_speaker_says_what_to_do(run):
    result = run("say", "hello")
    assert result.exit_code == 1
    assert "no speaker found" in result.output and "--out" in result.output


def test_talk_without_a_sound_card_suggests_files(run):
    result = run("talk")
    assert result.exit_code == 1
    assert "no microphone and speaker found" in result.output and "--in" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_talk_through_files(run, tmp_path):
    config.save_setting("fake.replies", ["I'm here. Tell me everything."])
    question = tmp_path / "question.wav"
    spoken = FakeSynthesizer().synthesize("how are you tonight")
    write_wav(question, np.concatenate([silence(400), spoken, silence(200)]), RATE)
    reply = tmp_path / "reply.wav"
    result = run("talk", "--in", str(question), "--out", str(reply), "--no-realtime")
    assert result.exit_code == 0, result.output
    assert "you: hello" in result.output  # the fake ears always hear "hello"
    assert "OS1: I'm here. Tell me everything." in result.output
    samples, rate = read_wav(reply)
    assert rate == RATE and energy(samples) > 1e-4
    # only what she said: her voice from the first frame, none of the time she listened
    assert energy(samples[:int(0.05 * RATE)]) > 1e-8 and energy(samples[-int(0.05 * RATE):]) > 0
    said = FakeSynthesizer().synthesize("I'm here. Tell me everything.")
    assert len(samples) < len(said) * RATE / FakeSynthesizer.rate + 2 * RATE
    began = float(result.output.split("she began ")[1].split(" s")[0])
    assert began >= (0.4 * RATE + len(spoken)) / RATE  # and it says where that time went
    store = open_store()
    turns = store.recent_turns(store.user(), 10)
    assert [(t.role, t.content) for t in turns] == [("user", "hello"),
                                                    ("assistant", "I'm here. Tell me everything.")]


def test_talk_aligned_keeps_her_voice_in_time_with_the_recording(run, tmp_path):
    config.save_setting("fake.replies", ["I'm here."])
    spoken = FakeSynthesizer().synthesize("how are you tonight")
    question = write_wav(tmp_path / "q.wav", np.concatenate([silence(400), spoken, silence(200)]),
                         RATE)
    reply = tmp_path / "reply.wav"
    result = run("talk", "--in", str(question), "--out", str(reply), "--aligned", "--no-realtime")
    assert result.exit_code == 0, result.output
    samples, _ = read_wav(reply)
    listening = int(0.4 * RATE) + len(spoken)
    assert energy(samples[:listening]) < 1e-8  # she was quiet while she listened
    assert energy(samples[listening:]) > 1e-4 and "in time with your recording" in result.output


def test_talk_wants_both_files(run, tmp_path):
    question = write_wav(tmp_path / "q.wav", silence(100), RATE)
    result = run("talk", "--in", str(question))
    assert result.exit_code == 2 and "--in and --out together" in result.output


def test_bench_asr_reads_a_folder(run, tmp_path):
    write_wav(tmp_path / "a.wav", FakeSynthesizer().synthesize("hello there"), RATE)
    (tmp_path / "transcripts.jsonl").write_text(json.dumps({"file": "a.wav", "text": "Hello!"})
                                               + "\n")
    result = run("bench", "asr", "--data", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["words"] == 1 and data["wer"] == 0.0 and data["rtf"] >= 0


def test_bench_asr_without_transcripts_says_what_to_add(run, tmp_path):
    result = run("bench", "asr", "--data", str(tmp_path))
    assert result.exit_code == 1 and "transcripts.jsonl" in result.output


def test_what_she_said_keeps_short_pauses_and_cuts_long_silences():
    from os1.voice.audio import FRAME
    from os1.voice.devices import VirtualDevice

    device = VirtualDevice()
    tone = np.full(FRAME, 0.1, np.float32)
    quiet = np.zeros(FRAME, np.float32)
    for frame in [quiet] * 100 + [tone] * 10 + [quiet] * 5 + [tone] * 10 + [quiet] * 300 + [tone]:
        device.exchange(frame)
    said = device.spoken(gap_s=0.5)
    assert len(said) == 21 * FRAME + 5 * FRAME + int(0.5 * RATE)
    assert energy(said[:FRAME]) > 0 and energy(said[-FRAME:]) > 0
    assert device.first_spoken_s == 100 * FRAME / RATE


@pytest.mark.slow
def test_talk_goes_through_mail_and_sends_a_reply_only_on_a_spoken_yes(run, tmp_path, monkeypatch):
    """Typed words through the real ``os1 talk`` (``voice.heard``), with a real SMTP server."""
    from os1.mail import credentials
    from tests.mail.servers import Smtp

    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "a passphrase of mine")
    box = tmp_path / "inbox.mbox"
    box.write_text("From ann@example.org Mon Mar  5 08:23:00 2001\nFrom: Ann Lee <ann@example.org>\n"
                   "To: theo@example.com\nSubject: Budget\nMessage-ID: <b1@example.org>\n\n"
                   "Could you send me the revised budget by Friday?\n")
    heard = ["Go through my mail.", "Reply to the first one.", "Yes, send it."]
    config.save_setting("voice.heard", heard)
    config.save_setting("fake.replies", ["I'll send it over tonight."])
    # A reply begun in a pause takes the fake model's scripted reply even when the turn then
    # goes to a tool and throws it away; this test is about the mail, so it is left out.
    config.save_setting("voice.speculate", False)
    spoken = FakeSynthesizer().synthesize("go through my mail")
    one = np.concatenate([silence(400), spoken, silence(40000)])
    question = tmp_path / "question.wav"
    write_wav(question, np.concatenate([one] * 3), RATE)
    with Smtp() as smtp:
        run("mail", "add-account", "--address", "theo@example.com", "--user", "theo",
            "--smtp", f"127.0.0.1:{smtp.port}", "--smtp-security", "none", "--password-stdin",
            input="pw\n")
        run("mail", "import", str(box))
        result = run("talk", "--in", str(question), "--out", str(tmp_path / "reply.wav"),
                     "--no-realtime")
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert all(f"you: {h}" in said for h in heard)
        assert 'Ann Lee: "Budget" (needs a reply).' in said and "Shall I send it?" in said
        assert "Sent to ann@example.org." in said
        (_, recipients, raw), = smtp.received
        assert recipients == ["ann@example.org"] and b"I'll send it over tonight." in raw
    assert "send_mail" in run("activity").output
