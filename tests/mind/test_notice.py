"""She raises what she knows of a person when asked for advice about them, and keeps her own
favourites: the first words a small model is given, and the note every model gets."""

from datetime import datetime

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.people import Person
from os1.memory.store import Store
from os1.memory.store import Fact
from os1.mind.notice import answer_about, bearing, never_told_of, nothing_told, own_bearing
from os1.mind.safety import assess
from os1.mind.tastes import favourite
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

OMAR = Person(1, "brother", "Omar", {"feels:afraid_of_dogs": "'s afraid of dogs", "lives_in": "Leeds"},
              turns={"feels:afraid_of_dogs": 7})
LENA = Person(2, "flatmate", "Lena", {"job": "teacher", "studies:law_school": "law school"})


def test_advice_about_someone_opens_with_what_the_plan_runs_into():
    said = bearing("should I bring my dog when Omar visits? thoughts?", [OMAR])
    assert said.text == "You told me Omar is afraid of dogs."
    assert said.avoid == ("dogs",) and said.recounts == (7,)  # the turn that told it


def test_what_changed_for_them_comes_with_it():
    said = bearing("her boss still calls her 'the teacher', what should she tell him?", [LENA],
                   ["Lena is doing well at law school"])
    assert said.text == "You told me Lena is a teacher and is now in the law school."
    assert said.avoid == ()  # a job is nothing to keep away from


@pytest.mark.parametrize("text", [
    "Omar is visiting with his new dog next week",  # tells, does not ask
    "should I book a table for Omar on Friday?",  # asks, but shares nothing she knows of him
    "any ideas for my sister's birthday?",  # someone she knows nothing of
])
def test_nothing_is_raised_without_a_question_and_a_shared_word(text):
    assert not bearing(text, [OMAR, LENA])


def test_her_favourites_are_hers_and_the_same_every_time():
    first = favourite("what's your favourite season? mine is spring")
    assert first.startswith("Autumn") and first == favourite("So what is your favorite season")
    assert favourite("what's your favourite part of the day?").startswith("Early morning")
    assert favourite("what's your favourite kind of music?")
    assert favourite("what's your favourite spreadsheet formula?") == ""
    assert favourite("what's my favourite colour?") == ""
    assert favourite("if you could have any pet at all, what would it be?").startswith("Octopuses")


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


NGOZI = Person(3, "godmother", "Ngozi", {"lives_in": "Lagos", "feels:loves_jazz": "loves jazz"})


def test_more_relations_are_people_with_what_is_said_of_them():
    from os1.memory.people import mentions
    found = mentions("my godmother Ifeoma called, she lives in Lagos")
    assert [(m.relation, m.name, m.facts) for m in found] == [("godmother", "Ifeoma", (("lives_in", "Lagos"),))]
    assert [m.relation for m in mentions("my flatmate Tobias is a baker")] == ["flatmate"]


def test_a_question_about_someone_is_answered_from_what_she_knows_of_them():
    asked = "sending her a parcel, what city am I addressing it to again?"
    assert answer_about(asked, [NGOZI, OMAR], ["my godmother turns 70 soon"]).text == \
        "Your godmother Ngozi lives in Lagos."
    both = answer_about("what are Omar and Ngozi into again?", [NGOZI, OMAR])
    assert both.text == "Your godmother Ngozi loves jazz. Your brother Omar is afraid of dogs."
    assert both.recounts == (7,)  # Ngozi's was told in no turn that is kept
    assert not answer_about("what does Ngozi study again?", [NGOZI])  # nothing of that kind


def test_someones_particular_thing_never_told_is_said_to_be_unknown():
    assert never_told_of("at the shop. what's Sven's favourite dessert again?") == \
        "I don't think you've ever told me Sven's favourite dessert."
    assert never_told_of("what was my brother's uni called again?") == \
        "I don't think you've ever told me your brother's uni."
    assert never_told_of("what was that again?") == ""
    assert never_told_of("the vet asked what breed Biscuit is. you know, right?") == \
        "I don't think you've ever told me Biscuit's breed."
    assert never_told_of("which school did Maya go to again?") == \
        "I don't think you've ever told me Maya's school."
    assert never_told_of("what's up with Tobias, how do I explain it") == ""
    assert never_told_of("it's Kemi's party first. what's she into again?") == ""  # said, not asked


def test_a_recount_is_not_made_of_a_name_alone(tmp_path):
    text, _ = _turn(tmp_path, ["Sven's been so stressed with his exams",
                               "what's Sven's favourite dessert again? I'm at the shop"], "Hmm.")
    assert text.startswith("I don't think you've ever told me Sven's favourite dessert.")


def test_a_small_model_says_her_name_first(tmp_path):
    text, _ = _turn(tmp_path, ["wait, what do I even call you?"], "Nice to meet you properly.")
    assert text.startswith("I'm ") and text.endswith("properly.")


def _fact(key, value, turn=None):
    return Fact(key, value, "conversation", "2026-01-01", None, turn)


