"""``os1 bench emotion``: how well the shipped emotion model names the user's feelings.

Each text of a GoEmotions-format TSV (``text \\t comma-separated label ids \\t id``) is read on its
own, as a turn would be, with the thresholds that ship with the model: nothing is tuned here,
so a file the model never saw gives an honest score. Macro-F1 weighs the rare feelings (grief,
relief, pride) as much as the common ones; micro-F1 is dominated by neutral and gratitude.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from os1.bench.stats import summary
from os1.mind.emotion import EmotionModel, load_emotion_model


def read(path: Path, n_labels: int) -> tuple[list[str], np.ndarray]:
    """Texts and their gold labels as a (texts, labels) 0/1 matrix."""
    texts, gold = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            from os1.errors import OS1Error

            raise OS1Error(f"{path}:{number} is not `text<TAB>label ids`; is this a GoEmotions TSV?")
        row = np.zeros(n_labels, dtype=bool)
        row[[int(x) for x in parts[1].split(",")]] = True
        texts.append(parts[0])
        gold.append(row)
    return texts, np.array(gold).reshape(-1, n_labels)


def f1_scores(gold: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, float]:
    """F1 of each label (0 for a label neither predicted nor present) and the micro F1."""
    tp = (gold & pred).sum(0)
    per_label = 2 * tp / np.maximum(gold.sum(0) + pred.sum(0), 1)
    micro = 2 * tp.sum() / max(gold.sum() + pred.sum(), 1)
    return per_label, float(micro)


def evaluate(path: Path, model: EmotionModel | None = None) -> dict:
    model = model or load_emotion_model()
    model.predict(["warm-up"])  # loads the weights outside the timings
    texts, gold = read(Path(path), len(model.labels))
    pred = np.zeros_like(gold)
    latencies = []
    for row, text in enumerate(texts):
        t0 = time.perf_counter()
        (emotions,) = model.predict([text])
        latencies.append((time.perf_counter() - t0) * 1000)
        pred[row, [model.labels.index(label) for label in emotions.labels]] = True
    per_label, micro = f1_scores(gold, pred)
    return {"macro_f1": round(float(per_label.mean()), 4), "micro_f1": round(micro, 4),
            "per_label": {label: round(float(f), 4) for label, f in zip(model.labels, per_label)},
            "texts": len(texts), "latency_ms": summary(latencies)}
