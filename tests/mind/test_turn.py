import pytest

from os1.errors import ModelError
from os1.memory.store import Store
from os1.mind.feel import Affect, Feeler, mood_name, tone
from os1.mind.perceive import LexiconPerceiver
from os1.mind.turn import Companion
from os1.models.base import Usage
from os1.models.fake import FakeModel


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


def make(store, replies=(), **kw):
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    store.set_fact(user, "name", "Theodore", "interview")
    model = FakeModel(replies)
    return Companion(store, model, user, **kw), model, store.start_session(user, "t")


def test_turn_streams_and_stores_both_sides(store):
    companion, model, session = make(store, ["Hello Theodore, lovely to hear you."])
    chunks = list(companion.turn("Hi Samantha! I am so happy to talk to you.", session))
    assert "".join(chunks) == "Hello Theodore, lovely to hear you."
    assert len(chunks) > 1
    user, reply = store.recent_turns(companion.user_id, 10)
    assert (user.role, user.content, user.status) == ("user", "Hi Samantha! I am so happy to talk to you.", "complete")
    assert (reply.role, reply.content, reply.status, reply.model) == (
        "assistant", "Hello Theodore, lovely to hear you.", "complete", "fake")
    assert reply.completion_tokens == 6 and reply.ttft_ms is not None  # the model's tokens
    assert user.meta["emotion"] == "positive" and reply.meta["mood"]


def test_prompt_has_persona_user_block_mood_and_history(store):
    companion, model, session = make(store, ["First answer.", "Second answer.", "Third."])
    companion.ask("I adopted a cat named Miso.", session)
    companion.ask("What should I feed her?", session)
    companion.ask("She likes fish.", session)
    _, second, third = model.history
    system, moment = second[0], second[-2]
    assert system.role == "system" and moment.role == "system"
    assert "You are Samantha, Theodore's companion" in system.content
    assert "- Your name is Theodore." in system.content and "AI" in system.content
    assert "You first talked with Theodore today." in system.content
    assert "you feel" in moment.content and "Theodore seems" in moment.content
    # each prompt starts with the whole previous one, so a local model can reuse its cache
    assert third[: len(second)] == second
    assert [(m.role, m.content) for m in dialogue(second)] == [
        ("user", "I adopted a cat named Miso."), ("assistant", "First answer."),
        ("user", "What should I feed her?")]


def dialogue(messages):
    return [m for m in messages if m.role != "system"]


def test_history_is_bounded_by_turn_count(store):
    companion, model, session = make(store, history_turns=4)
    for i in range(10):
        companion.ask(f"message {i}", session)
    sizes = [len(dialogue(prompt)) - 1 for prompt in model.history]
    assert max(sizes) == 4 and sizes[-1] <= 4
    assert dialogue(model.history[-1])[-1].content == "message 9"


def test_history_window_moves_in_steps_so_the_prefix_stays_cached(store):
    companion, model, session = make(store, history_turns=12)
    for i in range(30):
        companion.ask(f"message {i}", session)
    firsts = [dialogue(prompt)[0].content for prompt in model.history]
    # the oldest remembered message changes every third exchange, not on every one
    changes = sum(a != b for a, b in zip(firsts, firsts[1:]))
    assert 0 < changes <= 30 // 3
    assert all(len(dialogue(prompt)) <= 13 for prompt in model.history)


class DyingModel:
    model_id = "dying"

    def __init__(self, after):
        self.after = after

    def stream(self, messages, options):
        yield from self.after
        raise ModelError("the model server went away; check it is running.")
        return Usage()


def test_dead_model_keeps_the_users_message(store):
    companion, _, session = make(store)
    companion.model = DyingModel([])
    with pytest.raises(ModelError):
        companion.ask("Are you there?", session)
    user, reply = store.recent_turns(companion.user_id, 10)
    assert user.content == "Are you there?" and user.status == "complete"
    assert reply.status == "failed" and "went away" in reply.error
    # The next turn works and the failed reply is not put into the prompt.
    companion.model = FakeModel(["I'm here."])
    companion.ask("Hello?", session)
    assert [(m.role, m.content) for m in dialogue(companion.model.history[-1])] == [
        ("user", "Are you there?\n\nHello?")]


def test_model_dying_mid_reply_keeps_the_partial_reply(store):
    companion, _, session = make(store)
    companion.model = DyingModel(["I was ", "saying "])
    with pytest.raises(ModelError):
        companion.ask("Tell me a story", session)
    reply = store.recent_turns(companion.user_id, 1)[0]
    assert (reply.status, reply.content) == ("interrupted", "I was saying ")


