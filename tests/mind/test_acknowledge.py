"""News is answered with the right feeling first: sorrow for a loss, joy for good news, both
for news that is both; and a small model's first words for it are fixed."""

import pytest

from os1.memory.store import Store
from os1.mind.acknowledge import read
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


@pytest.mark.parametrize("text,kind", [
    ("we had to put our old boy Bruno to sleep yesterday. he was 14.", "loss"),
    ("my grandad passed away on Sunday", "loss"),
    ("Priya and I broke up last night. six years.", "loss"),
    ("I got laid off this morning", "loss"),
    ("so they let me go today. eight years.", "loss"),
    ("the company made half of us redundant on friday", "loss"),
    ("the adoption is FINAL!!! Tomi is officially our son", "joy"),
    ("Kofi proposed last night and I said YES", "joy"),
    ("she said yes!!", "joy"),
    ("finished my first marathon! came last but I FINISHED", "joy"),
    ("I passed my driving test!!", "joy"),
    ("didn't get the fellowship. I was so sure this time", "loss"),
    ("they moved my grandpa to hospice today", "loss"),
    ("went to see my nan. she didn't recognise me this time", "loss"),
    ("the letter came this morning. I'm officially a citizen!", "joy"),
    ("ran 10k today, first time since the surgery", "joy"),
    ("dropped my eldest off at college today. so proud of him. the house is so quiet now", "mixed"),
    # good and hard news on either side of a turn
    ("they offered me the Lisbon post, my dream job! but my gran is so frail and it's 3 hours from her", "mixed"),
    ("we sold the family farm today after four generations. it's the right decision, though I can't stop crying",
     "mixed"),
    ("I got promoted on Tuesday. and then Ravi and I broke up on Friday", "mixed"),
    ("I got into the conservatory! but it means leaving my little brother", "mixed"),
    ("ran my first 10k today, came last in my group but I did it", "joy"),
    # health: an all-clear is joy; a negative test after hoping for a baby is a loss
    ("got my scan results this afternoon and they came back all clear. two years of this", "joy"),
    ("the consultant says I'm in remission!! I rang my dad from the car park", "joy"),
    ("my biopsy was benign. I can breathe again", "joy"),
    ("negative again. that was our last embryo", "loss"),
    ("the transfer didn't take. we'd already picked a name", "loss"),
    # good and hard in different sentences, one after the other
    # a place not got, a business closed; a job got with its title, a first time in a life
    ("didn't get into the vet school. fourth try.", "loss"),
    ("we closed the bookshop for good today, twenty years", "loss"),
    ("we poured our last pints tonight, the brewery's going under", "loss"),
    ("my dad's restaurant is closing down after thirty years", "loss"),
    ("we have to shut the salon at the end of the year, the lease is up", "loss"),
    ("I got the head of design job!!", "joy"),
    ("at 70 I cycled up the big hill without stopping for the first time in my life", "joy"),
    ("my citizenship ceremony is next friday!", "joy"),
    ("we cleared out grandpa's flat and sold it, good price too. after that I drove past it one more "
     "time and cried in the car", "mixed"),
])
def test_news_is_read(text, kind):
    assert read(text).kind == kind


@pytest.mark.parametrize("text", [
    "I finished the dishes", "we ran out of milk", "the gym is closing early today lol",
    "we closed the bar at 2am, what a night", "I did it again, burned the toast",
    "I love the new flat but the commute is long", "work was fine but I'm tired",
    "one of my clients is going through a divorce", "the dough is like glue",
    "do you remember when my dog died?",  # a question about the past is not news
    "my boss asked me to cover Saturday and I said yes, ugh",  # agreeing is no proposal
    "we lost power in the storm for an hour", "they're closing the office early for the holidays",
    "new girl starts closing the bakery by herself next week. give me a checklist",
])
def test_no_news(text):
    assert read(text) is None


def test_grief_alone_is_read_from_the_emotion_model():
    assert read("the house is so quiet now", ("grief", "sadness")).kind == "loss"


