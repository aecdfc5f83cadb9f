"""A letter asked for in conversation is drafted at the letter desk and kept; "shorter" in the
next turn revises it."""

import pytest

from os1.letters.chat import REVISE
from os1.letters.commission import asks_for_letter, commission_from_request
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
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
    # she is asked to make one, the user needs one, something for the user to write, a bare request
    "would you come up with a toast for my brother's wedding",
    "we could use a message for the whole team",
    "I'd like some kind words for a colleague who is retiring",
    "anything I could put in a card for my aunt?",
    "ok and one more card for my grandpa",
    # asked for plainly
    "Write a birthday note for my sister Anna, say I miss our walks by the river.",
    # named in one sentence, asked for in the next
    "i want to leave a little note on her door with some flowers. could you write it for me?",
    "ok, draft me a quick thank-you card to Jun for the plants",
])
def test_asks_for_a_letter(text):
    assert asks_for_letter(text)


@pytest.mark.parametrize("text", ["I wrote a letter to my gran yesterday", "the card was lovely",
                                  "I'm writing an email to my boss right now, ugh",
                                  "my aunt sent a card for my grandpa", "can you believe the note he wrote",
                                  "she needs a card for her boss", "a postcard from Rome came for me today",
                                  "I want to tell you about the letter she sent",
                                  "write a letter? me? I haven't written one in years",
                                  "she left me a note on the fridge. could you read it for me?",
                                  "I got a card from Mum. can you write that down?",
                                  "the essay is due friday. could you write it for me?"])
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


@pytest.mark.parametrize("text, recipient, relation, occasion", [
    ("need a quick thank-you note for my neighbour Mr. Kowalski for feeding the cat", "Mr. Kowalski",
     "neighbour", "thank you"),
    ("could you do a card for my niece's 18th", "", "niece", "18th birthday"),
    ("something short I can write in Dad's card", "Dad", "dad", ""),
    ("a few words for my mentor's leaving card", "", "mentor", "farewell"),
    # whose occasion it is, not the child named in a detail of it
    ("the caretaker at our school, Desmond, is retiring after 31 years. he always knew my son's name. help me "
     "write a few lines for his card?", "Desmond", "", "retirement"),
    # someone's someone, named after: the card is for the teacher, not the child
    ("I want to write a small thank-you card to Kenji's teacher, Monsieur Baptiste. He got Kenji over his "
     "fear of the class rabbit. Short please.", "Monsieur Baptiste", "", "thank you"),
    # whose occasion, said with "'s"; a request without "I" before it
    ("Declan's retiring Friday after 30 years with us. Can you write me a short few lines for his card? He's "
     "mad into hurling.", "Declan", "", "retirement"),
    ("Need help. Want to write a small thank you note to Mrs. Okoro next door. When I was ill she brought soup "
     "every day. Keep it short", "Mrs. Okoro", "", "thank you"),
])
def test_casual_requests_reach_the_letter_desk(text, recipient, relation, occasion):
    assert asks_for_letter(text)
    commission = commission_from_request(text)
    assert (commission.recipient, commission.relation, commission.occasion) == (recipient, relation, occasion)


@pytest.mark.parametrize("text", ["I got a lovely card from Mum", "she left a note on the fridge",
                                  "Dad's card made me cry", "a card for my sister arrived late"])
def test_look_alikes_ask_for_nothing(text):
    assert not asks_for_letter(text)


def test_a_casual_thank_you_note_is_drafted_and_opens_with_thanks(tmp_path):
    store = Store(tmp_path / "c.db")
    user = store.user()
    congrats = ("Dear Mr. Kowalski,\n\nCongratulations on your lovely garden! Thank you for feeding the cat "
                "while I was away; she is purring again.\n\nBest wishes,\nTheo")
    thanks = ("Dear Mr. Kowalski,\n\nThank you for feeding the cat while I was away; she is purring "
              "again and so am I.\n\nBest wishes,\nTheo")
    model = FakeModel([congrats, thanks])
    me = Companion(store, model, user)
    reply = me.ask("need a quick thank-you note for my neighbour Mr. Kowalski for feeding the cat",
                   store.start_session(user, "t"))
    assert reply.text.startswith("Here's a first draft for Mr. Kowalski:\n\nDear Mr. Kowalski,\n\nThank you")
    [letter] = store.letters(user)
    assert letter["occasion"] == "thank you" and "Congratulations" not in letter["text"]
    assert "Open with your thanks" in model.history[0][-1].content
    store.close()