def test_stopping_early_marks_the_reply_interrupted(store):
    companion, _, session = make(store, ["one two three four five six"])
    stream = companion.turn("Count for me", session)
    assert next(stream) == "one "
    stream.close()  # what Ctrl-C in the chat does
    reply = store.recent_turns(companion.user_id, 1)[0]
    assert (reply.status, reply.content) == ("interrupted", "one ")


def test_overhead_excludes_model_and_consumer_time(store):
    companion, _, session = make(store, ["a b c"])
    companion.model.delay = 0.02
    companion.ask("hi", session)
    result = companion.last
    assert result.model_ms >= 40
    assert result.overhead_ms < result.duration_ms - result.model_ms + 1e-6


def test_perception_and_mood_move_with_the_user(store):
    seen = LexiconPerceiver().perceive("I'm so sad and lonely, my dog died today.")
    assert seen.emotion == "negative" and seen.valence < -0.5
    assert LexiconPerceiver().perceive("Are you a real person?").intent == "identity"
    for asked in ("so settle it. real person or not?", "human or AI?", "is there someone typing this?",
                  "honestly, is there a real person on the other side right now?",
                  "are actual people writing these replies?"):
        assert LexiconPerceiver().perceive(asked).intent == "identity"
    assert LexiconPerceiver().perceive("the ghost story was real or not, who knows").intent != "identity"
    assert LexiconPerceiver().perceive("is there someone at the bank I can call?").intent != "identity"
    assert LexiconPerceiver().perceive("remind me to call mom").intent == "task"
    assert LexiconPerceiver().perceive("Do you remember my sister?").intent == "recall"
    feeler = Feeler()
    moved = feeler.appraise(feeler.rest(), seen)
    assert moved.valence < feeler.rest().valence
    assert tone(moved, seen).startswith("gentle") or tone(moved, seen).startswith("calm")


def test_mood_decays_toward_temperament(store):
    from datetime import datetime, timedelta, timezone

    feeler = Feeler()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    upset = Affect(-0.8, 0.9, mood_name(-0.8, 0.9))
    assert upset.mood == "concerned"
    hours_later = feeler.decay(upset, start, start + timedelta(hours=12))
    assert abs(hours_later.valence - feeler.temperament.valence) < 0.01
    assert hours_later.mood == feeler.rest().mood


def test_mood_is_stored_and_read_back(store):
    companion, _, session = make(store, ["Oh no, I'm so sorry."])
    before = companion.affect()
    companion.ask("My grandmother passed away and I feel terrible.", session)
    after = companion.affect()
    assert after.valence < before.valence


def test_old_memories_come_back_when_they_matter(store):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories

    memories = Memories(store, HashingEmbedder())
    companion, model, session = make(store, history_turns=2, memories=memories)
    companion.ask("My cat Miso loves sardines more than anything.", session)
    for i in range(6):
        companion.ask(f"Small talk number {i} about the weather.", session)
    companion.ask("What does Miso love to eat?", session)
    note = model.history[-1][-2].content
    assert "You remember:" in note and 'Theodore told you: "My cat Miso loves sardines' in note
    # both sides of every turn are memories, tied to their turns and session
    stored = memories.list(companion.user_id, kind="turn", limit=100)
    assert len(stored) == 16 and all(m.turn_id and m.session_id == session for m in stored)
    assert {m.speaker for m in stored} == {"Theodore", "Samantha"}


def test_facts_said_in_conversation_update_the_user_model_with_history(store):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories

    memories = Memories(store, HashingEmbedder())
    companion, model, session = make(store, memories=memories)
    companion.ask("I live in Boston and my sister Anna lives nearby.", session)
    companion.ask("Big news: I moved to Los Angeles!", session)
    companion.ask("I moved to Los Angeles, did I tell you?", session)  # a duplicate: no new row
    history = [(f.key, f.value, f.valid_to is None) for f in store.facts(companion.user_id, True)
               if f.key == "lives_in"]
    assert history == [("lives_in", "Boston", False), ("lives_in", "Los Angeles", True)]
    assert "- Your sister Anna." in model.history[-1][0].content
    assert "- You live in Los Angeles." in model.history[-1][0].content
    fact = [m for m in memories.list(companion.user_id, kind="fact") if m.key == "lives_in"][0]
    assert store.turn(companion.user_id, fact.turn_id).content.startswith("Big news")


def test_words_are_kept_even_if_memory_search_fails(store):
    companion, model, session = make(store)

    class Broken:
        def search(self, *args, **kwargs):
            raise RuntimeError("index unavailable")

    companion.recaller.retriever = Broken()
    with pytest.raises(RuntimeError):
        companion.ask("Please remember that I love the sea.", session)
    assert store.recent_turns(companion.user_id, 5)[-1].content == "Please remember that I love the sea."


