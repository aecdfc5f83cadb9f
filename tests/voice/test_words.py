"""Normalising what was heard before counting errors, and telling a backchannel from words."""

import pytest

from os1.voice.words import is_backchannel, normalize, number_words, sounds_finished, wer


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (42, "forty two"), (100, "one hundred"),
    (101, "one hundred one"), (999, "nine hundred ninety nine"), (2005, "two thousand five"),
    (1984, "nineteen eighty four"), (1900, "nineteen hundred"), (2024, "twenty twenty four"),
    (1_000_000, "one million"), (12_345, "twelve thousand three hundred forty five"),
])
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("text, normal", [
    ("Hello, World!", "hello world"),
    ("It's 42%.", "it is forty two percent"),
    ("The 3rd of May, 1999", "the third of may nineteen ninety nine"),
    ("$4.50 & a 2.5 km walk", "four dollars fifty and a two point five km walk"),
    ("in the 1990s", "in the nineteen nineties"),
    ("1,000 people", "one thousand people"),
    ("forty-two — well (coughs) [music]", "forty two well"),
    ("Mr. Dashwood and Dr Jones", "mister dashwood and doctor jones"),
    ("I'm sure we're gonna win, aren't we?", "i am sure we are going to win are not we"),
])
def test_normalize(text, normal):
    assert normalize(text) == normal


def test_wer_counts_hearing_not_spelling():
    assert wer(["I have 2 cats."], ["i have two cats"]) == 0.0
    assert wer(["the cat sat on the mat"], ["the cat sat on mat"]) == pytest.approx(1 / 6)
    assert wer(["a b", "c d e f"], ["a x", "c d e f g"]) == pytest.approx(2 / 6)


@pytest.mark.parametrize("text", ["Mm-hmm.", "uh-huh", "Yeah.", "Oh, I see.", "", "(coughs)",
                                  "Okay, yeah"])
def test_backchannels(text):
    assert is_backchannel(text)


@pytest.mark.parametrize("text", ["Wait.", "Stop, please", "No, that's wrong", "What?"])
def test_words_that_interrupt(text):
    assert not is_backchannel(text)


@pytest.mark.parametrize("text,finished", [
    ("How was your day?", True), ("I had a long day.", True), ("Wow!", False),
    ("That's amazing!", True), ("I went to the store and", False), ("I went to the store,", False),
    ("So I was thinking...", False), ("It was, um.", False), ("I think that I.", False),
    ("", False), ("what should I cook", False), ('He said "hello there."', True),
])
def test_a_turn_that_sounds_finished(text, finished):
    assert sounds_finished(text) is finished
