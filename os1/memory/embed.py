"""Text embeddings: one method, ``embed(texts) -> (n, dim) float32`` with unit-length rows.

Backends are chosen by name from config when built. ``hashing`` is a deterministic,
dependency-free fake for tests: words hashed into a fixed number of dimensions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

WORD = re.compile(r"[a-z0-9']+")


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
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

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = WORD.findall(text.lower())
            for token in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
                index, sign = self._bucket(token)
                out[row, index] += sign
        return normalise(out)


def load_embedder(name: str) -> Embedder:
    """The embedder called ``name`` in config."""
    if name == "hashing":
        return HashingEmbedder()
    from os1.errors import ConfigError

    raise ConfigError(f"there is no embedder called '{name}'; use 'hashing'.")
