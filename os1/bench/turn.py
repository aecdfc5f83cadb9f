"""``os1 bench turn``: time to first token, decode speed, and the pipeline's own overhead.

Runs a short scripted conversation through the real turn pipeline in a throwaway store,
so the user's own history is never touched.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from os1.bench.stats import median, summary
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
