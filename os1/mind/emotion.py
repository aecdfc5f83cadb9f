"""Emotion: the user's feeling as the 28 GoEmotions labels (27 emotions and neutral).

Two models read each text and their probabilities are averaged: MiniLM-L6 fine-tuned on
GoEmotions, run here in numpy (no torch at run time), and a logistic regression over word and
character n-grams, which catches spellings and slang the transformer's vocabulary splits badly.
Each label has its own threshold, tuned on held-out data when the model was trained
(``scripts/train_emotion.py``); the weights ship in ``os1/data/emotion``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data" / "emotion"
MAX_TOKENS = 64  # wordpieces per text, [CLS] and [SEP] included; longer texts are cut

# Where each label sits on the valence (-1 unpleasant … 1 pleasant) and arousal (0 calm …
# 1 activated) plane: the NRC Valence, Arousal, and Dominance Lexicon v1 (Mohammad, ACL 2018)
# ratings of the label's word ("caring" → care, "nervousness" → nervous), valence rescaled from
# 0…1 to -1…1 and both rounded to 0.05; the sign of valence agrees with GoEmotions' own grouping
# into positive, negative and ambiguous labels (Demszky et al., ACL 2020). Neutral sits at the
# centre of valence, low in arousal. A text's valence and arousal are the probability-weighted
# mean of its labels' places.
AFFECT = {
    "admiration": (0.85, 0.55), "amusement": (0.85, 0.85), "anger": (-0.65, 0.85),
    "annoyance": (-0.65, 0.70), "approval": (0.70, 0.45), "caring": (0.75, 0.45),
    "confusion": (-0.45, 0.60), "curiosity": (0.45, 0.65), "desire": (0.75, 0.80),
    "disappointment": (-0.75, 0.55), "disapproval": (-0.75, 0.60), "disgust": (-0.90, 0.80),
    "embarrassment": (-0.55, 0.70), "excitement": (0.80, 0.70), "fear": (-0.85, 0.85),
    "gratitude": (0.85, 0.45), "grief": (-0.90, 0.65), "joy": (0.95, 0.80),
    "love": (1.00, 0.50), "nervousness": (-0.50, 0.80), "optimism": (0.90, 0.55),
    "pride": (0.75, 0.65), "realization": (0.30, 0.50), "relief": (0.75, 0.30),
    "remorse": (-0.75, 0.55), "sadness": (-0.90, 0.30), "surprise": (0.50, 0.85),
    "neutral": (0.00, 0.25),
}


# --- text → wordpiece ids (BERT's uncased tokenizer) -------------------------------------------

class WordPiece:
    """BERT's uncased tokenizer over the model's vocabulary (control characters dropped, lower
    case, accents stripped, punctuation and CJK characters words of their own, greedy
    longest-match pieces, [UNK] for a word that cannot be spelled), as the ``tokenizers``
    library implements it."""

    def __init__(self, vocab: list[str]):
        from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

        index = {token: i for i, token in enumerate(vocab)}
        self.unk, self.cls, self.sep = (index[t] for t in ("[UNK]", "[CLS]", "[SEP]"))
        self._tokenizer = Tokenizer(models.WordPiece(index, unk_token="[UNK]",
                                                     max_input_chars_per_word=100))
        self._tokenizer.normalizer = normalizers.BertNormalizer(
            clean_text=True, handle_chinese_chars=True, strip_accents=True, lowercase=True)
        self._tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids
        return [self.cls, *ids[:max_tokens - 2], self.sep]


# --- text → n-gram features (the linear model) -------------------------------------------------

WORDS = re.compile(r"[a-z0-9']+|[!?]")


def ngrams(text: str) -> tuple[list[str], list[str]]:
    """Word unigrams and bigrams, and character 2- to 5-grams inside each padded word."""
    words = WORDS.findall(text.lower())
    word_grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    char_grams = []
    for w in words:
        padded = f" {w} "
        char_grams += [padded[i:i + n] for n in range(2, 6) for i in range(len(padded) - n + 1)]
    return word_grams, char_grams


def tfidf_row(text: str, index: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column ids and weights of one text: log-scaled counts times idf, the word block and the
    character block each scaled to unit length (so neither drowns the other)."""
    cols, vals = [], []
    for prefix, grams in zip("wc", ngrams(text)):
        counts = Counter(index[key] for g in grams if (key := f"{prefix}|{g}") in index)
        if not counts:
            continue
        ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[ids]
        cols.append(ids)
        vals.append(weights / np.linalg.norm(weights))
    if not cols:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(cols), np.concatenate(vals)


