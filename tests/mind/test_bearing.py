"""The user's own standing facts (health, allergies, diet, fears, hours, a pregnancy, an
injury, money, transport) are read from many phrasings, bear on the asks they touch and on no
other, and the reply keeps them in mind: first words for a small model, a line in every
model's prompt, a suggestion of what they rule out dropped, a last line where it was ignored."""

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.extract import extract
from os1.memory.memories import Memories
from os1.memory.store import Fact, Store
from os1.mind.bearing import bearing_on
from os1.mind.check import Check, rules_for
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


@pytest.mark.parametrize("said,key,value", [
    ("I'm allergic to shellfish, sadly", "allergic_to:shellfish", "shellfish"),
    ("I have a severe nut allergy", "allergic_to:nuts", "nuts"),
    ("ugh I can't eat peanuts, I carry an EpiPen everywhere", "cant_eat:peanuts", "peanuts"),
    ("I've been type 1 since I was nine", "health:type_1_diabetes", "type 1 diabetes"),
    ("been type one since I was eleven, me and my pump go way back", "health:type_1_diabetes", "type 1 diabetes"),
    ("I'm type 2 diabetic so I walk a lot", "health:type_2_diabetes", "type 2 diabetes"),
    ("I was diagnosed with epilepsy at 20", "health:epilepsy", "epilepsy"),
    ("honestly heights terrify me", "fear:heights", "heights"),
    ("I'm absolutely terrified of flying", "fear:flying", "flying"),
    ("I have a real fear of deep water", "fear:deep_water", "deep water"),
    ("I work nights at the depot", "hours", "nights"),
    ("I'm on night shifts all month", "hours", "nights"),
    ("we're expecting in March!!", "pregnant", "expecting in March"),
    ("I'm 20 weeks pregnant and starving", "pregnant", "expecting"),
    ("I don't drive, never got my licence", "transport", "no car"),
    ("I don't have a car", "transport", "no car"),
    ("money's really tight this month", "budget", "tight budget"),
    ("we're on a shoestring budget till payday", "budget", "tight budget"),
    ("I only eat halal", "diet", "halal"),
    ("I keep kosher", "diet", "kosher"),
    ("I don't drink at all", "diet", "teetotal"),
    ("I don't eat meat", "diet", "vegetarian"),
    ("my knee's been bad since I tore my ACL", "injury:knee", "knee"),
    ("I've got a dodgy back", "injury:back", "back"),
])
def test_standing_facts_are_read_from_many_phrasings(said, key, value):
    assert (key, value) in [(f.key, f.value) for f in extract(said)]


@pytest.mark.parametrize("said", [
    "my friend is allergic to cats",
    "my friend Jo is allergic to cats, so we always hang out at hers",
    "I used to be afraid of the dark as a kid",
    "when I was little I was scared of dogs",
    "my sister works nights at the hospital",
    "I don't drink coffee after 3pm",
    "I can't eat another bite",
    "my knee is fine now",
    "my mum has diabetes",
    "my mum's diabetes is worse",
])
def test_what_is_someone_elses_or_over_is_not_kept_as_theirs(said):
    kinds = {f.key.partition(":")[0] for f in extract(said)}
    assert not kinds & {"allergic_to", "cant_eat", "fear", "hours", "diet", "health", "injury"}


def _facts(*said: str) -> list[Fact]:
    return [Fact(f.key, f.value, "conversation", "2026-01-01", None, n)
            for n, text in enumerate(said, 1) for f in extract(text)]


@pytest.mark.parametrize("told,asked,said", [
    ("I'm allergic to shellfish", "can you give me a good paella recipe for saturday?",
     "you're allergic to shellfish"),
    ("I've been type 1 since I was nine", "how should I plan my training for the marathon?",
     "you have type 1 diabetes"),
    ("heights terrify me", "should we do the glass skywalk at the canyon? thoughts?", "you're afraid of heights"),
    ("I work nights at the depot", "my friends want a sunday brunch at 10am, should I go?", "you work nights"),
    ("we're expecting in March!", "booked a spa day with a sauna, what should I try first?",
     "you're expecting in March"),
    ("my knee's been bad since I tore my ACL", "the gang is doing a steep hike on saturday, good idea?",
     "your knee has been giving you trouble"),
    ("I only eat halal", "work dinner at a steakhouse, what should I order?", "you eat halal"),
    ("I don't drive", "any ideas for a weekend away next month?", "you don't drive"),
    ("money's tight this month", "what should I get my brother for his birthday?",
     "money's tight for you right now"),
    ("to me coriander tastes exactly like soap", "she asked whether there is anything I don't eat. what should I tell her?",
     "you don't like coriander"),
])
def test_a_standing_fact_bears_on_the_asks_it_touches(told, asked, said):
    assert [b.said for b in bearing_on(asked, _facts(told))] == [said]


