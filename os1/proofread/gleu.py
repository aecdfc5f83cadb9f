"""GLEU, the JFLEG metric (Napoles et al. 2015, revised 2016 "GLEU without tuning").

For each sentence there are a source S, a hypothesis H and several references; all are split on
whitespace and compared case-sensitively. Against one reference R, for n = 1..4:

- the numerator is the n-grams of H also in R (clipped counts, as in BLEU), minus the n-grams
  of H that are in S but never in R (clipped to their count in S): source n-grams the annotator
  changed and the system kept. Floored at 0;
- the denominator is the number of n-grams in H.

Over a corpus the numerators, denominators and the lengths of H (c) and R (r) are summed, and
GLEU = exp(min(0, 1 - r/c)) * exp(mean of log(num_n / den_n)), 0 when any sum is 0.

The references are not merged: each iteration draws one reference per sentence at random (the
generator seeded with ``iteration * 101``, as the authors' scorer does), scores the corpus
against that draw, and the result is the mean over the iterations (500 by default).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

ORDER = 4
ITERATIONS = 500


def ngrams(words: Sequence[str], n: int) -> Counter:
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def sentence_stats(source: Sequence[str], hypothesis: Sequence[str],
                   reference: Sequence[str], order: int = ORDER) -> list[int]:
    """``[c, r, num_1, den_1, …, num_order, den_order]`` for one sentence and one reference."""
    stats = [len(hypothesis), len(reference)]
    for n in range(1, order + 1):
        h, s, r = ngrams(hypothesis, n), ngrams(source, n), ngrams(reference, n)
        kept_wrong = Counter({gram: count for gram, count in s.items() if gram not in r})
        matched = sum((h & r).values()) - sum((h & kept_wrong).values())
        stats += [max(matched, 0), max(len(hypothesis) + 1 - n, 0)]
    return stats


def corpus_score(stats: Sequence[int]) -> float:
    """GLEU (0..1) from summed sentence statistics."""
    if any(value == 0 for value in stats):
        return 0.0
    c, r = stats[0], stats[1]
    log_precision = sum(math.log(num / den) for num, den in zip(stats[2::2], stats[3::2]))
    order = (len(stats) - 2) // 2
    return math.exp(min(0.0, 1 - r / c) + log_precision / order)


@dataclass(frozen=True)
class Sample:
    """One sentence to score: its source, the system's output, and the references."""

    source: str
    hypothesis: str
    references: tuple[str, ...]


def gleu(samples: Sequence[Sample], iterations: int = ITERATIONS, order: int = ORDER) -> float:
    """Corpus GLEU (0..1): the mean over ``iterations`` random draws of one reference each.

    Every sentence must have the same number of references, as in the authors' scorer (its
    draws are ``randint(0, references - 1)`` per sentence, reseeded for each iteration).
    """
    if not samples:
        return 0.0
    counts = {len(s.references) for s in samples}
    if len(counts) != 1 or 0 in counts:
        raise ValueError("every sentence needs the same number (at least one) of references")
    refs = counts.pop()
    draws = []
    for j in range(iterations):
        rng = random.Random(j * 101)
        draws.append([rng.randint(0, refs - 1) for _ in samples])
    width = 2 + 2 * order
    totals = [[0] * width for _ in range(iterations)]
    for i, sample in enumerate(samples):
        src, hyp = sample.source.split(), sample.hypothesis.split()
        per_ref: dict[int, list[int]] = {}
        for j in range(iterations):
            k = draws[j][i]
            if k not in per_ref:
                per_ref[k] = sentence_stats(src, hyp, sample.references[k].split(), order)
            row = totals[j]
            for m, value in enumerate(per_ref[k]):
                row[m] += value
    return sum(corpus_score(row) for row in totals) / iterations
