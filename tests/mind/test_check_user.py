"""What a reply says of the user, through the whole turn pipeline with the fake model: the
user named as someone else, a standing fact said back where it does not bear (or her last
opening said again), and facts about them they never told. For each, the look-alikes that
must pass untouched."""

from types import SimpleNamespace

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.people import Mention
from os1.memory.store import Store
from os1.mind.check import Check, Rules, rules_for, with_context
from os1.mind.check_user import opens_again, repeats, restates, someone_else, third_person
from os1.mind.contradict import claims_untold
from os1.mind.turn import Companion, TurnResult
from os1.models.fake import FakeModel


@pytest.fixture
def talk(tmp_path):
    """``say(text, *replies)``: one turn with the model scripted, as Priya; the TurnResult."""
    store = Store(tmp_path / "u.db")
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    store.set_fact(user, "name", "Priya", "interview")
    model = FakeModel()
    companion = Companion(store, model, user, memories=Memories(store, HashingEmbedder()))
    session = store.start_session(user, "t")

    def say(text, *replies):
        model.enqueue(replies)
        result = TurnResult()
        pieces = list(companion.turn(text, session, result))
        assert "".join(pieces) == result.text
        result.pieces = pieces
        return result

    say.store, say.user = store, user
    yield say
    store.close()


# 1. the user is spoken to, not of
def test_the_user_named_as_someone_else_is_spoken_to(talk):
    result = talk("My shift was rough today.",
                  "Priya's shift sounds tough. Priya is doing her best. I suggest asking Priya about it. "
                  "Rest well.")
    assert result.text == "Your shift sounds tough. Rest well."
    assert "named" in result.check.fired


@pytest.mark.parametrize("said,put_right", [
    ("Priya's shift sounds tough.", "Your shift sounds tough."),
    ("I think priya’s day was long.", "I think your day was long."),
    ("It sounds like Priya is exhausted.", "It sounds like you are exhausted."),
    ("Priya's been working so hard.", "You've been working so hard."),
    ("Priya's tired after all that.", "You're tired after all that."),
    ("PRIYA deserves a rest.", "You deserve a rest."),
    ("I suggest asking Priya about it.", ""),
    ("Priya goes to work at nine.", ""),  # a verb not conjugated safely: dropped
    ("Priya's shift was long, and she needs sleep.", ""),
])
def test_the_name_in_the_third_person_is_put_right_or_dropped(said, put_right):
    assert third_person(said, "Priya") == put_right


@pytest.mark.parametrize("said", [
    "Priya, that sounds hard.", "That sounds hard, Priya.", "Hi Priya! How was work?",
    "I'm so glad, Priya, really.", "Thanks, Priya!", "Your cousin Priya sounds lovely.",
    "Another Priya? What a coincidence.", "Sounds like a long day.", "Priyanka is a lovely name.",
    "Good job Priya!", "You did it, Priya!",
])
def test_the_name_said_to_them_or_of_another_stays(said):
    assert third_person(said, "Priya") == said


def test_a_name_that_is_also_a_word_is_only_the_name_where_capitalised():
    assert third_person("Will you go? I will.", "Will") == "Will you go? I will."
    assert third_person("I hope Will is resting.", "Will") == "I hope you are resting."
    assert third_person("I hope so.", "Hope") == "I hope so."


def test_someone_else_of_theirs_with_their_name_is_not_them(talk):
    result = talk("My cousin Priya is visiting next week!",
                  "How lovely! Priya's visit will be fun. Priya is lucky to have you.")
    assert result.text == "How lovely! Priya's visit will be fun. Priya is lucky to have you."
    assert someone_else("Priya", ["I'm Priya", "Priya here.", "Priya"]) is False
    assert someone_else("Theo", ["Theodore. Theo is fine."]) is False
    assert someone_else("Priya", ["my colleague Priya called"]) is True


def test_a_person_kept_with_their_name_is_someone_else(talk):
    talk.store.note_person(talk.user, Mention("friend", "Priya"), "conversation")
    result = talk("what should I cook for the weekend?", "Priya's favourite is dal. Make a big pot.")
    assert result.text == "Priya's favourite is dal. Make a big pot."


def test_a_sentence_naming_them_is_held_whole_not_shown_in_part():
    check = Check(rules_for("long day", facts=[_fact("name", "Priya")]))
    shown = [piece for chunk in "I suggest asking Priya about it. Rest now.".split(" ")
             for piece in check.feed(chunk + " ")]
    shown += list(check.finish())
    assert "".join(shown).strip() == "Rest now."


