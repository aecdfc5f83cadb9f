"""A recount answers only what was asked: a turn that names the person but holds no age, time,
place, job or name is not said back as the answer, and a value the model invents for the
thing asked is dropped, after a recount too."""

import pytest

from os1.memory.store import Store
from os1.mind.check import Check, rules_for
from os1.mind.recount import attribute_asked, holds, recount_from, sum_up
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


@pytest.mark.parametrize("question,kind", [
    ("how old is Mateo again?", "age"), ("what's my nephew's age again?", "age"),
    ("when is the party again?", "when"), ("what day did I say the move was?", "when"),
    ("where does my sister live now?", "where"), ("what does Ines do for work again?", "job"),
    ("what was her name again?", "name"), ("what did I tell you about my grandpa?", ""),
])
def test_the_thing_asked_is_read_from_the_question(question, kind):
    assert attribute_asked(question) == kind


def test_a_turn_that_only_names_the_person_does_not_answer_an_age():
    said = ["my cousin Mateo is staying with us for a few weeks while his flat gets fixed"]
    assert not holds("how old is Mateo again?", said[0])
    assert recount_from("how old is Mateo again?", said) == ("", None)
    assert holds("how old is Mateo again?", "Mateo turns 30 next month")
    words, index = recount_from("what day did I say the move was?", ["moving into the new place on saturday the 22nd"])
    assert "saturday the 22nd" in words and index == 0


def _run(text, reply, said=()):
    rules = rules_for(text, said=said)
    rules.opened = "You told me your cousin Mateo is staying with you."
    check = Check(rules)
    out = [p for w in reply.split(" ") for p in check.feed(w + " ")]
    return "".join(out + ([] if check.enough else list(check.finish())))


def test_an_invented_value_for_the_thing_asked_goes_after_a_recount():
    said = ["my cousin Mateo is staying with us for a few weeks"]
    reply = _run("how old is Mateo again?", "Mateo is 25. He sounds like a lovely guest.", said)
    assert "25" not in reply and "lovely guest" in reply
    kept = _run("what date is the wedding again?", "It's on the 14th, so take the 13th off too.",
                ["the wedding is on the 14th of June"])
    assert "14th" in kept  # holds what they said beside it
    asked = _run("how old is Mateo again?", "Is he 25 or so?", said)
    assert "25" in asked  # a question asserts nothing


def test_asked_what_no_turn_holds_she_says_she_was_not_told(tmp_path):
    store = Store(tmp_path / "a.db")
    model = FakeModel(["Nice.", "He is 25 and loves it here."])
    me = Companion(store, model, store.user())
    sid = store.start_session(me.user_id, "t")
    me.ask("my cousin Mateo is staying with us for a few weeks while his flat gets fixed", sid)
    reply = me.ask("how old is Mateo again? I need it for a form", sid)
    assert reply.text.startswith("I'm not sure you've ever told me that.")
    assert "25" not in reply.text
    store.close()


def test_the_clause_that_holds_the_thing_asked_is_said_back():
    said = ("Meet the family: one ancient cat called Biscuit, who came with the house. Biscuit is 19, "
            "which is about 92 in cat years, and she still hunts moths.")
    assert recount_from("how old did I say the cat was?", [said])[0] == \
        "You told me Biscuit is 19, which is about 92 in cat years."
    moved = "My brother is a welder, and he moved to Aberdeen in the spring."
    assert "Aberdeen" in recount_from("where does my brother live these days?", [moved])[0]


def test_a_preamble_before_a_colon_is_not_said_back():
    said = "Let me introduce the household: one grumpy parrot called Admiral, who I got from my aunt."
    words = recount_from("what was the parrot called again?", [said])[0]
    assert words.startswith("You told me one grumpy parrot called Admiral") and "Let you" not in words


def test_a_change_told_later_answers_before_what_it_changed():
    from os1.mind.recount import recount_from
    said = ["We had choir practice tonight, Thursday as always, and the new hymn is hard.",
            "News from church: from now on practice moves to Monday evenings. Same time, half past six.",
            "Good morning. It is Thursday and I have my good shirt ironed already."]
    words, index = recount_from("So, do I have choir practice tonight?", said, said[-1])
    assert index == 1 and "Monday" in words
    # without a change, the message that shares most of the question's words answers
    words, index = recount_from("So, do I have choir practice tonight?", [said[0], "practice was fun", said[2]])
    assert index == 0


