"""A present asked for someone: her first words say back what the user told that the person
loves, so a small model suggests from it."""

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.people import Person
from os1.memory.store import Store
from os1.mind.gift import for_whom, loved
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

WIFE = Person(1, "wife", "Thandi", {}, {})
SAID = [(11, "My wife Thandi has officially taken over the balcony with her orchids. Like 30 pots. She talks to them."),
        (12, "meanwhile I killed a cactus. A CACTUS."),
        (13, "what's a quick marinade for lamb chops?")]


def test_what_they_love_is_said_back_for_a_present():
    asked = "our 10th anniversary is on the 14th and I've got nothing. budget maybe 150. what do I get her?"
    assert for_whom(asked, [WIFE], []) == [WIFE]  # "her", for an anniversary: the partner
    first = loved(asked, [WIFE], [], SAID)
    assert first.text == "You told me your wife Thandi has officially taken over the balcony with her orchids."
    assert first.recounts == (11,)


def test_no_present_asked_or_nothing_loved_told_says_nothing():
    assert loved("what's a good film for tonight?", [WIFE], [], SAID).text == ""
    assert loved("what should I get Thandi for her birthday?", [WIFE], [], SAID[1:]).text == ""
    ex = Person(2, "wife", "Thandi", {"ended": "divorced"}, {})
    assert loved("our anniversary is coming, what do I get her?", [ex], [], SAID).text == ""


def test_in_a_turn_the_model_goes_on_from_what_they_love(tmp_path):
    store = Store(tmp_path / "g.db")
    model = FakeModel(["Sounds lovely.", "Ha!", "Maybe a rare orchid for her collection?"])
    me = Companion(store, model, store.user(), memories=Memories(store, HashingEmbedder()))
    sid = store.start_session(me.user_id, "t")
    me.ask(SAID[0][1], sid)
    me.ask(SAID[1][1], sid)
    reply = me.ask("our 10th anniversary is on the 14th and I've got nothing. what do I get her?", sid)
    assert reply.text.startswith("You told me your wife Thandi has officially taken over the balcony")
    store.close()