def _turn(tmp_path, text, reply, capable=False):
    store = Store(tmp_path / "a.db")
    model = FakeModel([reply])
    model.capable = capable
    me = Companion(store, model, store.user())
    result = me.ask(text, store.start_session(me.user_id, "t"))
    note = model.history[-1][-2].content
    store.close()
    return result.text, note


def test_a_small_model_begins_with_sorrow_and_is_told_so(tmp_path):
    text, note = _turn(tmp_path, "we had to put our old dog to sleep yesterday", "He had a good life.")
    assert text.startswith(("I'm so sorry", "Oh no. I'm so sorry")) and text.endswith("He had a good life.")
    assert "sad news" in note and "You have already begun your reply with" in note


def test_a_capable_model_is_only_told_what_the_news_is(tmp_path):
    text, note = _turn(tmp_path, "Kofi proposed and I said YES", "Oh my goodness, yes!", capable=True)
    assert text == "Oh my goodness, yes!"
    assert "wonderful news" in note and "already begun" not in note


def test_the_models_echo_of_her_first_words_goes(tmp_path):
    text, _ = _turn(tmp_path, "we had to put our old dog to sleep this morning",
                    "Oh no, I'm so sorry for the distress. She had a long, loved life.")
    assert text.count("sorry") == 1 and text.endswith("She had a long, loved life.")


def test_mixed_news_opens_with_both_sides_and_no_advice(tmp_path):
    text, note = _turn(tmp_path, "they offered me the Lisbon post, my dream job! but my gran is so frail "
                       "and it's 3 hours from her", "You should talk to your gran first. She loves you.")
    opening = text.removesuffix("She loves you.").strip()
    assert opening in ("That's wonderful news, and a hard one too.",
                       "What a big, bittersweet moment: so much to be proud of, and so much to feel.",
                       "Oh, that's amazing, and I can hear how hard part of it is.")
    assert "happy and hard at once" in note and "No advice" in note


def test_tears_at_a_milestone_with_nothing_hard_beside_them_are_joy():
    said = ("I JUST MADE THE LAST PAYMENT. $9,800 of car loan, gone. 3 years of saying no to everything. "
            "sitting in the car park crying like an idiot")
    assert read(said, ("sadness", "disappointment")).kind == "joy"
    assert read("finally debt-free after 6 years", ("neutral",)).kind == "joy"
    assert read("got the job!! but I'll miss everyone at the old place, crying at my desk",
                ("sadness",)).kind == "mixed"


def test_happy_tears_get_joy_not_sympathy(tmp_path):
    from os1.mind.check import rules_for
    from os1.mind.perceive import Perception
    said = "paid off my student loans today, crying in the kitchen"
    seen = Perception(said, "negative", -0.5, 0.5, 0.8, "chat", labels=("sadness", "disappointment"))
    rules = rules_for(said, seen)
    assert rules.good_news and not rules.bad_news


def test_mixed_news_with_something_won_is_congratulated_first():
    said = "I got the offer in Calgary, the job I've worked toward for years. But dad's 81 and hasn't been well, and I'd be so far from him"
    found = read(said, ("sadness",))
    assert found.kind == "mixed" and found.opening(said).startswith("Congratulations")
    sold = "we sold the family home today, right decision but I cried handing over the keys"
    assert not read(sold, ("sadness", "pride")).opening(sold).startswith("Congratulations")


def test_bad_news_in_few_words_is_a_loss():
    for said in ["didnt get it. third time. whatever", "they said no. again.", "didn't get in. gutted"]:
        found = read(said, ())
        assert found is not None and found.kind == "loss", said
    for said in ["I didn't get it at first, but the film was great", "I asked if he wanted tea and he said no."]:
        assert read(said, ()) is None, said


def test_torn_between_laughing_and_crying_is_both():
    found = read("And by Friday we'll be in Kelowna, ten minutes from the grandkids. I don't know whether to laugh or "
                 "cry honestly", ())
    assert found is not None and found.kind == "mixed"
    assert read("the car died and then the dog died. laugh or cry", ()).kind == "loss"