def test_what_time_is_answered_by_a_time_of_day_not_by_a_day():
    from os1.mind.contradict import invents
    from os1.mind.recount import attribute_asked, holds
    asked = "Now what time does the recital start? I need to book my ride."
    assert attribute_asked(asked) == "time"
    assert not holds(asked, "my granddaughter Aiyana has her very first dance recital on Saturday!")
    assert holds(asked, "it starts at half past ten") and holds(asked, "the MRI is Friday at 7:40")
    assert invents("The recital starts at 10:00 AM on Saturday.", "time", {"saturday", "recital"}, set())
    assert not invents("Be there by 7:40, so leave at 7.", "time", set(), {"7:40"})


def test_the_name_of_a_thing_is_held_only_where_the_thing_is_named():
    from os1.mind.recount import holds
    asked = "it wants the name of her nursery school. Did I ever tell you what it's called?"
    assert not holds(asked, "Drop-off at nursery was teary today. Hers, not mine.")
    assert holds(asked, "Zara started at Little Acorns nursery today")
    village = "what was the name of her village again?"
    assert not holds(village, "I called my grandmother in Turkey. she lives in the same little village by the sea")
    assert holds(village, "her village, Kas, is tiny")


def test_a_summing_up_of_the_family_says_back_what_was_told_of_them():
    from os1.mind.grounding import asks_about_past
    from os1.mind.recount import attribute_asked, recount_from
    asked = "so much going on, my head is spinning. can you sum up where things are at with my family right now?"
    said = ["my mom had a small stroke on tuesday. she's ok, but her left hand is weak and she starts rehab next week",
            "I closed the salon for two days to be with her.", "hi"]
    assert asks_about_past(asked) and attribute_asked(asked) == ""  # "where things are at" asks for no place
    words, index = recount_from(asked, said, said[-1])
    assert index == 0 and words.startswith("You told me your mom had a small stroke")


def test_whats_on_my_plate_asks_what_is_coming():
    from os1.mind.recount import recount_from
    said = ["I have an interview on Wednesday with the highway authority. third time applying.",
            "prepped all evening, answering questions to myself in the mirror"]
    words, index = recount_from("what's on my plate this week again? I keep losing track", said, said[-1])
    assert index == 0 and "interview on Wednesday" in words


def test_a_place_written_in_lower_case_is_held_and_a_doing_is_no_thing_of_theirs():
    from os1.mind.grounding import thing_asked
    from os1.mind.recount import holds
    asked = "remind me where hes living now"
    assert holds(asked, "ebuka drove all the way down from kano where he teaches maths")
    assert not holds(asked, "we were up all night in tears")
    assert thing_asked("remind me what my brother's doing these days?") is None
    assert thing_asked("what's my sister's favourite flower?") == ("your sister", "favourite flower")


def test_when_a_thing_is_is_answered_only_where_the_thing_is_spoken_of():
    from os1.mind.lookback import candidates
    from os1.mind.recount import holds
    asked = "wait when is our anniversary actually? I think it's coming up and I'm scared I forgot"
    said = ["me and Noor are going out tonight, first proper date night in months",
            "I booked the rooftop place she's been wanting to try"]
    assert not holds(asked, said[0])  # a time, but not the anniversary's
    assert candidates(asked, said) == []  # nothing offered to point to: she does not know
    assert holds(asked, "our anniversary is on the 14th of march")
    assert holds("where's the party again?", "the party is at Priya's flat")
    assert not holds("where's the party again?", "I'm in Leeds for work all week")
    # a person, or a vague "big day", names no thing to look for
    assert holds("where does my sister live now?", "Anna moved to Boston")
    assert holds("when's the big day?", "the wedding is on June 5")


