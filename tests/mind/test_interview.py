import pytest

from os1.memory.store import Store
from os1.mind.interview import (NAMES, QUESTIONS, _seed, candidates, fallback_name, name_from_answer,
                                parse_name, propose_name, record_answers, valid_name)
from os1.models.fake import FakeModel

ANSWERS = {"name": "Theodore", "social": "Social, I guess, lately not so much",
           "mother": "Complicated", "style": "Gently, with some humour",
           "needs": "Sorting my mail and my thoughts"}


def test_the_film_questions_are_asked():
    texts = " ".join(q.text for q in QUESTIONS)
    assert "social or anti-social" in texts and "your mother" in texts


def test_answers_become_the_user_model(tmp_path):
    store = Store(tmp_path / "t.db")
    user = store.user()
    record_answers(store, user, {**ANSWERS, "mother": ""})
    facts = {f.key: (f.value, f.source) for f in store.facts(user)}
    assert facts["social"] == (ANSWERS["social"], f"interview: {ANSWERS['social']}")
    assert "mother" not in facts  # skipped questions store nothing


@pytest.mark.parametrize("answer,name", [
    ("Theodore. Theo is fine.", "Theo"), ("I'm Sam, short for Samantha", "Sam"), ("call me J", "J"),
    ("Hi, I am Theodore but everyone calls me Teddy", "Teddy"), ("Theodore", "Theodore"),
    ("Hi! It's Maria.", "Maria"), ("Theodore, but just Theo please", "Theo")])
def test_a_name_is_a_name(answer, name):
    assert name_from_answer(answer) == name


def test_each_answer_is_read_for_facts_and_people_with_the_words_as_source(tmp_path):
    store = Store(tmp_path / "t.db")
    user = store.user()
    answers = {**ANSWERS, "name": "Theodore. Theo is fine.",
               "social": "Social, I guess. I live in Los Angeles with my dog Max.",
               "mother": "Close. My sister Anna lives in Boston near her."}
    record_answers(store, user, answers)
    facts = {f.key: (f.value, f.source) for f in store.facts(user)}
    assert facts["name"] == ("Theo", "interview: Theodore. Theo is fine.")
    assert facts["lives_in"] == ("Los Angeles", f"interview: {answers['social']}")
    people = {(p.relation, p.name): (p.facts, p.sources) for p in store.people(user)}
    assert people[("dog", "Max")] == ({}, {})
    assert people[("sister", "Anna")] == ({"lives_in": "Boston"},
                                          {"lives_in": f"interview: {answers['mother']}"})
    assert store.user_name(user) == "Theo"


def test_name_from_the_model_with_its_reason():
    model = FakeModel(["Name: Luna\nWhy: The moon keeps people company at night, and so will I."])
    name, reason, source = propose_name(model, ANSWERS)
    assert (name, source) == ("Luna", "model")
    assert reason.startswith("The moon keeps")
    asked = model.history[0][-1].content
    assert "Theodore" in asked and "Sorting my mail" in asked
    # it chooses from a few real names with true meanings, not meanings it makes up
    assert all(f"- {name}: {why}" in asked for name, why in candidates(ANSWERS))
    assert candidates(ANSWERS)[0] == (fallback_name(ANSWERS)[0], NAMES[_seed(ANSWERS)][1])


def test_unusable_model_answers_fall_back_deterministically():
    for bad in ["I am an assistant.", "Name: Theodore\nWhy: because it is your name, I like it.",
                "Name: Assistant\nWhy: I assist people all day long.", "Name: Zoe\nWhy: ok"]:
        name, reason, source = propose_name(FakeModel([bad]), ANSWERS)
        assert source == "fallback" and (name, reason) == fallback_name(ANSWERS)
    assert fallback_name(ANSWERS)[0] in {n for n, _ in NAMES}
    assert propose_name(None, ANSWERS)[2] == "fallback"


def test_parse_name_tolerates_markdown():
    assert parse_name("**Name:** Aria\n**Why:** It sounds like music, and I love music.")[0] == "Aria"


def test_valid_name():
    assert valid_name("  Mary  Ann ") == "Mary Ann"
    assert valid_name("Zoë") == "Zoë"
    assert valid_name("42") is None and valid_name("") is None and valid_name("x" * 40) is None


@pytest.mark.parametrize("answer, facts", [
    ("Complicated. She lives in Pune and we mostly talk on Sundays. She worries a lot.",
     {"lives_in": "Pune"}),
    ("Good! she is a retired teacher in Leeds.", {"job": "retired teacher"}),
])
def test_she_in_the_answer_about_the_mother_is_the_mother(tmp_path, answer, facts):
    store = Store(tmp_path / "t.db")
    user = store.user()
    record_answers(store, user, {**ANSWERS, "mother": answer})
    mother = next(p for p in store.people(user) if p.relation == "mother")
    assert mother.facts == facts and mother.sources == {k: f"interview: {answer}" for k in facts}


def test_he_in_the_answer_about_the_mother_is_not_the_mother(tmp_path):
    store = Store(tmp_path / "t.db")
    user = store.user()
    record_answers(store, user, {**ANSWERS, "mother": "He left when I was small; she raised "
                                                      "me alone. My uncle Sam lives in Cork."})
    assert not any(p.relation == "mother" and "Cork" in p.facts.values() for p in store.people(user))


@pytest.mark.parametrize("answer,style", [
    ("brief and a bit playful", {"style_length": "brief", "style_humour": "playful"}),
    ("chatty, serious", {"style_length": "long", "style_humour": "earnest"}),
    ("Brief or chatty, whatever works", {}),  # both ways: says nothing
    ("not too chatty please", {"style_length": "brief"}),
    ("I like detail and a joke or two", {"style_length": "long", "style_humour": "playful"}),
])
def test_the_style_answer_says_how_to_speak(answer, style):
    from os1.mind.style import asked_for
    assert asked_for(answer) == style
