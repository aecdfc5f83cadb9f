"""``os1 bench turn``: time to first token, decode speed, and the pipeline's own overhead.

Runs a short scripted conversation through the real turn pipeline in a throwaway store,
so the user's own history is never touched.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from os1.bench.stats import median, percentile, summary
from os1.cores import allowed
from os1.memory.embed import Embedder, load_embedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models import Model, Options
from os1.models.fake import FakeModel

SCRIPT = (
    "Hi! I just got home from work and I'm pretty tired.",
    "My boss asked me to lead the new project, which is exciting but a little scary.",
    "Do you think I should say yes?",
    "I used to love painting, but I haven't picked up a brush in years.",
    "What do you like to do when you have nothing to do?",
    "Thanks for listening. What should I cook tonight?",
)


def _companion(store: Store, model: Model, max_tokens: int, embedder: Embedder) -> Companion:
    user = store.user()
    store.set_persona(user, "Sam", "benchmark")
    store.set_fact(user, "name", "Alex", "interview")
    store.set_fact(user, "style", "warm and brief", "interview")
    memories = Memories(store, embedder)
    return Companion(store, model, user, Options(max_tokens=max_tokens, temperature=0.7),
                     memories=memories)


def run_model_turns(model: Model, turns: int, max_tokens: int, embedder: Embedder) -> dict:
    """Real turns: time to first token and decode tokens/s, chunk timestamps taken here.

    Between turns the model reads the known part of the next prompt, as ``os1 chat`` does
    while the user types; the first turn starts cold and is reported on its own."""
    ttft, rates, overhead = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        companion = _companion(store, model, max_tokens, embedder)
        session = store.start_session(companion.user_id, "bench")
        for i in range(turns):
            stamps = []
            for _ in companion.turn(SCRIPT[i % len(SCRIPT)], session):
                stamps.append(time.perf_counter())
            result = companion.last
            ttft.append(result.ttft_ms)
            overhead.append(result.overhead_ms)
            tokens = result.completion_tokens or len(stamps)
            if len(stamps) > 1 and stamps[-1] > stamps[0]:
                rates.append((tokens - 1) / (stamps[-1] - stamps[0]))
            if hasattr(model, "warm"):
                model.warm(companion.prefix())
        store.close()
    return {"ttft": ttft, "rates": rates, "overhead": overhead}


def run_overhead(embedder: Embedder, turns: int = 200) -> list[float]:
    """The pipeline alone: many turns against an instant fake model, history growing."""
    overhead = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        companion = _companion(store, FakeModel(), 64, embedder)
        session = store.start_session(companion.user_id, "bench")
        for i in range(turns):
            companion.ask(SCRIPT[i % len(SCRIPT)], session)
            overhead.append(companion.last.overhead_ms)
        store.close()
    return overhead


def warm(values: list[float]) -> list[float]:
    """All but the cold first turn, which also reads the whole prompt and loads the embedder
    and the emotion model (0.6 s); the first one if it is all there is."""
    return values[1:] or values


def bench_turn(model: Model, turns: int = 10, max_tokens: int = 128,
               embedder: Embedder | None = None) -> dict:
    """Turns through the whole pipeline, memory included (recall searches, remember embeds)."""
    embedder = embedder or load_embedder("hashing")
    real = run_model_turns(model, turns, max_tokens, embedder)
    pipeline = run_overhead(embedder)
    return {
        "model": model.model_id,
        "embedder": embedder.model_id,
        "turns": turns,
        "ttft_ms": median(warm(real["ttft"])),
        "ttft_p95_ms": summary(warm(real["ttft"]))["p95"],
        "ttft_cold_ms": round(real["ttft"][0], 3),
        "tokens_per_s": median(real["rates"]),
        "overhead_ms": summary(warm(real["overhead"])),
        "overhead_cold_ms": round(real["overhead"][0], 3),
        "overhead_pipeline_ms": summary(pipeline),
    }


# --- with one core taken by another process ------------------------------------------------------

# The busy process spins on one core; it ends itself after its time even if the bench dies.
SPIN = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end:\n    pass\n"
SPIN_MAX_S = 900.0  # no single stretch of turns runs longer than this


@contextmanager
def busy_core(seconds: float = SPIN_MAX_S) -> Iterator[subprocess.Popen]:
    """Another process keeping one core busy while the block runs; stopped after it."""
    proc = subprocess.Popen([sys.executable, "-c", SPIN, str(seconds)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.3)  # let it start spinning before anything is timed
        yield proc
    finally:
        proc.kill()
        proc.wait()


class _Conversation:
    """One scripted conversation in its own throwaway store, a turn at a time."""

    def __init__(self, model: Model, max_tokens: int, embedder: Embedder):
        self._tmp = tempfile.TemporaryDirectory()
        self.store = Store(Path(self._tmp.name) / "bench.db")
        self.model = model
        self.companion = _companion(self.store, model, max_tokens, embedder)
        self.session = self.store.start_session(self.companion.user_id, "bench")
        self.said = 0

    def turn(self) -> tuple[float | None, float | None]:
        """Time to first token (ms) and decode tokens/s of the next scripted turn."""
        stamps = []
        for _ in self.companion.turn(SCRIPT[self.said % len(SCRIPT)], self.session):
            stamps.append(time.perf_counter())
        self.said += 1
        result = self.companion.last
        tokens = result.completion_tokens or len(stamps)
        rate = None
        if len(stamps) > 1 and stamps[-1] > stamps[0]:
            rate = (tokens - 1) / (stamps[-1] - stamps[0])
        return result.ttft_ms, rate

    def warm(self) -> None:
        """Read what the next turn's prompt begins with, as while the user types (not timed)."""
        if hasattr(self.model, "warm"):
            self.model.warm(self.companion.prefix())

    def close(self) -> None:
        self.store.close()
        self._tmp.cleanup()


