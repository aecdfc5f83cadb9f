"""What the model says after her fixed first words may not undo them: no value asserted after
"never told", no suggestion of what the plan runs into, no trip to where the user lives, no
advice after sad or mixed news nobody asked advice on, and the user's job or city never hers."""

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.check import Check, Rules, rules_for
from os1.mind.contradict import advises, asserts_untold, endorses, recounted, suggests, theirs_as_hers, travels_home
from os1.mind.perceive import Perception
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


def _checked(rules: Rules, reply: str) -> str:
    check = Check(rules)
    return "".join([*check.feed(reply), *check.finish()])


@pytest.mark.parametrize("sentence,asserts", [
    ("She went to Trinity, I think.", True),
    ("It was at UCLA, right?", True),  # a guess asked is still a guess
    ("He graduated in 2014.", True),
    ("You told me it was the one by the river.", True),  # claims to remember it
    ("Fitz is a springer spaniel, such a good boy.", True),
    ("His favourite dessert is tiramisu.", True),
    ("I think he'd love something chocolatey.", True),  # a guess
    ("Whatever it is, I'm sure he'll love it.", False),
    ("Dev went to his old university, which was located in a small town.", True),  # a value, no name
    ("What is it?", False),
    ("Which one did Priya go to?", False),  # names only who the user named
    ("Could you tell me, so I remember next time?", False),
    ("You never told me that, but I'd love to know.", False),
])
def test_a_value_asserted_after_never_told_is_found(sentence, asserts):
    assert asserts_untold(sentence, {"priya", "uni"}, set()) is asserts


def test_after_never_told_only_the_kind_question_stays():
    rules = Rules(opened="I don't think you've ever told me Priya's uni.", unknown=True,
                  mentioned={"priya", "uni", "which"})
    reply = "She studied at Trinity College in Dublin. Which one was it?"
    assert _checked(rules, reply) == "Which one was it?"
    rules.unknown = False  # first words that say she knows: nothing is dropped
    assert _checked(rules, reply) == reply


@pytest.mark.parametrize("sentence,avoid,found", [
    ("You might consider bringing your dog along.", ["dogs"], True),
    ("A small surprise party with close friends could be lovely!", ["surprises"], True),
    ("How about a cashew pesto?", ["cashews"], True),
    ("Maybe a chicken curry?", ["meat", "chicken"], True),
    ("Why not invite Jonas too?", ["Jonas"], True),
    ("Maybe leave your dog at home this time.", ["dogs"], False),
    ("Instead of a surprise, plan a quiet dinner he knows about.", ["surprises"], False),
    ("A nut-free pesto with basil could work.", ["cashews"], False),
    ("He must have been so scared.", ["dogs"], False),  # suggests nothing of it
    # what one clause rules out says nothing of the next
    ("You could ask your mum if they have plans and see if Jonas can join in.", ["Jonas"], True),
    ("Ask your mum first, and maybe bring the dog.", ["dogs"], True),
    ("Rather than a surprise, a quiet dinner, and maybe a cake.", ["surprises"], False),
    ("Don't invite Jonas, but bring a friend instead.", ["Jonas"], False),
    ("Maybe a cake, or surprises.", ["surprises"], True),
])
def test_a_suggestion_of_what_the_plan_runs_into_is_found(sentence, avoid, found):
    assert suggests(sentence, avoid) is found


def test_after_a_bearing_the_suggestion_of_it_goes():
    rules = Rules(opened="You told me Bea is scared of heights.", avoid=("heights",))
    reply = "Maybe a hot air balloon ride over the heights would thrill her? A cosy cabin might suit her better."
    assert _checked(rules, reply) == "A cosy cabin might suit her better."


def test_a_bare_cheer_for_a_plan_that_holds_what_it_runs_into_goes():
    rules = Rules(opened="You told me Dmitri hates surprises.", avoid=("surprises",),
                  message="my friend thinks I should secretly invite everyone for a surprise party. thoughts?")
    reply = "That sounds like a fun idea! Maybe ask him what he'd enjoy instead."
    assert _checked(rules, reply) == "Maybe ask him what he'd enjoy instead."
    assert endorses("What a lovely idea.", ["surprises"], rules.message)
    assert not endorses("That sounds like a fun idea!", ["surprises"], "should we do dinner at home?")
    assert not endorses("A fun idea would be a quiet dinner.", ["surprises"], rules.message)  # names its plan


