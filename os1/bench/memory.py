"""``os1 bench memory``: recall of the evidence turns of LoCoMo questions, by category.

Each conversation is stored through the companion's own memory path (sessions, turns, turn
memories with the sessions' dates), then every question retrieves its top k memories and
we count how many of its evidence turns came back. No model answers anything: this measures
remembering, not talking.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from os1.bench.locomo import Conversation, load
from os1.bench.stats import summary
from os1.memory import rank
from os1.memory.embed import Embedder
from os1.memory.memories import Memories, turn_memory
from os1.memory.retrieve import DEFAULT_MODEL, Retriever
from os1.memory.store import Store, open_store
from os1.memory.store_protocol import StoreProtocol

CATEGORIES = ("1", "2", "3", "4", "5")
Opener = Callable[[], AbstractContextManager[StoreProtocol]]


@contextmanager
def fresh_sqlite() -> Iterator[StoreProtocol]:
    """A SQLite store in a temp dir, removed after."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        try:
            yield store
        finally:
            store.close()


def at_url(url: str) -> Opener:
    """The store at ``url`` (each conversation's user is erased once its questions are asked)."""
    @contextmanager
    def opened() -> Iterator[StoreProtocol]:
        store = open_store(url)
        try:
            yield store
        finally:
            store.close()
    return opened


@contextmanager
def store_kinds(specs: list[str]) -> Iterator[list[tuple[str, Opener]]]:
    """What ``--store`` names, each as (label, opener): ``sqlite`` (a fresh file for each
    conversation), ``postgresql`` (a throwaway server started here, stopped after) or a URL."""
    server = None
    try:
        found: list[tuple[str, Opener]] = []
        for spec in specs:
            if spec == "sqlite":
                found.append(("sqlite", fresh_sqlite))
            elif spec == "postgresql":
                if server is None:
                    from os1.memory.pg_server import PgServer

                    server = PgServer().start()
                found.append(("postgresql", at_url(server.url())))
            else:
                from os1.memory.pg_store import shown

                found.append((shown(spec), at_url(spec)))
        yield found
    finally:
        if server is not None:
            server.stop()


def ingest(store: StoreProtocol, memories: Memories, conv: Conversation) -> tuple[int, dict[int, str]]:
    """Store the conversation as the companion would; returns the user and memory id → dia id."""
    user = store.user(conv.sample_id)
    speakers = []
    by_memory: dict[int, str] = {}
    for session in conv.sessions:
        if not session:
            continue
        session_id = store.start_session(user, "locomo")
        items, dia_ids, previous = [], [], ""
        for turn in session:
            if turn.speaker not in speakers:
                speakers.append(turn.speaker)
            role = "user" if turn.speaker == speakers[0] else "assistant"
            turn_id = store.add_turn(user, session_id, role, turn.text)
            items.append(turn_memory(turn.text, turn.speaker, turn.at, session_id, turn_id, previous))
            dia_ids.append(turn.dia_id)
            previous = f"{turn.speaker}: {turn.text}"
        for memory_id, dia_id in zip(memories.remember_many(user, items), dia_ids):
            by_memory[memory_id] = dia_id
    return user, by_memory


def _asked(path: Path, embedder: Embedder, progress: Callable[[str], None] | None,
           model: rank.Model | None, stores: Opener = fresh_sqlite):
    """Each conversation stored afresh, then each answerable question with what it needs:
    (conversation, retriever, user, now, memory id → dia id, question)."""
    for conv in load(path):
        with stores() as store:
            _erase(store, conv.sample_id)  # left by an earlier run that stopped
            memories = Memories(store, embedder)
            started = time.perf_counter()
            user, by_memory = ingest(store, memories, conv)
            if progress:
                progress(f"{conv.sample_id}: {len(by_memory)} turns stored in "
                         f"{time.perf_counter() - started:.1f} s")
            retriever = Retriever(memories, model=model)
            now = max(t.at for s in conv.sessions for t in s) + timedelta(days=1)
            memories.vectors(user)  # load the index before timing queries
            for question in conv.questions:
                if question.evidence:
                    yield conv, retriever, user, now, by_memory, question
            _erase(store, conv.sample_id)


def _erase(store: StoreProtocol, name: str) -> None:
    """The conversation's user and everything of theirs, so the next starts from nothing."""
    user = store.user(name)
    store.erase_user(user, account=True)


def _recalls(found: dict[int, list[tuple[int, float]]], ks: tuple[int, ...]) -> dict:
    """``found`` holds (category, share of evidence found) per question and k, as
    {k: [(category, share), ...]}; the result is recall_at_k by category and for 1-4."""
    result = {}
    for k in ks:
        per = defaultdict(list)
        for category, share in found[k]:
            per[str(category)].append(share)
        row = {c: round(sum(per[c]) / len(per[c]), 4) if per[c] else None for c in CATEGORIES}
        pooled = [v for c in ("1", "2", "3", "4") for v in per[c]]
        row["1-4"] = round(sum(pooled) / len(pooled), 4) if pooled else None
        result[f"recall_at_{k}"] = row
    return result


