"""Forgetting removes every copy of a memory's words, and nothing else."""

import json
import re
import sqlite3
from datetime import timedelta

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.forget import repeats
from os1.memory.memories import Memories, New, turn_memory
from os1.memory.migrations import MIGRATIONS, migrate
from os1.memory.retrieve import Retriever
from os1.memory.store import Store
from os1.mind.perceive import LexiconPerceiver
from os1.mind.recall import Recall
from os1.mind.turn import Companion
from os1.models.fake import FakeModel

from .conftest import NOW, all_tables

SECRET = "zebra4417"


# A time stored as text ("2026-12-07T07:05:07.744170+00:00") is not something said, and its
# digits can hold a code by chance ("…744170…" holds "4417").
STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?$")


def everything(store: Store) -> str:
    """Every text column of every table (the word index's own too), as one string (what a
    prompt could be built from), less the times stored as text."""
    parts = []
    for name in all_tables(store):
        for row in store.db.execute(f'SELECT * FROM "{name}"'):
            parts += [str(v) for v in row if isinstance(v, str) and not STAMP.match(v)]
    return "\n".join(parts).lower()


def companion(mem: Memories, replies=()):
    user = mem.store.user()
    mem.store.set_persona(user, "Samantha", "test")
    mem.store.set_fact(user, "name", "Theodore", "interview")
    model = FakeModel(replies)
    return (Companion(mem.store, model, user, memories=mem, history_turns=2,
                      perceiver=LexiconPerceiver()), model, mem.store.start_session(user, "t"))


def test_a_forgotten_memory_leaves_no_note_behind_in_later_prompts(mem):
    me, model, session = companion(mem, ["Noted."] * 10)
    me.ask(f"My locker code is {SECRET.upper()}, at the gym.", session)
    for text in ("I went swimming today.", "The water was cold.", "I ran after that."):
        me.ask(text, session)
    me.ask("What was my locker code at the gym?", session)
    assert SECRET in model.history[-1][-2].content.lower()  # recalled, so noted
    noted = [t for t in mem.store.recent_turns(me.user_id, 50) if t.meta.get("recalled")]
    assert noted and SECRET in noted[-1].meta["note"].lower()
    for m in mem.list(me.user_id, limit=100):
        if SECRET in m.text.lower():
            assert mem.forget(me.user_id, m.id)
    me.ask("Anything else?", session)
    assert not any(SECRET in m.content.lower() for m in model.history[-1])
    assert SECRET not in everything(mem.store)


def test_forgetting_rewrites_the_search_context_of_the_next_memory(mem):
    u = mem.store.user()
    s = mem.store.start_session(u, "t")
    said = mem.store.add_turn(u, s, "user", f"my code is {SECRET}")
    reply = mem.store.add_turn(u, s, "assistant", "I will keep it safe.")
    first, second = mem.remember_many(u, [
        turn_memory(f"my code is {SECRET}", "Theo", NOW, s, said),
        turn_memory("I will keep it safe.", "Samantha", NOW, s, reply, f"Theo: my code is {SECRET}")])
    assert [h.memory.id for h in Retriever(mem).search(u, SECRET, NOW)][:1] == [first]
    assert mem.about(u, SECRET).contexts == [second]  # the preview shows the hidden copy too
    mem.forget(u, first)
    assert Retriever(mem).search(u, SECRET, NOW) == []
    assert mem.get(u, second) is not None  # the next memory stays, without the words
    assert SECRET not in everything(mem.store)


def test_forgetting_a_fact_takes_its_history_its_turns_and_their_memories(mem):
    me, model, session = companion(mem, ["Zebrinaville sounds lovely.", "Nice."] * 5)
    me.ask("I live in Zebrinaville.", session)
    me.ask("Sorry, I live in Zeldaville.", session)
    u = me.user_id
    facts = [f for f in mem.store.facts(u, history=True) if f.key == "lives_in"]
    assert [f.value for f in facts] == ["Zebrinaville", "Zeldaville"]
    current = next(m for m in mem.list(u, kind="fact") if m.key == "lives_in")
    mem.forget(u, current.id)
    assert not [f for f in mem.store.facts(u, history=True) if f.key == "lives_in"]
    kept = everything(mem.store)
    assert "zebrina" not in kept and "zelda" not in kept  # the reply that said it went too
    me.ask("Where do I live?", session)
    assert not any("zel" in m.content.lower() or "zebrina" in m.content.lower()
                   for m in model.history[-1])


