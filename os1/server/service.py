"""What the server shares across requests: settings, the store, the one model, the memory
service (with its vector cache), a companion per active user, and the bounds that keep one
person's slow turns from starving everyone else (and health checks and sign-in)."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import weakref
from collections import OrderedDict, deque
from datetime import timedelta
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, ClassVar, TypeVar

from os1 import config
from os1.cores import CORES
from os1.jobs.runner import Runner, after_turn
from os1.memory.memories import Memories
from os1.memory.store_protocol import StoreProtocol
from os1.mind.perceive import load_perceiver
from os1.mind.turn import Companion
from os1.mind.unsettled import Unsettled
from os1.models.base import Model, Options
from os1.reminders import due as reminders_due
from os1.server.bell import Bell
from os1.server.gate import Reach
from os1.server.slots import Slots

if TYPE_CHECKING:
    from os1.voice.asr import Recognizer
    from os1.voice.tts import Synthesizer
    from os1.voice.turn import EndOfTurn

T = TypeVar("T")
TURNS_PER_USER = 2  # replies one person may have on the way at once (two devices)
TURNS_AT_ONCE = 16  # and everyone together; more are refused, or in a live conversation wait
TURN_WAIT_S = 60.0  # in line for a free one, first come first served, this long at most
SOCKETS_PER_USER = 4  # live conversations one person may have open (their devices)
# Everyone's live conversations and those taking in audio are bounded by settings
# (``[server] live_conversations`` and ``audio_conversations``): a typed conversation holds
# about 78 KB, one taking in speech up to a minute of audio (11 MB at 96 kHz).
RECOVER_S = 5.0  # how often a server looks for replies another worker left cut off


class Service:
    def __init__(self, settings: config.Settings, store: StoreProtocol, model: Model,
                 memories: Memories, accounts: bool, max_companions: int = 16384,
                 voice: tuple[Recognizer, Synthesizer] | None = None,
                 reach: Reach | None = None):
        self.settings = settings
        self.store = store
        self.model = model
        self.memories = memories
        self.accounts = accounts  # False: one person on their own machine, no sign-in
        self._companions: OrderedDict[int, Companion] = OrderedDict()
        # each person's turns told done and not yet memorised, one queue for every companion
        # of theirs here (a companion let go and built afresh still waits for them); it lives
        # while a companion, or a memorising waiting in it, holds it
        self._unsettled: weakref.WeakValueDictionary[int, Unsettled] = weakref.WeakValueDictionary()
        self._max = max_companions
        self._lock = threading.Lock()
        self.limits = RateLimits(connect=settings.server.connects_per_minute)
        self.perceiver = load_perceiver(settings.emotion)  # one model, shared by everyone
        # turns thinking at once: as many as the cores this worker keeps to (``os1.cores``)
        self.cores = threading.BoundedSemaphore(CORES.kept_to or os.cpu_count() or 2)
        self.reach = reach or Reach()  # the names it answers to, its public URL, its proxies
        self.turns = Slots(TURNS_PER_USER, TURNS_AT_ONCE,
                           f"you already have {TURNS_PER_USER} replies on the way; wait for "
                           "them to finish.",
                           "OS1 is answering as many people as it can right now; try again "
                           "in a minute.", waiting=settings.server.live_conversations,
                           patience_s=TURN_WAIT_S)
        server = settings.server
        self.sockets = Slots(SOCKETS_PER_USER, server.live_conversations,
                             f"you have {SOCKETS_PER_USER} live conversations open already; "
                             "close one first.",
                             "OS1 has as many live conversations open as it can hold; try "
                             "again in a minute.")
        self.listening = Slots(SOCKETS_PER_USER, server.audio_conversations,
                               "you are speaking in every conversation you have open already; "
                               "end one first.",
                               "OS1 is listening to as many people as it can right now; type, "
                               "or try speaking again in a minute.")
        # Turns run on threads of their own, as many as may run at once; signing in (scrypt,
        # 50 ms of CPU each) on two more: neither can take the threads the other needs.
        self._turn_pool = ThreadPoolExecutor(TURNS_AT_ONCE, thread_name_prefix="os1-turn")
        self._auth_pool = ThreadPoolExecutor(2, thread_name_prefix="os1-auth")
        self._voice = voice  # loaded on first use unless given
        self._voice_lock = threading.Lock()  # loading takes seconds: not under ``_lock``
        self._end_of_turn: EndOfTurn | None = None  # the end-of-turn rule, loaded on first hands-free use
        self.after_turn = after_turn(settings, store)  # every door's turns defer her reflection
        # With a model in this process (one generation at a time), her background jobs stop
        # while anyone's turn is under way and go on when none is: ``os1 serve`` sets it then.
        self.jobs: Runner | None = None
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None
        self.bell = Bell(self.look_for_due)  # wakes the open conversations with something due

    @property
    def voice_ready(self) -> bool:
        """Whether this server can hear and speak (its voice packages are installed)."""
        if self._voice is not None:
            return True
        from os1.voice import asr, tts

        return asr.installed(self.settings.voice.asr) and tts.installed(self.settings.voice.tts)

    def voice(self) -> tuple[Recognizer, Synthesizer]:
        """Speech recognition and a voice, loaded on first use and shared by everyone;
        ``OS1Error`` saying what to install when they are missing."""
        with self._voice_lock:
            if self._voice is None:
                from os1.voice.asr import load_recognizer
                from os1.voice.tts import load_synthesizer

                voice = self.settings.voice
                self._voice = (load_recognizer(voice), load_synthesizer(voice))
            return self._voice

    def listener(self, rate: int):
        """Hands-free listening for one conversation: its own voice detector (it keeps state
        across frames) and the end-of-turn rule everyone shares."""
        from os1.voice.listen import Listener
        from os1.voice.turn import load_end_of_turn
        from os1.voice.vad import load_detector

        voice = self.settings.voice
        with self._voice_lock:
            if self._end_of_turn is None:
                self._end_of_turn = load_end_of_turn(voice.turn_end, voice.turn_quiet_ms,
                                                     voice.end_silence_ms)
        return Listener(load_detector(voice.vad), self._end_of_turn, voice, rate)

    def companion(self, user_id: int) -> Companion:
        with self._lock:
            found = self._companions.get(user_id)
            if found is None:
                s = self.settings
                found = Companion(self.store, self.model, user_id,
                                  Options(max_tokens=s.max_tokens, temperature=s.temperature,
                                          seed=s.seed),
                                  history_turns=s.history_turns, memories=self.memories,
                                  recall_tokens=s.memory.recall_tokens,
                                  perceiver=self.perceiver, cores=self.cores)
                found.after_turn = self.after_turn
                found.unsettled = self._unsettled.setdefault(user_id, found.unsettled)
                self._companions[user_id] = found
                if len(self._companions) > self._max:
                    self._companions.popitem(last=False)
            self._companions.move_to_end(user_id)
            return found

    def let_go(self, user_id: int) -> None:
        """Drop this person's companion (and the last turn it holds in memory): after a forget
        or an erase, the next request builds it afresh from what is stored."""
        with self._lock:
            self._companions.pop(user_id, None)

    def recover(self) -> set[int]:
        """Replies whose writer died (another worker killed mid-turn) are kept as far as they
        were written and marked stopped (``Store.recover``); those users' companions here are
        let go, so the next turn builds them afresh and makes the cut reply a memory."""
        users = self.store.recover()
        for user_id in users:
            self.let_go(user_id)
        return users

    def watch(self, every_s: float = RECOVER_S) -> None:
        """``recover`` every ``every_s`` seconds on a daemon thread, until ``close``: with
        several workers on one store, one may die while the others go on."""
        def run() -> None:
            while not self._stopping.wait(every_s):
                try:
                    self.recover()
                except Exception as exc:  # the store was busy or closing: look again later
                    logging.getLogger(__name__).warning("recovering cut replies: %s", exc)

        self._watcher = threading.Thread(target=run, name="os1-recover", daemon=True)
        self._watcher.start()

    def look_for_due(self) -> frozenset[int]:
        """The users with a reminder due before the next look, or an alarm that may ring
        (``Store.users_with_due``): one query for the whole worker every few seconds (the
        ``bell``), so thousands of open conversations do not each ask the store; only
        theirs look further (``reminders.due.say_due``)."""
        ahead = timedelta(seconds=reminders_due.EVERY_S)
        return frozenset(self.store.users_with_due(self.store.clock() + ahead))

    def local_user(self) -> int:
        return self.store.user()

    def start_turn(self, user_id: int, work: Callable[..., T], *args,
                   slot: Callable[[], None] | None = None) -> asyncio.Future[T]:
        """``work(*args)`` on a turn thread, within ``user_id``'s share of turns: ``Busy`` at
        once when over it, never a wait without end (``slot``: one already taken, as a live
        turn waits for one). The share is given back when the work ends, even if the client
        has gone."""
        release = slot or self.turns.take(user_id)
        jobs = self.jobs
        if jobs is not None:
            jobs.pause()
        try:
            future = self._turn_pool.submit(work, *args)
        except BaseException:
            release()
            if jobs is not None:
                jobs.resume()
            raise

        def ended(_: object) -> None:
            release()
            if jobs is not None:
                jobs.resume()

        future.add_done_callback(ended)
        return asyncio.wrap_future(future)

    async def run_turn(self, user_id: int, work: Callable[..., T], *args) -> T:
        return await self.start_turn(user_id, work, *args)

    async def run_auth(self, work: Callable[..., T], *args) -> T:
        """Password hashing and checking, off the event loop and off the turns' threads."""
        return await asyncio.wrap_future(self._auth_pool.submit(work, *args))

    def close(self) -> None:
        """Stop taking work; the memories of turns already answered are made before the store
        closes (waiting for one under way), so a stop right after "done" loses none."""
        self._stopping.set()
        self._turn_pool.shutdown(wait=False, cancel_futures=True)
        self._auth_pool.shutdown(wait=False, cancel_futures=True)
        for waiting in list(self._unsettled.values()):
            waiting.settle()


class RateLimits:
    """A sliding window per user and kind of request: ``allow`` is False once a user has made
    ``limit`` requests of that kind in the last ``per`` seconds."""

    RULES: ClassVar[dict[str, tuple[int, float]]] = {"api": (240, 60.0), "turn": (30, 60.0), "auth": (10, 60.0),
             "setup": (5, 600.0),  # each asks the model to choose a name
             "connect": (20, 60.0)}  # live sockets opened, per person and per address
    MAX_KEYS = 100_000

    def __init__(self, connect: int | None = None):
        self.rules = dict(self.RULES)  # this instance's; the class keeps the defaults
        if connect is not None:
            self.rules["connect"] = (connect, self.RULES["connect"][1])
        self._seen: dict[tuple[object, str], deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: object, kind: str) -> bool:
        limit, per = self.rules[kind]
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > self.MAX_KEYS:  # bounded: forget those quiet for a while
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - 3600}
            seen = self._seen.setdefault((who, kind), deque())
            while seen and seen[0] <= now - per:
                seen.popleft()
            if len(seen) >= limit:
                return False
            seen.append(now)
            return True