def test_their_own_diet_and_allergies_bear_on_any_ask_about_food():
    facts = [_fact("diet", "vegetarian", 3), _fact("allergic_to:cashews", "cashews", 4),
             _fact("dislikes:jazz", "jazz"), _fact("lives_in", "Leeds")]
    dinner = own_bearing("too tired to think, just tell me one dinner I'd like", facts)
    assert dinner.text == "You told me you're vegetarian and you're allergic to cashews."
    assert {"chicken", "cashews"} <= set(dinner.avoid) and dinner.recounts == (3, 4)
    assert own_bearing("any reason I shouldn't go to the jazz night?", facts).text == \
        "You told me you don't like jazz."
    assert not own_bearing("I had a lovely dinner with Anna", facts)  # tells, asks nothing
    assert not own_bearing("any ideas for the weekend?", facts)


def test_a_question_nothing_she_remembers_speaks_to_is_not_guessed():
    said = ["me and Noor are going out tonight", "I booked the rooftop place"]
    assert nothing_told("wait when is our anniversary actually?", said) == \
        "I'm not sure you've ever told me that."
    assert nothing_told("when is the rooftop booking again?", said) == ""  # it was spoken of
    assert nothing_told("what was his time again?", said) == ""  # points back: left to the note
    assert nothing_told("do you remember what we talked about yesterday?", said) == ""


@pytest.mark.parametrize("told,asked,said", [
    ("my boyfriend Dmitri hates surprises, always has", "my friend wants to throw him a surprise party. thoughts?",
     "You told me Dmitri hates surprises."),
    ("I'm allergic to cashews, found out the hard way", "any ideas for dinner tonight?",
     "You told me you're allergic to cashews."),
])
def test_forgetting_what_her_first_words_said_back_takes_the_reply(tmp_path, told, asked, said):
    """A person's fact goes with the turn that told it, the user's own fact as itself (with the
    turn it came from): either way her reply that said it back goes too, and no copy is left."""
    from os1.memory.forget import erase

    store = Store(tmp_path / "a.db")
    me = Companion(store, FakeModel(["Noted.", "Let's think."]), store.user(),
                   memories=Memories(store, HashingEmbedder()))
    sid = store.start_session(me.user_id, "t")
    source = me.ask(told, sid).user_turn
    reply = me.ask(asked, sid)
    assert reply.text.startswith(said) and reply.recounts == [source]
    facts = [m.id for m in me.memories.list(me.user_id, kind="fact")]
    erase(store, me.user_id, memory_ids=facts, turn_ids=[source])
    kept = {t.id for t in store.recent_turns(me.user_id, 10)}
    assert reply.user_turn in kept and not kept & {source, reply.reply_turn}
    store.close()
    words = said.removeprefix("You told me ").removesuffix(".").split(" ", 1)[1].encode()
    assert [p for p in tmp_path.iterdir() if words in p.read_bytes()] == []


def test_what_they_gave_up_bears_on_what_to_order():
    from os1.memory.extract import extract
    facts = [_fact(f.key, f.value, 9) for f in extract("two months sugar free now!! and I quit coffee")]
    assert sorted(f.key for f in facts) == ["gave_up:coffee", "gave_up:sugar"]
    said = own_bearing("at the bakery, what should I order?", sorted(facts, key=lambda f: f.key))
    assert said.text == "You told me you've given up coffee and you've given up sugar."
    assert {"coffee", "latte", "cake"} <= set(said.avoid) and said.recounts == (9,)
    smoke = [_fact("gave_up:smoking", "smoking")]
    assert not own_bearing("what should I have for dinner?", smoke)  # smoking bears on no meal


def test_asked_how_to_speak_of_someone_she_says_what_they_are_now(tmp_path):
    text, note = _turn(tmp_path, ["second date with Tomasz tonight, fingers crossed",
                                  "TOMASZ PROPOSED. on the ferry. I said yes!!",
                                  "family dinner on sunday, how should I introduce Tomasz now?"], "Proudly!")
    assert text == "Tomasz is your fiancé now. Proudly!"
    assert "Your fiancé Tomasz." in note


@pytest.mark.parametrize("question,said,expected", [
    # asked for a thing of their own she never heard of, in a question with "I" not "my"
    ("you remember what bike I ride, yeah?", ["work was long", "pasta for dinner"],
     "I'm not sure you've ever told me that."),
    ("which gym did I join?", ["work was long"], "I'm not sure you've ever told me that."),
    # a word of it was spoken of: left to what she remembers
    ("which gym did I join?", ["joined a gym near the office, finally"], ""),
])
def test_a_thing_of_their_own_never_spoken_of(question, said, expected):
    from os1.mind.notice import nothing_told
    assert nothing_told(question, said) == expected


