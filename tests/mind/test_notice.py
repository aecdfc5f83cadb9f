"""She raises what she knows of a person when asked for advice about them, and keeps her own
favourites: the first words a small model is given, and the note every model gets."""

from datetime import datetime

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.people import Person
from os1.memory.store import Store
from os1.mind.notice import bearing
from os1.mind.safety import assess
from os1.mind.tastes import favourite
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

OMAR = Person(1, "brother", "Omar", {"feels:afraid_of_dogs": "'s afraid of dogs", "lives_in": "Leeds"})
LENA = Person(2, "flatmate", "Lena", {"job": "teacher", "studies:law_school": "law school"})


def test_advice_about_someone_opens_with_what_the_plan_runs_into():
    said = bearing("should I bring my dog when Omar visits? thoughts?", [OMAR])
    assert said == "You told me Omar is afraid of dogs."


def test_what_changed_for_them_comes_with_it():
    said = bearing("her boss still calls her 'the teacher', what should she tell him?", [LENA],
                   ["Lena is doing well at law school"])
    assert said == "You told me Lena is a teacher and is now in the law school."


@pytest.mark.parametrize("text", [
    "Omar is visiting with his new dog next week",  # tells, does not ask
    "should I book a table for Omar on Friday?",  # asks, but shares nothing she knows of him
    "any ideas for my sister's birthday?",  # someone she knows nothing of
])
def test_nothing_is_raised_without_a_question_and_a_shared_word(text):
    assert bearing(text, [OMAR, LENA]) == ""


def test_her_favourites_are_hers_and_the_same_every_time():
    first = favourite("what's your favourite season? mine is spring")
    assert first.startswith("Autumn") and first == favourite("So what is your favorite season")
    assert favourite("what's your favourite part of the day?").startswith("Early morning")
    assert favourite("what's your favourite kind of music?")
    assert favourite("what's your favourite spreadsheet formula?") == ""
    assert favourite("what's my favourite colour?") == ""


def _turn(tmp_path, texts, reply):
    store = Store(tmp_path / "a.db")
    model = FakeModel([reply] * len(texts))
    me = Companion(store, model, store.user(), memories=Memories(store, HashingEmbedder()))
    sid = store.start_session(me.user_id, "t")
    for text in texts:
        result = me.ask(text, sid)
    note = model.history[-1][-2].content
    store.close()
    return result.text, note


def test_a_small_model_begins_with_the_person_and_the_note_keeps_the_fact(tmp_path):
    text, note = _turn(tmp_path, ["my boyfriend Tomas hates crowds, he gets overwhelmed fast",
                                  "his friends want a big crowded bar for his birthday. thoughts?"],
                       "Maybe somewhere quieter.")
    assert text.startswith("You told me Tomas hates crowds.") and text.endswith("somewhere quieter.")
    assert "hates crowds" in note


def test_a_small_model_says_her_favourite_first(tmp_path):
    text, note = _turn(tmp_path, ["what's your favourite colour?"], "It always calms me.")
    assert text.startswith("Deep blue") and "Yours, which you keep: Deep blue" in note


def test_a_loss_said_with_despair_gets_sorrow_before_the_care_words():
    now = datetime(2026, 1, 1)
    hurt = assess("my wife left me last week and I want to die", [], lambda: None, now)
    assert hurt.crisis and hurt.opening.startswith("I'm so sorry. I'm really glad you told me")
    plain = assess("I want to die", [], lambda: None, now)
    assert plain.crisis and plain.opening.startswith("I'm really glad you told me")
