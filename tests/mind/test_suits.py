"""A present asked for someone, or who to ask for help: her first words say back what the user
told of the person, so a small model suggests from it."""

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.people import Person
from os1.memory.store import Store
from os1.mind.suits import for_whom, loved, who_for
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


def test_he_right_after_their_name_is_them():
    grandson = Person(2, "grandson", "Ilya", {}, {})
    said = [(21, "My grandson Ilya turns nine on the 14th. He is absolutely mad about beetles at the moment, "
                 "keeps them in jam jars"), (22, "the weather here is dreadful")]
    first = loved("I STILL haven't sorted a present for Ilya. Any ideas what I could get him?", [grandson], [], said)
    assert first.text == "You told me Ilya is absolutely mad about beetles at the moment, keeps them in jam jars."


def test_who_to_ask_is_the_one_told_of_doing_it():
    neighbour = Person(3, "neighbour", "Ruth", {}, {})
    said = [(31, "finally home. my neighbour Ruth is an actual saint btw, she walks Pretzel every morning when "
                 "i'm on nights"), (32, "going to sleep for approximately 11 years. night")]
    asked = "ugh. they want me on a double and Pretzel has been in since 7am. who could i ask to take him out?"
    first = who_for(asked, [neighbour], said)
    assert first.text.startswith("You told me your neighbour Ruth is an actual saint btw, she walks Pretzel")
    assert first.recounts == (31,)
    assert who_for("who could i ask to help me move a sofa?", [neighbour], said).text == ""


def test_a_colleague_named_by_where_they_sit_is_who_to_ask():
    """"Femi at the desk next to me" has no relation word: she is a colleague, and the clause
    of her is what is said back, not the one of the lad before her."""
    from os1.memory.people import mentions

    told = ("First week done!! My manager Aoife seems sound. There's a lad Paul behind me who hasn't said a word to me, "
            "and then Kemi at the desk next to me who's lovely, she's mad into cycling, does a sportive every year")
    found = {(m.relation, m.name) for m in mentions(told)}
    assert ("colleague", "Kemi") in found and ("manager", "Aoife") in found
    assert not any(name == "Paul" for _, name in found)  # "a lad Paul behind me" says nothing of where he works
    kemi = Person(2, "colleague", "Kemi", {}, {})
    asked = ("there's a charity cycle next month and I want to ask someone from work to do it with me. "
             "who should I ask do you think?")
    first = who_for(asked, [kemi], [(21, told), (22, "is it normal to be wrecked after a week?")])
    assert first.text.startswith("You told me Kemi at the desk next to you") and "Paul" not in first.text
    assert first.recounts == (21,)
    assert {(m.relation, m.name) for m in mentions("had lunch with Ines from work, she loves climbing")} == \
        {("colleague", "Ines")}
    assert mentions("At work today it rained") == []


def test_a_meal_for_someone_named_only_in_passing_opens_with_what_they_love():
    """"It's Colm's 45th… I want to cook him a proper dinner": Colm was never told with a
    relation, but what was said of him (and "He…" after his name) is his."""
    said = [(31, "At least home is calm. Ruairí's doing most of the cooking these days. He's a funny eater, can't "
                 "handle anything spicy, but he'd eat mushrooms with every meal, the man is obsessed"),
            (32, "Right, I'm off to bed")]
    asked = "It's Ruairí's 45th on Saturday and I want to cook him a proper dinner for once. What would you make?"
    first = loved(asked, [], [], said)
    assert "mushrooms" in first.text and first.recounts == (31,)
    assert loved("what would you make for dinner tonight?", [], [], said).text == ""  # for nobody


def test_a_present_with_nothing_loved_told_opens_with_what_they_do():
    buddy = Person(3, "buddy", "Darnell", {"job": "paramedic"}, {})
    said = [(41, "good news tho, my buddy Darnell finally got hired on as a paramedic in Saskatoon. proud of the guy"),
            (42, "ok gonna crash")]
    first = loved("darnells bday is in 2 weeks. want to get him something useful. ideas?", [buddy],
                  ["ok gonna crash", said[0][1]], said)
    assert first.text.startswith("You told me your buddy Darnell finally got hired on as a paramedic")
    assert first.recounts == (41,)


def test_who_to_ask_comes_first_and_what_the_plan_runs_into_after(tmp_path):
    store = Store(tmp_path / "w.db")
    user = store.user()
    store.set_fact(user, "name", "Ngo", "interview")
    me = Companion(store, FakeModel(["I hear you."] * 10), user, memories=Memories(store, HashingEmbedder()))
    session = store.start_session(user, "t")
    me.ask("long week. Kemi at the desk next to me on nights is lovely, she's mad into baking", session)
    me.ask("my son Tunde is 7 and has a really bad nut allergy", session)
    result = me.ask("there's a bake sale for the ward next friday, I want someone from work to help me run it. "
                    "who should I ask?", session)
    assert result.first.startswith("You told me Kemi at the desk next to you")
    assert "And Tunde is allergic to nuts." in result.first and "nuts" in result.check.rules.avoid
    store.close()