def test_a_name_asked_for_that_no_turn_holds_is_not_guessed():
    from os1.mind.recount import attribute_asked, recount_from
    question = "my neighbour keeps calling my new kitten 'the gremlin'. remind me what I named her?"
    assert attribute_asked(question) == "name"
    assert recount_from(question, ["got a kitten from the shelter today!! tiny and grey"], "")[0] == ""


def test_someones_allergy_bears_on_a_plan_made_of_what_it_is_found_in(tmp_path):
    text, note = _turn(tmp_path, ["my husband Tariq loves curry nights but he's allergic to peanuts, we learned "
                                  "that the hard way", "night!",
                                  "thinking of a satay feast for Tariq's fortieth, good call or not?"],
                       "A satay feast would be lovely. Maybe a cake too.")
    assert text.startswith("You told me Tariq is allergic to peanuts.")
    assert "satay feast would be" not in text and "cake" in text  # the plan it runs into goes
    assert "allergic to peanuts" in note


@pytest.mark.parametrize("value,kind,thing", [
    ("is allergic to shellfish", "allergic_to", "shellfish"), ("'s terrified of heights", "fear", "heights"),
    ("can't eat gluten", "cant_eat", "gluten"), ("hates surprises", None, None)])
def test_what_someone_feels_bears_as_it_would_for_the_user(value, kind, thing):
    from os1.mind.bearing import as_standing
    found = as_standing(value)
    assert (found.key.partition(":")[0], found.value) == (kind, thing) if kind else found is None


def test_a_bare_family_word_is_said_back_as_theirs():
    from os1.mind.recount import to_you
    assert to_you("gran turned 90 and dad made a speech") == "Your gran turned 90 and your dad made a speech"
    assert to_you("my mum's step-dad visited") == "your mum's step-dad visited"


def test_asked_their_marital_status_after_a_wedding_she_says_it(tmp_path):
    text, _ = _turn(tmp_path, ["my girlfriend Noa is coming for dinner", "Noa and I got married on friday!!",
                               "filling in a tax form, it wants my marital status. what do I put?"],
                    "Put what is true.")
    assert text.startswith("You're married to Noa.")


def test_what_someone_does_for_work_bears_on_a_talk_about_jobs(tmp_path):
    text, _ = _turn(tmp_path, ["Yaw passed his exams and he's joined the police!!",
                               "the scouts want someone to talk about their job next week. would Yaw be any good?"],
                    "He would be great.")
    assert text.startswith("You told me Yaw is a police officer.")


def test_food_for_a_gathering_runs_into_anyones_allergy():
    from os1.mind.notice import bearing
    oskar = Person(1, None, "Oskar", {"feels:is_allergic_to_eggs": "is allergic to eggs"}, turns={})
    said = bearing("the class is having a picnic, I'm making a big quiche. anything I should keep in mind?", [oskar])
    assert said.text == "You told me Oskar is allergic to eggs." and "quiche" in said.avoid
    assert not bearing("I'm making a big quiche for me. anything I should keep in mind?", [oskar])


def test_where_someone_is_from_bears_on_reminding_them_of_home():
    from os1.mind.notice import bearing
    tomasz = Person(1, "father-in-law", "Tomasz", {"from": "Gdansk"}, turns={})
    said = bearing("he's a bit homesick. what could I cook for Tomasz?", [tomasz])
    assert said.text == "You told me Tomasz is from Gdansk."


def test_what_someone_is_doing_these_days_is_what_she_knows_now():
    from os1.mind.notice import answer_about
    sister = Person(1, "sister", "Wanjiru", {"job": "midwife in training"}, turns={})
    assert answer_about("remind me what my sister's doing these days?", [sister]).text == (
        "Your sister Wanjiru is a midwife in training.")


def test_someones_diet_is_kept_and_bears_on_a_meal_for_them():
    from os1.memory.people import mentions
    from os1.mind.notice import bearing
    found = mentions("My wife Greta went vegetarian about three years ago after watching some documentary.")
    assert [(m.relation, m.name, m.facts) for m in found] == [("wife", "Greta", (("diet", "vegetarian"),))]
    assert mentions("my friend Sam loves the vegan place on Main St")[0].facts[0][0] != "diet"
    wife = Person(1, "wife", "Greta", {"diet": "vegetarian"}, {}, {"diet": 5})
    first = bearing("I said I'll do the cooking on Saturday. What main course should I make so Greta can eat it too?",
                    [wife])
    assert first.text == "You told me Greta is vegetarian." and "chicken" in first.avoid


def test_where_someone_lives_bears_on_whether_they_are_awake():
    eoin = Person(5, "youngest", "Eoin", {"lives_in": "Melbourne", "job": "electrician"}, {}, {"lives_in": 51})
    first = bearing("I want to give Eoin a ring after Mass on Sunday, 12 noon our time. would he be up or would I "
                    "be waking him?", [eoin])
    assert first.text == "You told me Eoin lives in Melbourne." and first.recounts == (51,)
    assert bearing("Eoin rang me today, he sounded well", [eoin]).text == ""  # nothing asked
