"""A speculative start: her reply begun on the words of a pause, before the turn is judged over.

In a pause that may end the user's turn, the words heard so far are known a moment before the
end-of-turn rule has decided (and, when it decides at once, before the tail is recognised).
A ``Speculation`` builds the prompt those words make (``Companion.anticipate``: nothing is
stored, no tool acts) and lets the model write her reply into a buffer until its first clause
is there, then holds the model, unspoken. When the turn is judged over:

- if the final words are the speculated ones, or differ only in filler, punctuation or case
  (``same_meaning``), the turn is run as usual (stored, checked, said) and, when it asks the
  model for the very prompt the speculation used (its own words apart), the model's answer is
  the one already begun: she can speak at once;
- otherwise it is thrown away: the model's stream is closed in the thread that reads it (what
  llama.cpp evaluated stays a consistent prefix of its cache), and the turn starts normally.

Talking on, a barge-in or a stop throws it away too. Nothing of a speculation is ever stored:
only the turn that claims it stores anything, as any turn does.

The companion's model is wrapped once (``SpeculativeModel``) so that the turn's ``stream``
call can be given the reply begun; any other use of the model that needs it alone (a tool
asking it, a proofreading pass) first throws the speculation away, so nothing waits on a
model a speculation holds. A model shared with other users waits at most ``HOLD_S`` for it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing

from os1.mind.perceive import Perception
from os1.mind.turn import Companion
from os1.models.base import Message, Options, Stream, Usage
from os1.voice.sentences import Sentences
from os1.voice.words import normalize

# Sounds that carry no meaning: "um, go to the beach" asks what "go to the beach" asks.
FILLER = frozenset("um umm uh uhh uhm er erm ah hmm hm mm".split())
HOLD_S = 3.0  # a start not claimed by then is thrown away: the model is not held longer
SHARED = frozenset({"count_tokens", "warm"})  # uses of the model that do not throw it away:
# counting needs no model time, and reading ahead waits for the model (or is stopped) itself
_END = object()


def meaning(text: str) -> list[str]:
    """The words that carry meaning: normalised (case, punctuation, numbers), filler gone."""
    return [word for word in normalize(text).split() if word not in FILLER]


def same_meaning(speculated: str, final: str) -> bool:
    """Whether a reply begun on ``speculated`` answers ``final`` as well."""
    words = meaning(speculated)
    return bool(words) and words == meaning(final)


def same_prompt(begun: Sequence[Message], asked: Sequence[Message]) -> bool:
    """The prompt a speculation used and the one the turn asks, alike but for the user's own
    words at the end, which need only mean the same (the turn stores them as finally heard)."""
    if len(begun) != len(asked) or not begun or begun[:-1] != asked[:-1]:
        return False
    last, now = begun[-1], asked[-1]
    return last.role == now.role == "user" and same_meaning(last.content, now.content)


class Speculation:
    """A reply begun on ``text`` in its own thread: the prompt built under ``mind`` (the lock
    that lets one thing at a time talk to the companion), then ``model`` writing into a buffer
    until the first clause is ready (``ready``), then held until ``claim``ed or ``drop``ped."""

    def __init__(self, companion: Companion, model, text: str, mind: threading.Lock,
                 notify: Callable[[], None] = lambda: None):
        self.text, self.options = text, companion.options
        self.messages: list[Message] | None = None  # set once the prompt is built
        self.started = time.perf_counter()
        self.ready_at: float | None = None  # when the first clause was there
        self.claimed_at: float | None = None
        self.usage: Usage | None = None
        self.error: Exception | None = None
        self.kept = False  # the turn's words mean the same: its stream may claim this
        self.expired = False  # held ``HOLD_S`` unclaimed, and thrown away
        self.cancel, self.claimed = threading.Event(), threading.Event()
        self._settle = threading.Lock()  # claimed or thrown away, never both
        self.ready, self.finished = threading.Event(), threading.Event()
        self._chunks: queue.Queue = queue.Queue()
        self._notify = notify
        threading.Thread(target=self._run, args=(companion, model, mind), daemon=True,
                         name="os1-voice-speculate").start()

    @property
    def ahead_ms(self) -> float:
        """How much of the model's work was done before the turn claimed it (its prompt
        built and read, her first clause written): the time it saved at most."""
        if self.claimed_at is None:
            return 0.0
        until = min(self.claimed_at, self.ready_at or self.claimed_at)
        return (until - self.started) * 1000

    def _run(self, companion: Companion, model, mind: threading.Lock) -> None:
        try:
            while not mind.acquire(timeout=0.02):
                if self.cancel.is_set():
                    return  # the turn holds the companion: too late to begin
            try:
                if self.cancel.is_set():
                    return
                self.messages = companion.anticipate(self.text)
            finally:
                mind.release()
            self._write(model.stream(self.messages, self.options))
        except Exception as exc:  # a failing model fails the turn itself, not the guess
            self.error = exc
        finally:
            self._ready()
            self._chunks.put(_END)
            self.finished.set()
            self._notify()

    def _write(self, stream: Stream) -> None:
        """Read the model's stream into the buffer; the stream is closed here, in the thread
        that reads it, whether it ends, is thrown away or is held too long."""
        splitter = Sentences()
        with closing(stream):
            while not self.cancel.is_set():
                try:
                    chunk = next(stream)
                except StopIteration as stop:
                    self.usage = stop.value if isinstance(stop.value, Usage) else None
                    return
                self._chunks.put(chunk)
                if not self.ready.is_set() and splitter.feed(chunk):
                    self._ready()
                if self.ready.is_set() and not self.claimed.is_set():
                    self._hold()

    def _hold(self) -> None:
        """Her first clause is written: wait, model held, until the turn claims it or it is
        thrown away (or ``HOLD_S`` passes)."""
        deadline = time.monotonic() + HOLD_S
        while not (self.claimed.is_set() or self.cancel.is_set()):
            if time.monotonic() >= deadline:
                with self._settle:
                    if not self.claimed.is_set():
                        self.expired = True
                        self.cancel.set()
                return
            self.claimed.wait(0.01)

    def _ready(self) -> None:
        if not self.ready.is_set():
            self.ready_at = time.perf_counter()
            self.ready.set()
            self._notify()

    def answers(self, messages: Sequence[Message], options: Options) -> bool:
        """Whether the turn asking for ``messages`` may have this reply."""
        return (self.kept and not self.cancel.is_set() and self.messages is not None
                and self.error is None and options == self.options
                and same_prompt(self.messages, messages))

    def claim(self) -> Stream | None:
        """The reply begun, as the model's stream: what is buffered at once, then the rest as
        the model writes it; closing it stops the model. Claimed here, not when the stream is
        first read (the turn may say its fixed first words before): from now on it is neither
        held too long nor thrown away. None if it was thrown away already."""
        with self._settle:
            if self.cancel.is_set():
                return None
            self.claimed_at = time.perf_counter()
            self.claimed.set()
        return self._read()

    def _read(self) -> Stream:
        try:
            while (chunk := self._chunks.get()) is not _END:
                yield chunk
        finally:
            if not self.finished.is_set():
                self.cancel.set()
                self.finished.wait(30)
        if self.error is not None:
            raise self.error
        return self.usage

    def drop(self) -> None:
        """Throw it away (if not claimed): the model stops within a token, nothing is kept."""
        with self._settle:
            if not self.claimed.is_set():
                self.cancel.set()


class SpeculativeModel:
    """The companion's model, able to give a turn the reply a ``Speculation`` has begun.
    Everything else is the model's own; a use that needs the model alone throws any pending
    speculation away first."""

    def __init__(self, model):
        self.inner = model
        self.pending: Speculation | None = None
        self.watch: dict[str, float] | None = None  # a turn's stages: when it asked, first chunk
        self._lock = threading.Lock()

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)
        if not callable(value) or name in SHARED:
            return value

        def alone(*args, **kwargs):
            self.offer(None)
            return value(*args, **kwargs)
        return alone

    def offer(self, speculation: Speculation | None) -> None:
        """Make ``speculation`` the one a turn may claim (None: none); one it replaces is
        thrown away unless already claimed."""
        with self._lock:
            old, self.pending = self.pending, speculation
        if old is not None and old is not speculation:
            old.drop()

    def stream(self, messages: Sequence[Message], options: Options) -> Stream:
        with self._lock:
            found, self.pending = self.pending, None
        watch = self.watch
        if watch is not None:
            watch.setdefault("asked", time.perf_counter())  # the prompt is built
        claimed = found.claim() if found is not None and found.answers(messages, options) \
            else None
        if claimed is not None:
            return _timed(claimed, watch)
        if found is not None:
            found.drop()
            found.finished.wait(30)  # the model is free again before it is asked anew
        return _timed(self.inner.stream(messages, options), watch)


def _timed(stream: Stream, watch: dict[str, float] | None) -> Stream:
    """``stream`` as it is, noting in ``watch`` (if any) when its first chunk came."""
    return stream if watch is None else _noting(stream, watch)


def _noting(stream: Stream, watch: dict[str, float]) -> Stream:
    with closing(stream):
        while True:
            try:
                chunk = next(stream)
            except StopIteration as stop:
                return stop.value
            watch.setdefault("token", time.perf_counter())
            yield chunk


class Perceived:
    """The companion's perceiver, remembering what it read of the last few texts: the words
    of a pause are read for a speculation (or a guess), and again, the same words, by the turn
    they end; the emotion model need not read them twice (tens of ms, more on busy cores)."""

    KEPT = 4

    def __init__(self, perceiver):
        self.inner = perceiver
        self._read: dict[str, Perception] = {}
        self._lock = threading.Lock()

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def perceive(self, text: str) -> Perception:
        with self._lock:
            found = self._read.get(text)
        if found is not None:
            return found
        seen = self.inner.perceive(text)
        with self._lock:
            self._read[text] = seen
            while len(self._read) > self.KEPT:
                self._read.pop(next(iter(self._read)))
        return seen


def speculative(companion: Companion) -> SpeculativeModel:
    """The companion's model, wrapped once so a speculation can be claimed through it (and its
    perceiver, so the words a speculation read are not read again by the turn)."""
    if not isinstance(companion.perceiver, Perceived):
        companion.perceiver = Perceived(companion.perceiver)
    model = companion.model
    if not isinstance(model, SpeculativeModel):
        model = companion.model = SpeculativeModel(model)
    return model
