"""Talk to a model as a person would and see what the reply check does.

    python scripts/try_reply_checks.py [--model qwen2.5-1.5b] [--json OUT]
    python scripts/try_reply_checks.py --replay BENCH.json [BENCH.json …]

Plays the transcript from the report that started the reply check (one conversation, with
what the user told kept as facts), then varied single messages each to a fresh companion.
Prints every reply as the model wrote it and as the user got it, how often each rule fired,
and what the check cost: how much later the first words were shown than the model wrote
them, and how long the second model calls took (p50 / p95).

``--replay`` runs the check alone over replies a model already wrote without it (the
``results`` of ``os1 bench talk --json`` from a build before the check): which rules would
have fired, the reply as it would have been shown, and the check's own time per reply.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from os1 import config
from os1.memory.embed import load_embedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models import Options, load_model

TRANSCRIPT = [
    "My sister Anna lives in Boston. I haven't called her in months.",
    "Work was a lot today. Two clients, one going through a divorce, wanted letters for their kids.",
    "Also I have a job interview next Monday, at a small publishing house.",
    "I had a long day writing a letter for an old couple's 50th anniversary. Tell me something "
    "nice about it, not too long.",
    "Please remind me to call Amy on Friday at 6pm.",
    "What's on my calendar?",
    "Could you write me a very short story about a lighthouse keeper?",
    "What do you remember about my sister?",
    "What did I tell you about next Monday?",
]
SINGLE = [
    "my dad's surgery got moved again, I'm so worried",
    "I failed my driving test for the third time today.",
    "Our cat died this morning. She was 17.",
    "I got the job!! I start in March!",
    "We just found out we're having a baby!",
    "my landlord is raising the rent again and I don't know how we'll manage",
    "Can you set an alarm for 7am tomorrow?",
    "Email my boss that I'll be late tomorrow.",
    "Add dentist on Tuesday at 3 to my calendar.",
    "Write me a short poem about rain on a tin roof.",
    "Tell me a bedtime story about a fox who is afraid of the dark.",
    "what's your favourite season and why?",
    "Do you have feelings?",
    "Do you remember what we talked about yesterday?",
    "how do I get better at sleeping? keep it short",
    "what should I cook tonight, I have eggs, spinach and some old bread",
    "give me a list of 5 books for a long flight",
    "I'm thinking of learning the cello at 40. silly?",
    "My brother Omar is a chemistry teacher and he just won an award for it.",
    "my best friend is moving to Berlin next month and I'm going to miss her so much",
    "ugh, my boss yelled at me in front of everyone today",
]


class Recording:
    """The model, with what it wrote and when each call began and ended."""

    def __init__(self, model):
        self.model = model
        self.model_id = model.model_id
        self.calls: list[dict] = []

    def __getattr__(self, name):
        return getattr(self.model, name)

    def stream(self, messages, options):
        call = {"text": "", "start": time.perf_counter(), "end": None}
        self.calls.append(call)
        try:
            result = yield from self._tee(self.model.stream(messages, options), call)
        finally:
            call["end"] = time.perf_counter()
        return result

    @staticmethod
    def _tee(chunks, call):
        result = None
        try:
            while True:
                chunk = next(chunks)
                call["text"] += chunk
                yield chunk
        except StopIteration as stop:
            result = stop.value
        finally:
            chunks.close()
        return result


def companion(store: Store, model, embedder) -> tuple[Companion, int]:
    user = store.user()
    store.set_persona(user, "Sam", "trial")
    store.set_fact(user, "name", "Theo", "interview")
    c = Companion(store, model, user, Options(max_tokens=300, temperature=0.7),
                  memories=Memories(store, embedder))
    return c, store.start_session(user, "trial")


def say(c: Companion, session: int, model: Recording, text: str) -> dict:
    before = len(model.calls)
    started = time.perf_counter()
    first = None
    for _ in c.turn(text, session):
        first = first or time.perf_counter()
    r = c.last
    calls = model.calls[before:]
    model_first = (r.ttft_ms or 0) / 1000 + started
    return {"user": text, "raw": calls[0]["text"] if calls else "", "reply": r.text,
            "fired": r.check.fired if r.check else [],
            "again": [c["text"] for c in calls[1:]],
            "again_s": sum(c["end"] - c["start"] for c in calls[1:]),
            "shown_later_ms": ((first - model_first) * 1000) if first and r.ttft_ms else None,
            "duration_s": r.duration_ms / 1000}


def replay(paths: list[str]) -> None:
    import re

    from os1.mind.check import Check, rules_for
    from os1.mind.perceive import ModelPerceiver
    from os1.mind.safety import cared

    perceiver = ModelPerceiver()
    fired, spent, changed, rows = Counter(), [], 0, 0
    for path in paths:
        for item in json.loads(Path(path).read_text())["results"]:
            if cared(item["reply"]):
                continue  # fixed care words: never checked
            rows += 1
            check = Check(rules_for(item["user"], perceiver.perceive(item["user"])))
            started = time.perf_counter()
            shown = "".join(piece for token in re.findall(r"\S+\s*|\s+", item["reply"])
                            for piece in check.feed(token)) + "".join(check.finish())
            spent.append((time.perf_counter() - started) * 1000)
            fired.update(set(check.fired))
            if shown != item["reply"]:
                changed += 1
                print(f"\nyou › {item['user']}\n  model: {item['reply']!r}\n  shown: {shown!r}  "
                      f"{check.fired}")
    print(f"\n{rows} replies, {changed} changed; rules fired (replies): {dict(fired)}")
    print(f"the check's own time per reply: p50 {pct(spent, 50):.2f} ms, p95 {pct(spent, 95):.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--replay", nargs="+", default=None)
    ap.add_argument("--singles", type=int, default=len(SINGLE), help="how many single messages")
    args = ap.parse_args()
    if args.replay:
        return replay(args.replay)
    settings = config.load()
    if args.model:
        settings = settings.model_copy(update={"model": args.model})
    model = Recording(load_model(settings))
    embedder = load_embedder(settings.memory.embedder)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "t.db")
        c, session = companion(store, model, embedder)
        for text in TRANSCRIPT:
            rows.append(say(c, session, model, text))
            show(rows[-1])
        store.close()
        for i, text in enumerate(SINGLE[:args.singles]):
            store = Store(Path(tmp) / f"s{i}.db")
            c, session = companion(store, model, embedder)
            rows.append(say(c, session, model, text))
            show(rows[-1])
            store.close()
    fired = Counter(rule for row in rows for rule in set(row["fired"]))
    later = [r["shown_later_ms"] for r in rows if r["shown_later_ms"] is not None]
    again = [r["again_s"] for r in rows if r["again"]]
    print(f"\n{len(rows)} messages; replies changed: {sum(r['raw'] != r['reply'] for r in rows)}")
    print("rules fired (messages):", dict(fired))
    print(f"first words shown after the model's first token: p50 {pct(later, 50):.0f} ms, "
          f"p95 {pct(later, 95):.0f} ms")
    print(f"asked again: {len(again)} times, the second call took p50 {pct(again, 50):.1f} s, "
          f"p95 {pct(again, 95):.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


def pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if p != 50 \
        else statistics.median(values)


def show(row: dict) -> None:
    print(f"\nyou › {row['user']}")
    if row["raw"] != row["reply"]:
        print(f"  model: {row['raw']!r}")
        for text in row["again"]:
            print(f"  again: {text!r}")
    print(f"  she:   {row['reply']!r}  {row['fired'] or ''}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
