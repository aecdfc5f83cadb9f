"""A letter commissioned from the real default model: the sister's 40th, with every detail
given in and nothing invented, after the checker's one retry; then a revision."""

import pytest

from os1.letters import desk
from os1.letters.check import check, has_detail, required
from os1.letters.commission import commission_from_request
from os1.memory.store import Store
from os1.models import Options
from os1.models.catalog import QWEN_1_5B
from os1.models.local import LocalModel

pytestmark = pytest.mark.slow
REQUEST = "a note for my sister Anna's 40th, warm and a bit funny, say I miss her; she lives in Boston"


def test_the_sisters_birthday_note_with_the_default_model(tmp_path, shared_models):
    model = LocalModel(shared_models / QWEN_1_5B.file, name=QWEN_1_5B.name)
    store = Store(tmp_path / "letters.db")
    user = store.user()
    store.set_fact(user, "name", "Sam", "interview")
    commission = commission_from_request(REQUEST, store.people(user))
    letter_id, found = desk.new_letter(store, user, commission, model, Options(temperature=0.7, seed=0))
    text = found.text
    assert not [p for p in found.problems if p.rule in ("missing", "invented", "placeholder")], \
        (text, found.problems)
    for item in required(commission):  # "Anna", "40th birthday", "I miss her", "she lives in Boston"
        assert item == commission.occasion or has_detail(item, text), (item, text)
    assert "40" in text or "forty" in text.lower(), text
    assert not [p for p in check(text, commission, ["Sam"]) if p.rule in ("invented", "placeholder")], text
    number, revised = desk.revise_letter(store, user, letter_id, "mention the lake house", model,
                                         Options(temperature=0.7, seed=0))
    assert number == 2 and has_detail("the lake house", revised.text), revised.text
    assert not [p for p in revised.problems if p.rule in ("missing", "invented")], (revised.text, revised.problems)
    store.close()