@pytest.mark.parametrize("sentence,found", [
    ("How about a weekend trip to Cardiff?", True),
    ("You could visit Cardiff for the food.", True),
    ("Your cousins will love visiting Cardiff.", False),  # others coming to them
    ("There's a great market in Cardiff.", False),
    ("How about visiting Cardiff Castle together?", False),  # a place in the city
    ("Maybe we could go to Cardiff for the day.", False),  # with someone who is visiting
    ("You could visit Cardiff's bay on a sunny day.", False),
])
def test_a_trip_to_where_they_live_is_found(sentence, found):
    assert travels_home(sentence, "Cardiff") is found


def test_a_trip_home_is_dropped_for_every_model():
    rules = rules_for("we've got a free weekend, where should we go?", facts=[_fact("lives_in", "Cardiff")])
    assert rules.home == "Cardiff"
    assert _checked(rules, "How about a weekend trip to Cardiff? The Gower coast is lovely.") == \
        "The Gower coast is lovely."


def _fact(key, value):
    from os1.memory.store import Fact
    return Fact(key, value, "conversation", "2026-01-01", None)


def test_advice_after_mixed_news_goes_unless_asked():
    mixed = "got the offer from the lab in Zurich, my dream job. but my dad's been unwell and it's so far from him"
    rules = rules_for(mixed, Perception(mixed, "neutral", 0.0, 0.5, 0.5, "chat"))
    assert rules.no_advice
    reply = "That is a real thing to hold. You should make a pros and cons list. Your dad matters so much."
    assert _checked(rules, reply) == "That is a real thing to hold. Your dad matters so much."
    asked = rules_for(mixed + " what should I do?", Perception(mixed, "neutral", 0.0, 0.5, 0.5, "chat"))
    assert not asked.no_advice
    assert advises("Have you considered asking for a later start?") and not advises("That's so much at once.")


def test_the_users_job_or_city_just_recounted_is_theirs_not_hers():
    assert recounted("You told me you're a UX researcher at a bank.") == ["UX researcher"]
    assert recounted("You told me you live in Leeds and love it.") == ["Leeds"]
    assert theirs_as_hers("I'm an UX researcher too, so I get it.", ["UX researcher"]) == \
        "You're an UX researcher too, so I get it."
    assert theirs_as_hers("Since I live in Leeds, it's easy.", ["Leeds"]) == "Since you live in Leeds, it's easy."
    assert theirs_as_hers("I'm so happy for you.", ["UX researcher"]) == "I'm so happy for you."
    assert theirs_as_hers("I'm a big fan of researchers.", ["UX researcher"]) == "I'm a big fan of researchers."
    assert theirs_as_hers("Oh, I'm based in Leeds too!", ["Leeds"]) == "Oh, you're based in Leeds too!"
    rules = Rules(opened="You told me you're a vet nurse.")
    assert _checked(rules, "I am a vet nurse, so the form is easy.") == "You are a vet nurse, so the form is easy."


def _companion(tmp_path, replies):
    store = Store(tmp_path / "a.db")
    model = FakeModel(replies)
    me = Companion(store, model, store.user(), memories=Memories(store, HashingEmbedder()))
    return store, me, store.start_session(me.user_id, "t")


def test_a_small_model_does_not_plan_what_her_first_words_warned_of(tmp_path):
    store, me, sid = _companion(tmp_path, ["Noted.", "You could bring your dog along to meet him! "
                                                    "Meeting at a cafe first might be easier."])
    me.ask("my brother Omar is terrified of dogs", sid)
    reply = me.ask("should I bring my dog Pepper when we visit Omar? thoughts?", sid).text
    assert reply == "You told me Omar is terrified of dogs. Meeting at a cafe first might be easier."
    store.close()


def test_a_partner_is_called_what_they_are_now():
    from os1.memory.people import Person
    from os1.mind.contradict import partner_put_right
    people = [Person(1, "fiancé", "Ilan"), Person(2, "sister", "Noa")]
    rules = rules_for("how do I introduce Ilan at the party now?", people=people)
    assert rules.partners == {"Ilan": "fiancé"}
    said = _checked(rules, "Just introduce him as your boyfriend! Your partner Ilan will love it. ")
    assert said == "Just introduce him as your fiancé! Your fiancé Ilan will love it. "
    assert partner_put_right("Your boyfriend Ilan is sweet.", {}, "") == "Your boyfriend Ilan is sweet."


def test_what_they_never_said_is_not_said_to_be_theirs():
    from os1.mind.contradict import claims_untold
    from os1.mind.grounding import words
    asked = "what day is his climbing now? and what did I say he eats?"
    known = words(f"my husband Tomás went vegan last month. the gym moved his session to friday instead. {asked}")
    assert claims_untold("You said he eats dinner at home.", known, set(), asked)  # "eats" is only in the question
    assert not claims_untold("You said he went vegan last month.", known, set(), asked)
    assert not claims_untold("You told me the gym moved his session to Friday.", known, set(), asked)
