"""One turn through the pipeline: perceive → recall → feel → think → speak → remember.

The user's words are stored before the model is asked, and the reply is stored as it streams,
so a crash, Ctrl-C or a dead model server never loses what was said.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from os1.errors import ModelError, OS1Error
from os1.memory.memories import Memories
from os1.memory.retrieve import Retriever
from os1.memory.store import writer
from os1.memory.store_protocol import StoreProtocol
from os1.mind import memorise, relationship
from os1.mind.check import Check, rules_for, with_context
from os1.mind.dated import dated, said_on
from os1.mind.first import First, first_words, news
from os1.mind.feel import Affect, Event, Feeler, events
from os1.mind.perceive import ModelPerceiver, Perception
from os1.mind.persona import current
from os1.mind.recall import Context, Recall
from os1.mind.result import TurnResult
from os1.mind.safety import STAY, Assessment, Guard, assess, withhold
from os1.mind.unsettled import Unsettled
from os1.memory.untrusted import block, quote
from os1.mind.think import build_messages
from os1.models.base import Message, Model, Options, Reply, capable
from os1.reminders.hook import Acted, on_turn
from os1.tools.base import Context as ToolContext

SAVE_EVERY_S = 0.5  # how often a streaming reply is written to disk
DEFAULT_NAME = "OS1"  # what the companion is called until it names itself in setup


def again(messages: list[Message], note: str) -> list[Message]:
    """The same prompt with a note on what went wrong, for asking the model once more."""
    moment = messages[-2]
    return [*messages[:-2], Message(moment.role, f"{moment.content}\n{note}"), messages[-1]]


def machine_zone():
    """This machine's time zone, with its rules (a reminder at 8:00 stays at 8:00 when the
    clocks change), or its current offset where it has no name."""
    try:
        import tzlocal
        return tzlocal.get_localzone()
    except Exception:  # no zone configured: the offset it has now
        return datetime.now().astimezone().tzinfo


def user_now(store: StoreProtocol, user_id: int) -> datetime:
    """Now on the user's clock: their ``timezone`` setting, else this machine's zone."""
    now = store.clock()
    zone = store.setting(user_id, "timezone", "")
    try:
        return now.astimezone(ZoneInfo(zone) if zone else machine_zone())
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(machine_zone())


def _opens(acted: Acted | None) -> bool:
    """Whether a tool's words open the reply (an offer comes after it instead)."""
    return acted is not None and not acted.closing


def _dated(ctx: Context, first: First, now: datetime) -> str:
    """Her first words, with the "tomorrow" of a message they say back as the day it means."""
    told_at = said_on(ctx, first.recounts) if first.recounts else None
    return dated(first.text, told_at, now) if told_at else first.text


def _total(counts) -> int | None:
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