def test_a_clean_reply_to_a_named_user_still_streams(talk):
    result = talk("tell me about autumn",
                  "Autumn always smells of woodsmoke and wet leaves and apples in the market")
    assert len(result.pieces) > 3


# 2. a standing fact said back where it does not bear; her last opening said again
def test_a_standing_fact_that_does_not_bear_is_not_said_back(talk):
    talk("I work nights at the sorting depot, and I'm allergic to peanuts, I carry an EpiPen", "That's a lot.")
    result = talk("what film should I watch tonight?",
                  "You told me you're allergic to peanuts. Paddington 2 is funny and kind.")
    assert result.text == "Paddington 2 is funny and kind."
    assert "aside" in result.check.fired
    night = talk("what's a good film for a cosy evening?",
                 "Since you work nights, a daytime showing might suit. Night at the Museum is fun.")
    assert night.text == "Night at the Museum is fun."


def test_a_standing_fact_that_bears_is_still_said(talk):
    talk("I work nights at the sorting depot, and I'm allergic to peanuts, I carry an EpiPen", "That's a lot.")
    satay = talk("thinking of a satay stir fry for friends, can you give me a recipe idea?",
                 "Use sunflower seed butter in the sauce. It keeps it safe, since you're allergic to peanuts.")
    assert satay.text.startswith("You told me you're allergic to peanuts. Use sunflower seed butter")
    assert "since you're allergic to peanuts" in satay.text and "aside" not in satay.check.fired
    asked = talk("what do you remember about me?", "You work nights and you're allergic to peanuts.")
    assert "You work nights and you're allergic to peanuts." in asked.text
    spoken = talk("ugh, another night shift tomorrow", "You work nights so much. Get some rest first.")
    assert spoken.text.endswith("You work nights so much. Get some rest first.")


def test_her_previous_opening_said_again_word_for_word_is_dropped(talk):
    talk("I finally fixed the bike.", "That must feel so satisfying. What was wrong with it?")
    result = talk("the chain had slipped",
                  "That must feel so satisfying. A slipped chain is an easy fix once you know how.")
    assert result.text == "A slipped chain is an easy fix once you know how."
    assert "again" in result.check.fired
    other = talk("and I oiled it too", "That must feel satisfying too. Enjoy the ride.")
    assert other.text == "That must feel satisfying too. Enjoy the ride."  # not word for word
    alone = talk("and I oiled it too!", "That must feel satisfying too.", "That must feel satisfying too.")
    assert alone.text == "That must feel satisfying too."  # asked again, the same: said after all


def test_a_reply_that_only_says_back_what_was_said_before_is_asked_for_again(talk):
    talk("I work nights at the sorting depot, and I'm allergic to peanuts, I carry an EpiPen", "That's a lot.")
    result = talk("what film should I watch tonight?", "You told me you're allergic to peanuts.",
                  "Paddington 2: funny and kind.")
    assert result.text == "Paddington 2: funny and kind."
    assert "aside:again" in result.check.fired
    # asked again, it says only the fact again: said after all, rather than nothing
    stuck = talk("what should I read next?", "You told me you're allergic to peanuts.",
                 "You told me you're allergic to peanuts.")
    assert stuck.text == "You told me you're allergic to peanuts."


@pytest.mark.parametrize("sentence,previous,same", [
    ("You told me you can't eat peanuts.", "You told me you can’t eat peanuts.", True),
    ("Thank you.", "Thank you.", False),  # too short to be a repeat worth dropping
    ("Maybe somewhere quieter.", "Maybe somewhere quieter.", False),
    ("You told me you can't eat peanuts, so skip satay.", "You told me you can't eat peanuts.", False),
])
def test_a_repeat_is_word_for_word(sentence, previous, same):
    assert repeats(sentence, previous) is same


def test_only_a_sentence_still_word_for_word_her_last_opening_is_held():
    before = "I hear you: Anna phoned about the garden."
    assert opens_again("I hear you: Anna pho", before)
    assert not opens_again("I hear you: Tell me everything", before)
    rules = rules_for("tell me about the roses")
    rules.previous = before
    check = Check(rules)
    shown = [piece for word in "I hear you: tell me everything about the roses in the garden".split()
             for piece in check.feed(word + " ")]
    assert len(shown) > 3 and "".join(shown).startswith("I hear you: tell")  # streams once it differs


# 3. facts about them never told
def test_facts_never_told_are_not_said_after_a_recount(talk):
    talk("I'm a nurse on night shifts at St Mary's.", "That sounds demanding.")
    result = talk("What do you know about me?",
                  "You're a nurse on night shifts. Your blood type is O negative. "
                  "Your favourite colour is blue. I'd love to hear more.")
    assert result.text == "You're a nurse on night shifts. I'd love to hear more."
    assert result.check.fired.count("invented") == 2