@pytest.mark.parametrize("text", ["shorter", "shorter, and warmer", "make it shorter and funnier please",
                                  "a bit less formal", "ok shorter & more heartfelt", "mention the boat",
                                  "Warmer!"])
def test_changes_asked_of_the_draft_just_written_revise_it(text):
    assert REVISE.match(text)


@pytest.mark.parametrize("text", ["shorter days are the worst", "more coffee", "and warmer weather soon",
                                  "longer than I thought"])
def test_talk_that_sounds_like_a_change_is_not_one(text):
    assert not REVISE.match(text)



def test_what_the_check_could_not_mend_is_said_plainly_after_the_draft():
    from os1.letters.chat import _reply
    from os1.letters.check import Problem
    from os1.letters.draft import Draft

    found = Draft("Dear Anna,\n\nI hope this letter finds you well.\n\nTheo",
                  [Problem("cliché", "a", '"a" is a cliché: say it plainly'),
                   Problem("cliché", "b", '"b" is a cliché: say it plainly')])
    said = _reply("Anna", found, first=True)
    assert '(Not right yet: "a" is a cliché: say it plainly; "b" is a cliché: say it plainly.)' in said


def test_a_letter_asked_for_by_pronoun_is_for_the_one_person_just_spoken_of(tmp_path):
    store = Store(tmp_path / "c.db")
    user = store.user()
    store.set_fact(user, "name", "Mira", "interview")
    note = "Dear Grandma Rosa,\n\nYou always smelled of flour and rosemary.\n\nLove,\nMira"
    me = Companion(store, FakeModel(["I'm here.", note, note, "Oh, lovely.", "Okay."]), user,
                   memories=Memories(store, HashingEmbedder()))  # the people told of are noted
    session = store.start_session(user, "t")
    me.ask("my grandmother Rosa passed away on tuesday. she taught me to bake bread", session)
    reply = me.ask("write a few words for her memorial card, say she always smelled of flour and rosemary",
                   session)
    assert reply.text.startswith("Here's a first draft for Rosa:"), reply.text
    [letter] = store.letters(user)
    assert (letter["recipient"], letter["occasion"]) == ("Rosa", "condolence")
    # named two messages before: still her
    from os1.letters.chat import spoken_of
    rosa = store.people(user)
    assert spoken_of(rosa, ["it was so sudden", "my grandmother Rosa passed away"]) == rosa[0]
    # two people just spoken of: whom "her" means is not guessed
    me.ask("my aunt Lena and my cousin Mia came over", session)
    assert not me.ask("write a note for her", session).text.startswith("Here's a first draft")
    store.close()


def test_what_they_did_told_after_when_is_a_detail_and_how_it_is_copied_is_not():
    commission = commission_from_request(
        "Want to write a small thank you note to Mrs. Okoro next door. When I had flu last month she brought soup every "
        "single day, and walked my dog without me asking. Keep it short, I'll copy it by hand into a card")
    assert commission.recipient == "Mrs. Okoro"
    assert commission.details == ["When I had flu last month she brought soup every single day, and walked my dog "
                                  "without me asking"]


def test_a_question_about_what_was_told_beside_writing_told_of_is_no_letter(tmp_path):
    from os1.letters.chat import draft_in_chat
    store = Store(tmp_path / "q.db")
    user = store.user()
    model = FakeModel([CARD])
    asked = "ok writing an email to HR about the rating and i want to cc my manager properly. what was his name again?"
    assert asks_for_letter(asked) and draft_in_chat(store, user, asked, model) is None
    assert draft_in_chat(store, user, "can you write an email to my manager Ravi about the rating?", model)
    store.close()