def test_forgetting_a_person_takes_what_is_known_of_them_and_every_word_of_them(mem):
    me, model, session = companion(mem, ["Zebrina is a lovely name.", "Nice."] * 5)
    me.ask("My sister is called Zebrina.", session)
    me.ask("My sister lives in Quuxburg now.", session)
    me.ask("My friend Amy makes documentaries.", session)
    u = me.user_id
    sister = next(p for p in mem.store.people(u) if p.relation == "sister")
    assert sister.name == "Zebrina" and sister.facts == {"lives_in": "Quuxburg"}
    assert mem.forget_person(u, sister.id)
    assert [p.name for p in mem.store.people(u)] == ["Amy"]
    kept = everything(mem.store)
    assert "zebrina" not in kept and "quuxburg" not in kept  # the reply that said it went too
    assert not mem.forget_person(u, sister.id)
    me.ask("Who is in my family?", session)
    assert not any("zebrina" in m.content.lower() or "quuxburg" in m.content.lower()
                   for m in model.history[-1])


def test_forgetting_about_a_place_takes_it_from_the_people_too(mem):
    me, model, session = companion(mem, ["I see.", "Nice."] * 5)
    me.ask("My sister Anna lives in Quuxburg.", session)
    u = me.user_id
    found = mem.forget_about(u, "Quuxburg")
    assert found.person_facts and "quuxburg" not in everything(mem.store)
    assert [(p.name, p.facts) for p in mem.store.people(u)] == []  # told in that turn only


def test_ids_are_never_reused_so_a_stale_id_hits_nothing(mem):
    u = mem.store.user()
    s = mem.store.start_session(u, "t")
    old_turn = mem.store.add_turn(u, s, "user", "I live in Boston")
    fact = mem.set_fact(u, "lives_in", "Boston", "conversation", old_turn)
    memory = mem.remember(u, turn_memory("I live in Boston", "Theo", NOW, s, old_turn))
    with mem.store.tx() as db:  # the turn goes (say, an older forget), the fact stays
        db.dialect.words.remove(db, u, f"[{memory}]")
        db.execute("DELETE FROM memories WHERE id = ?", (memory,))
        db.execute("DELETE FROM turns WHERE id = ?", (old_turn,))
    new_turn = mem.store.add_turn(u, s, "user", "a new day, about something else")
    new_memory = mem.remember(u, New("an unrelated newer memory"))
    assert new_turn != old_turn and new_memory != memory
    mem.forget(u, fact)
    assert mem.store.turn(u, new_turn) is not None
    assert mem.get(u, new_memory) is not None


def test_the_relationship_line_lets_go_of_a_forgotten_moment_in_every_process(mem, make_store):
    me, _, session = companion(mem, ["Oh no."] * 3)
    me.ask(f"I am devastated and heartbroken, {SECRET} was stolen.", session)
    tomorrow = NOW + timedelta(days=1)
    recall = Recall(mem.store)
    assert SECRET in recall.recall(me.user_id, now=tomorrow).relationship.lower()
    other = make_store(lambda: NOW)  # another worker, its own connection
    others = Memories(other, HashingEmbedder())
    for m in others.list(me.user_id, limit=100):
        if SECRET in m.text.lower():
            others.forget(me.user_id, m.id)
    other.close()
    assert SECRET not in recall.recall(me.user_id, now=tomorrow).relationship.lower()


def test_forget_about_finds_every_kind_of_thing_and_forgets_only_those(mem):
    me, model, session = companion(mem, [f"Good luck at {SECRET} Labs!", "Sure.", "Okay."])
    u = me.user_id
    me.ask(f"I have a job interview at {SECRET.upper()} Labs tomorrow.", session)
    me.ask("I like tea.", session)
    insight = mem.remember(u, New(f"Theodore hopes to work at {SECRET} Labs.", kind="insight"))
    mem.store.add_self_changes(u, [{"aspect": "interest", "key": SECRET, "old": None,
                                    "new": 0.3, "reason": f"Theodore talked about {SECRET}"}])
    found = mem.about(u, SECRET.capitalize())
    assert insight in [m["id"] for m in found.memories]
    assert {t["role"] for t in found.turns} == {"user", "assistant"}  # the echo too
    assert found.self_changes and found.count >= 5
    gone = mem.forget_about(u, SECRET)
    assert gone.count == found.count
    assert mem.about(u, SECRET).count == 0
    assert SECRET not in everything(mem.store)
    assert any("tea" in m.text for m in mem.list(u))  # the rest stays
    assert mem.about(u, "a").count == 0  # too short to mean anything


