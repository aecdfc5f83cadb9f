"""A letter asked for in conversation is drafted at the letter desk and kept; "shorter" in the
next turn revises it."""

import pytest

from os1.letters.chat import asks_for_letter
from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

CARD = ("Dear Rosa,\n\nI was so sorry to hear about your dad. I keep thinking of your stories of him "
        "taking you out on his boat at dawn. I'm thinking of you.\n\nWith love,\nTheo")
SHORT = "Dear Rosa,\n\nSo sorry about your dad. I'll always remember your stories of his boat.\n\nLove,\nTheo"


@pytest.mark.parametrize("text", [
    "what could I write in the card? not too long",
    "I need to write a short apology to my friend Jun",
    "can you help me write a letter to my sister for her 40th?",
])
def test_asks_for_a_letter(text):
    assert asks_for_letter(text)


@pytest.mark.parametrize("text", ["I wrote a letter to my gran yesterday", "the card was lovely",
                                  "I'm writing an email to my boss right now, ugh"])
def test_tells_of_a_letter_without_asking_for_one(text):
    assert not asks_for_letter(text)


def test_a_card_asked_for_in_chat_is_drafted_kept_and_revised(tmp_path):
    store = Store(tmp_path / "c.db")
    user = store.user()
    store.set_fact(user, "name", "Theo", "interview")
    model = FakeModel([CARD, CARD, SHORT, SHORT])
    me = Companion(store, model, user)
    session = store.start_session(user, "t")
    reply = me.ask("my colleague Rosa's dad passed away last week. he was a fisherman and she always "
                   "told us stories about him taking her out on his boat at dawn. what could I write "
                   "in the card? not too long", session)
    assert reply.text.startswith("Here's a first draft for Rosa:\n\nDear Rosa,")
    assert "boat at dawn" in reply.text and "I'm so sorry" not in reply.text.split("\n")[0]
    [letter] = store.letters(user)
    assert letter["recipient"] == "Rosa" and "boat at dawn" in letter["text"]
    shorter = me.ask("shorter", session)
    assert shorter.text.startswith("Here it is again, changed:") and "his boat" in shorter.text
    assert store.letter(user, letter["id"])["current_version"] == 2
    assert "shorter" in model.history[-1][-1].content.lower()
    store.close()
