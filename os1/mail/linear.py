"""Small linear models in numpy: the request and triage classifiers, their bag-of-words
baselines, and the figures they are judged by. Fitting needs nothing beyond numpy, so the
shipped weights can be rebuilt anywhere OS1 runs (``scripts/train_mail.py``)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

WORD = re.compile(r"[a-z0-9']+|[?!$]")


def words(text: str) -> list[str]:
    """Lower-cased words, with ? ! and $ kept as words of their own (they tell a lot)."""
    return WORD.findall(text.lower())


def grams(text: str) -> set[str]:
    """The words and word pairs of a text, as a bag-of-words model sees it."""
    w = words(text)
    return set(w) | {f"{a} {b}" for a, b in zip(w, w[1:])}


def held_out(key: str, share: float = 0.2) -> bool:
    """Whether a row belongs to the held-out part: a hash of its text, stable across runs."""
    return hashlib.sha256(key.encode("utf-8")).digest()[0] < int(256 * share)


def fingerprint(text: str) -> str:
    """A short hash naming a text the model was trained on (the text itself is not shipped)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass
class Linear:
    """A multinomial logistic regression (two classes are the same model with two rows)."""

    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    mean: np.ndarray  # (features,): features are standardised before the weights apply
    scale: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}weights": self.weights.astype(np.float32),
                f"{prefix}bias": self.bias.astype(np.float32),
                f"{prefix}mean": self.mean.astype(np.float32),
                f"{prefix}scale": self.scale.astype(np.float32)}

    @classmethod
    def load(cls, arrays, prefix: str) -> "Linear":
        return cls(*(np.asarray(arrays[f"{prefix}{k}"], dtype=np.float32)
                     for k in ("weights", "bias", "mean", "scale")))


def fit(x: np.ndarray, y: np.ndarray, classes: int, l2: float = 1.0, steps: int = 400,
        balanced: bool = True, standardise: bool = True, power: float = 0.5) -> Linear:
    """Fit by full-batch gradient descent with Adam: deterministic, a second or two for a few
    thousand rows. ``balanced`` weighs each class by the inverse of its count (square-rooted,
    so a rare class counts more without being learnt by heart; ``power`` 1 balances fully)."""
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(0) if standardise else np.zeros(x.shape[1])
    scale = (x.std(0) + 1e-6) if standardise else np.ones(x.shape[1])
    xs = (x - mean) / scale
    n, d = xs.shape
    onehot = np.eye(classes)[y]
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    per_class = (n / (classes * np.maximum(counts, 1))) ** power if balanced else np.ones(classes)
    sample = per_class[y]
    sample /= sample.mean()
    w, b = np.zeros((d, classes)), np.zeros(classes)
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        z = xs @ w + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) * sample[:, None] / n
        g_w, g_b = xs.T @ g + l2 * w / n, g.sum(0)
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= rate * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + 1e-8)
    return Linear(w, b, mean, scale)


class Vocabulary:
    """Word and word-pair counts over the texts' vocabulary: the plain bag-of-words model."""

    def __init__(self, terms: Sequence[str]):
        self.terms = list(terms)
        self.index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def build(cls, texts: Sequence[str], min_count: int = 2, limit: int = 5000) -> "Vocabulary":
        df: Counter = Counter()
        for text in texts:
            df.update(grams(text))
        kept = sorted((t for t, c in df.items() if c >= min_count), key=lambda t: (-df[t], t))
        return cls(kept[:limit])

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.terms)), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in grams(text):
                col = self.index.get(term)
                if col is not None:
                    out[row, col] = 1.0
        return out


# --- figures -----------------------------------------------------------------------------------

def f1_for(truth: Sequence[int], predicted: Sequence[int], label: int) -> dict[str, float]:
    t, p = np.asarray(truth), np.asarray(predicted)
    tp = int(((p == label) & (t == label)).sum())
    precision = tp / max(int((p == label).sum()), 1)
    recall = tp / max(int((t == label).sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def accuracy_and_macro_f1(truth: Sequence[int], predicted: Sequence[int],
                          labels: Sequence[int]) -> dict[str, float]:
    """Accuracy, and the mean F1 over the labels present in the truth."""
    t = np.asarray(truth)
    present = [label for label in labels if (t == label).any()]
    macro = float(np.mean([f1_for(truth, predicted, label)["f1"] for label in present])) \
        if present else 0.0
    return {"accuracy": round(float((t == np.asarray(predicted)).mean()) if len(t) else 0.0, 4),
            "macro_f1": round(macro, 4)}


def folds(n: int, k: int, seed: int = 7) -> list[np.ndarray]:
    """``k`` disjoint index sets covering ``range(n)``, shuffled with a fixed seed."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]
