"""The echo canceller and gate, on her (fake) voice through a simulated room."""

import numpy as np
import pytest

from os1.voice.audio import FRAME, RATE, db, frames, silence
from os1.voice.devices import EchoPath, VirtualDevice
from os1.voice.echo import EchoCanceller
from os1.voice.tts import FakeSynthesizer

HER = ("Hello Theodore. It is lovely to hear your voice again. Tell me about your day, I want "
       "to hear everything, every little thing that happened.")


def through_room(her, room, user=None, user_at=0.0):
    device = VirtualDevice(echo=room, noise_db=-65)
    if user is not None:
        device.inject(user, at_s=user_at)
    aec = EchoCanceller()
    cleaned, verdicts = [], []
    for frame in frames(np.concatenate([her, silence(1000)])):
        cleaned.append(aec.process(device.exchange(frame), frame))
        verdicts.append(aec.user)
    return aec, np.concatenate(cleaned), np.array(verdicts)


@pytest.mark.parametrize("delay_ms, attenuation_db", [(20, -6), (80, -12), (200, -20)])
def test_it_finds_the_delay_and_cancels_her_voice(delay_ms, attenuation_db):
    her = FakeSynthesizer().synthesize(HER)
    room = EchoPath(delay_ms, attenuation_db, seed=3)
    aec, cleaned, verdicts = through_room(her, room)
    assert abs(aec.delays.delay - delay_ms * RATE / 1000) <= 16
    echo = VirtualDevice(echo=room, noise_db=None)
    heard = np.concatenate([echo.exchange(f) for f in frames(her)])
    late = slice(len(her) // 2, len(her))  # once the filter has converged
    assert db(heard[late]) - db(cleaned[late]) > 15  # at least 15 dB of echo removed
    assert not verdicts[: len(her) // FRAME].any()  # and never taken for the user


def test_the_user_over_her_voice_passes_the_gate():
    synth = FakeSynthesizer()
    her = synth.synthesize(HER)
    user = synth.synthesize("wait wait there is something I need to say")
    at = 3.0
    _, _, verdicts = through_room(her, EchoPath(60, -10, seed=1), user, at)
    onset = int(at * RATE / FRAME)
    assert verdicts[onset:onset + 4].any()  # heard within 4 frames (128 ms)
    assert not verdicts[:onset].any()
