"""The one voice turn controller: what a reply is, how it is stopped, and what is kept of it.

Both doors drive it: ``os1 talk`` (``session.VoiceSession``, a real-time loop on threads) and the
web app (``server.live``, asyncio). A door carries audio in and out and decides *when* something
happens (speech began, the turn is over, the user talked over her, a piece began playing);
the controller decides *what* that means, once:

- a turn becomes a ``Reply``: the user's words are heard, the companion answers, her answer is
  cut into pieces and synthesized (``speaker.reply_aloud``), one reply at a time talking to the
  companion (guesses included: the ``mind`` lock);
- ``barge_in`` cuts the reply she is saying, ``stop`` every reply not yet over;
- of a cut reply only what she said aloud is kept: the pieces that began playing, however the
  cut and the end of the reply's writing are ordered (the web door once lost that race);
- while the user speaks, every ``ahead.EVERY_MS`` of speech, a guess at their words so far lets
  a local model read ahead;
- in a pause that may end the turn, the words heard so far begin her reply (``speculate``:
  ``speculate.Speculation``), kept if the turn's words mean the same, thrown away if they
  change, if the user talks on, cuts in or stops her.

Events go through one queue, taken in order by whichever thread posts (never two at once);
control events (``stop``, ``barge_in``) jump ahead of the rest, as pipecat's system frames do,
and take effect on the model and the synthesizer at once through the reply's ``cancel``.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field

import numpy as np

from os1.mind.turn import Companion, TurnResult
from os1.voice.ahead import EVERY_MS, Guess, can_read_ahead
from os1.voice.prosody import prosody
from os1.voice.sentences import pieces
from os1.voice.speaker import Speaker, reply_aloud
from os1.voice.speculate import Speculation, same_meaning, speculative
from os1.voice.tts import Synthesizer
from os1.voice.words import normalize

CONTROL = frozenset({"stop", "barge_in"})


@dataclass
class Reply:
    """One reply in the making, from the user's turn to the last piece she says."""

    id: int
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)  # written (and stored)
    pieces: list[str] = field(default_factory=list)  # handed to the door to be played
    aloud: int | None = None  # how many pieces began playing (None: not known yet)
    status: str = "waiting"  # waiting, thinking, then the turn's: complete, interrupted…
    heard: str = ""  # the user's words it answers
    result: TurnResult | None = None
    cut: bool = False  # stopped or talked over: what is kept is what was said aloud
    whole: bool = False  # every piece of the written reply reached the door
    kept: bool = False  # that rule has been applied
    # What became of a reply begun in the pause: kept (the turn had it), changed (the final
    # words meant something else), prompt (same words, but the turn's prompt differed: a tool
    # acted, the minute turned), late (its prompt was not built when the turn began, or it
    # was held too long unclaimed), failed; "" if none was begun.
    speculation: str = ""
    ahead_ms: float = 0.0  # kept: how much of the model's work it had done before the turn
    # When each stage of the reply was reached (perf_counter): heard, begun (the companion
    # began), asked (the prompt was built), token (the model's first chunk), piece (her first
    # piece cut), synthesized (and made); told to the outlet as ``stages`` when it is written.
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def reply_turn(self) -> int:
        return self.result.reply_turn if self.result else 0

    @property
    def said(self) -> list[str]:
        """The pieces she began to say aloud."""
        return self.pieces[:self.aloud or 0]


