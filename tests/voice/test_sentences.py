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


def test_her_first_clause_ends_before_and_or_but_when_a_new_clause_begins():
    assert stream("It depends on your relationship and the importance of calling her. Yes.")[:2] \
        == ["It depends on your relationship", "and the importance of calling her."]
    assert stream("I would love to hear more but only if you want to. Okay.")[0] == \
        "I would love to hear more"
    # "and" inside a phrase is no place to breathe, nor is a short opening
    assert stream("You could make a warm and hearty soup tonight. Then rest.")[0] == \
        "You could make a warm and hearty soup tonight."
    assert stream("Tea and biscuits and you sound perfect. Yes.")[0] == \
        "Tea and biscuits and you sound perfect."
    assert stream("That sounds hard and I am sorry. Yes.")[0] == "That sounds hard and I am sorry."


def test_her_first_clause_may_be_two_words_at_a_comma_or_four_before_a_new_clause():
    """The model writes about 20 words a second on two cores: each word her first piece need
    not wait for comes off her first sound, where a speaker would breathe anyway."""
    assert stream("I'm sorry, but I don't have that. Yes.")[0] == "I'm sorry,"
    assert stream("I'm sorry to hear that you're having trouble. Yes.")[:2] == \
        ["I'm sorry to hear", "that you're having trouble."]
    assert stream("It means a lot that you care about them. Yes.")[0] == "It means a lot"
    # "that" which does not open a clause, and a short opening, are no place to breathe
    assert stream("I really love that idea of yours. Yes.")[0] == "I really love that idea of yours."
    assert stream("I'm sorry if you didn't know. Yes.")[0] == "I'm sorry if you didn't know."
    assert stream("Oh, that sounds lovely. Yes.")[0] == "Oh, that sounds lovely."


def test_a_semicolon_or_dash_ends_her_first_clause_too():
    assert stream("That sounds lovely; tell me everything. Yes.")[0] == "That sounds lovely;"
    assert stream("Oh I remember that — the lake house. Yes.")[0] == "Oh I remember that —"
    assert stream("Oh I remember that - the lake house. Yes.")[0] == "Oh I remember that -"


def test_a_clause_is_not_a_sentence():
    from os1.voice.sentences import ends_sentence

    assert ends_sentence("How are you?") and ends_sentence('He said "no."')
    assert not ends_sentence("When I think about it,") and not ends_sentence("It depends on you")
