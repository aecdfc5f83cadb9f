"""A spoken conversation: the real-time loop around the companion.

Every 32 ms tick one frame of her voice goes out and one frame of the microphone comes in. The
frame is cleaned of her echo, scored by the voice detector and cut into utterances. An utterance
goes to a worker thread: recognise → ``companion.turn`` → sentences → synthesize, each sentence
queued for playing as soon as it is ready, so she starts speaking before the reply is written.

The user's turn ends after ``end_silence_ms`` of quiet, or sooner. With an end-of-turn model
(``turn.SmartTurn``) it is asked after ``turn_quiet_ms`` of quiet, and again as the quiet grows,
whether the voice sounds finished; she answers as soon as it says so. With the quiet rule,
recognition starts after 250 ms of quiet, and if the words already sound finished (a whole
sentence or a question, not trailing off on "and…"), she answers then ("quick end"). A pause
the user meant to go on from is then an interruption, which she handles like any other.

While the quiet is judged, the words of the pause are heard (from 250 ms with the quiet rule,
``voice.hear_after_ms`` with an end-of-turn model), and her reply begins
on them (``Controller.speculate``): if the turn does end there with the same words, she has
only to speak; if the user goes on, it is thrown away and the next pause begins again.

Barge-in: if the user starts speaking while she talks, playback pauses at once (within a few
frames of the onset). Speech that goes on for ``barge_in_ms`` stops her: playback is dropped and
the turn's generator is closed, so the model stops and the reply is stored as interrupted. A
shorter sound is recognised: nothing, a cough or a backchannel ("mm-hm", "yeah") lets her go on
where she paused; real words ("wait") stop her and become the user's next turn. What that
means for the reply (what is kept of it) is the voice turn controller's, shared with the web.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from os1.config import VoiceSettings
from os1.mind.turn import Companion
from os1.voice.asr import Recognizer
from os1.voice.audio import FRAME, RATE
from os1.voice.controller import Controller, Hearing, Outlet, Reply
from os1.voice.devices import Device
from os1.voice.echo import EchoCanceller
from os1.voice.player import Player
from os1.voice.tts import Synthesizer
from os1.voice.listen import EARLY_MS, early_ms, pause_reached
from os1.voice.turn import EndOfTurn, QuietRule, ask_now
from os1.voice.vad import Segmenter, VoiceDetector
from os1.voice.words import is_backchannel, sounds_finished


@dataclass
class Event:
    """Something that happened, stamped with audio time ``t`` (s) and ``wall`` (perf_counter).

    kinds: speech_start, guess, speculate, speculation (what became of it), ignored, heard,
    first_audio, saying, paused, resumed, barge_in, turn_done, error."""

    kind: str
    t: float
    wall: float
    text: str = ""
    data: dict = field(default_factory=dict)


class Judging:
    """The end-of-turn model's answer for one moment of a pause, in its own thread."""

    def __init__(self, rule: EndOfTurn, audio: np.ndarray, notify: Callable[[], None]):
        self.finished, self.ms = False, 0.0
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(rule, audio, notify), daemon=True,
                         name="os1-voice-turn").start()

    def _run(self, rule: EndOfTurn, audio: np.ndarray, notify: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            self.finished = rule.finished(audio)
        except Exception:  # a broken model leaves the decision to the quiet
            self.finished = False
        self.ms = (time.perf_counter() - started) * 1000
        self.done.set()
        notify()


class VoiceSession:
    """Talk with ``companion`` through ``device`` until the input ends (or ``until`` says so).

    The terminal's door to ``controller.Controller``: it runs the clock, the echo canceller,
    the voice detector, the end-of-turn rule and the player, and tells the controller when the
    user's turn is over, when they talked over her and when each piece began playing."""

    def __init__(self, companion: Companion, session_id: int, device: Device,
                 recognizer: Recognizer, synthesizer: Synthesizer, detector: VoiceDetector,
                 settings: VoiceSettings | None = None,
                 on_event: Callable[[Event], None] | None = None,
                 end_of_turn: EndOfTurn | None = None):
        self.companion, self.session_id, self.device = companion, session_id, device
        self.recognizer, self.synthesizer, self.detector = recognizer, synthesizer, detector
        self.settings = s = settings or VoiceSettings()
        self.end_of_turn = end_of_turn or QuietRule(s.end_silence_ms)
        self.on_event = on_event
        self.segmenter = Segmenter(end_silence_ms=s.end_silence_ms, min_speech_ms=s.min_speech_ms)
        self.echo = EchoCanceller() if s.echo_cancel else None
        self.player = Player()
        self.events: list[Event] = []
        self.posted: queue.Queue = queue.Queue()  # (kind, reply, text, payload) from workers
        self.wake = threading.Condition()
        self.controller = Controller(companion, session_id, synthesizer, s.anticipate, RATE,
                                     self._notify, s.speculate)
        self.interrupting = False  # the user spoke over her and we are deciding what it was
        self.check: Hearing | None = None  # a short sound over her voice, being recognised
        self.early: Hearing | None = None  # the utterance so far, recognised while waiting for
        # the silence that ends it: when it does end, the words are already there
        self.judging: Judging | None = None  # the end-of-turn model, asked in this pause
        self.judged_ms = 0.0  # the quiet it was last asked at
        self.frames = 0
        self.hearings: list[threading.Event] = []  # recognition and end-of-turn calls begun
        self.announcements: list[str] = []  # words to say when she is free (a due reminder)

    @property
    def turns(self) -> list[Reply]:
        """Her replies not yet over (being written or said)."""
        return self.controller.replies

    # ---- the loop ----------------------------------------------------------------------------

    def run(self, until: Callable[[VoiceSession], bool] | None = None,
            max_s: float = 3600.0) -> list[Event]:
        try:
            while self.frames * FRAME / RATE < max_s:
                if until and until(self):
                    break
                if self.device.finished and self.idle:
                    break
                if not self.device.realtime:
                    self._settle()
                if not self._tick():
                    break
        finally:
            for reply in self.turns:
                reply.cancel.set()
            for reply in list(self.turns):
                reply.done.wait(timeout=30)
            self.close()
            self._drain()
        return self.events

    def close(self, timeout: float = 30.0) -> None:
        """Stop what was begun for the conversation (guesses, replies begun in a pause) and
        wait for it and for recognition and end-of-turn calls still under way: no thread is
        left inside Whisper, an ONNX model or llama.cpp when the process exits."""
        deadline = time.monotonic() + timeout
        self.controller.close(timeout)
        for done in self.hearings:
            done.wait(max(0.0, deadline - time.monotonic()))

    def _track(self, done: threading.Event) -> None:
        self.hearings = [*(d for d in self.hearings if not d.is_set()), done]

    @property
    def idle(self) -> bool:
        return not (self.turns or self.player.busy or self.segmenter.active or self.check)

    @property
    def now(self) -> float:
        return self.frames * FRAME / RATE

    def _tick(self) -> bool:
        out, begun = self.player.next_frame()
        if begun:
            self._begin(*begun)
        mic = self.device.exchange(out)
        if mic is None:
            return False
        self.frames += 1
        heard = self.echo.process(mic, out) if self.echo else mic
        probability = self.detector.probability(heard)
        if self.echo and not self.echo.user:
            probability = 0.0  # her own voice coming back
        self._drain()
        self._listen(heard, probability)
        self._finish_turns()
        if self.announcements and self.idle:
            self.open_with(self.announcements.pop(0))
        return True

    def _settle(self) -> None:
        """Without a real clock, wait for her while she thinks, so no silence is invented: the
        next sentence is ready before the one playing ends, as if she thought in no time."""
        def waiting() -> bool:
            if self.check and not self.check.done.is_set():
                return True
            if self.settings.quick_end and self.early and not self.early.done.is_set():
                return True  # as if recognition took no time
            if self.judging and not self.judging.done.is_set():
                return True  # as if the end-of-turn model took no time
            guess = self.controller.guess
            if guess and not guess.done.is_set():
                return True
            spec = self.controller.speculation
            if spec and not spec.ready.is_set():
                return True  # as if her first clause took no time to write
            reply = self.turns[-1] if self.turns else None
            return bool(reply and not reply.done.is_set() and not reply.cancel.is_set()
                        and not self.player.queue and self.posted.empty())
        with self.wake:
            while waiting():
                self.wake.wait(timeout=0.05)

    def _emit(self, kind: str, text: str = "", **data) -> Event:
        event = Event(kind, self.now, time.perf_counter(), text, data)
        self.events.append(event)
        if self.on_event:
            self.on_event(event)
        return event

    def _post(self, *item) -> None:
        self.posted.put(item)
        self._notify()

    def _notify(self) -> None:
        with self.wake:
            self.wake.notify_all()

    def _drain(self) -> None:
        """Bring what the workers posted into the loop's thread: audio to play, events to tell."""
        while True:
            try:
                kind, reply, text, payload = self.posted.get_nowait()
            except queue.Empty:
                return
            if kind == "audio":
                if not reply.cancel.is_set():
                    self.player.add(reply.id, text, payload)
            elif kind == "announce":
                self.announcements.append(text)
            else:
                self._emit(kind, text, turn=reply.id, **(payload or {}))

    def _begin(self, reply_id: int, text: str) -> None:
        reply = next((r for r in self.turns if r.id == reply_id), None)
        if reply and not reply.aloud:
            self._emit("first_audio", text, turn=reply_id)
        if reply:
            self.controller.began(reply)
        self._emit("saying", text, turn=reply_id)

    # ---- listening and barge-in --------------------------------------------------------------

    @property
    def speaking(self) -> Reply | None:
        """The reply she is saying (or about to), if it can still be interrupted."""
        reply = self.turns[-1] if self.turns else None
        return reply if reply and not reply.cancel.is_set() else None

    def _listen(self, frame: np.ndarray, probability: float) -> None:
        s = self.settings
        said = self.segmenter.push(frame, probability)
        if said == "start":
            self._emit("speech_start")
            self.controller.listening()
            if self.speaking and s.barge_in:
                self.interrupting = True
                if self.player.busy and not self.player.paused:
                    self.player.paused = True
                    self._emit("paused")
        elif said == "end":
            self._ended()
        elif said == "drop":
            self.early = self.judging = None
            self._emit("ignored")
        if self.interrupting and self.segmenter.active:
            if not self.speaking:
                self.interrupting = False
            elif self.segmenter.speech_ms >= s.barge_in_ms:
                self.interrupting = False
                self._barge_in()
            elif self.segmenter.silence_ms >= s.resume_after_ms:
                self.interrupting = False
                self.check = Hearing(self.recognizer.transcribe, self.segmenter.take().audio,
                                     RATE, self._notify)
                self._track(self.check.done)
        if self.segmenter.active and not self.interrupting:
            self._listen_early()
            self._guess()
            early, judging = self.early, self.judging
            if judging and judging.done.is_set():
                self.judging = None
            if judging and judging.done.is_set() and judging.finished:
                self._ended(quick=True, by=self.end_of_turn.name, model_ms=round(judging.ms, 1))
            elif self.asks_model:
                self._judge()  # the model decides, not the words' punctuation
            elif s.quick_end and early and early.done.is_set() and sounds_finished(early.text):
                self._ended(quick=True, by="words")  # it reads finished: no need to wait
            if self.segmenter.active and early and early.done.is_set() \
                    and self.controller.speculate(early.text):
                self._emit("speculate", early.text)
        if self.check and self.check.done.is_set():
            self._decide(self.check.text)

    @property
    def asks_model(self) -> bool:
        """Whether an end-of-turn model decides (the quiet rule is the segmenter's own)."""
        return not isinstance(self.end_of_turn, QuietRule)

    def _judge(self) -> None:
        """Ask the end-of-turn model once the pause reaches its quiet, and again each time
        the pause has grown by as much again, until it says finished or the silence ends
        the turn anyway."""
        seg, every = self.segmenter, self.end_of_turn.quiet_ms
        if seg.silent_frames == 0:
            self.judging, self.judged_ms = None, 0.0  # speaking again: a new pause will come
        elif self.judging is None and ask_now(seg.silence_ms, self.judged_ms, every) \
                and seg.speech_ms >= self.settings.min_speech_ms:
            self.judged_ms = seg.silence_ms
            self.judging = Judging(self.end_of_turn, np.concatenate(seg.chunks), self._notify)
            self._track(self.judging.done)

    def _ended(self, quick: bool = False, by: str = "quiet", **data) -> None:
        """The user's turn is over: answer what they said (recognised early, if it was)."""
        self.interrupting = False
        utterance, early, self.early = self.segmenter.take(), self.early, None
        self.judging, self.judged_ms = None, 0.0
        if self.speaking and not self.settings.barge_in:
            self._emit("ignored", "spoke while she was speaking")  # half duplex
        else:
            self._emit("speech_end", speech_ms=utterance.speech_ms, quick=quick, by=by, **data)
            hearing = early or Hearing(self.recognizer.transcribe, utterance.audio, RATE,
                                       self._notify)
            self._track(hearing.done)
            self._start(hearing=hearing)

    def _listen_early(self) -> None:
        seg = self.segmenter
        if seg.silent_frames == 0:
            if self.early is not None:
                self.controller.spoke_on()  # a reply begun in the pause answers stale words
            self.early = None  # still speaking: a guess from before is stale
        elif self.early is None and pause_reached(seg, self.settings.min_speech_ms,
                                                  early_ms(self.settings, self.end_of_turn)):
            self.controller.stop_guessing()  # recognising what may be the whole turn comes first
            self.early = Hearing(self.recognizer.transcribe, np.concatenate(seg.chunks), RATE,
                                 self._notify)
            self._track(self.early.done)

    def _guess(self) -> None:
        """While the user speaks (not in a pause), the controller may guess at their words."""
        seg = self.segmenter
        if seg.silence_ms < EARLY_MS / 2 and self.controller.speaking_for(
                seg.speech_ms, lambda: np.concatenate(seg.chunks), self.recognizer.transcribe):
            self._emit("guess", speech_ms=seg.speech_ms)

    def _barge_in(self, text: str = "") -> None:
        reply = self.controller.barge_in()
        self.player.clear()
        self._emit("barge_in", text, turn=reply.id if reply else 0)

    def _decide(self, text: str) -> None:
        self.check = None
        if self.interrupting or self.segmenter.active:
            return  # the user is speaking again: that utterance decides
        if is_backchannel(text):
            if self.player.paused:
                self.player.paused = False
                self._emit("resumed", text)
        else:
            self._barge_in(text)
            self._start(text=text)

    # ---- a reply, in worker threads ----------------------------------------------------------

    def announce(self, text: str) -> None:
        """Say ``text`` as soon as nobody is talking (a reminder at its minute); from any
        thread. It is already stored."""
        self._post("announce", None, text, None)

    def open_with(self, text: str) -> None:
        """Say ``text`` first, before the user speaks (a check-in: "How did the interview
        go?"). It is already stored; like any reply it can be talked over."""
        reply = self.controller.begin()
        threading.Thread(target=self.controller.say, args=(reply, self._outlet(reply), text),
                         daemon=True, name="os1-voice-open").start()

    def _start(self, hearing: Hearing | None = None, text: str = "") -> None:
        reply = self.controller.begin()
        if hearing is None:
            self._post("heard", reply, text, None)
        threading.Thread(target=self.controller.work, args=(reply, self._outlet(reply), text,
                                                            hearing),
                         daemon=True, name="os1-voice-think").start()

    def _outlet(self, reply: Reply) -> Outlet:
        """A reply's output, brought into the loop's thread: events to tell, audio to play."""
        def tell(kind: str, text: str, data: dict) -> None:
            if kind != "token":
                data = {k: v for k, v in data.items() if k != "exception"}
                self._post(kind, reply, text, data or None)

        return Outlet(tell, lambda piece, samples: self._post("audio", reply, piece, samples))

    def _finish_turns(self) -> None:
        for reply in list(self.turns):
            if not reply.done.is_set() or not self.posted.empty():
                continue
            if reply is self.speaking and self.player.busy:
                continue
            if reply is self.speaking and (self.interrupting or self.check):
                continue  # paused for a short sound: the turn may go on
            self.controller.over(reply)
            self._emit("turn_done", reply.status, turn=reply.id)
