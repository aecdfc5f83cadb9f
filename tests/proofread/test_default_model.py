"""Proofreading with the real default model's fluency edits: whatever it proposes, names,
numbers and negations come through unchanged, and the rules' corrections stay."""

import pytest

from os1.models.catalog import QWEN_1_5B
from os1.models.local import LocalModel
from os1.proofread import apply, proofread

pytestmark = pytest.mark.slow

SENTENCES = [
    ("Their going to the beach tomorow with Anna", ["They're", "tomorrow", "Anna"]),
    ("I did not received the 3 letters that Kiyoshi send me last week", ["not", "3", "Kiyoshi"]),
    ("She never want to go in the school by bus", ["never", "She"]),
]


def test_fluency_edits_keep_meaning(shared_models):
    model = LocalModel(shared_models / QWEN_1_5B.file, name=QWEN_1_5B.name)
    for text, kept in SENTENCES:
        result = proofread(text, model=model, timeout=30.0)
        assert result.model_edits["timed_out"] == 0
        for word in kept:
            assert word in result.corrected.split() or word + "." in result.corrected.split(), \
                (word, result.corrected)
        for change in result.changes:
            assert text[change.start:change.end] == change.old and change.reason
        assert apply(text, result.changes) == result.corrected