# --- the transformer, in numpy ------------------------------------------------------------------

def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    return centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + 1e-12) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU's tanh form: the one the model was trained with (numpy has no erf)."""
    return 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))


def sentence(w: dict[str, np.ndarray], ids: list[int] | np.ndarray) -> np.ndarray:
    """MiniLM-L6 on one text (no padding, so no mask), mean-pooled: its 384-number encoding.
    ``w`` holds float32 weights, matrices as (in, out)."""
    x = w["word"][ids] + w["position"][:len(ids)] + w["token_type"]
    x = _layer_norm(x, w["embed_norm.w"], w["embed_norm.b"])
    length = len(ids)
    for i in range(6):
        n = f"{i}."
        qkv = x @ w[n + "qkv.w"] + w[n + "qkv.b"]
        q, k, v = (qkv[:, j * 384:(j + 1) * 384].reshape(length, 12, 32).transpose(1, 0, 2)
                   for j in range(3))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(32.0)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(length, 384)
        x = _layer_norm(x + context @ w[n + "out.w"] + w[n + "out.b"], w[n + "norm1.w"], w[n + "norm1.b"])
        h = _gelu(x @ w[n + "up.w"] + w[n + "up.b"])
        x = _layer_norm(x + h @ w[n + "down.w"] + w[n + "down.b"], w[n + "norm2.w"], w[n + "norm2.b"])
    return x.mean(0)