def test_forget_about_matches_a_stemmed_word(mem):
    u = mem.store.user()
    mem.remember(u, New("we talked about zebras at the zoo"))
    assert [m["text"] for m in mem.about(u, "zebra").memories] == ["we talked about zebras at the zoo"]


def test_erase_user_empties_every_table_that_holds_a_user(mem):
    me, _, session = companion(mem, ["Good luck!"])
    me.ask("I have an exam tomorrow. I am so worried.", session)
    other = mem.store.user("someone else")
    mem.remember(other, New("someone else's memory"))
    u = me.user_id
    mem.store.add_self_changes(u, [{"aspect": "interest", "key": "exams", "new": 0.3,
                                    "reason": "test"}])
    mem.store.db.execute("INSERT INTO auth_tokens VALUES ('h', ?, 'x', 'y')", (u,))
    tables = mem.store.user_tables()
    assert {"turns", "memories", "sessions", "affect", "checkins", "self_changes", "persona",
            "accounts", "auth_tokens"} <= set(tables)
    filled = {t for t in tables if mem.store.db.execute(
        f"SELECT count(*) FROM {t} WHERE user_id = ?", (u,)).fetchone()[0]}
    assert {"turns", "memories", "affect", "checkins", "self_changes", "persona"} <= filled
    mem.erase(u)
    for table in tables:
        assert mem.store.db.execute(f"SELECT count(*) FROM {table} WHERE user_id = ?",
                                    (u,)).fetchone()[0] == 0, table
    assert [m.text for m in mem.list(other)] == ["someone else's memory"]
    assert Retriever(mem).search(other, "memory", NOW)  # their index entries stay


def test_erase_user_covers_a_table_added_by_a_later_migration(tmp_path, monkeypatch):
    def diary(db):
        db.execute("CREATE TABLE diary (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "user_id INTEGER NOT NULL REFERENCES users(id), text TEXT NOT NULL)")

    monkeypatch.setattr("os1.memory.migrations.MIGRATIONS", [*MIGRATIONS, ("999_diary", diary)])
    store = Store(tmp_path / "d.db")
    u = store.user()
    store.db.execute("INSERT INTO diary (user_id, text) VALUES (?, 'dear diary')", (u,))
    store.erase_user(u, account=True)
    assert store.db.execute("SELECT count(*) FROM diary").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM users WHERE id = ?", (u,)).fetchone()[0] == 0
    store.close()