def evaluate(path: Path, embedder: Embedder, ks: tuple[int, ...] = (5, 10),
             progress: Callable[[str], None] | None = None,
             model: rank.Model | None = DEFAULT_MODEL, answerer=None,
             stores: Opener = fresh_sqlite) -> dict:
    """Recall@k by category; with an ``answer.Answerer``, its questions are also answered
    from what the companion recalls, and scored. ``stores`` opens the store each
    conversation is kept in (a fresh SQLite file by default)."""
    found: dict[int, list] = {k: [] for k in ks}
    latencies: list[float] = []
    for _conv, retriever, user, now, by_memory, question in _asked(path, embedder, progress,
                                                                   model, stores):
        t0 = time.perf_counter()
        hits = retriever.search(user, question.text, now, k=max(ks), kinds=("turn",))
        latencies.append((time.perf_counter() - t0) * 1000)
        ranked = [by_memory.get(h.memory.id) for h in hits]
        for k in ks:
            share = len(question.evidence & set(ranked[:k])) / len(question.evidence)
            found[k].append((question.category, share))
        if answerer is not None and answerer.offer(retriever, user, now, question) \
                and progress and len(answerer.answers) % 10 == 0:
            progress(f"{len(answerer.answers)} questions answered")
    result = _recalls(found, ks)
    if answerer is not None:
        result.update(answerer.result())
    result["latency_ms"] = summary(latencies)
    result["questions"] = len(latencies)
    result["embedder"] = embedder.model_id
    return result


def cross(path: Path, embedder: Embedder, ks: tuple[int, ...] = (5, 10),
          progress: Callable[[str], None] | None = None) -> tuple[dict, rank.Model]:
    """Recall with the ranker fitted afresh on every conversation but the one asked, for each
    conversation in turn: what to expect on conversations it has never seen. Also returns
    the ranker fitted on them all."""
    asked: dict[str, list] = defaultdict(list)  # conversation → [(category, evidence, X, y)]
    for conv, retriever, user, now, by_memory, question in _asked(path, embedder, progress, None):
        q, hits = retriever.first_look(user, question.text, now, kinds=("turn",))
        turns, x = retriever.features(user, q, hits[: retriever.weights.second_look])
        y = np.array([1.0 if by_memory.get(h.memory.id) in question.evidence else 0.0
                      for h in turns])
        asked[conv.sample_id].append((question.category, len(question.evidence), x, y))
    found: dict[int, list] = {k: [] for k in ks}
    for held_out, questions in asked.items():
        model = rank.fit([(x, y) for name, rest in asked.items() if name != held_out
                          for _c, _n, x, y in rest])
        for category, evidence, x, y in questions:
            order = np.argsort(-model.score(x), kind="stable") if len(y) else np.zeros(0, int)
            for k in ks:
                found[k].append((category, float(y[order[:k]].sum()) / evidence))
    result = _recalls(found, ks)
    result["questions"] = len(found[ks[0]])
    result["conversations"] = len(asked)
    result["embedder"] = embedder.model_id
    everything = rank.fit([(x, y) for rest in asked.values() for _c, _n, x, y in rest])
    return result, everything


class _Memo:
    """Embeds each distinct text once: the scale run repeats texts, and its subject is the
    search over many vectors, not the embedder's speed."""

    def __init__(self, inner: Embedder):
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        self.seen: dict[tuple[str, bool], np.ndarray] = {}

    def embed(self, texts, query: bool = False) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if (t, query) not in self.seen))
        for start in range(0, len(missing), 256):
            chunk = missing[start:start + 256]
            for text, vector in zip(chunk, self.inner.embed(chunk, query)):
                self.seen[(text, query)] = vector
        return np.stack([self.seen[(t, query)] for t in texts]) if texts else \
            np.zeros((0, self.dim), dtype=np.float32)


def scale(n: int, embedder: Embedder, path: Path | None = None, queries: int = 200,
          progress: Callable[[str], None] | None = None) -> dict:
    """Retrieval latency with ``n`` memories for one user, stored through the usual path.
    Texts are drawn from the LoCoMo turns when a file is given (real words; repeated, so each
    distinct text is embedded once), else from a small vocabulary."""
    rng = random.Random(1)
    if path:
        conversations = load(path)
        pool = [t.text for c in conversations for s in c.sessions for t in s]
        asks = [q.text for c in conversations for q in c.questions]
    else:
        words = ("walk dog sister garden paint letter mother beach work coffee movie book "
                 "music dinner trip city friend rain birthday job cat school").split()
        pool = [" ".join(rng.choices(words, k=12)) for _ in range(500)]
        asks = [" ".join(rng.choices(words, k=6)) + "?" for _ in range(queries)]
    memo = _Memo(embedder)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        memories = Memories(store, memo)
        user = store.user()
        base = datetime(2020, 1, 1, tzinfo=timezone.utc)
        started = time.perf_counter()
        batch = 5000
        for offset in range(0, n, batch):
            session = store.start_session(user, "scale")
            items = [turn_memory(rng.choice(pool), rng.choice(("Alex", "Sam")),
                                 base + timedelta(minutes=i * 37), session, None)
                     for i in range(offset, min(n, offset + batch))]
            memories.remember_many(user, items)
            if progress:
                progress(f"{offset + len(items):,} memories stored")
        ingest_s = time.perf_counter() - started
        retriever = Retriever(Memories(store, embedder))  # queries embedded for real, timed
        now = base + timedelta(minutes=n * 37 + 1440)
        t0 = time.perf_counter()
        retriever.memories.vectors(user)
        load_s = time.perf_counter() - t0
        latencies = []
        for question in rng.sample(asks, min(queries, len(asks))):
            t0 = time.perf_counter()
            retriever.search(user, question, now, k=10)
            latencies.append((time.perf_counter() - t0) * 1000)
        size_mb = (Path(tmp) / "scale.db").stat().st_size / 1e6
        store.close()
    return {"memories": n, "latency_ms": summary(latencies), "ingest_s": round(ingest_s, 1),
            "index_load_s": round(load_s, 2), "db_mb": round(size_mb, 1),
            "embedder": embedder.model_id}
