"""GLEU checked on cases computed by hand, and on JFLEG dev against the published figures."""

import json
import math
from pathlib import Path

import pytest

from os1.proofread.gleu import Sample, corpus_score, gleu, sentence_stats

S, R = "a b c d e".split(), "a b x d e".split()


def test_matches_count_and_kept_errors_are_penalised():
    # H fixes c → x but adds f: 4/5 unigrams, 3/4 bigrams, 2/3 trigrams, 1/2 four-grams.
    stats = sentence_stats(S, "a b x d f".split(), R)
    assert stats == [5, 5, 4, 5, 3, 4, 2, 3, 1, 2]
    assert corpus_score(stats) == pytest.approx((4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** 0.25)


def test_keeping_what_the_annotator_changed_costs_more_than_missing_it():
    # Unchanged: "c", "b c" and "c d" are in the source, not in the reference, and kept.
    stats = sentence_stats(S, S, R)
    assert stats[2:6] == [4 - 1, 5, max(2 - 2, 0), 4]
    assert corpus_score(stats) == 0.0  # a zero count gives 0


def test_the_penalty_is_clipped_to_the_source_and_the_count_floored():
    stats = sentence_stats("b b c d".split(), "b b b c".split(), "a c d e".split())
    # unigrams: "c" matches (1); "b" kept twice (clipped to the source's 2): 1 - 2 → 0
    assert stats[2] == 0


def test_brevity_penalty():
    stats = sentence_stats(S, "a b x d".split(), R)
    assert stats[:2] == [4, 5]
    assert corpus_score(stats) == pytest.approx(math.exp(1 - 5 / 4))


def test_corpus_sums_before_the_mean_and_references_are_drawn():
    one = Sample("a b c d e", "a b x d f", ("a b x d e",))
    two = Sample("a b c d e", "a b x d f", ("a b x d e", "a b x d e"))
    assert gleu([one]) == pytest.approx(corpus_score(sentence_stats(S, "a b x d f".split(), R)))
    assert gleu([two]) == pytest.approx(gleu([one]))  # the same reference twice: same score
    # Output equal to one of two references scores between its score against each.
    mixed = Sample("a b c d e", "a b x d e", ("a b x d e", "a y c d e"))
    against = [gleu([Sample(mixed.source, mixed.hypothesis, (r,))]) for r in mixed.references]
    assert min(against) < gleu([mixed]) < max(against)


def test_every_sentence_needs_as_many_references():
    with pytest.raises(ValueError):
        gleu([Sample("a", "a", ("a",)), Sample("a", "a", ("a", "b"))])


DEV = Path("/work/shared/data/proofread/jfleg_dev.jsonl")


@pytest.mark.skipif(not DEV.exists(), reason="the JFLEG dev file is not on this machine")
def test_jfleg_dev_baselines_match_the_published_figures():
    rows = [json.loads(line) for line in DEV.read_text().splitlines()]
    unchanged = gleu([Sample(r["source"], r["source"], tuple(r["references"])) for r in rows])
    assert round(unchanged * 100, 1) == 38.2  # the JFLEG README and paper: 38.21 / 38.2
    # Humans, each reference scored against the other three: 55.3 in the paper.
    human = sum(gleu([Sample(r["source"], r["references"][k],
                             tuple(x for i, x in enumerate(r["references"]) if i != k))
                      for r in rows]) for k in range(4)) / 4
    assert round(human * 100, 1) == 55.3
