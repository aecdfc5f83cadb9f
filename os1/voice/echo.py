"""Not hearing herself: an adaptive echo canceller and an echo gate.

Her voice leaves the speaker and comes back into the microphone, delayed and quieter. A voice
detector cannot tell that echo from the user (it *is* speech), so before it listens:

1. ``DelayEstimator`` finds how late the echo arrives (GCC-PHAT cross-correlation of what was
   played with what was heard): sound cards add anything from 10 to 250 ms.
2. ``EchoFilter`` learns the room's short impulse response after that delay and subtracts the
   predicted echo. It is a partitioned-block frequency-domain NLMS filter, the algorithm inside
   WebRTC's echo canceller; starting at the measured delay keeps it short, so it converges in
   about a second of her speech.
3. The gate (``EchoCanceller.user``): while she plays, a frame counts as the user only if what is
   left after cancelling is clearly (``margin_db``) louder than the echo that is usually left.
   That "leak" is learned from frames of her echo alone; before anything is learned the gate
   assumes the worst (nothing is cancelled), so her first words cannot interrupt her, and the
   user can talk over her once she has spoken for about a second. The gate stops learning while
   the user may be speaking, so double talk does not teach it to ignore the user.

Measured on Piper speech through simulated rooms (20–250 ms late, with reverberation): with the
echo 6–20 dB below her playback, no false pause in 36 replies per run; with the echo as loud
as the playback (speaker at full volume next to the microphone), about one reply in six paused
once for nothing. A user speaking at her level over her is heard within 60–140 ms once she has
spoken for a second or two; earlier, only a voice louder than her echo gets through.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from os1.voice.audio import FRAME, RATE

SILENT = 1e-8  # mean square below which the playback is silence (-80 dBFS)
HOLD_FRAMES = 10  # after the user was heard, the gate waits this long before learning again
HOLD_STEP = 0.2  # while the filter learns at this fraction of its step
ATTACK = 10 ** (1.5 / 10)  # the leak may look worse by at most 1.5 dB per frame
DECAY = 0.9  # and better by about 0.5 dB per frame,
LEARNING_DECAY = 0.8  # or 1.2 dB per frame over the first frames of echo the gate hears
LEARNING_FRAMES = 30


class DelayEstimator:
    """The echo's delay in samples, from the last second of playback and microphone."""

    def __init__(self, max_delay_ms: float = 300, every_frames: int = 4, span_s: float = 1.0):
        self.max_lag = int(RATE * max_delay_ms / 1000)
        self.every = every_frames
        self.size = int(RATE * span_s)
        self.ref = np.zeros(self.size)
        self.mic = np.zeros(self.size)
        self.cross: np.ndarray | None = None
        self.count = 0
        self.delay: int | None = None
        self.candidate: int | None = None

    def push(self, mic: np.ndarray, ref: np.ndarray, playing: bool) -> int | None:
        n = len(mic)
        self.ref = np.concatenate([self.ref[n:], ref])
        self.mic = np.concatenate([self.mic[n:], mic])
        self.count += 1
        if playing and self.count % self.every == 0:
            fft = 1 << (2 * self.size - 1).bit_length()
            cross = np.conj(np.fft.rfft(self.ref, fft)) * np.fft.rfft(self.mic, fft)
            cross /= np.abs(cross) + 1e-12  # PHAT: every frequency votes equally
            self.cross = cross if self.cross is None else 0.7 * self.cross + 0.3 * cross
            lags = np.fft.irfft(self.cross, fft)[: self.max_lag]
            peak = int(np.argmax(lags))
            if lags[peak] > 6 * np.mean(np.abs(lags)):  # a clear peak, not a guess,
                if self.candidate is not None and abs(peak - self.candidate) <= 16:
                    self.delay = peak  # seen twice in a row
                self.candidate = peak
        return self.delay