def test_two_things_asked_at_once_are_each_answered_by_what_was_told(tmp_path):
    from os1.mind.recount import asks, recount_each
    said = ["my daughter Lucía started at a new school today. she cried at the gate and so did I",
            "her teacher is Mr Adeyemi, he seems kind. pickup is at 3:15 which is tricky with my shifts"]
    asked = "what time is pickup again? and what's the teacher called, I've already forgotten lol"
    assert asks(asked) == ["what time is pickup again?", "and what's the teacher called, I've already forgotten lol"]
    assert asks("where does my sister live now?") == ["where does my sister live now?"]
    words, turns = recount_each(asked, said, said[-1])
    assert words.startswith("You told me pickup is at 3:15") and "And her teacher is Mr Adeyemi" in words
    assert turns == (1,)
    assert recount_each("what time is pickup again?", said) == ("", ())  # one question: recount_from's
    store = Store(tmp_path / "a.db")
    me = Companion(store, FakeModel(["Sweet.", "Ok.", "Hope that helps."]), store.user())
    sid = store.start_session(me.user_id, "t")
    for text in said:
        me.ask(text, sid)
    reply = me.ask(asked, sid)
    assert "3:15" in reply.text and "Adeyemi" in reply.text
    store.close()


def test_a_job_asked_is_not_held_by_everyday_words_that_end_like_one():
    asked = "Jake and Amber are coming for dinner Sunday. what does she do again?"
    assert not holds(asked, "he asked her about her intentions as a joke. I wanted the floor to swallow me")
    assert holds(asked, "Amber is a dental hygienist") and holds(asked, "she is a tutor at the college")


def test_an_interjection_before_what_they_told_is_not_said_back():
    said = ["Well. Got made redundant today. 14 years at the building society"]
    words, _ = recount_from("can you sum up what's happened to me this week?", said)
    assert words.startswith("You told me you got made redundant today.")


def test_a_party_asked_about_is_answered_by_the_birthday_it_is_for():
    said = ["Mum's 70th is on the 22nd at the Harbour Inn, and Ian's retirement drinks are at the Crown",
            "and I said I'd do a speech at mum's. I HATE public speaking"]
    words, index = recount_from("my cousin's asking where mum's party is, where did I say it was?", said, said[-1])
    assert index == 0 and "Harbour Inn" in words


def test_a_sum_put_right_later_answers_before_the_first_one():
    said = ["Landlord letter came. Rent's going up from £1,250 to £1,400 from September.",
            "I've got my budget spreadsheet open and it's just red",
            "update: I pushed back and he's agreed to £1,320 instead. small win!",
            "need to celebrate with something cheap lol ideas?"]
    words, index = recount_from("what's my rent going to be from september?", said, said[-1])
    assert index == 2 and "£1,320" in words
    assert recount_from("what's my rent going to be from september?", said[:2])[1] == 0


def test_a_move_put_right_in_other_words_answers_where():
    said = ["Big news, Kofi's firm is relocating him so we're moving to Leeds in June!! two kids and a cat",
            "how do you even start packing a house you've lived in for ten years",
            "ok plot twist. his company changed their minds and they're sending him to Bristol instead. Not Leeds. "
            "Still June.",
            "at least Bristol's nearer my brother I guess"]
    words, index = recount_from("where are we moving again?", said, said[-1])
    assert index == 2 and "Bristol" in words
    # a later message that puts nothing right, or names nothing the answer did, is no correction
    calm = [said[0], said[1], "I'm going to get boxes from the supermarket instead of buying them", said[3]]
    assert recount_from("where are we moving again?", calm, calm[-1])[1] == 0


def test_a_date_pushed_back_answers_when():
    said = ["Tendai starts nursery on the 3rd of March, already dreading the drop-off",
            "she's been napping on me all afternoon",
            "ugh nursery rang, Tendai's start has been pushed to the 17th of March. staff shortage"]
    words, index = recount_from("when does Tendai start nursery?", said, said[-1])
    assert index == 2 and "17th" in words


def test_anything_on_that_day_is_answered_by_what_they_have_on_it():
    from os1.mind.grounding import asks_about_past
    said = ["the dog's stitches come out thursday at 4.15, at the vet on High St. $380 for the privilege",
            "she got the cone off last night somehow. little houdini", "anyway work call, brb"]
    asked = "Jess is asking if I can do school pickup thursday arvo, is there anything I've got on that clashes?"
    assert asks_about_past(asked, said)
    words, index = recount_from(asked, said, said[-1])
    assert index == 0 and "4.15" in words  # "got" alone is no answer