def test_an_old_database_keeps_its_ids_and_never_reuses_them_after_migrating(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[:5]:
        step(db)
        db.execute("INSERT INTO migrations VALUES (?, '2026-01-01')", (name,))
    db.execute("INSERT INTO users (name, created_at) VALUES ('local', 'x')")
    db.execute("INSERT INTO sessions (user_id, channel, started_at) VALUES (1, 'chat', 'x')")
    for text in ("first", "second", f"third {SECRET}"):
        t = db.execute("INSERT INTO turns (user_id, session_id, role, content, created_at, "
                       "updated_at) VALUES (1, 1, 'user', ?, 'x', 'x')", (text,)).lastrowid
        m = db.execute("INSERT INTO memories (user_id, kind, text, turn_id, at, created_at, source) "
                       "VALUES (1, 'turn', ?, ?, '2026-11-01T10:00:00+00:00', 'x', 'chat')", (text, t)).lastrowid
        db.execute("INSERT INTO memories_fts (rowid, text, context, owner) VALUES (?, ?, '', 'u1')",
                   (m, text))
    db.execute("INSERT INTO self_changes (user_id, at, aspect, key, new, reason) "
               "VALUES (1, 'x', 'trait', 'warmth', '0.6', 'r')")
    db.execute("INSERT INTO self_changes (user_id, at, aspect, key, new, reason, undoes) "
               "VALUES (1, 'x', 'trait', 'warmth', '0.5', 'undo', 1)")
    db.execute("INSERT INTO checkins (user_id, about, due_at, turn_id, created_at) "
               "VALUES (1, 'exam', 'x', 3, 'x')")
    db.close()
    store = Store(path, clock=lambda: NOW)
    mem = Memories(store, HashingEmbedder())
    assert [(m.id, m.turn_id, m.text) for m in sorted(mem.list(1), key=lambda m: m.id)] == [
        (1, 1, "first"), (2, 2, "second"), (3, 3, f"third {SECRET}")]
    assert [h.memory.id for h in Retriever(mem).search(1, SECRET, NOW)] == [3]
    assert [r["undoes"] for r in store.self_changes(1)] == [None, 1]
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    mem.forget(1, 3)  # the newest memory and turn go; their ids are never handed out again
    assert store.add_turn(1, 1, "user", "fourth") == 4
    assert mem.remember(1, New("fourth")) == 4
    assert migrate(store.db) == []
    store.close()


def test_the_store_deletes_securely_and_empties_its_log_on_close(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    reader = sqlite3.connect(tmp_path / "s.db")  # another process: the log is not removed
    u = store.user()
    s = store.start_session(u, "t")
    for i in range(50):
        store.add_turn(u, s, "user", f"{SECRET} number {i}")
    assert reader.execute("SELECT count(*) FROM turns").fetchone()[0] == 50
    assert (tmp_path / "s.db-wal").stat().st_size > 0
    store.close()
    store.close()  # twice is fine
    assert (tmp_path / "s.db-wal").stat().st_size == 0
    assert reader.execute("SELECT count(*) FROM turns").fetchone()[0] == 50
    reader.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.db.execute("SELECT 1")


def test_notes_without_recalled_ids_are_dropped_when_they_quote_a_forgotten_memory(mem):
    """Notes written before notes kept the ids they quote are found by their words."""
    u = mem.store.user()
    s = mem.store.start_session(u, "t")
    memory = mem.remember(u, New(f"the code is {SECRET}"))
    later = mem.store.add_turn(u, s, "user", "what was it?",
                               meta={"note": f"You remember:\n- (today) the code is {SECRET}\n"})
    mem.forget(u, memory)
    assert "note" not in mem.store.turn(u, later).meta
    assert json.dumps(mem.store.turn(u, later).meta).lower().count(SECRET) == 0


def test_a_memory_forgotten_while_the_user_speaks_is_not_in_their_turn(mem):
    me, model, session = companion(mem, ["Noted."] * 10)
    me.ask(f"My locker code is {SECRET}, at the gym.", session)
    for text in ("I went swimming today.", "The water was cold.", "I ran after that."):
        me.ask(text, session)
    question = "What was my locker code at the gym?"
    assert SECRET in me.anticipate(question)[-2].content.lower()  # read ahead while they spoke
    mem.forget_about(me.user_id, SECRET)
    me.ask(question, session)
    assert not any(SECRET in m.content.lower() for m in model.history[-1])


def test_forgetting_your_name_keeps_what_you_said_under_it(mem):
    comp, model, session = companion(mem)
    user = comp.user_id
    store = mem.store
    name = next(m for m in mem.list(user, kind="fact") if m.key == "name")
    for said in ("I started pottery classes this week.", "We are moving to Leeds in May."):
        comp.ask(said, session)
    comp.ask("Call me Theodore, everyone does.", session)
    mem.forget(user, name.id)
    kept = {m.text for m in mem.list(user, limit=100)}
    assert {"I started pottery classes this week.", "We are moving to Leeds in May."} <= kept
    assert "theodore" not in everything(store)  # every place it was said as a word: gone


def test_forgetting_while_another_thread_reads_the_store(mem):
    import threading

    comp, model, session = companion(mem)
    user = comp.user_id
    for i in range(20):
        comp.ask(f"I had coffee number {i} with a zebra4417 biscuit.", session)
    stop, errors = threading.Event(), []

    def read():
        while not stop.is_set():
            try:
                mem.store.db.execute("SELECT content FROM turns WHERE user_id = ?", (user,)).fetchall()
            except Exception as exc:  # any failure is the finding
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(5):
            mem.forget_about(user, "coffee")
    finally:
        stop.set()
        reader.join()
    assert errors == [] and not mem.about(user, "coffee").count


@pytest.mark.parametrize("about", ["zebra\x00", 'zeb"ra', "zebra\x1b[0m", "\x00\x00\x00"])
def test_forget_about_takes_any_text(mem, about):
    comp, model, session = companion(mem)
    comp.ask(f"My locker code is {SECRET}.", session)
    mem.forget_about(comp.user_id, about)  # no error, whatever it holds


@pytest.mark.parametrize("how", ["about", "erase"])
def test_a_forget_while_she_is_still_answering_is_not_undone_when_she_finishes(mem, how):
    import threading

    comp, model, session = companion(mem)
    model.delay = 0.02
    user = comp.user_id
    talking = threading.Thread(target=comp.ask, args=(f"My locker code is {SECRET}.", session))
    talking.start()
    while not mem.store.db.execute("SELECT 1 FROM turns WHERE role = 'assistant' "
                                   "AND status = 'streaming'").fetchone():
        pass  # she has begun to answer
    if how == "about":
        mem.forget_about(user, SECRET)
    else:
        mem.erase(user)
    talking.join()
    assert not [m.text for m in mem.list(user, limit=100) if SECRET in m.text.lower()]
    assert not any(f.value.lower().count(SECRET) for f in mem.store.facts(user, history=True))


def test_forgetting_a_turn_takes_the_reply_that_repeated_it(mem):
    """The fake model answers "I hear you: <what was said>": that reply (its turn and its
    memory) is a copy of the forgotten turn, and goes with it; what came before and after
    stays."""
    me, _, session = companion(mem)
    me.ask("I went swimming today.", session)
    me.ask("My locker code is 4417.", session)
    me.ask("The water was cold.", session)
    assert "i hear you: my locker code is 4417" in everything(mem.store)
    [said] = [m for m in mem.list(me.user_id, limit=100)
              if m.text.endswith("My locker code is 4417.") and "hear" not in m.text]
    assert mem.forget(me.user_id, said.id)
    kept = everything(mem.store)
    assert "4417" not in kept and "locker" not in kept
    assert "swimming" in kept and "the water was cold" in kept
    assert [t.content for t in mem.store.recent_turns(me.user_id, 50)] == [
        "I went swimming today.", "I hear you: I went swimming today.",
        "The water was cold.", "I hear you: The water was cold."]


def test_a_reply_is_a_copy_by_the_forgotten_turns_distinctive_parts(mem):
    """A reply that holds the forgotten turn's code (a number, a name said nowhere else by
    the user) is a copy even in other words; one that only shares common words is not."""
    me, _, session = companion(mem, ["Got it, 4417 it is.", "Swimming sounds lovely.",
                                     "Noted, Quillon Street."])
    me.ask("My locker code is 4417.", session)
    me.ask("I went swimming and my code worked.", session)
    me.ask("I live on Quillon Street.", session)
    [said] = [m for m in mem.list(me.user_id, limit=100) if m.text.endswith("code is 4417.")]
    assert mem.forget(me.user_id, said.id)
    kept = everything(mem.store)
    assert "4417" not in kept
    assert "swimming sounds lovely" in kept and "quillon street" in kept


def test_what_counts_as_a_reply_repeating_a_forgotten_turn():
    test = repeats({"My locker code is 4417, and Élodie knows it."},
                   ["Élodie is my neighbour.", "I like my locker."])
    assert test("I hear you: my locker code is 4417, and élodie knows it")  # whole, any case
    assert test("4417, got it.")  # the code: said nowhere else
    assert not test("Élodie sounds kind.")  # her name was said elsewhere
    assert not test("Your code is safe with me.")  # common words only
    assert not test("My goodness.")  # a sentence's first word is no name
    assert not repeats({"Then I'll bring it."}, [])("I'll see.")  # "I'll" is no name
    names = repeats({"We drove to Quillon yesterday."}, [])
    assert names("Quillon is far.") and not names("quillon")  # a name, capitalised
    assert not repeats({"Yes."}, [])("Yes. I know.")  # too short to be a copy whole


def test_a_forget_in_another_worker_empties_this_workers_model_of_what_it_read(mem, make_store,
                                                                                monkeypatch):
    import os1.memory.memories as memories_module

    u = mem.store.user()
    kept = mem.remember(u, New(f"My locker at {SECRET} gym is 4417."))
    mem.vectors(u)  # this worker has read the user's memories (and its model, their prompt)
    other = Memories(make_store(lambda: NOW), HashingEmbedder())  # another worker
    other.forget(u, kept)
    resets: list[str] = []
    monkeypatch.setattr(memories_module, "forget_what_was_read", lambda: resets.append("reset"))
    mem.vectors(u)
    assert resets == ["reset"]
    mem.vectors(u)
    assert resets == ["reset"]  # once: the cache now holds the version after the forget