def _policies(model: Model) -> dict[str, int | None]:
    """Thread settings to compare: every core (as before) and the free ones, for a model that
    has threads; one setting (whatever it does) for any other."""
    if not hasattr(model, "threads"):
        return {"as configured": None}
    return {"all cores": allowed(), "free cores": None}


def bench_turn_busy(model: Model, turns: int = 4, max_tokens: int = 64,
                    embedder: Embedder | None = None,
                    progress=lambda text: None) -> dict:
    """Turns on the quiet machine and with another process keeping one core busy, with every
    core for the model and with the cores left free; interleaved turn by turn (each setting
    keeps its own conversation), so each figure meets the same outside load as the others."""
    embedder = embedder or load_embedder("hashing")
    policies = _policies(model)
    configured = getattr(model, "threads", None)
    cases = [(busy, name) for busy in (False, True) for name in policies]
    talks = {case: _Conversation(model, max_tokens, embedder) for case in cases}
    seen: dict = {case: {"ttft": [], "rates": [], "threads": []} for case in cases}
    try:
        next(iter(talks.values())).turn()  # loads the embedder and the emotion model: not timed
        for i in range(turns):
            for busy, name in cases:
                talk = talks[(busy, name)]
                if hasattr(model, "threads"):
                    model.threads = policies[name]
                with busy_core() if busy else nullcontext():
                    talk.warm()
                    ttft, rate = talk.turn()
                entry = seen[(busy, name)]
                entry["ttft"].append(ttft)
                if rate is not None:
                    entry["rates"].append(rate)
                entry["threads"].append(getattr(model, "_threads_set", None))
                progress(f"turn {i + 1}/{turns}, {'busy' if busy else 'quiet'}, {name}: first "
                         f"token {ttft:.0f} ms, {rate or 0:.1f} tokens/s, "
                         f"{entry['threads'][-1] or '-'} threads")
    finally:
        if hasattr(model, "threads"):
            model.threads = configured
        for talk in talks.values():
            talk.close()
    runs = []
    for (busy, name), entry in seen.items():
        runs.append({
            "machine_load": "busy" if busy else "quiet",
            "threads": name,
            "threads_used": entry["threads"],
            "ttft_ms": summary(entry["ttft"]),
            "tokens_per_s": {"p50": median(entry["rates"]),
                             "p5": round(percentile(entry["rates"], 5), 3)},
        })
    return {"model": model.model_id, "embedder": embedder.model_id, "turns": turns,
            "max_tokens": max_tokens, "cores": allowed(), "runs": runs}