def test_whats_going_on_in_my_life_is_a_summing_up():
    from os1.mind.grounding import asks_about_past
    said = ["My dad's having a triple bypass on Wednesday. He's 67, stubborn as a mule",
            "boss was great about it, gave me the week", "gonna zone out with some TV tonight"]
    asked = "can't sleep. tell me in a couple of sentences what's going on in my life right now"
    assert asks_about_past(asked, said)
    assert recount_from(asked, said, said[-1])[0].startswith("You told me your dad's having a triple bypass")


def test_someones_schedule_asked_is_answered_by_the_change_to_it():
    from os1.mind.grounding import asks_about_past
    from os1.mind.recount import attribute_asked
    said = ["Ines has been on nights at the depot for two years now. we barely see each other",
            "GOOD NEWS. Ines got the office job! Day shifts, Monday to Friday, no more nights.",
            "what should we do with her first free weekend"]
    asked = "my mate wants a regular thursday night quiz with partners invited. could Ines come, with her schedule?"
    assert asks_about_past(asked, said) and attribute_asked(asked) == "hours"
    words, index = recount_from(asked, said, said[-1])
    assert index == 1 and words == "You told me Ines got the office job! Day shifts, Monday to Friday, no more nights."


def test_a_sum_never_told_is_not_guessed(tmp_path):
    store = Store(tmp_path / "a.db")
    model = FakeModel(["Ugh.", "Ha.", "Oof.", "The brake quote was $450."])
    me = Companion(store, model, store.user())
    sid = store.start_session(me.user_id, "t")
    for said in ["car's grinding when I brake. dropped it at the mechanic this morning, they'll ring with a quote",
                 "a bloke on the bus had a cockatoo on his shoulder", "mechanic rang with the quote. not thrilled."]:
        me.ask(said, sid)
    reply = me.ask("how much did I tell you the brake quote was? can't remember the exact figure", sid)
    assert reply.text.startswith("I'm not sure you've ever told me that.") and "$450" not in reply.text
    store.close()


def test_a_day_or_a_month_is_no_ones_name():
    said = ["Home from the hospital! New hip. The surgeon was brilliant, explained everything.",
            "Physio starts Monday, in March it gets harder apparently"]
    assert recount_from("Want to send a card to the surgeon. What was his name again?", said) == ("", None)
    assert holds("What was his name again?", "the surgeon, Mr Okafor, was brilliant")


def test_a_recap_asked_says_back_the_two_fullest_things_told_and_never_a_question(tmp_path):
    from os1.mind.grounding import asks_about_past
    from os1.mind.recount import sum_up
    said = ["Mia took her first steps today, three whole steps from the sofa to the dog",
            "also my best mate Sam asked me to officiate his wedding in May. i said yes before thinking",
            "ok bath time, wish me luck"]
    asked = "doing my little journal thing before bed. can you recap the two big things i told you yesterday?"
    assert asks_about_past(asked, said)
    words, turns = sum_up(asked, said, said[-1])
    assert words.startswith("You told me Mia took her first steps today") and "And your best mate Sam" in words
    assert turns == (0, 1)
    later = "and remind me who's getting married, it still hasn't sunk in"
    assert "journal" not in recount_from(later, [*said, asked], asked)[0]  # her question tells nothing


def test_an_event_pointed_back_to_by_name_is_said_back_before_an_opinion(tmp_path):
    store = Store(tmp_path / "a.db")
    model = FakeModel(["Ugh.", "Wow.", "No, you're not overreacting."])
    me = Companion(store, model, store.user())
    sid = store.start_session(me.user_id, "t")
    me.ask("got written up at work today for being 6 mins late. my supervisor Dale made a whole show of it "
           "in front of everyone", sid)
    me.ask("i've been there 4 years and never been late once before", sid)
    reply = me.ask("still annoyed about the Dale thing. my sister says I'm overreacting. am i? be honest", sid)
    assert reply.text.startswith("You told me your supervisor Dale made a whole show of it")
    plain = me.ask("what do you think about the whole thing?", sid)
    assert not plain.text.startswith("You told me")
    store.close()


