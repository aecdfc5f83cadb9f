"""``os1 bench facts``: how well the user's standing facts are read from what they say, by
the word patterns alone and with the model's reading added (``memory/standing_model.py``).

The labelled set (``os1/data/facts/standing.jsonl``, written for OS1) holds one message a
line with the standing facts it states of the speaker, none for a distractor: someone else's
fact, one that is over, imagined, asked, joked or denied, or nothing of the kind. A fact read
is right when the set has one of the same kind and, for kinds held many at a time (allergies,
fears…), a word in common with its value; precision is over the facts read, recall over the
facts labelled.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from os1.bench.stats import summary
from os1.errors import OS1Error
from os1.memory import standing, standing_model
from os1.memory.extract import Fact, extract
from os1.models.base import Model

DATA = resources.files("os1") / "data" / "facts" / "standing.jsonl"


@dataclass(frozen=True)
class Labelled:
    text: str
    facts: tuple[tuple[str, str], ...]  # (kind, value)


def read(path: Path | None = None) -> list[Labelled]:
    """The labelled set (the bundled one unless ``path``); a bad line is a one-line error."""
    text = path.read_text(encoding="utf-8") if path else DATA.read_text(encoding="utf-8")
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            facts = tuple((str(f["kind"]), str(f["value"])) for f in data["facts"])
            items.append(Labelled(str(data["text"]), facts))
        except (ValueError, KeyError, TypeError) as exc:
            raise OS1Error(f"line {number} of the facts set is not a labelled message ({exc}).") from None
    return items


def _stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1}


def same(kind: str, value: str, gold: tuple[str, str]) -> bool:
    """Whether a fact read (kind, value) is the labelled one."""
    if kind != gold[0]:
        return False
    return kind in standing.SINGLE or bool(_stems(value) & _stems(gold[1]))


def standing_only(facts: list[Fact]) -> list[tuple[str, str]]:
    return [(f.key.partition(":")[0], f.value) for f in facts
            if f.key.partition(":")[0] in standing.KEYS]


@dataclass
class Score:
    read: int = 0
    right: int = 0
    labelled: int = 0
    found: int = 0

    def add(self, got: list[tuple[str, str]], gold: tuple[tuple[str, str], ...]) -> list[str]:
        """Counts one message; returns what it got wrong, in words."""
        wrong = [f"read {k}: {v}" for k, v in got if not any(same(k, v, g) for g in gold)]
        missed = [f"missed {g[0]}: {g[1]}" for g in gold if not any(same(k, v, g) for k, v in got)]
        self.read += len(got)
        self.right += len(got) - len(wrong)
        self.labelled += len(gold)
        self.found += len(gold) - len(missed)
        return wrong + missed

    def as_dict(self) -> dict:
        return {"precision": round(self.right / self.read, 3) if self.read else None,
                "recall": round(self.found / self.labelled, 3) if self.labelled else None,
                "read": self.read, "right": self.right, "labelled": self.labelled,
                "found": self.found}


def evaluate(items: list[Labelled], model: Model | None,
             progress: Callable[[str], None] | None = None) -> dict:
    """Precision and recall of the patterns alone and, with a ``model``, of the patterns with
    the model's additions, and of those additions alone; every mistake with its message."""
    patterns, both, added = Score(), Score(), Score()
    mistakes, times, raw = [], [], ""
    for number, item in enumerate(items, 1):
        if progress and model is not None and number % 10 == 0:
            progress(f"{number}/{len(items)} read")
        found = extract(item.text)
        got = standing_only(found)
        wrong = patterns.add(got, item.facts)
        if model is not None:
            started = time.perf_counter()
            raw, by_model = standing_model.answered(model, item.text)
            extra = standing_model.merged(found, by_model)
            times.append(time.perf_counter() - started)
            more = standing_only(extra)
            wrong = both.add(got + more, item.facts)
            added.add(more, tuple(g for g in item.facts if not any(same(k, v, g) for k, v in got)))
        if wrong:
            mistakes.append({"text": item.text, "wrong": wrong,
                             **({"answer": raw} if model is not None else {})})
    result = {"messages": len(items), "distractors": sum(not i.facts for i in items),
              "patterns": patterns.as_dict(), "mistakes": mistakes}
    if model is not None:
        result.update({"with_model": both.as_dict(), "model_added": added.as_dict(),
                       "model": model.model_id, "read_s": summary(times)})
    return result
