"""Embedding backfill as a job: after a switch of embedder, each user owed vectors gets one
job at the next start, and running it embeds their memories before their first search."""

from os1.jobs import JOBS, Context, StoreQueue
from os1.jobs.runner import owe_backfill
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New
from os1.memory.store import Store


class Switched(HashingEmbedder):
    model_id = "hashing-switched"


def test_a_switch_of_embedder_is_backfilled_by_one_job_per_user(tmp_path):
    store = Store(tmp_path / "e.db")
    me, other, quiet = store.user(), store.user("other"), store.user("quiet")
    old = Memories(store, HashingEmbedder())
    old.remember_many(me, [New("I throw pots on Sundays."), New("Anna is my sister.")])
    old.remember(other, New("I run in the mornings."))
    new = Memories(store, Switched())
    queue = StoreQueue(store)
    assert owe_backfill(queue, store, new.embedder.model_id) == 2
    assert owe_backfill(queue, store, new.embedder.model_id) == 2  # the same, not twice
    assert len(store.jobs(me)) == 1 and store.jobs(quiet) == []
    outcomes = queue.run_ready(Context(store, new, lambda: None), JOBS)
    assert sorted(o.detail for o in outcomes) == ["1 memories embedded", "2 memories embedded"]
    assert store.users_to_embed(new.embedder.model_id) == []
    assert owe_backfill(queue, store, new.embedder.model_id) == 0
    store.close()
