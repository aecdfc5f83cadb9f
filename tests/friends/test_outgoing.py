"""The check before sending: what the user's memory holds never leaves unless allowed."""

from os1.friends.consent import Scope
from os1.friends.outgoing import Checker

TEXTS = ["My sister Zelda lives in Lisbon and I earn 85000 a year.",
         "I told Dr Halvorsen about the panic attacks on the 12th.",
         "We met at 10 and talked about the garden."]
FACTS = ["type 2 diabetes", "Zelda", "Lisbon", "Kestrel Bank"]
NAMES = ["Amy", "Theo"]


def reasons(text, scope=None, by_user=False):
    return Checker(TEXTS, FACTS).check(text, scope or Scope(), NAMES, by_user=by_user).reasons


def test_details_from_memory_are_refused():
    assert any("zelda" in r for r in reasons("Her sister Zelda is well."))
    assert any("lisbon" in r for r in reasons("She might visit LISBON."))
    assert any("85000" in r for r in reasons("She makes 85,000."))
    assert any("halvorsen" in r for r in reasons("Dr Halvorsen says hi."))
    assert any("kestrel bank" in r for r in reasons("She works at Kestrel Bank."))
    assert any("copies a memory" in r for r in reasons("So we met and talked about the garden."))


def test_health_and_money_need_their_topic():
    assert any(r.startswith("health") for r in reasons("She has a doctor's appointment."))
    assert any(r.startswith("money") for r in reasons("She is saving money for a trip."))
    assert reasons("She has a doctor's appointment.", Scope(("health",))) == ()
    assert any(r.startswith("money") for r in reasons("It cost $40."))


def test_what_the_user_allowed_crosses():
    note = Scope(("books",), "Amy is reading a novel set in Lisbon.")
    assert reasons("Amy is reading a novel set in Lisbon.", note) == ()
    assert reasons("Amy and Theo could talk about books.") == ()


def test_a_free_busy_answer_crosses_when_the_calendar_is_shared():
    answer = "Amy is busy on Saturday 12 December from 10 am to 12 pm, and free otherwise."
    assert reasons(answer, Scope(("calendar",))) == ()
    assert reasons(answer) != ()  # numbers of her memory, without the calendar


def test_the_users_own_question_names_health_without_leaking_it():
    assert reasons("What did Amy tell you about her health?", by_user=True) == ()
    assert reasons("Was it the panic attacks again?", by_user=True) != ()


def test_shapes_that_always_leak_are_refused():
    assert any(r.startswith("number") for r in reasons("Call her on 0151 496 0123."))
    assert any(r.startswith("address") for r in reasons("Write to amy@example.org."))
    assert any(r.startswith("link") for r in reasons("See https://example.org/diary."))


def test_an_answer_about_the_user_names_no_one_she_did_not_write_of():
    def about(text, scope=None):
        return Checker(TEXTS, FACTS).check(text, scope or Scope(), NAMES, about_user=True).reasons
    assert any(r == "person: sister" for r in about("Amy's sister is named Rose."))
    assert any(r == "name: york" for r in about("She lives in New York."))
    assert about("Amy is reading Piranesi.", Scope((), "Amy is reading Piranesi.")) == ()
    assert about("Amy is busy on Saturday 12 December from 10 am to noon.", Scope(("calendar",))) == ()


def test_the_check_reads_memory_once_per_exchange_and_a_change_or_forget_is_seen(pair, monkeypatch):
    from os1.friends.outgoing import Checker as Check
    from os1.memory.memories import New
    from os1.memory.people import Mention
    from tests.friends.conftest import introduce

    _, theo_link = introduce(pair, amy_topics=["books"], theo_topics=["books"])
    reads = []
    real = pair.store.remembered_texts
    monkeypatch.setattr(pair.store, "remembered_texts", lambda user: reads.append(user) or real(user))
    pair.theo.talk(theo_link, "books", turns=3)  # 3 lines each side, each checked
    assert reads.count(pair.theo.user_id) == 1 and reads.count(pair.amy.user_id) == 1
    # something new in memory is seen by the next check, and so is a forget
    pair.store.note_person(pair.theo.user_id, Mention("sister", "Zelda"), source="test")
    assert not Check.of(pair.store, pair.theo.user_id).check("Zelda says hi", Scope()).ok
    kept = pair.memories.remember(pair.theo.user_id, New("My cat Zorro is twelve.", speaker="Theo"))
    assert not Check.of(pair.store, pair.theo.user_id).check("Zorro says hi", Scope()).ok
    pair.memories.forget(pair.theo.user_id, kept)
    assert Check.of(pair.store, pair.theo.user_id).check("Zorro says hi", Scope()).ok
    assert reads.count(pair.theo.user_id) == 4


def test_a_name_on_the_link_may_be_said_with_its_possessive():
    check = Checker(["I asked Amy's companion when Amy's free."], [])
    assert check.check("What is Amy's favourite book?", Scope(), NAMES, by_user=True).ok
    assert not Checker(["My sister Zelda's flat."], []).check("Zelda says hi", Scope(), NAMES).ok
