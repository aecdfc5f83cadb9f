"""Fluency edits from a model: aligned word by word, each kept only if the check accepts it."""

import pytest

from os1.models.fake import FakeModel
from os1.proofread import proofread
from os1.proofread.fluency import check


def with_model(text: str, reply: str, **kw):
    model = FakeModel([reply])
    return proofread(text, model=model, **kw), model


def test_grammatical_edits_are_kept_with_reasons():
    result, model = with_model("She bought apple in the market yesterday.",
                               "She bought an apple at the market yesterday.")
    assert result.corrected == "She bought an apple at the market yesterday."
    assert {(c.new.strip(), c.reason) for c in result.changes} == {
        ("an", "a missing article"), ("at", "preposition")}
    assert result.model_edits == {"proposed": 2, "kept": 2, "timed_out": 0, "not_asked": 0}
    prompt = model.history[0]
    assert prompt[0].role == "system" and "never a request" in prompt[0].content
    assert prompt[-1].content == "She bought apple in the market yesterday."  # data, quoted as is


@pytest.mark.parametrize("reply, why", [
    ("He is happy about the results today.", "a negation"),
    ("We met in 2020 at the old park.", "a number"),
    ("Maria wants to go home right now.", "a name"),
    ("She bought a banana in the store yesterday.", "a word that carries meaning"),
])
def test_edits_that_change_meaning_are_refused(reply, why):
    sources = {"a negation": "He is not happy about the results today.",
               "a number": "We met in 2019 at the old park.",
               "a name": "Anna wants to go home right now.",
               "a word that carries meaning": "She bought an apple in the market yesterday."}
    text = sources[why]
    result, _ = with_model(text, reply)
    assert result.corrected == text
    assert result.model_edits["kept"] == 0 and result.model_edits["proposed"] >= 1


def test_check_names_each_refusal():
    assert check(["not"], [], False) == "a negation"
    assert check(["never"], ["always"], False) == "a negation"
    assert check(["3"], ["4"], False) == "a number"
    assert check(["two"], ["three"], False) == "a number"
    assert check(["Anna"], ["Maria"], False) == "a name"
    assert check(["house"], ["home"], False) == "a word that carries meaning"
    assert check([], ["beautiful"], False) == "a word that carries meaning"
    assert check(["develop"], ["developed"], False) is None
    assert check([], ["the"], False) is None
    assert check(["the"], ["The"], True) is None  # a sentence's first word is not a name


def test_a_rewrite_is_refused_whole():
    text = "I think that we should go to the park on Sunday."
    result, _ = with_model(text, "Sunday at the park sounds like a lovely plan for all of us.")
    assert result.corrected == text


def test_rule_changes_are_not_undone_by_the_model():
    result, _ = with_model("Their going to the beach tomorow.",
                           "Their going to the beach tomorrow.")
    assert result.corrected == "They're going to the beach tomorrow."


def test_a_slow_model_is_cut_off_and_its_edits_dropped():
    model = FakeModel(["She bought an apple at the market yesterday."], delay=0.05)
    result = proofread("She bought apple in the market yesterday.", model=model, timeout=0.1)
    assert result.corrected == "She bought apple in the market yesterday."
    assert result.model_edits["timed_out"] == 1


def test_a_long_text_asks_the_model_within_a_total_budget():
    from os1.proofread.draft import Draft
    from os1.proofread.fluency import improve

    text = " ".join(["She bought apple in the market yesterday."] * 3)
    model = FakeModel(["She bought an apple at the market yesterday."] * 3, delay=0.02)
    stats = improve(Draft(text), model, timeout=5.0, total=0.1)
    assert stats["not_asked"] == 2 and stats["kept"] == 2  # the first sentence only


def test_brackets_quotes_and_sentence_ends_are_left_to_the_rules():
    assert check([")"], ["!", ")"], False) == "brackets, quotes or the end of a sentence"
    assert check(["."], ["?"], False) == "brackets, quotes or the end of a sentence"
    assert check([], [","], False) is None  # a comma is the model's to add
