"""Cutting a streamed reply into pieces she can start saying at once."""

import re

from os1.voice.sentences import Sentences, speakable


def stream(text):
    splitter, out = Sentences(), []
    for token in re.findall(r"\S+\s*", text):
        out += splitter.feed(token)
    return out + splitter.finish()


def test_sentences_come_out_as_soon_as_they_end():
    splitter = Sentences()
    assert splitter.feed("Hello there. How ") == ["Hello there."]
    assert splitter.feed("are you?") == []  # no space yet: "?" may not be the end
    assert splitter.feed(" I") == ["How are you?"]
    assert splitter.finish() == ["I"]


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence():
    assert stream("Dr. Smith paid 3.5 dollars to J. R. Tolkien. Then he left.") == [
        "Dr. Smith paid 3.5 dollars to J. R. Tolkien.", "Then he left."]


def test_a_long_first_sentence_is_cut_at_a_comma():
    pieces = stream("When I think about it, I feel closer to you, and I wonder what comes next. "
                    "Maybe we could talk, then, about tomorrow.")
    assert pieces[0] == "When I think about it,"
    assert pieces[1:] == ["I feel closer to you, and I wonder what comes next.",
                          "Maybe we could talk, then, about tomorrow."]  # later commas do not cut


def test_speakable_drops_marks_links_emoji_and_stage_directions():
    assert speakable("*smiles softly* I **really** like [this](http://x.y) 😊") == \
        "I really like this"
    assert speakable("See https://example.com now") == "See a link now"


def test_a_long_first_sentence_without_commas_breathes_before_a_conjunction():
    pieces = stream("I think you would enjoy cooking a hearty and flavorful soup that warms you "
                    "up after such a long and tiring day. Then rest.")
    assert pieces[0] == "I think you would enjoy cooking a hearty and flavorful soup"
    assert pieces[1].startswith("that warms you up") and pieces[2] == "Then rest."
