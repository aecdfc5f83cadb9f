"""The default model reads standing facts the word patterns miss, and keeps out what is not
the speaker's own, for real (``memory/standing_model.py``)."""

from __future__ import annotations

import pytest

from os1 import config
from os1.memory import standing_model
from os1.models import load_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(shared_models):
    import os

    os.environ["OS1_MODELS_DIR"] = str(shared_models)
    try:
        yield load_model(config.Settings())
    finally:
        del os.environ["OS1_MODELS_DIR"]


@pytest.mark.parametrize("text, kind", [
    ("oh and the asthma has been rough this week with the cold air", "health"),
    pytest.param("Flying is my nightmare, I grip the armrest the whole way.", "fear",
                 marks=pytest.mark.xfail(reason="a miss of the small model: no fear read here",
                                         strict=False)),
    ("no car these days so I cycle everywhere", "transport"),
])
def test_it_reads_what_the_patterns_miss(model, text, kind):
    from os1.memory.extract import extract

    assert not [f for f in extract(text) if f.key.startswith(kind)]  # the patterns miss it
    assert kind in {f.key.partition(":")[0] for f in standing_model.read(model, text)}


@pytest.mark.parametrize("text", [
    "my brother is allergic to shellfish so we never cook it",
    "is it safe to go diving if you have asthma?",
    "the weather was lovely on the walk today",
])
def test_it_keeps_nothing_from_a_distractor(model, text):
    assert standing_model.read(model, text) == []