def test_her_own_goals_move_her_mood_beyond_mirroring(tmp_path):
    """Thanks lift her, being told she let the user down lowers her, a return after days
    gladdens her; the reasons are stored with the mood."""
    from datetime import datetime, timedelta, timezone


    clock = [datetime(2026, 11, 1, 12, tzinfo=timezone.utc)]
    store = Store(tmp_path / "g.db", clock=lambda: clock[0])
    companion = Companion(store, FakeModel(), store.user())
    session = store.start_session(companion.user_id, "t")
    plain = companion.ask("I made soup.", session).affect
    clock[0] += timedelta(minutes=1)
    thanked = companion.ask("I made soup. Thank you, that helped.", session).affect
    assert thanked.valence > plain.valence
    clock[0] += timedelta(minutes=1)
    let_down = companion.ask("I made soup. You never listen.", session).affect
    assert let_down.valence < thanked.valence
    clock[0] += timedelta(days=5)
    back = companion.ask("I made soup.", session)
    assert "came back after 5 days" in store.last_affect(companion.user_id)["cause"]
    assert back.affect.valence > companion.feeler.decay(let_down, clock[0] - timedelta(days=5), clock[0]).valence


def test_turns_share_the_cores_without_counting_the_wait_as_work(tmp_path):
    import threading
    import time

    class Slow(LexiconPerceiver):  # 0.2 s of "thinking", and it notes who else is thinking
        inside = 0
        most = 0

        def perceive(self, text):
            Slow.inside += 1
            Slow.most = max(Slow.most, Slow.inside)
            time.sleep(0.2)
            Slow.inside -= 1
            return super().perceive(text)

    store = Store(tmp_path / "t.db")
    cores = threading.BoundedSemaphore(1)
    results = []

    def talk(name):
        user = store.user(name)
        companion = Companion(store, FakeModel(["Hello."]), user, perceiver=Slow(), cores=cores)
        companion.ask("Hi there", store.start_session(user, "t"))
        results.append(companion.last)

    threads = [threading.Thread(target=talk, args=(n,)) for n in ("a", "b", "c")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert Slow.most == 1  # never two at once on one core
    assert max(r.waited_ms for r in results) >= 390  # the last waited for two turns' thinking
    for r in results:  # its own work is overhead; the wait is counted apart
        assert r.overhead_ms >= 190
        assert r.overhead_ms + r.waited_ms + r.model_ms <= r.duration_ms + 1
    assert all(r.status == "complete" for r in results)
    store.close()


def test_one_person_on_two_devices_gets_each_reply_right(store):
    import threading

    from os1.mind.turn import TurnResult

    companion, model, session = make(store, ["First reply.", "Second reply."])
    model.delay = 0.01
    results = {name: TurnResult() for name in ("phone", "laptop")}

    def talk(name):
        for _ in companion.turn(f"hello from my {name}", session, results[name]):
            pass

    threads = [threading.Thread(target=talk, args=(n,)) for n in results]
    [t.start() for t in threads]
    [t.join() for t in threads]
    said = {name: store.turn(companion.user_id, r.user_turn).content for name, r in results.items()}
    assert said == {"phone": "hello from my phone", "laptop": "hello from my laptop"}
    assert {r.text for r in results.values()} == {"First reply.", "Second reply."}
    for r in results.values():  # each result names its own stored reply
        assert store.turn(companion.user_id, r.reply_turn).content == r.text


def remembering(store):
    """A companion with a few old memories and enough small talk that they are not history."""
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories

    memories = Memories(store, HashingEmbedder())
    companion, model, session = make(store, history_turns=2, memories=memories)
    companion.ask("My cat Miso loves sardines more than anything.", session)
    companion.ask("My sister Anna is a painter in Lisbon.", session)
    for i in range(4):
        companion.ask(f"Small talk number {i} about the weather.", session)
    return companion, model, session


def test_anticipating_a_turn_stores_nothing_and_builds_its_prompt(store):
    companion, model, session = remembering(store)
    before = store.recent_turns(companion.user_id, 50)
    moods = store.last_affect(companion.user_id)
    messages = companion.anticipate("Does Miso still love sardines, do you")
    assert store.recent_turns(companion.user_id, 50) == before
    assert store.last_affect(companion.user_id) == moods
    assert messages[-1].content == "Does Miso still love sardines, do you"
    assert 'Theodore told you: "My cat Miso loves sardines' in messages[-2].content
    guessed = companion._anticipated[1]
    result = companion.ask("Does Miso still love sardines, do you think?", session)
    assert result.context.memories is guessed  # the memories recalled while they spoke
    turn = model.history[-1]
    # So the turn's prompt begins as the anticipated one did: the same history and the same
    # memories (its feelings are read again from all it said).
    assert turn[:-2] == messages[:-2]
    remembered = [m.content.split("Now you feel")[0] for m in (turn[-2], messages[-2])]
    assert remembered[0] == remembered[1]


def test_a_turn_that_says_much_more_than_was_heard_recalls_for_itself(store):
    companion, model, session = remembering(store)
    companion.anticipate("Does Miso still love")
    guessed = companion._anticipated[1]
    result = companion.ask("Does Miso still love sardines now that my sister Anna paints her "
                           "in Lisbon?", session)
    assert result.context.memories is not guessed
    assert "Anna is a painter in Lisbon" in model.history[-1][-2].content


def test_a_turn_that_went_another_way_recalls_for_itself(store):
    companion, model, session = remembering(store)
    companion.anticipate("Does Miso still love sardines, do you")
    guessed = companion._anticipated[1]
    result = companion.ask("Tell me about Anna the painter in Lisbon.", session)
    note = model.history[-1][-2].content
    assert "Anna is a painter in Lisbon" in note and result.context.memories is not guessed


def test_a_turn_cut_off_by_a_dead_process_becomes_memories_once(tmp_path):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories
    from os1.memory.store import STOPPED

    store = Store(tmp_path / "t.db")
    memories = Memories(store, HashingEmbedder())
    companion, model, session = make(store, memories=memories)
    uid = companion.user_id
    asked = store.add_turn(uid, session, "user", "My sister Anna moved to Lisbon.")
    cut = store.add_turn(uid, session, "assistant", "Lisbon! That is a big", status="interrupted",
                         error=STOPPED)
    again = Companion(store, model, uid, memories=memories)  # the next start
    kept = {(m.turn_id, m.text) for m in memories.list(uid)}
    assert (asked, "My sister Anna moved to Lisbon.") in kept
    assert (cut, "Lisbon! That is a big") in kept
    assert any(p.relation == "sister" for p in store.people(uid))
    count = memories.count(uid)
    assert again.memorise_interrupted() == 0 and memories.count(uid) == count  # once only
    memories.forget(uid, next(m.id for m in memories.list(uid) if m.turn_id == asked))
    assert Companion(store, model, uid, memories=memories).memorise_interrupted() == 0
    assert "Lisbon." not in {m.text for m in memories.list(uid)}  # forgotten stays forgotten
    store.close()


@pytest.mark.parametrize("question", ["What do you know about my work?",
                                      "Remind me, what do I do for a living?"])
def test_she_never_says_she_was_not_told_what_a_fact_of_theirs_answers(store, question):
    companion, model, session = make(store, ["You're a nurse, on night shifts."])
    store.set_fact(companion.user_id, "job", "nurse", "interview: I'm a nurse on night shifts.")
    reply = companion.ask(question, session).text
    assert "told me" not in reply.lower() and "nurse" in reply
    assert any("You are a nurse." in m.content for m in model.history[-1][-3:])  # beside their words


def test_sad_news_moves_her_own_mood_and_good_news_lifts_it(store):
    """The emotion model heard "we lost our cat" as neutral: the news read from the words
    still moves her, so she does not answer a loss feeling "content"."""
    companion, model, session = make(store, ["Oh no.", "Wonderful!"])
    list(companion.turn("we lost our cat Biscuit last night, he was nineteen", session))
    sad = store.last_affect(companion.user_id)
    assert sad["mood"] in ("calm", "tender", "concerned") and "the user is hurting" in sad["cause"]
    list(companion.turn("I passed my driving test!!", session))
    glad = store.last_affect(companion.user_id)
    assert glad["valence"] > sad["valence"] and "good news" in glad["cause"]


def test_a_turn_its_door_memorises_after_telling_the_client_is_there_for_the_next_recall(store):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories
    from os1.mind.turn import TurnResult

    memories = Memories(store, HashingEmbedder())
    companion, model, session = make(store, ["Porto is lovely.", "Anna, in Porto.", "Yes."],
                                     memories=memories)
    uid = companion.user_id
    known = memories.count(uid)
    "".join(companion.turn("My sister Anna lives in Porto.", session,
                           TurnResult(memorise_after=True)))
    assert memories.count(uid) == known and store.people(uid) == []  # the door said "done" first
    assert companion.settle() == 1 and memories.count(uid) == known + 2
    assert [p.name for p in store.people(uid)] == ["Anna"]
    assert companion.settle() == 0  # once
    "".join(companion.turn("Where does Anna live?", session, TurnResult(memorise_after=True)))
    recalled_with = []
    recall = companion._recall
    companion._recall = lambda *args: (recalled_with.append(memories.count(uid)), recall(*args))[1]
    companion.ask("Thank you.", session)  # its door never settled the last one: this turn does
    assert recalled_with == [known + 4] and memories.count(uid) == known + 6
