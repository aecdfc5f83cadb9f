"""``os1 bench proofread``: GLEU of OS1's corrections against JFLEG's references, and the time
each sentence takes.

The corpus is tokenised ("do n't", "society ."); OS1 proofreads ordinary text. So each source
is turned back into ordinary text, proofread, and the result tokenised the corpus's way. A
sentence with no change is scored as its source, untouched, so the round trip itself costs
nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from os1.bench.stats import percentile
from os1.errors import OS1Error
from os1.proofread import proofread
from os1.proofread.gleu import Sample, gleu
from os1.proofread.text import tokenize, untokenize


def load(path: Path, limit: int | None = None) -> list[dict]:
    """JFLEG lines ``{"source": …, "references": [...]}``; ``limit`` spreads over the file."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            source, refs = row["source"], row["references"]
        except (ValueError, KeyError, TypeError):
            raise OS1Error(f"{path}:{number} is not a JFLEG line "
                           '({"source": …, "references": [...]}).') from None
        if not isinstance(source, str) or not refs or not all(isinstance(r, str) for r in refs):
            raise OS1Error(f"{path}:{number}: source must be text and references a list of "
                           "texts.")
        rows.append({"source": source, "references": list(refs)})
    if not rows:
        raise OS1Error(f"{path} holds no sentences.")
    if len({len(r["references"]) for r in rows}) != 1:
        raise OS1Error(f"{path}: every sentence needs the same number of references.")
    if limit and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def correct(source: str, model=None, english: str | None = None,
            timeout: float = 2.0) -> str:
    """One corpus sentence proofread, in the corpus's tokenisation."""
    text = untokenize(source)
    result = proofread(text, model=model, variety=english, timeout=timeout)
    if not result.changes:
        return source
    return tokenize(result.corrected)


def bench_proofread(path: Path, model=None, limit: int | None = None, english: str | None = None,
                    unchanged: bool = False, timeout: float = 2.0,
                    progress: Callable[[str], None] = lambda text: None) -> dict:
    """GLEU ×100 over the file (``unchanged``: of the sources themselves, the baseline),
    sentences, and ms per sentence (median and p95)."""
    rows = load(path, limit)
    samples, times = [], []
    for i, row in enumerate(rows, 1):
        began = time.perf_counter()
        output = row["source"] if unchanged else correct(row["source"], model, english, timeout)
        times.append((time.perf_counter() - began) * 1000)
        samples.append(Sample(row["source"], output, tuple(row["references"])))
        if i % 50 == 0:
            progress(f"{i}/{len(rows)} sentences")
    changed = sum(1 for s in samples if s.hypothesis != s.source)
    return {"gleu": round(gleu(samples) * 100, 2), "sentences": len(rows),
            "ms_per_sentence": round(percentile(times, 50), 1),
            "ms_p95": round(percentile(times, 95), 1), "changed": changed,
            "model": getattr(model, "model_id", None), "unchanged": unchanged}