def test_the_thing_asked_may_be_named_in_the_sentence_before_the_question():
    from os1.mind.recount import attribute_asked
    said = ["my hamster Pickle escaped AGAIN last night, found him in the laundry basket at 4am chewing my sock",
            "i swear he's part houdini"]
    asked = "the vet form for his checkup wants his age. what did i tell you he was?"
    assert attribute_asked(asked) == "age"
    assert recount_from(asked, said, said[-1]) == ("", None)  # no age was told: nothing to say back


def test_what_is_said_back_reads_as_said_to_them():
    from os1.mind.recount import said_back
    assert said_back("what did I do yesterday?", "slept most of yesterday. then watched telly").startswith(
        "You told me you slept most of yesterday.")
    assert said_back("who is behind me?", "There's a lad Paul behind me").startswith("You told me there's a lad")


def test_shouting_is_said_back_in_an_even_voice():
    from os1.mind.recount import said_back
    assert said_back("what happened?", "ELI TOOK HIS FIRST STEPS TODAY. three whole steps to the dog").startswith(
        "You told me Eli took his first steps today. Three whole steps")
    assert said_back("what about my boss?", "MY BOSS IS THE WORST. he shouted at me").startswith(
        "You told me your boss is the worst.")
    assert "the NHS" in said_back("where did I get the job?", "I got the job at the NHS!! so happy")


def test_a_measure_asked_is_answered_only_by_one_told():
    said = ["she arrived at 3am!! 3.4kg of pure shouting", "everyone keeps saying sleep when the baby sleeps"]
    asked = "filling in her baby book and it wants birth weight. what was it again?"
    words, index = recount_from(asked, said, said[-1])
    assert index == 0 and "3.4kg" in words
    assert recount_from(asked, ["she arrived at 3am!!", said[1]], said[1]) == ("", None)  # never told: no answer


def test_someone_elses_name_or_age_is_not_the_users_own():
    from os1.memory.store import Fact
    from os1.mind.grounding import cued_facts
    mine = [Fact("name", "Gordon", "interview", "2026-01-01", None), Fact("age", "61", "conversation", "2026-01-01", None)]
    assert cued_facts("Want to send a card to the surgeon. What was his name again?", mine) == []
    assert cued_facts("the vet form wants the cat's age", mine) == []
    assert [f.key for f in cued_facts("do you remember my name?", mine)] == ["name"]


def test_a_time_given_by_something_told_is_a_question_about_it():
    from os1.mind.grounding import asks_about_past
    said = ["good news is she finally got a spot at the adult day program, Tuesdays and Fridays, 9 to 3",
            "she's calling me, bye"]
    asked = "I need to book my own dentist thing. which days would be easiest for me, when she's at the program?"
    assert asks_about_past(asked, said)
    words, index = recount_from(asked, said, said[-1])
    assert index == 0 and words.startswith("You told me she finally got a spot") and "Tuesdays" in words
    assert not asks_about_past("which days would be easiest for a dentist visit?", said)


def test_more_ways_of_asking_for_what_was_told():
    from os1.mind.grounding import asks_about_past, cued_facts
    from os1.memory.store import Fact
    said = ["We brought home a puppy today. I've named her Biscuit", "Update, the name didn't survive. The kids voted "
            "and she's Laddoo now. Laddoo it is", "she chewed my slipper already"]
    asked = "at the vet for her first shots, filling the form. pet's name?? my head is spinning"
    assert asks_about_past(asked, said)
    words, index = recount_from(asked, said, said[-1])
    assert index == 1 and "Laddoo" in words
    for text in ["nice name?", "what's your name?", "do you like the name?"]:
        assert not asks_about_past(text), text
    # what is on their plate is everything told of late; plus is not said back
    plate = ["My wife Rupa's company closed suddenly. No notice, two months' salary still owed.",
             "Plus our son Tanmoy has his board practicals on Monday and the roof above his room is leaking."]
    assert asks_about_past("Can you tell me back what all is on my plate right now?")
    each, _ = sum_up("Can you tell me back what all is on my plate right now?", plate)
    assert "Rupa" in each and "Tanmoy" in each and "Plus" not in each
    # "what I do now" is their job
    job = [Fact("job", "admin officer in the planning section", "conversation", "2026-01-01", None)]
    assert cued_facts("everyone's going to ask what I do now and I'll freeze. a one-liner?", job) == job


