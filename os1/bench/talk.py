"""``os1 bench talk``: scripted conversations with a fresh companion each, scored by what the
user would notice in her replies (the checks of ``talk_checks``).

Each scenario is played as a person would have it in ``os1 chat``: a new data dir (a temporary
store, deleted afterwards) whose clock starts at a fixed date, the user's name given as the
interview gives it, sessions opened and closed by ``mind.session`` (so reflection runs as when
a user leaves), and every message through ``Companion.turn``, with the history read ahead as
chat does while the user types. ``after_days`` closes the session, moves the clock and opens a
new one. After each reply the background jobs that are due run (as in the idle time of a real
chat), so the facts the model reads in a turn are there for later ones. The companion is told
nothing about the checks: it only hears the user's messages.

Replies are the same on a rerun: the model is asked with a fixed seed, and it starts each
scenario having read nothing (as a new process would), so a scenario played alone (``--only``)
gets the replies it gets in a full run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from os1.bench.stats import summary
from os1.bench.talk_checks import Scenario, Tally, judge
from os1.errors import ModelError, OS1Error
from os1.jobs.queue import StoreQueue
from os1.jobs.tasks import JOBS, Context
from os1.memory.store import Store
from os1.mind import session
from os1.mind.interview import record_answers
from os1.mind.turn import Companion
from os1.models.local import forget_what_was_read

START = datetime(2026, 3, 2, 18, 30, tzinfo=timezone.utc)  # a Monday evening
TYPING = timedelta(minutes=1)  # between one message and the next in a session
ZONE = "UTC"  # the user's time zone, so a run reads the same dates on every machine


class ScriptClock:
    """The scenario's clock: it stands still while she answers and moves only when the
    script says (a minute a message, ``after_days`` between sessions), so a rerun sees the
    same times."""

    def __init__(self, at: datetime = START):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, by: timedelta) -> None:
        self.at += by


def _leave(companion: Companion, session_id: int, errors: list[str]) -> None:
    """As chat leaves: the session closes; a reflection that fails is retried next time."""
    try:
        session.leave(companion, session_id)
    except OS1Error as exc:
        errors.append(f"reflection: {exc}")


def _answer(companion: Companion, text: str, session_id: int):
    """One turn, with the history read first (as chat lets a local model read it while the
    user types): the turn's time is what the user waits once they press Enter."""
    ahead = companion.read_ahead()
    if ahead is not None:
        ahead.join()
    try:
        return companion.ask(text, session_id), None
    except ModelError as exc:
        return companion.last, str(exc)


def _idle(companion: Companion, store: Store, errors: list[str]) -> None:
    """What the idle time after a reply does in a real chat: the background jobs that are due
    run (reading the turn for standing facts, a reflection whose quiet has come), so what
    they find is there in later turns."""
    context = Context(store, companion.memories, lambda: companion.model)
    for outcome in StoreQueue(store).run_ready(context, JOBS):
        if outcome.state in ("retry", "failed"):
            errors.append(f"{outcome.job.name}: {outcome.detail}")


def play(scenario: Scenario, companion_for: Callable[[Store], Companion],
         folder: Path) -> dict:
    """One scenario with a fresh companion; its checked turns and times."""
    forget_what_was_read()  # the model starts as a new process's would: having read nothing
    clock = ScriptClock()
    store = Store(folder / "os1.db", clock=clock)
    checked, times, first_tokens = [], [], []
    errors: list[str] = []
    sessions = 1
    try:
        companion = companion_for(store)
        user = companion.user_id
        store.set_setting(user, "timezone", ZONE)
        if scenario.name:
            record_answers(store, user, {"name": scenario.name})  # as the interview keeps it
        session_id, _ = session.arrive(companion, "chat")
        for number, turn in enumerate(scenario.turns, 1):
            if turn.after_days is not None:
                _leave(companion, session_id, errors)
                clock.advance(timedelta(days=turn.after_days))
                session_id, _ = session.arrive(companion, "chat")
                sessions += 1
            elif number > 1:
                clock.advance(TYPING)
            result, error = _answer(companion, turn.user, session_id)
            _idle(companion, store, errors)
            times.append(result.duration_ms / 1000)
            if result.ttft_ms is not None:
                first_tokens.append(result.ttft_ms / 1000)
            if error:
                errors.append(f"turn {number}: {error}")
            if turn.check is not None:
                why = judge(turn.check, result.text)
                if error:
                    why.insert(0, f"the model failed: {error}")
                checked.append({"id": scenario.id, "category": scenario.category,
                                "turn": number, "user": turn.user, "reply": result.text,
                                "passed": not why, "why": "; ".join(why)})
    finally:
        store.close()
        for path in folder.glob("os1.db*"):
            path.unlink()
    return {"checked": checked, "turn_s": times, "ttft_s": first_tokens, "errors": errors,
            "sessions": sessions, "clock": clock.at.isoformat()}


def select(scenarios: list[Scenario], categories: Iterable[str] = (),
           only: Iterable[str] = ()) -> list[Scenario]:
    """The scenarios of the given categories and ids (all when neither is given); an id or a
    category that names nothing is an error, so a typo does not pass for an empty run."""
    categories, only = set(categories), set(only)
    unknown = (categories - {s.category for s in scenarios}) | (only - {s.id for s in scenarios})
    if unknown:
        raise OS1Error(f"no scenario has the category or id {', '.join(sorted(unknown))}; "
                       f"categories: {', '.join(sorted({s.category for s in scenarios}))}.")
    return [s for s in scenarios
            if (not categories or s.category in categories) and (not only or s.id in only)]


def run(scenarios: list[Scenario], companion_for: Callable[[Store], Companion],
        progress: Callable[[str], None] | None = None) -> dict:
    """Play every scenario and score it: pass rates overall and by category, every failure."""
    tally, results, times, first_tokens, errors, played_all = Tally(), [], [], [], [], []
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="os1-talk-"))
    try:
        for i, scenario in enumerate(scenarios, 1):
            t0 = time.perf_counter()
            played = play(scenario, companion_for, folder)
            for item in played["checked"]:
                tally.add(item["category"], item["passed"])
            results += played["checked"]
            times += played["turn_s"]
            first_tokens += played["ttft_s"]
            errors += [f"{scenario.id}: {e}" for e in played["errors"]]
            played_all.append({"id": scenario.id, "sessions": played["sessions"],
                               "clock_at_end": played["clock"]})
            if progress:
                passed = sum(item["passed"] for item in played["checked"])
                progress(f"{i}/{len(scenarios)} {scenario.id}: {passed}/{len(played['checked'])} "
                         f"passed, {time.perf_counter() - t0:.0f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pass_rate, by_category = tally.rates()
    return {
        "pass_rate": pass_rate,
        "by_category": by_category,
        "checks": tally.checks,
        "passed": tally.passed,
        "checks_by_category": {c: n for c, (_k, n) in sorted(tally.by_category.items())},
        "scenarios": len(scenarios),
        "played": played_all,
        "failures": [{k: item[k] for k in ("id", "turn", "reply", "why", "category", "user")}
                     for item in results if not item["passed"]],
        "results": results,
        "turns": len(times),
        "turn_s": summary(times),
        "turn_times_s": [round(t, 3) for t in times],  # each turn, in order: runs can be pooled
        "ttft_s": summary(first_tokens),
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 1),
    }