class Hearing:
    """Recognition in its own thread: started as soon as there is something to recognise,
    waited for only when the words are needed."""

    def __init__(self, hear: Callable[[np.ndarray], str], audio: np.ndarray, rate: int,
                 notify: Callable[[], None] = lambda: None):
        self.audio, self.rate, self.text, self.ms = audio, rate, "", 0.0
        self.at = 0.0  # when the words were there (perf_counter)
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(hear, notify), daemon=True,
                         name="os1-voice-hear").start()

    def _run(self, hear: Callable[[np.ndarray], str], notify: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            self.text = hear(self.audio)
        except Exception:  # unheard is safer than a dead loop: treated as silence
            self.text = ""
        self.at = time.perf_counter()
        self.ms = (self.at - started) * 1000
        self.done.set()
        notify()


@dataclass
class Outlet:
    """Where a reply's output goes: ``tell(kind, text, data)`` for heard, ignored, token,
    synthesized and error; ``audio(piece, samples)`` for each piece of her voice."""

    tell: Callable[[str, str, dict], None]
    audio: Callable[[str, np.ndarray], None]


class Controller:
    """Replies, stops and guesses for one conversation. ``synthesizer`` speaks at ``rate``
    (its own if None); ``notify`` is called whenever a worker has something new.
    ``speculate``: begin her reply in a pause (else a local model only reads the prompt).
    ``memorise_after``: a reply's turn is memorised when its door calls the companion's
    ``settle`` (after telling its client the reply is done), not before ``work`` returns."""

    def __init__(self, companion: Companion, session_id: int, synthesizer: Synthesizer | None,
                 anticipate: bool = True, rate: int | None = None,
                 notify: Callable[[], None] = lambda: None, speculate: bool = True,
                 memorise_after: bool = False):
        self.companion, self.session_id = companion, session_id
        self.memorise_after = memorise_after
        self.synthesizer, self.rate, self.anticipate = synthesizer, rate, anticipate
        self.notify = notify
        self.speculating = speculate
        self.speculation: Speculation | None = None  # begun in this pause, not yet settled
        speculative(companion)  # wrapped even without speculation: it times each reply's stages
        self.replies: list[Reply] = []  # not yet over: waiting, being written or being said
        self.voiced: Reply | None = None  # the last reply that sent out her voice
        self.counting: Reply | None = None  # cut while the door played it: how much was said?
        self.mind = threading.Lock()  # one reply (or guess) at a time talks to the companion
        self.guess: Guess | None = None
        self.guessed_ms = 0.0  # how much of the utterance the last guess heard
        self.speculated = ""  # the words of the last pause the model read ahead
        self.ids = itertools.count(1)
        self.workers: list[threading.Event] = []  # guesses and starts begun: set when over
        self._urgent: deque = deque()
        self._data: deque = deque()
        self._pumping = threading.Lock()  # held while events are handled

    # ---- the event queue ---------------------------------------------------------------------

    def post(self, kind: str, **data) -> None:
        """An event, from any thread; handled by the time this returns. Events that came in
        while another thread held the queue are taken with it, control events first.
        Handlers only change state (and the store): they never post."""
        (self._urgent if kind in CONTROL else self._data).append((kind, data))
        with self._pumping:
            while self._urgent or self._data:
                event, args = (self._urgent or self._data).popleft()
                getattr(self, "_on_" + event)(**args)

    def begin(self, heard: str = "") -> Reply:
        """A new reply, waiting to be worked on (``work``), so a ``stop`` reaches it too."""
        reply = Reply(next(self.ids), heard=heard)
        self.post("begin", reply=reply)
        return reply

    def barge_in(self) -> Reply | None:
        """The user talked over her: cut the reply she is saying (or writing); it, if any."""
        cut: list[Reply] = []
        self.post("barge_in", cut=cut)
        return cut[0] if cut else None

    def stop(self, played: int | None = None) -> None:
        """Cut every reply not yet over; ``played``: how many pieces of the reply she was
        saying began playing (as a web client counts them)."""
        self.post("stop", played=played)

    def began(self, reply: Reply) -> None:
        """The door began playing the reply's next piece."""
        self.post("began", reply=reply)

    def played(self, count: int) -> None:
        """How many pieces of her last voiced reply began playing (a web client's count)."""
        self.post("played", count=count)

    def over(self, reply: Reply) -> None:
        """The door has nothing more of the reply to play: it leaves the controller."""
        self.post("over", reply=reply)

    # ---- the state machine -------------------------------------------------------------------

    def _on_begin(self, reply: Reply) -> None:
        self.stop_guessing()  # the turn needs the model now
        self.replies.append(reply)

    def _on_barge_in(self, cut: list) -> None:
        self._drop()
        reply = self.speaking
        if reply is None:
            return
        reply.cancel.set()
        reply.cut = True
        cut.append(reply)
        if reply.aloud is None:
            self.counting = reply  # the door will say how much of it was played (``played``)
        self._keep(reply)

    def _on_stop(self, played: int | None) -> None:
        self.stop_guessing()
        self._drop()
        for reply in self.replies:
            reply.cancel.set()
            reply.cut = reply.cut or bool(reply.pieces)
            self._keep(reply)
        if played is not None:
            self._count(self.voiced, played)

    def _on_began(self, reply: Reply) -> None:
        reply.aloud = (reply.aloud or 0) + 1

    def _on_played(self, count: int) -> None:
        """The count after a barge-in is for the reply that was cut, even if a newer one has
        been voiced since (the user's words that cut in may be answered by then)."""
        self._count(self.counting or self.voiced, count)

    def _count(self, reply: Reply | None, count: int) -> None:
        if self.counting is reply:
            self.counting = None
        if reply is not None and reply.aloud is None:
            reply.aloud = max(0, min(count, len(reply.pieces)))
            reply.cut = True
            self._keep(reply)

    def _on_piece(self, reply: Reply, piece: str) -> None:
        if self.voiced is not reply:
            self.voiced = reply
        reply.pieces.append(piece)

    def _on_ended(self, reply: Reply) -> None:
        reply.done.set()
        self._keep(reply)

    def _on_over(self, reply: Reply) -> None:
        if reply in self.replies:
            self.replies.remove(reply)

    def _keep(self, reply: Reply) -> None:
        """Once a cut reply is written and it is known how much of it she said: keep that."""
        if reply.kept or not reply.cut or not reply.done.is_set() or reply.aloud is None:
            return
        reply.kept = True
        said = reply.said
        if not said or not reply.reply_turn:
            return  # nothing said aloud: what was written stays, as in text
        if len(said) == len(reply.pieces) and reply.whole:
            return  # she had begun every piece of a finished reply
        reply.status = "interrupted"
        self.companion.store.update_turn(self.companion.user_id, reply.reply_turn,
                                         content=" ".join(said), status="interrupted")

    @property
    def speaking(self) -> Reply | None:
        """The reply she is saying (or about to), if it can still be cut."""
        for reply in reversed(self.replies):
            if not reply.cancel.is_set():
                return reply
        voiced = self.voiced
        if voiced is not None and not voiced.cut and voiced.aloud is None:
            return voiced  # written, but perhaps still playing at the door
        return None

    @property
    def busy(self) -> bool:
        return bool(self.replies)

    # ---- guessing while the user speaks ------------------------------------------------------

    def speaking_for(self, speech_ms: float, audio: Callable[[], np.ndarray],
                     hear: Callable[[np.ndarray], str]) -> bool:
        """The user has spoken ``speech_ms`` so far (``audio()``, at 16 kHz): every
        ``EVERY_MS`` of it, when no reply is under way and a local model can read ahead,
        guess at their words. True if a guess began."""
        if speech_ms < self.guessed_ms:
            self.guessed_ms = 0.0  # a new utterance
        if not self.anticipate or speech_ms - self.guessed_ms < EVERY_MS or self.replies \
                or not can_read_ahead(self.companion):
            return False
        if self.guess and not self.guess.done.is_set():
            return False
        self.guessed_ms = speech_ms
        self.guess = Guess(self.companion, hear, audio(), self.notify, self.mind)
        self._began(self.guess.done)
        return True

    def speculate(self, text: str) -> bool:
        """The words of a pause that may end the turn, heard before the end-of-turn rule has
        decided. With speculation on, her reply begins on them (``speculate.Speculation``):
        if the turn ends here with words that mean the same, she has only to speak. Without,
        a local model reads the prompt they make, so it only has to write. True if it began."""
        began: list[bool] = []
        self.post("speculate", text=text, began=began)
        return bool(began)

    def _on_speculate(self, text: str, began: list) -> None:
        if self.replies or not normalize(text) or text == self.speculated:
            return
        if self.speculating:
            if self.speculation is not None and same_meaning(self.speculation.text, text):
                return  # what is begun answers these words too
            self._drop()
            self.stop_guessing()  # the model is needed for her reply now
            self.speculated = text
            self.speculation = Speculation(self.companion, self._model.inner, text, self.mind,
                                           self.notify)
            self._model.offer(self.speculation)
            self._began(self.speculation.finished)
            began.append(True)
            return
        if not self.anticipate or not can_read_ahead(self.companion):
            return
        self.stop_guessing()  # words from a second ago are stale now
        self.speculated = text
        self.guess = Guess(self.companion, lambda _: text, np.zeros(0, np.float32), self.notify,
                           self.mind)
        self._began(self.guess.done)
        began.append(True)

    def spoke_on(self) -> None:
        """The user speaks again after a pause: a reply begun in it answers words now stale."""
        if self.speculation is not None:
            self.post("drop")

    def _on_drop(self) -> None:
        self._drop()

    def _drop(self) -> None:
        spec, self.speculation, self.speculated = self.speculation, None, ""
        if spec is not None:
            spec.drop()

    @property
    def _model(self):
        return speculative(self.companion)

    def _began(self, over: threading.Event) -> None:
        self.workers = [*(done for done in self.workers if not done.is_set()), over]

    def close(self, timeout: float = 30.0) -> bool:
        """The conversation is over: every guess and start is stopped, and waited for until
        its thread no longer uses the model (so nothing runs in it as the process exits).
        False if one was still running after ``timeout`` seconds."""
        self.post("drop")
        self.stop_guessing()
        deadline = time.monotonic() + timeout
        return all(done.wait(max(0.0, deadline - time.monotonic())) for done in self.workers)

    def stop_guessing(self) -> None:
        if self.guess:
            self.guess.stop.set()

    def listening(self) -> None:
        """A new utterance began: the next guess is a second into it."""
        self.guessed_ms = 0.0
        self.spoke_on()
        self.speculated = ""

    # ---- a reply, on a worker thread ---------------------------------------------------------

    def work(self, reply: Reply, outlet: Outlet, text: str = "", hearing: Hearing | None = None,
             speak: bool = True) -> Reply:
        """Hear (if ``hearing``), answer and (if ``speak``) say ``reply``; blocks until it is
        written and synthesized or cancelled. Errors go to ``outlet`` as ``error``."""
        speaker = None
        spec: Speculation | None = None
        try:
            with self.mind:  # a cut reply is written (and stored) before the next begins
                if hearing is not None:
                    hearing.done.wait()
                    text = hearing.text.strip()
                    if not normalize(text) or reply.cancel.is_set():
                        reply.status = "ignored" if normalize(text) else "unheard"
                        outlet.tell("ignored", text, {})
                        return reply
                    outlet.tell("heard", text, {"asr_ms": hearing.ms,
                                                "audio_s": len(hearing.audio) / hearing.rate})
                    reply.stages["heard"] = hearing.at
                if reply.cancel.is_set():
                    reply.status = "stopped"
                    return reply
                spec = self._settle(reply, text)
                reply.heard, reply.status = text, "thinking"
                result = reply.result = TurnResult(memorise_after=self.memorise_after)
                reply.stages["begun"] = time.perf_counter()
                self._model.watch = reply.stages
                if speak and self.synthesizer is not None:
                    speaker = self._speaker(reply, outlet)
                    reply_aloud(self.companion, text, self.session_id, speaker,
                                lambda chunk: outlet.tell("token", chunk, {}), result)
                else:
                    with closing(self.companion.turn(text, self.session_id, result)) as stream:
                        for chunk in stream:
                            outlet.tell("token", chunk, {})
                            if reply.cancel.is_set():
                                break
                reply.status = result.status
                if result.status == "complete" and speak and self.anticipate:
                    # Her reply is written (she may still be saying it): the model starts on
                    # the next turn's beginning, her reply included, before the user answers.
                    self.companion.read_ahead()
        except Exception as exc:  # a dead model must not kill the conversation
            reply.status = "failed"
            outlet.tell("error", str(exc), {"exception": exc})
        finally:
            self._model.watch = None
            if spec is not None:
                self._settled(reply, spec, outlet)
            if speaker:
                speaker.close()
                reply.whole = reply.status == "complete" and not reply.cancel.is_set()
                if speaker.first_at:
                    reply.stages["piece"] = speaker.first_at
            if reply.stages:
                outlet.tell("stages", "", dict(reply.stages))
            self.post("ended", reply=reply)
            self.notify()
        return reply

    def _settle(self, reply: Reply, text: str) -> Speculation | None:
        """The turn's words are known: keep a reply begun in the pause if they mean the same
        (the turn's ``stream`` then claims it), else throw it away. Called holding ``mind``."""
        taken: list[Speculation] = []
        self.post("take", taken=taken)
        if not taken:
            return None
        spec = taken[0]
        if spec.messages is None:
            reply.speculation = "late"  # it waits for the companion the turn now holds
        elif not same_meaning(spec.text, text):
            reply.speculation = "changed"
        else:
            spec.kept = True
            return spec
        spec.drop()
        self._model.offer(None)
        return spec

    def _on_take(self, taken: list) -> None:
        if self.speculation is not None:
            taken.append(self.speculation)
        self.speculation, self.speculated = None, ""

    def _settled(self, reply: Reply, spec: Speculation, outlet: Outlet) -> None:
        """After the turn: a kept start it did not claim is thrown away (and why, told)."""
        if spec.claimed.is_set():
            reply.speculation, reply.ahead_ms = "kept", spec.ahead_ms
            spec.cancel.set()  # the turn is over: if it was cut before reading on, so is this
        else:
            spec.drop()
            if self._model.pending is spec:
                self._model.offer(None)
            if not reply.speculation:
                reply.speculation = "failed" if spec.error else "late" if spec.expired \
                    else "prompt"
        outlet.tell("speculation", reply.speculation, {"ahead_ms": round(reply.ahead_ms, 1),
                                                       "words": spec.text})

    def say(self, reply: Reply, outlet: Outlet, text: str) -> None:
        """Say ``text``, already stored (a check-in, a reminder), as ``reply``: like any reply
        it can be talked over."""
        speaker = self._speaker(reply, outlet)
        try:
            voice = prosody(self.companion.affect())
            for piece in pieces(text):
                speaker.say(piece, voice)
        finally:
            speaker.close()
            reply.status = "complete"
            self.post("ended", reply=reply)
            self.notify()

    def _speaker(self, reply: Reply, outlet: Outlet) -> Speaker:
        assert self.synthesizer is not None

        def said(piece: str, samples: np.ndarray, info: dict) -> None:
            if reply.cancel.is_set():
                return  # made after she was stopped: never heard
            reply.stages.setdefault("synthesized", time.perf_counter())
            outlet.tell("synthesized", piece, info)
            self.post("piece", reply=reply, piece=piece)
            outlet.audio(piece, samples)

        return Speaker(self.synthesizer, said, lambda error: outlet.tell("error", error, {}),
                       reply.cancel, rate=self.rate)