class Companion:
    """The mind for one user: small stage objects, each replaceable on its own."""

    after_turn: Callable[[int, int], None] | None = None  # jobs a turn leaves (os1.jobs.AfterTurn)

    def __init__(self, store: StoreProtocol, model: Model, user_id: int, options: Options = Options(),
                 history_turns: int = 12, memories: Memories | None = None,
                 recall_tokens: int = 160, perceiver=None,
                 cores: threading.Semaphore | None = None):
        self.store = store
        # On a server, turns for many people share the cores: the pipeline's own work (reading
        # feelings, recalling, remembering) runs for at most as many turns at once as there
        # are cores; more would only fight over them (and Python's GIL) and slow every turn.
        self.cores = cores
        self.model = model
        self.user_id = user_id
        self.options = options
        self.memories = memories
        self.perceiver = perceiver or ModelPerceiver()
        self.recaller = Recall(store, Retriever(memories) if memories else None,
                               max_turns=history_turns, memory_budget=recall_tokens)
        self._anticipated: tuple[list[str], list] | None = None  # see ``anticipate``
        # turns told done and not yet memorised: a server shares one per person (``settle``)
        self.unsettled = Unsettled()
        self.memorise_interrupted()

    @property
    def feeler(self) -> Feeler:
        """Its mood rests where its grown self rests it (``persona.Self.temperament``)."""
        return Feeler(current(self.store, self.user_id).temperament())

    @property
    def name(self) -> str:
        persona = self.store.persona(self.user_id)
        return persona[0] if persona else DEFAULT_NAME

    def affect(self, now: datetime | None = None) -> Affect:
        """The companion's mood now: the last stored mood, decayed for the time since."""
        row = self.store.last_affect(self.user_id)
        if row is None:
            return self.feeler.rest()
        last = Affect(row["valence"], row["arousal"], row["mood"])
        return self.feeler.decay(last, datetime.fromisoformat(row["at"]),
                                 now or self.store.clock())

    def turn(self, text: str, session_id: int,
             result: TurnResult | None = None) -> Generator[str, None, None]:
        """Run one turn, yielding reply text as it streams. Its result fills ``result`` (pass
        your own when turns may run at once, as on a server with the same person on two
        devices) and is also ``self.last``."""
        result = result or TurnResult()
        result.session_id = session_id
        self.last = result
        started = time.perf_counter()
        self.settle()  # the last turn's memories, if its door has not made them yet
        with self._core(result):
            messages, safe, mine = self._prepare(result, text, session_id)
        yield from self._speak(result, messages, safe, mine, started)

    @contextmanager
    def _core(self, result: TurnResult | None = None) -> Iterator[None]:
        """A core of our own, if the server is counting them; the wait goes in ``result``."""
        if self.cores is None:
            yield
            return
        asked = time.perf_counter()
        with self.cores:
            if result is not None:
                result.waited_ms += (time.perf_counter() - asked) * 1000
            yield

    def anticipate(self, text: str) -> list[Message]:
        """The prompt this turn would get if the user's words were ``text``, the words heard so
        far while they are still speaking, so a local model can read it before they finish.
        Nothing is stored. The memories recalled are kept: if the turn's words go on from
        these (and these are most of them), the turn uses the same ones, so its prompt begins
        the same way and what the model read is not wasted."""
        store, uid = self.store, self.user_id
        self.settle()
        seen = self.perceiver.perceive(text)
        now = self.local_now()
        earlier = store.said_lately(uid)
        safe = assess(text, earlier, lambda: store.last_marked(uid, "nudge"), now, seen)
        ctx = self.recaller.recall(uid, text, now)
        happened = self._events(text, earlier, now, safe, seen)
        mine = self.feeler.appraise(self.affect(), seen, happened)
        self._anticipated = (_words(text), ctx.memories)
        return self._messages(ctx, mine, seen, now, safe, _dated(ctx, self._first(ctx, seen, safe, None), now))

    def _first(self, ctx: Context, seen: Perception, safe: Assessment,
                acted: Acted | None, point: bool = False) -> First:
        """Her fixed first words (``mind/first.py``) unless a tool's words open the reply,
        read from the history as the model may see it (a withheld question is never said back);
        ``point``: the model may be asked which earlier sentence answers a question."""
        if _opens(acted):
            return First()
        ctx.history = withhold(ctx.history)
        def prefix() -> list[Message]:  # built only if the model is asked
            return build_messages(self.name, ctx, self.affect(), seen)[:-2]
        return first_words(self.model, ctx, seen, safe, prefix if point else None)

    def _messages(self, ctx: Context, mine: Affect, seen: Perception, now: datetime,
                  safe: Assessment, first: str = "", acted: Acted | None = None) -> list[Message]:
        """The prompt; a question about ways to die (now or in the history) is never in it.
        News is answered with the right feeling first (``acknowledge``); what a tool did this
        turn is in it, so the model goes on from it."""
        ctx.history = withhold(ctx.history)
        heard = replace(seen, text=safe.withheld) if safe.withheld else seen
        guidance = list(safe.guidance)
        found = news(seen, safe)
        if found:
            guidance.append(found.note(ctx.user_name or "the user"))
        if first:
            # quoted: what she says back may hold the user's words (a recount of what they told)
            guidance.append(f"You have already begun your reply with the words below: go on from "
                            f"there, and do not say them again.\n{block([quote(first)])}")
        if acted is not None and not acted.alone:
            guidance.append(acted.note(ctx.user_name or "the user"))
        return build_messages(self.name, ctx, mine, heard, now, guidance)

    def _act(self, text: str, turn_id: int, now: datetime) -> Acted | None:
        """The tool step: the user's own words (never anything recalled) may ask a tool to
        act; what it did opens the reply (``reminders.hook``)."""
        ctx = ToolContext(self.store, self.user_id, now, turn_id, self.model)
        try:
            acted = on_turn(ctx, text, self.model if capable(self.model) else None)
        except OS1Error as exc:
            return Acted(f"I couldn't do that: {exc}.")
        return acted if acted is not None else self._craft(ctx, text)

    def _craft(self, ctx: ToolContext, text: str) -> Acted | None:
        """Her work asked for in conversation: a text proofread (``proofread.chat``), the mail
        gone through (``mail.chat``), a letter
        drafted at the letter desk (``letters.chat``: every detail given, none invented, kept).
        A skill whose extra is not installed is left out: she answers as herself."""
        for skill in ("os1.proofread.chat", "os1.mail.chat", "os1.friends.chat"):
            try:
                acted = importlib.import_module(skill).on_turn(ctx, text)
            except ImportError:
                continue
            if acted is not None:
                return acted
        try:
            from os1.letters.chat import on_turn as letter_turn
        except ImportError:
            return None
        return letter_turn(ctx, text, self.model, self.options)

    def _recall(self, text: str, now: datetime, exclude: int) -> Context:
        ctx = self.recaller.recall(self.user_id, text, now, exclude=exclude)
        guessed, self._anticipated = self._anticipated, None
        if guessed:
            words, memories = guessed
            words, said = words[:-1], _words(text)  # the last word heard may have been cut off
            if words and said[:len(words)] == words and len(words) * 3 >= len(said) * 2:
                ctx.memories = self._still_stored(memories)
        return ctx

    def _still_stored(self, hits: list) -> list:
        """Memories guessed a moment ago, less any forgotten since."""
        if not hits or self.memories is None:
            return hits
        stored = self.memories.many(self.user_id, [h.memory.id for h in hits])
        kept = [h for h in hits if h.memory.id in stored]
        return hits if len(kept) == len(hits) else kept

    @staticmethod
    def _events(text: str, earlier, now: datetime, safe: Assessment,
                seen: Perception) -> list[Event]:
        away = (now - earlier[0][0]).total_seconds() / 86400 if earlier else 0.0
        heard = news(seen, safe)
        return events(text, away, bool(safe.crisis), seen.labels, heard.kind if heard else None)

    def _prepare(self, result: TurnResult, text: str, session_id: int):
        """Perceive, recall, feel and think: the prompt for this turn, the safety assessment
        and the mood it is answered in."""
        store, uid = self.store, self.user_id
        seen = result.perception = self.perceiver.perceive(text)                      # perceive
        # The words are on disk before anything else can fail.
        result.user_turn = store.add_turn(uid, session_id, "user", text, meta=seen.as_dict())
        now = self.local_now()
        relationship.listen(store, uid, text, result.user_turn, now)
        earlier = store.said_lately(uid)[1:]  # newest first, without this turn
        safe = result.safety = assess(text, earlier, lambda: store.last_marked(uid, "nudge"), now, seen)
        if safe.crisis:
            relationship.follow_up(store, uid, result.user_turn, now)
        else:  # a tool, if the user's words ask for one; never in a crisis
            acted = result.acted = self._act(text, result.user_turn, now)
            if acted and acted.ability:
                result.done.append(acted.ability)
        ctx = result.context = self._recall(text, now, result.user_turn)              # recall
        happened = result.events = self._events(text, earlier, now, safe, seen)
        mine = result.affect = self.feeler.appraise(self.affect(), seen, happened)   # feel
        first = self._first(ctx, seen, safe, result.acted, point=True)  # forgetting what it says back takes it
        result.first, result.recounts = _dated(ctx, first, now), list(first.recounts)
        messages = self._messages(ctx, mine, seen, now, safe, result.first, result.acted)  # think
        rules = rules_for(text, seen, store.facts(uid, history=True),
                          [said for _, said in earlier[:30]], ctx.style, safe, result.done,
                          ctx.people)
        rules.opened, rules.unknown = result.first, first.unknown
        with_context(rules, ctx)  # her previous reply's opening, what she recalled of theirs
        rules.avoid = tuple(dict.fromkeys((*first.avoid, *rules.avoid)))
        if result.acted is not None:
            rules.told = (result.acted.about,) if result.acted.about else ()
            rules.limit = min(rules.limit or 2, 2)  # a sentence or two beside what was done
        result.check = Check(rules)
        # The note stays with the turn, so later prompts repeat it word for word (cached); the
        # ids of the memories it quotes let a forget take the note with them.
        recalled = {"recalled": [h.memory.id for h in ctx.memories]} if ctx.memories else {}
        withheld = {"withheld": safe.withheld} if safe.withheld else {}
        risk = {"risk": safe.crisis} if safe.crisis else {}  # never quoted as a shared moment
        did = {"acted": {"said": result.acted.said, "activity": result.acted.activity_id}} \
            if result.acted else {}
        store.update_turn(uid, result.user_turn, meta={**seen.as_dict(), "note": messages[-2].content,
                                                       **recalled, **withheld, **risk, **did})
        model_id = getattr(self.model, "model_id", "unknown")
        recounted = {"recounts": result.recounts} if result.recounts else {}  # forgotten with them
        result.reply_turn = store.add_turn(uid, session_id, "assistant", "", status="streaming",
                                           model=model_id, meta={"writer": writer(), **recounted})
        return messages, safe, mine

    def _speak(self, result: TurnResult, messages: list[Message], safe: Assessment,
               mine: Affect, started: float) -> Generator[str, None, None]:
        store, uid = self.store, self.user_id
        assert result.perception is not None  # perceived in _prepare
        alone = bool(safe.crisis) and not capable(self.model)  # a small model can't be trusted here
        acted = result.acted
        first = result.first
        opening = safe.opening + (STAY if alone else "") or (first + " " if first else "")
        closing = ""
        if acted is not None and acted.closing:  # an offer, after her own reply
            closing = acted.said
        elif acted is not None:  # what a tool did, in its own words, before the model says more
            opening += acted.said + ("" if acted.alone else " ")
            alone = alone or acted.alone
        replies = [Reply(iter(()) if alone else self.model.stream(messages, self.options))]
        guard = result.guard = Guard(safe.careful)
        check = result.check = result.check or Check(rules_for(result.perception.text))
        shown: list[str] = []
        chunks, last_save = iter(replies[0]), time.perf_counter()
        try:
            if opening:  # fixed words, said before the model is asked: nothing can stop them
                shown.append(opening)
                store.update_turn(uid, result.reply_turn, content=opening)
                yield opening
            while not check.enough:                                                   # speak
                asked = time.perf_counter()
                try:
                    chunk, ended = next(chunks), False
                except StopIteration:
                    result.model_ms += (time.perf_counter() - asked) * 1000  # the model's wrap-up
                    chunk, ended = "", True
                got = time.perf_counter()
                if not ended:
                    result.model_ms += (got - asked) * 1000
                    if result.ttft_ms is None:
                        result.ttft_ms = (got - started) * 1000
                if got - last_save >= SAVE_EVERY_S:
                    store.update_turn(uid, result.reply_turn, content="".join(shown))
                    last_save = time.perf_counter()
                handed = time.perf_counter()
                checked = check.finish() if ended else check.feed(chunk)            # check
                for piece in self._guarded(guard, checked):
                    shown.append(piece)
                    yield piece
                result.consumer_ms += (time.perf_counter() - handed) * 1000
                if check.retry:  # it opened with a refusal or a list: asked once more
                    chunks.close()
                    messages = again(messages, check.retry)
                    check.again()
                    replies.append(Reply(self.model.stream(messages, self.options)))
                    chunks = iter(replies[-1])
                elif ended:
                    break
            if not "".join(shown).strip() and not closing:  # the model wrote nothing at all
                for piece in self._guarded(guard, check.unsaid()):
                    shown.append(piece)
                    yield piece
            ending = ([" " if "".join(shown).strip() and not "".join(shown).endswith(" ") else "",
                       closing] if closing else [])
            finished = [*guard.finish()]
            for piece in [*finished, safe.after("".join(shown + finished)), *ending]:
                if piece:
                    shown.append(piece)
                    yield piece
            result.status = "complete"
        except (KeyboardInterrupt, GeneratorExit):
            result.status = "interrupted"
            raise
        except ModelError as exc:
            for piece in self._guarded(guard, check.finish()):  # what it had said, checked
                shown.append(piece)
                yield piece
            result.status = "failed" if not shown else "interrupted"
            result.error = str(exc)
            raise
        finally:
            chunks.close()  # stops the model (and closes its connection) if we stopped early
            result.text = "".join(shown)
            result.prompt_tokens = _total(r.usage.prompt_tokens for r in replies)
            result.completion_tokens = _total(r.usage.completion_tokens or r.count for r in replies)
            result.duration_ms = (time.perf_counter() - started) * 1000
            with self._core():
                self._remember(result, mine)                                          # remember

    @staticmethod
    def _guarded(guard: Guard, pieces: Iterator[str]) -> Iterator[str]:
        """The reply check's pieces through the safety guard: safety has the last word."""
        for piece in pieces:
            yield from guard.feed(piece)

    def _remember(self, result: TurnResult, mine: Affect) -> None:
        assert result.perception is not None  # perceived in _prepare
        self.store.update_turn(
            self.user_id, result.reply_turn, content=result.text, status=result.status,
            prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
            ttft_ms=result.ttft_ms, duration_ms=result.duration_ms, error=result.error,
            meta={"mood": mine.mood, "overhead_ms": round(result.overhead_ms, 3),
                  "safety": result.safety.marks, "held_back": result.guard.dropped,
                  **({"checked": result.check.fired} if result.check and result.check.fired else {}),
                  **({"recounts": result.recounts} if result.recounts else {})},
        )
        if self.store.drop_orphan_reply(self.user_id, result.user_turn, result.reply_turn):
            return  # what it answered was forgotten while she spoke: the answer goes too
        if result.status != "failed":
            cause = "; ".join([f"turn {result.user_turn}: user seemed {result.perception.emotion}",
                               *(e.name for e in result.events)])
            self.store.add_affect(self.user_id, mine.valence, mine.arousal, mine.mood, cause)
        if self.memories is not None and result.memorise_after:
            self.unsettled.add(lambda: self._memorise(result))
        elif self.memories is not None:
            self._memorise(result)
        if self.after_turn is not None:  # reflection after quiet, whichever door it came through
            self.after_turn(self.user_id, result.user_turn)

    def settle(self) -> int:
        """Make the memories of this person's finished turns whose door told its client
        first (``memorise_after``), or wait for the thread making them: every turn and guess
        does before it reads, so it sees them. How many it made."""
        return self.unsettled.settle(self._core)

    def _memorise(self, result: TurnResult) -> None:
        """Both sides of the turn become memories (``memorise.turn``)."""
        assert self.memories is not None and result.perception is not None  # perceived in _prepare
        memorise.turn(self.store, self.memories, self.user_id, self.name, result.context,
                      result.safety.withheld or result.perception.text,  # a method question is not kept
                      result.user_turn, result.guard.text.strip(), result.reply_turn, result.session_id)

    def memorise_interrupted(self) -> int:
        """Turns whose process died mid-reply (kill -9, a power cut) become memories as any
        other turn does, once; returns how many."""
        if self.memories is None:
            return 0
        return memorise.interrupted(self.store, self.memories, self.user_id, self.name)

    def read_ahead(self) -> threading.Thread | None:
        """Let a local model read the persona and history in the background (while the user
        types, or speaks), so the next turn only reads what is new; None if it can't."""
        warm = getattr(self.model, "warm", None)
        if warm is None:
            return None
        prefix = self.prefix()

        def run() -> None:
            try:
                warm(prefix)
            except Exception:  # reading ahead only buys speed; the turn reports real errors
                pass

        thread = threading.Thread(target=run, name="os1-read-ahead", daemon=True)
        thread.start()
        return thread

    def prefix(self) -> list[Message]:
        """The part of the next turn's prompt that is already known: persona and history."""
        ctx = self.recaller.recall(self.user_id)
        messages = build_messages(self.name, ctx, self.affect(), self.perceiver.perceive(""))
        return messages[:-2]

    def local_now(self) -> datetime:
        """Now on the user's clock: their ``timezone`` (the web app sets it from the browser),
        else this machine's. "Tomorrow", quiet hours and birthdays are theirs, not the server's."""
        return user_now(self.store, self.user_id)

    def check_in(self, session_id: int, local_now: datetime | None = None) -> str | None:
        """Something it has been meaning to ask ("how did the interview go?"), said first when
        the user arrives: one a day at most, never in quiet hours, never once told to stop."""
        now = local_now or self.local_now()
        found = relationship.due(self.store, self.user_id, now)
        if found is None:
            return None
        checkin_id, text = found
        self.store.add_turn(self.user_id, session_id, "assistant", text,
                            model="check-in", meta={"checkin": checkin_id})
        relationship.mark_asked(self.store, self.user_id, checkin_id, now)
        return text

    def ask(self, text: str, session_id: int) -> TurnResult:
        """A whole turn, not streamed."""
        result = TurnResult()
        for _ in self.turn(text, session_id, result):
            pass
        return result
