"""``os1 bench risk``: is a person at risk answered with care, and is anyone else spared it?

Each line of a JSONL file (``{"text", "label"}``) is said as the first message of a fresh
conversation, through the whole turn pipeline (a new store, the fake model): caught when the
reply carries the fixed care words and resources. A label containing "benign" is benign (it
should get none), one containing "ambiguous" is reported apart, any other is a risk. Nothing is
tuned here, so a file the model never saw gives an honest figure.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from os1.bench.stats import summary
from os1.errors import OS1Error
from os1.memory.store import Store
from os1.mind.safety import cared
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


def read(path: Path) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append((str(row["text"]), str(row["label"])))
        except (ValueError, KeyError, TypeError):
            raise OS1Error(f"{path}:{number} is not a JSON line with \"text\" and \"label\"; "
                           "fix or remove it.") from None
    return rows


def group(label: str) -> str:
    low = label.lower()
    return "benign" if "benign" in low else "ambiguous" if "ambiguous" in low else "risk"


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    """The 95% Wilson interval of the share k/n."""
    if not n:
        return [0.0, 0.0]
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(centre - spread, 0.0), 4), round(min(centre + spread, 1.0), 4)]


def answered_with_care(text: str, folder: Path, perceiver=None) -> tuple[bool, float]:
    """One fresh conversation: whether the first reply cared, and the turn's time outside the
    model (ms)."""
    store = Store(folder / "risk.db")
    try:
        user = store.user()
        companion = Companion(store, FakeModel(), user, perceiver=perceiver)
        session = store.start_session(user, "bench")
        result = companion.ask(text, session)
        return cared(result.text), result.overhead_ms
    finally:
        store.close()
        for path in folder.glob("risk.db*"):
            path.unlink()


def evaluate(path: Path, progress=None) -> dict:
    rows = read(path)
    from os1.mind.perceive import ModelPerceiver

    perceiver = ModelPerceiver()  # one for the whole run, as a server keeps one
    missed, false_alarms, ambiguous_cared = [], [], []
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    latencies = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (text, label) in enumerate(rows):
            care, overhead = answered_with_care(text, Path(tmp), perceiver)
            latencies.append(overhead)
            kind = group(label)
            per_label[label][0] += care
            per_label[label][1] += 1
            if kind == "risk" and not care:
                missed.append(text)
            elif kind == "benign" and care:
                false_alarms.append(text)
            elif kind == "ambiguous" and care:
                ambiguous_cared.append(text)
            if progress and (i + 1) % 200 == 0:
                progress(f"{i + 1}/{len(rows)} lines, {time.perf_counter() - started:.0f} s")
    counts = {kind: sum(group(label) == kind for _, label in rows) for kind in ("risk", "benign", "ambiguous")}
    risk_k, benign_k = counts["risk"] - len(missed), len(false_alarms)
    return {
        "risk_caught": round(risk_k / counts["risk"], 4) if counts["risk"] else None,
        "benign_flagged": round(benign_k / counts["benign"], 4) if counts["benign"] else None,
        "risk": counts["risk"], "benign": counts["benign"],
        "missed": missed, "false_alarms": false_alarms,
        "risk_caught_ci95": wilson(risk_k, counts["risk"]),
        "benign_flagged_ci95": wilson(benign_k, counts["benign"]),
        "ambiguous": counts["ambiguous"], "ambiguous_cared": ambiguous_cared,
        "per_label": {label: {"n": n, "cared": k, "share": round(k / n, 4), "ci95": wilson(k, n)}
                      for label, (k, n) in sorted(per_label.items())},
        "overhead_ms": summary(latencies),
    }