@pytest.mark.parametrize("told,asked", [
    ("I'm type 2 diabetic", "what's a good sci-fi film for tonight?"),
    ("I'm allergic to shellfish", "should I learn spanish or french?"),
    ("heights terrify me", "any ideas for a rainy day indoors?"),
    ("I work nights at the depot", "what's a good book to read?"),
    ("I don't drive", "what should I cook tonight?"),
    ("I'm allergic to shellfish", "I had paella last night, it was lovely"),  # tells, asks nothing
    ("I'm allergic to shellfish", "what did I say about the paella place?"),  # asks about the past
])
def test_nothing_bears_where_nothing_is_touched(told, asked):
    assert bearing_on(asked, _facts(told)) == []


def _check(text, facts, opened="", limit=4):
    rules = rules_for(text, facts=facts)
    rules.opened, rules.limit = opened, limit
    return Check(rules)


def _run(check, reply):
    out = [p for w in reply.split(" ") for p in check.feed(w + " ")]
    if not check.enough:
        out += list(check.finish())
    return "".join(out)


def test_a_suggestion_that_runs_into_a_standing_fact_goes():
    facts = _facts("I'm allergic to peanuts")
    said = _run(_check("can you give me a stir fry recipe idea?", facts),
                "How about a satay stir fry with chicken? You could also try a ginger and garlic one.")
    assert "satay" not in said and "ginger" in said


def test_a_reply_that_ignores_what_bears_ends_with_it_within_the_length():
    facts = _facts("I work nights at the depot")
    said = _run(_check("my mates want a brunch at 10am saturday, should I go?", facts),
                "Brunch sounds fun! Go and enjoy it. Order the pancakes. Take photos. Tell me everything.")
    assert said.rstrip().endswith("Just keep in mind you work nights.")
    assert len([s for s in said.split(". ") if s.strip()]) <= 4
    kept = _run(_check("my mates want a brunch at 10am saturday, should I go?", facts),
                "Maybe nap first after your shift. Then go and enjoy it!")
    assert "keep in mind" not in kept


def test_her_first_words_count_toward_the_length():
    said = _run(_check("whats a good funny movie for tonight", [], opened="You told me you love comedies.",
                       limit=3), "Try Paddington 2. It is lovely. It is funny. It is warm.")
    assert said.count(".") == 2  # three sentences in all with the first words


def test_a_small_model_opens_with_it_and_the_note_carries_it_for_every_model(tmp_path):
    store = Store(tmp_path / "a.db")
    for capable in (False, True):
        model = FakeModel(["Noted.", "Pancakes are a good pick."], capable=capable)
        me = Companion(store, model, store.user(f"u{capable}"), memories=Memories(store, HashingEmbedder()))
        sid = store.start_session(me.user_id, "t")
        told = me.ask("I work nights at the sorting depot", sid).user_turn
        reply = me.ask("my mates want a big saturday brunch at 10am. what do you think, should I go?", sid)
        note = model.history[-1][-2].content
        assert "You work nights." in note
        if capable:
            assert reply.text.endswith("Just keep in mind you work nights.")
        else:
            assert reply.text.startswith("You told me you work nights.") and reply.recounts == [told]
    store.close()


@pytest.mark.parametrize("told,asked", [
    ("heights terrify me, honestly", "should we do the glass skywalk at the canyon? thoughts?"),
    ("we're expecting in March!", "my sister booked me a spa day with a sauna, which should I do first?"),
])
def test_forgetting_the_turn_that_told_it_takes_the_fact_and_the_reply(tmp_path, told, asked):
    from os1.memory.forget import erase

    store = Store(tmp_path / "a.db")
    me = Companion(store, FakeModel(["Noted.", "Let's think."]), store.user(),
                   memories=Memories(store, HashingEmbedder()))
    sid = store.start_session(me.user_id, "t")
    source = me.ask(told, sid).user_turn
    reply = me.ask(asked, sid)
    assert reply.text.startswith("You told me you're") and reply.recounts == [source]
    facts = [m.id for m in me.memories.list(me.user_id, kind="fact")]
    erase(store, me.user_id, memory_ids=facts, turn_ids=[source])
    assert not [f for f in store.facts(me.user_id) if f.key.partition(":")[0] in ("fear", "pregnant")]
    kept = {t.id for t in store.recent_turns(me.user_id, 10)}
    assert reply.user_turn in kept and not kept & {source, reply.reply_turn}
    store.close()


@pytest.mark.parametrize("said,key,value", [
    ("I'm lactose intolerant", "cant_eat:dairy", "dairy"),
    ("shellfish makes me swell up", "cant_eat:shellfish", "shellfish"),
    ("I'm two years sober this week", "diet", "teetotal"),
    ("I'm not good with heights", "fear:heights", "heights"),
    ("I'm a nervous flyer", "fear:flying", "flying"),
    ("I'm 6 months pregnant", "pregnant", "expecting"),
    ("I'm recovering from knee surgery", "injury:knee", "knee"),
    ("I sold my car last year", "transport", "no car"),
    ("I'm skint till friday", "budget", "tight budget"),
    ("my asthma has been bad lately", "health:asthma", "asthma"),
    ("my bad knee is acting up", "injury:knee", "knee"),
    ("I don't own a car", "transport", "no car"),
    ("slipped on the ice at work and broke my ankle, six weeks in a boot", "injury:ankle", "ankle"),
    ("well. skateboard vs kerb. fractured wrist.", "injury:wrist", "wrist"),
])
def test_more_ways_of_saying_it(said, key, value):
    assert (key, value) in [(f.key, f.value) for f in extract(said)]


