"""Proofreading asked for in conversation: the text after the ask, corrected, with each
change and its reason; the model is not asked."""

from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.proofread.chat import asked


def test_the_ask_and_the_text_are_told_apart():
    assert asked("can you proofread this: Their going to the beach tomorow") == \
        "Their going to the beach tomorow"
    assert asked("Check my spelling please - i dont know") == "i dont know"
    assert asked("I proofread the report yesterday: it was fine") is None
    assert asked("proofread this") is None  # nothing to read yet


def test_proofreading_in_chat(tmp_path):
    store = Store(tmp_path / "p.db")
    user = store.user()
    model = FakeModel(["not asked"])
    me = Companion(store, model, user)
    reply = me.ask("can you proofread this: Their going to the beach tomorow",
                   store.start_session(user, "t")).text
    assert reply.startswith("Here it is corrected:\n\nThey're going to the beach tomorrow.")
    assert "- Their → They're:" in reply and "- tomorow → tomorrow:" in reply
    assert not model.history
    store.close()


def test_what_it_is_for_may_come_before_the_text_and_quotes_around_it_go():
    said = "can you proofread this for the school newsletter: 'Lucia and her freinds has been making a garden'"
    assert asked(said) == "Lucia and her freinds has been making a garden"
    assert asked('could you proofread my email for me please: "i has a dog"') == "i has a dog"
    assert asked("proofread this for the newsletter") is None  # the text is still to come