class EchoFilter:
    """Partitioned-block frequency-domain NLMS: ``taps`` of impulse response, ``block`` at a time."""

    def __init__(self, taps: int = 1024, block: int = 256, step: float = 0.5):
        self.n = block
        self.parts = max(1, -(-taps // block))
        bins = block + 1
        self.W = np.zeros((self.parts, bins), np.complex128)
        self.X = np.zeros((self.parts, bins), np.complex128)
        self.power = np.full(bins, 1e-6)
        self.previous = np.zeros(block)
        self.step = step

    def reset(self) -> None:
        self.W[:] = 0

    def cancel(self, mic: np.ndarray, ref: np.ndarray, adapt: float) -> np.ndarray:
        """``mic`` minus the echo predicted from ``ref`` (both ``block`` long), learning at
        ``adapt`` times the full step."""
        n = self.n
        self.X = np.roll(self.X, 1, axis=0)
        self.X[0] = np.fft.rfft(np.concatenate([self.previous, ref]))
        self.previous = ref
        error = mic - np.fft.irfft((self.W * self.X).sum(axis=0), 2 * n)[n:]
        if adapt:
            self.power = 0.9 * self.power + 0.1 * np.abs(self.X[0]) ** 2
            gradient = np.fft.rfft(np.concatenate([np.zeros(n), error]))
            self.W += adapt * self.step * np.conj(self.X) * (gradient / (self.parts * self.power + 1e-10))
            w = np.fft.irfft(self.W, 2 * n, axis=1)
            w[:, n:] = 0  # each partition stays a linear, not circular, convolution
            self.W = np.fft.rfft(w, axis=1)
        return error


class EchoCanceller:
    """Feed each microphone frame with the playback frame of the same tick; get it cleaned,
    and ask ``user`` whether the frame may hold the user's voice."""

    LEAD = 160  # samples of impulse response kept before the measured delay (10 ms)

    def __init__(self, taps: int = 1024, block: int = 256, margin_db: float = 6.0,
                 window_frames: int = 14, leak_db: float = 0.0, max_delay_ms: float = 300):
        self.delays = DelayEstimator(max_delay_ms)
        self.filter = EchoFilter(taps, block)
        self.history = np.zeros(self.delays.max_lag + FRAME)  # recent playback, for the delay
        self.delay = 0
        self.margin = 10 ** (margin_db / 10)
        self.initial_leak = 10 ** (leak_db / 10)
        self.leak = self.initial_leak  # echo energy left after cancelling / playback energy
        self.leak_predicted = 1.0  # echo left / echo the filter predicted: learned too
        self.learned = 0  # frames of her echo alone the leak was learned from
        self.floor = 1e-7  # the microphone's noise energy
        self.playback: deque[float] = deque([0.0] * window_frames, maxlen=window_frames)
        self.user = True  # the gate's last verdict
        self.hold = 0  # frames left before the gate learns again

    def process(self, mic: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """The microphone frame minus the predicted echo of ``ref`` (what was just played)."""
        mic = np.asarray(mic, np.float64)
        ref = np.asarray(ref, np.float64)
        self.playback.append(float(np.mean(ref * ref)))
        playing = self.playing() >= SILENT
        self.history = np.concatenate([self.history[len(ref):], ref])
        found = self.delays.push(mic, ref, playing)
        if found is not None and abs(max(found - self.LEAD, 0) - self.delay) > 16:
            self.delay = max(found - self.LEAD, 0)
            self.filter.reset()  # a new delay: the learned response no longer lines up,
            self.leak = max(self.leak, self.initial_leak)  # and what it left is unknown again
            self.leak_predicted = 1.0
            self.learned = 0
        if not playing and not self.filter.W.any():
            self._gate(mic, mic)
            return mic.astype(np.float32)  # nothing played yet: nothing to cancel
        end = len(self.history) - self.delay
        delayed = self.history[end - len(ref):end]
        # While the user may be speaking the filter keeps learning, slowly: stopping outright
        # would freeze a filter that has yet to learn part of her voice, and the gate would go
        # on taking that part for the user.
        adapt = (0.0 if self.playback[-1] < SILENT else HOLD_STEP if self.hold else 1.0)
        n = self.filter.n
        cleaned = np.concatenate([self.filter.cancel(mic[i:i + n], delayed[i:i + n], adapt)
                                  for i in range(0, len(mic), n)])
        if np.mean(cleaned * cleaned) > np.mean(mic * mic):
            cleaned = mic  # the filter guessed an echo that was not there: never make it worse
        self._gate(mic, cleaned)
        return cleaned.astype(np.float32)

    def playing(self) -> float:
        """Energy of the loudest recent playback frame: its echo may be arriving now."""
        return max(self.playback)

    def _gate(self, mic: np.ndarray, cleaned: np.ndarray) -> None:
        heard, left = float(np.mean(mic * mic)), float(np.mean(cleaned * cleaned))
        predicted = float(np.mean((mic - cleaned) ** 2))  # the echo the filter removed
        playing = self.playing()
        if playing < SILENT:
            self.floor = min(self.floor * 1.01, max(heard, 1e-12))  # the room, while she is quiet
            self.user = True  # she is silent: anything heard is the user (or the room)
            return
        # What may be left of her echo: a share of the loudest recent playback (safe while the
        # filter is still learning), and a share of the echo the filter just predicted (which
        # follows her voice's sudden onsets, where the first figure lags).
        residual = max(self.leak * playing, self.leak_predicted * predicted)
        self.user = left > self.margin * residual + 4 * self.floor
        self.hold = HOLD_FRAMES if self.user else max(self.hold - 1, 0)
        if self.hold:
            return
        # Only her echo in this frame: learn what is left of it. Worse is believed quickly but
        # not at once (so the rising onset of the user's voice cannot teach the gate to ignore
        # it), better slowly; faster over the first frames, while the filter converges.
        decay = LEARNING_DECAY if self.learned < LEARNING_FRAMES else DECAY
        self.learned += 1
        self.leak = _track(self.leak, left / playing, decay)
        if predicted > self.floor:
            self.leak_predicted = _track(self.leak_predicted, left / predicted, decay)


def _track(level: float, ratio: float, decay: float) -> float:
    if ratio > level:
        return min(ratio, level * ATTACK)
    return decay * level + (1 - decay) * ratio