def encode(w: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """The label head on the sentence encoding: one logit per label."""
    return sentence(w, ids) @ w["head.w"] + w["head.b"]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _one_blas_thread():
    """One BLAS thread while a text is read: its matrices are small, and a second thread
    spinning for a core that the language model or anything else holds made a 5 ms text take
    hundreds. Needs threadpoolctl; without it numpy's own setting stands."""
    global _THREADPOOLS
    if _THREADPOOLS is None:
        try:  # finding the BLAS libraries costs a millisecond: once is enough
            from threadpoolctl import ThreadpoolController
            _THREADPOOLS = ThreadpoolController()
        except ImportError:
            _THREADPOOLS = False
    if _THREADPOOLS is False:
        return nullcontext()
    return _THREADPOOLS.limit(limits=1, user_api="blas")


_THREADPOOLS: Any = None  # threadpoolctl's view of the loaded BLAS libraries, or False


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Emotions:
    scores: dict[str, float]  # label → probability, all 28
    labels: list[str]  # above their thresholds, most probable first; never empty
    valence: float  # -1 (unpleasant) … 1 (pleasant)
    arousal: float  # 0 (calm) … 1 (activated)
    confidence: float  # 0 … 1: the probability of the top label


def damaged(folder: Path, what: str, exc: Exception) -> Exception:
    from os1.errors import OS1Error

    return OS1Error(f"the {what}'s weights in {folder} are missing or damaged "
                    f"({exc.__class__.__name__}); reinstall OS1.")


def _every_array(arrays) -> dict[str, np.ndarray]:
    return {k: arrays[k] for k in arrays.files}


def shipped(folder: Path, what: str, unpack=_every_array) -> tuple[dict, dict[str, np.ndarray]]:
    """A model shipped in the package: ``meta.json`` and the arrays of ``model.npz``; a missing
    or damaged file is one clear error naming ``what``."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        with np.load(folder / "model.npz", allow_pickle=False) as arrays:
            return meta, unpack(arrays)
    except (OSError, ValueError, KeyError) as exc:
        raise damaged(folder, what, exc) from None


def _unpack(arrays) -> dict[str, np.ndarray]:
    """Float32 weights from the stored form: int8 matrices (``name/q``) with a scale for each
    run of values along a row (``name/s``), layer matrices stored as (in, out); the other
    floats were stored as float16."""
    out = {}
    for key in arrays.files:
        if key.endswith("/q"):
            name = key[:-2]
            q, scale = arrays[key], arrays[name + "/s"].astype(np.float32)
            rows, cols = q.shape
            blocks = q.reshape(rows, scale.shape[1], -1).astype(np.float32) * scale[..., None]
            out[name] = blocks.reshape(rows, cols)
        elif not key.endswith("/s"):
            value = arrays[key]
            out[key] = value.astype(np.float32) if value.dtype == np.float16 else value
    return out


class EmotionModel:
    """The shipped ensemble; weights are read on first use, once."""

    def __init__(self, folder: Path = DATA):
        self.folder = folder
        self._w: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._w is not None:
            return self._w
        meta, w = shipped(self.folder, "emotion model", _unpack)
        try:
            thresholds = np.array([meta["thresholds"][label] for label in meta["labels"]])
        except (KeyError, TypeError) as exc:
            raise damaged(self.folder, "emotion model", exc) from None
        self.meta, self._thresholds = meta, thresholds
        self._places = np.array([AFFECT[label] for label in meta["labels"]])
        self.tokenizer = WordPiece(bytes(w.pop("vocab")).decode("utf-8").split("\n"))
        self.ngram_index = {g: i for i, g in enumerate(bytes(w.pop("ngrams")).decode("utf-8").split("\n"))}
        self._w = w
        return w

    @property
    def labels(self) -> list[str]:
        self._load()
        return self.meta["labels"]

    def parts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each model's label probabilities, (len(texts), 28): the transformer's, the linear's."""
        deep, shallow, _ = self._read(texts)
        return deep, shallow

    def _read(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Both models' probabilities and the transformer's sentence encodings, (len(texts), 384)."""
        w = self._load()
        deep = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        shallow = np.zeros_like(deep)
        pooled = np.zeros((len(texts), w["head.w"].shape[0]), dtype=np.float32)
        with _one_blas_thread():
            for row, text in enumerate(texts):
                pooled[row] = sentence(w, w["token_rows"][self.tokenizer.encode(text)])
                deep[row] = _sigmoid(pooled[row] @ w["head.w"] + w["head.b"])
                cols, vals = tfidf_row(text, self.ngram_index, w["idf"])
                shallow[row] = _sigmoid(vals @ w["linear.w"][cols] + w["linear.b"])
        return deep, shallow, pooled

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 28) label probabilities: the two models' mean, weighted as trained."""
        return self.read(texts)[0]

    def read(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Label probabilities (len(texts), 28) and sentence encodings (len(texts), 384): one
        pass of the encoder gives both, so a model that reads the encoding (the risk model)
        costs nothing more."""
        deep, shallow, pooled = self._read(texts)
        mix = self._load()["mix"]
        return mix * deep + (1 - mix) * shallow, pooled

    def predict(self, texts: list[str]) -> list[Emotions]:
        return [self.emotions(p) for p in self.probabilities(texts)]

    def emotions(self, probs: np.ndarray) -> Emotions:
        """Labels above threshold (else the one nearest its threshold); valence and arousal
        weighted by every label's probability, so a mixed text lands between its feelings."""
        above = np.flatnonzero(probs >= self._thresholds)
        if not len(above):
            above = np.array([np.argmax(probs / self._thresholds)])
        above = above[np.argsort(-probs[above])]
        weights = probs / probs.sum()
        return Emotions(
            scores={label: round(float(p), 4) for label, p in zip(self.labels, probs)},
            labels=[self.labels[i] for i in above],
            valence=round(float(weights @ self._places[:, 0]), 3),
            arousal=round(float(weights @ self._places[:, 1]), 3),
            confidence=round(float(probs.max()), 3),
        )


@lru_cache(maxsize=1)
def load_emotion_model() -> EmotionModel:
    """The shipped model, one per process."""
    return EmotionModel()