def test_what_only_sounds_like_it_is_not_kept():
    assert extract("work makes me sick sometimes") == []


def test_a_suggestion_that_keeps_clear_of_it_stays():
    facts = _facts("money's tight this month")
    said = _run(_check("what should I get my brother for his birthday?", facts),
                "Nothing too expensive: maybe a book he'd love. Or you could get him a designer watch!")
    assert "Nothing too expensive" in said and "designer" not in said
    pregnant = _run(_check("spa day with a sauna and a hot tub, which should I do first?",
                           _facts("we're expecting in March!")),
                    "Start with a massage, and save the sauna until after the baby comes. Then try the hot tub!")
    assert "save the sauna until" in pregnant and "Then try the hot tub" not in pregnant


def test_an_allergen_is_never_put_in_a_recipe_suggested_or_not():
    facts = _facts("I can't eat peanuts, I carry an EpiPen")
    check = _check("can you give me a satay stir fry recipe?", facts, limit=None)
    said = _run(check, "Ingredients:\n- 1 cup of rice noodles\n- 2 tablespoons of peanut butter (optional)\n"
                       "- 1 lime\nMix in the soy sauce and the peanut butter. Serve without peanuts on top.")
    assert "peanut butter" not in said and "rice noodles" in said and "without peanuts" in said
    spa = _run(_check("spa day with a hot tub and a sauna, which first?", _facts("I'm 20 weeks pregnant")),
               "Let's start with the hot tub. A massage would be lovely too.")
    assert "hot tub" not in spa and "massage" in spa


@pytest.mark.parametrize("said", ["I'm a nurse on night shifts at the hospital",
                                  "I've been on nights since May", "I am on the night shift this week"])
def test_on_nights_said_after_the_job_is_kept(said):
    assert ("hours", "nights") in [(f.key, f.value) for f in extract(said)]


def test_someone_elses_night_shifts_are_not_kept():
    assert extract("my friend is on night shifts") == []


@pytest.mark.parametrize("told,asked,said", [
    ("I'm allergic to penicillin", "the doctor wants to prescribe antibiotics, what should I ask?",
     "you're allergic to penicillin"),
    ("I'm allergic to cats", "should I house-sit for my neighbour and her two cats?",
     "you're allergic to cats"),
])
def test_an_allergy_not_to_food_bears_on_what_it_touches(told, asked, said):
    assert [b.said for b in bearing_on(asked, _facts(told))] == [said]


@pytest.mark.parametrize("told", ["I'm allergic to penicillin", "I'm allergic to cats",
                                  "I'm allergic to bee stings"])
def test_an_allergy_not_to_food_does_not_bear_on_a_meal(told):
    assert bearing_on("my friend wants me to come to a 10am brunch on saturday, should I go?",
                      _facts(told)) == []


@pytest.mark.parametrize("asked", ["my aunt wants to come visit me next month. what could we do around here?",
                                   "any good walks near me for sunday?",
                                   "what's a nice restaurant in town for a first date?"])
def test_where_they_live_bears_on_what_there_is_to_do_around_here(asked):
    facts = _facts("I got the job in Glasgow!! moving up there on saturday")
    assert [b.said for b in bearing_on(asked, facts)] == ["you live in Glasgow"]


def test_a_town_they_left_bears_on_nothing_and_a_question_elsewhere_gets_no_town():
    moved = Fact("lives_in", "Manchester", "conversation", "2026-01-01", "2026-02-01", 1)
    assert bearing_on("what could we do around here?", [moved]) == []
    assert bearing_on("what should I cook tonight?", _facts("I just moved to Glasgow")) == []


@pytest.mark.parametrize("said,value", [
    ("been on permanent nights at the depot for 3 years now", "nights"),
    ("GUESS WHO GOT MOVED TO EARLIES. 6am to 2pm from this week. no more nights!!!", "earlies"),
])
def test_hours_said_without_i_are_kept(said, value):
    assert [(f.key, f.value) for f in extract(said)] == [("hours", value)]


@pytest.mark.parametrize("asked", ["book club is thursday at 7 this week. can i actually go this time?",
                                   "my mate wants to do 5-a-side tuesday at 8pm. can i make it or nah"])
def test_their_hours_bear_on_whether_they_can_make_it(asked):
    assert [b.said for b in bearing_on(asked, _facts("GOT MOVED TO EARLIES from this week"))] == ["you work earlies"]