def test_a_day_asked_for_a_plan_is_answered_by_what_was_told_of_it():
    from os1.mind.recount import on_that_day
    said = ["I do home care, mostly seniors", "Finally got the referral!! Knee consult on the 14th, 10:30 at the "
            "Infirmary. Only took 11 months", "Ok I gotta run", "whew what a day"]
    asked = ("my sister wants me to take the 14th off and drive up to Moncton with her for a shopping day. "
             "any reason I shouldnt say yes?")
    words, index = on_that_day(asked, said)
    assert index == 1 and "consult on the 14th, 10:30" in words
    assert on_that_day("what should I do on the 14th?", said) == ("", None)  # no plan to fit in
    assert on_that_day("any reason I shouldn't go on the 20th?", said) == ("", None)  # nothing told of it


def test_the_twentieth_sets_ways_of_asking():
    from os1.mind.grounding import asks_about_past
    said = ["so we got a dog!! a beagle named Pickle. he's already eaten a sock and a crayon", "anyway bye"]
    asked = "and guess which four-legged gremlin ate ANOTHER sock this morning"
    assert asks_about_past(asked, said)
    assert "Pickle" in recount_from(asked, said, said[-1])[0]
    # "the teacher's name" is held only by a name said of the teacher
    school = ["big day, Ruby started school today!", "she said her teacher is 'nice and has a guitar'"]
    assert recount_from("what was the teacher's name again?", school, school[-1]) == ("", None)
    # their hours, put right: the newest, though the first holds more words of hours
    shifts = ["evening. well, morning for me. I'm on nights at the depot, 10pm to 6am. lunch break at 2am",
              "GOOD NEWS they finally moved me to days!! 6am to 2:30pm from this week",
              "first day on the new roster done"]
    asked = "my partner asked what hours I'm working now. remind me what to put in?"
    words, index = recount_from(asked, shifts, shifts[-1])
    assert index == 1 and "2:30pm" in words


def test_the_twentieth_sets_advice():
    from os1.memory.people import mentions
    from os1.memory.store import Fact
    from os1.mind.notice import bearing, own_bearing
    from os1.memory.people import Person
    [mateo] = mentions("my son Mateo is 5 and has a pretty bad peanut allergy, we carry two epipens")
    son = Person(1, mateo.relation, mateo.name, dict(mateo.facts), {})
    assert bearing("it's my turn to bring a snack for mateo's class on friday. what's something easy I could bring?",
                   [son]).text == "You told me Mateo is allergic to peanuts."
    [emeka] = mentions("my brother Emeka finally got the bank job!! he's moving to Abuja next week")
    assert dict(emeka.facts) == {"lives_in": "Abuja"}
    brother = Person(2, "brother", "Emeka", {"lives_in": "Abuja"}, {})
    assert bearing("my mum wants us to visit Emeka at easter. how long would that be by road from here, roughly?",
                   [brother]).text == "You told me Emeka lives in Abuja."
    major = [Fact("studies", "bio", "conversation", "2026-01-01", "2026-02-01"),
             Fact("studies", "nursing", "conversation", "2026-02-01", None, 17)]
    first = own_bearing("my advisor said to pick an elective that actually helps my major. any thoughts?", major)
    assert first.text == "You told me you study nursing." and first.recounts == (17,)


def test_work_in_a_hospital_and_a_calendar_are_no_news_and_no_letter():
    from os1.letters.commission import asks_for_letter
    from os1.mind.acknowledge import read
    assert read("keep it short. 3hrs sleep, double shift in the hospital laundry in 40 min. coffee or nap?", ()) is None
    assert read("my dad's in hospital again", ()).kind == "loss"
    assert not asks_for_letter("my partner's making a shared calendar. remind me what to put in?")
    assert asks_for_letter("anything I could put in a card for my aunt?")