def test_what_they_did_tell_is_said_back(talk):
    talk("My favourite colour is green, and I grew up in Pune.", "Lovely.")
    result = talk("What do you know about me?",
                  "Your favourite colour is green. You grew up in Pune. Your birthday is coming up, right?")
    assert "Your favourite colour is green. You grew up in Pune." in result.text
    assert "invented" not in result.check.fired


@pytest.mark.parametrize("sentence,claims", [
    ("Your blood type is O negative.", True),
    ("Your favourite colour is blue.", True),
    ("You're 34, if I remember right.", True),
    ("You're 30 minutes from the coast.", False),
    ("You grew up in Leeds.", True),
    ("You have two kids.", True),
    ("Your favourite colour is blue, right?", False),
    ("Your birthday is coming up soon.", False),
    ("Your favourite film is something I'd love to know.", False),
    ("Your shift sounds tough.", False),
    ("Your sister is lucky to have you.", False),
    ("Your favourite colour is green.", False),  # they said it
])
def test_a_claim_of_a_fact_never_told_is_found(sentence, claims):
    assert claims_untold(sentence, {"green", "nurse"}, set()) is claims


def test_what_they_told_long_ago_and_she_recalls_is_not_invented():
    told = SimpleNamespace(text="My blood type is O negative.", speaker="Priya")
    hers = SimpleNamespace(text="Your favourite colour is blue.", speaker="Samantha")
    ctx = SimpleNamespace(history=[], companion="Samantha",
                          memories=[SimpleNamespace(memory=told), SimpleNamespace(memory=hers)])
    rules = with_context(rules_for("what do you know about me?"), ctx)
    check = Check(rules)
    said = "".join([*check.feed("Your blood type is O negative. Your favourite colour is blue."), *check.finish()])
    assert said == "Your blood type is O negative. "  # what she said herself is not what they told


def test_her_previous_opening_comes_from_the_turn_before():
    turns = [SimpleNamespace(role="user", content="hi"),
             SimpleNamespace(role="assistant", content="You told me you work nights. Sleep first!")]
    assert with_context(Rules(), SimpleNamespace(history=turns, memories=[])).previous == \
        "You told me you work nights."
    assert with_context(Rules(), SimpleNamespace(history=turns[:1], memories=[])).previous == ""


def test_restating_needs_the_facts_words_said_of_them():
    peanuts = [_fact("cant_eat:peanuts", "peanuts")]
    assert restates("You told me you can't eat peanuts.", peanuts)
    assert not restates("Peanuts the comic is a classic.", peanuts)
    nights = [_fact("hours", "nights")]
    assert restates("Since you work nights, go later.", nights)
    assert not restates("You might enjoy Night at the Museum.", nights)


def _fact(key, value):
    from os1.memory.store import Fact
    return Fact(key=key, value=value, source="conversation", valid_from="2026-01-01", valid_to=None, turn_id=1)


def test_a_reply_whose_every_sentence_goes_is_asked_for_once_more(talk):
    talk("I finished my degree years ago.", "Well done.")
    result = talk("what was it I studied again?",
                  "Your name is Priya, and you studied at the University of California, Berkeley.",
                  "I don't know, you never said what you studied. What was it?")
    assert result.text == "I don't know, you never said what you studied. What was it?"
    assert "empty:again" in result.check.fired


def test_a_reply_whose_every_sentence_goes_twice_is_never_silence(talk):
    talk("I finished my degree years ago.", "Well done.")
    invented = "Your name is Priya, and you studied at the University of California, Berkeley."
    result = talk("what was it I studied again?", invented, invented)
    assert "Berkeley" not in result.text and "told me" in result.text
    chatty = talk("I went for a walk.", "Your name is Priya, and you studied at Berkeley.", invented)
    assert chatty.text == "I'm listening. Tell me more?"


def test_a_reply_the_model_left_empty_is_never_silence(talk):
    assert talk("I walked by the river today.", "").text == "I'm listening. Tell me more?"
    assert talk("what should I cook tonight?", "   ").text == "I'm listening. Tell me more?"


def test_after_saying_back_the_new_date_the_old_one_is_not_said(talk):
    talk("my cousin's engagement party is on the 4th at the boathouse", "Fun!")
    talk("update: the boathouse flooded so the party's been moved to the 11th", "Oh no, but good.")
    result = talk("sorting my train now, when's the party?",
                  "The party is on Friday the 4th. Have fun at the boathouse!")
    assert result.text.startswith("You told me") and "11th" in result.text
    assert "the 4th" not in result.text and "recount" in result.check.fired
