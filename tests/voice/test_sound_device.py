"""The microphone-and-speaker device, against a stand-in for sounddevice (there is no sound card
here): frames go out through the callback, frames come back in, in step."""

import sys
import threading
import time
import types

import numpy as np
import pytest
from click.testing import CliRunner

from os1 import config
from os1.cli import main
from os1.voice.audio import FRAME, RATE
from os1.voice.devices import NoAudio, SoundDevice


class Card:
    """A sound card whose microphone hears a loopback of the speaker, one block late."""

    def __init__(self):
        self.played = []
        self.fail = False

    def module(self):
        card = self
        sd = types.ModuleType("sounddevice")

        def check(**kwargs):
            if card.fail:
                raise RuntimeError("Error querying device -1")

        class Stream:
            def __init__(self, samplerate, blocksize, channels, dtype, latency, callback):
                assert (samplerate, blocksize, channels) == (RATE, FRAME, 1)
                self.callback, self.running = callback, False

            def start(self):
                self.running = True
                threading.Thread(target=self._run, daemon=True).start()

            def _run(self):
                last = np.zeros((FRAME, 1), np.float32)
                while self.running:
                    out = np.zeros((FRAME, 1), np.float32)
                    self.callback(last.copy(), out, FRAME, None, None)
                    card.played.append(out[:, 0].copy())
                    last = out
                    time.sleep(FRAME / RATE)

            def stop(self):
                self.running = False

            def close(self):
                pass

        def play(samples, rate):
            card.played.append(np.asarray(samples))

        sd.check_input_settings = sd.check_output_settings = check
        sd.Stream, sd.play, sd.wait = Stream, play, lambda: None
        return sd


@pytest.fixture
def card(monkeypatch):
    card = Card()
    monkeypatch.setitem(sys.modules, "sounddevice", card.module())
    return card


def test_frames_go_out_and_come_back_in_step(card):
    device = SoundDevice()
    try:
        sent = [np.full(FRAME, i / 100, np.float32) for i in range(1, 30)]
        heard = [device.exchange(frame) for frame in sent]
    finally:
        device.close()
    played = [round(float(p[0]) * 100) for p in card.played]
    played = [level for level in played if level]
    assert played == list(range(1, len(played) + 1))  # what was sent is played, in order
    levels = [level for level in (round(float(h[0]) * 100) for h in heard if h is not None) if level]
    assert levels == list(range(1, len(levels) + 1)) and len(levels) >= 20  # and heard back


def test_no_device_is_one_clear_error(card):
    card.fail = True
    with pytest.raises(NoAudio, match=r"--in question\.wav --out reply\.wav"):
        SoundDevice()


def test_say_plays_through_the_speaker(card, monkeypatch):
    config.save_setting("voice.tts", "fake")
    result = CliRunner().invoke(main, ["say", "Hello there."], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(card.played) == 1 and np.abs(card.played[0]).max() > 0.05
