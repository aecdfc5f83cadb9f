"""Two workers on one store, each with its own memory service and vector cache: what one
remembers the other recalls at once, and what one forgets the other never recalls again."""

from datetime import datetime, timezone

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New
from os1.memory.retrieve import Retriever

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)


def texts(memories: Memories, user: int, query: str) -> list[str]:
    return [h.memory.text for h in Retriever(memories).search(user, query, NOW, k=3)]


def test_a_worker_recalls_what_another_stored_a_moment_ago(connect):
    one, two = Memories(connect(), HashingEmbedder()), Memories(connect(), HashingEmbedder())
    user = one.store.user()
    one.remember(user, New("I adopted a cat called Miso", speaker="Theo", at=NOW))
    assert texts(two, user, "what is my cat called?")[0] == "I adopted a cat called Miso"
    assert two.speakers(user) == {"Theo"}  # both caches are warm now
    two.remember(user, New("My sister Anna plays the cello", speaker="Anna", at=NOW))
    assert texts(one, user, "who plays the cello?")[0] == "My sister Anna plays the cello"
    assert one.speakers(user) == {"Theo", "Anna"}
    assert len(one.vectors(user).ids) == len(two.vectors(user).ids) == 2


def test_what_one_worker_forgets_the_other_never_recalls(connect):
    one, two = Memories(connect(), HashingEmbedder()), Memories(connect(), HashingEmbedder())
    user = one.store.user()
    kept, gone = one.remember_many(user, [
        New("I went hiking in the mountains", speaker="Theo", at=NOW),
        New("Bea told me about her cello recital", speaker="Bea", at=NOW)])
    assert "Bea told me about her cello recital" in texts(two, user, "Bea's cello recital")
    assert two.speakers(user) == {"Theo", "Bea"}
    assert one.forget(user, gone)
    assert gone not in two.vectors(user).ids and kept in two.vectors(user).ids
    assert "Bea told me about her cello recital" not in texts(two, user, "Bea's cello recital")
    assert two.speakers(user) == {"Theo"}


def test_a_worker_s_own_writes_keep_its_cache(connect):
    """Its own memories go into its cache without reading every vector again."""
    one = Memories(connect(), HashingEmbedder())
    user = one.store.user()
    one.remember(user, New("I like pottery", speaker="Theo", at=NOW))
    warm = one.vectors(user)
    one.remember(user, New("I like the sea", speaker="Theo", at=NOW))
    one.set_fact(user, "home", "Lisbon", "user")
    after = one.vectors(user)
    assert after.loaded == warm.loaded and len(after.ids) == 3  # appended, not read again
    assert after.version == one._version(user)


def test_an_edit_elsewhere_is_seen_once_the_cache_ages(connect):
    """An edit moves no count: it is seen after ``cache_s`` at most."""
    one, two = Memories(connect(), HashingEmbedder()), Memories(connect(), HashingEmbedder(), cache_s=0)
    user = one.store.user()
    memory = one.remember(user, New("We met at the bakery", speaker="Theo", at=NOW))
    before = two.vectors(user).matrix.copy()
    one.edit(user, memory, "We met at the harbour")
    assert not (two.vectors(user).matrix == before).all()
