from os1.memory.store import Store
from os1.mind.interview import (NAMES, QUESTIONS, _seed, candidates, fallback_name, parse_name, propose_name,
                                record_answers, valid_name)
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
    assert facts["social"] == (ANSWERS["social"], "interview")
    assert "mother" not in facts  # skipped questions store nothing


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
