"""Everything the companion remembers, for one user at a time: remember, look at, correct,
forget (for real: the row, its vector and its full-text entry) and export."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from os1.errors import OS1Error
from os1.memory import forget
from os1.memory.forget import Found  # "forget" in the class is the method
from os1.memory.embed import Embedder
from os1.memory.records import Memory, New, fact_label
from os1.memory.store_protocol import StoreProtocol
from os1.memory.untrusted import NAME_RULE, valid_name
from os1.models.local import forget_what_was_read


def _sessions(values: Sequence[int | None]) -> np.ndarray:
    return np.array([-1 if v is None else v for v in values], dtype=np.int64)


def turn_memory(text: str, speaker: str, at: datetime | None, session_id: int | None,
                turn_id: int | None, previous: str = "", previous_turn: int | None = None) -> New:
    """A turn as a memory: who said it and when; the turn before (``previous``, the words of
    turn ``previous_turn``) helps find an answer whose own words do not repeat the question
    ("What did you research?" "Adoption agencies."), unless that turn is forgotten first."""
    return New(text=text, kind="turn", at=at, speaker=speaker, session_id=session_id,
               turn_id=turn_id, source="conversation", context=previous,
               context_turn=previous_turn if previous else None)


CACHE_S = 60.0  # a cached user's vectors are read again after this, whatever their version


@dataclass(frozen=True)
class _Vectors:
    """One user's vectors, in id order, with the session each memory belongs to (-1: none),
    and the people who said them (None: not read yet). Never changed in place (a reader may
    hold it while a writer moves on): a write makes a new one.

    ``version`` is the user's (forgets, memories) when it was read, moved by this process's
    own writes: another process's write or forget moves the stored one, and the cache lets go.
    An edit elsewhere moves neither; ``loaded`` bounds how long that can go unseen."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray | None = None
    sessions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    version: tuple[int, int] = (0, 0)
    loaded: float = 0.0
    speakers: frozenset[str] | None = None


class Memories:
    """The memory service over a Store; vectors are kept in a bounded per-user cache that
    several processes on one store may hold at once: each use checks the user's version in
    the store first (two indexed counts), so a worker recalls what another stored a moment
    ago and never what another forgot."""

    def __init__(self, store: StoreProtocol, embedder: Embedder, cache_users: int = 64,
                 cache_s: float = CACHE_S):
        self.store = store
        self.embedder = embedder
        self._cache: OrderedDict[int, _Vectors] = OrderedDict()
        self._cache_users = cache_users
        self._cache_s = cache_s
        self._lock = threading.Lock()

    # writing
    def remember(self, user_id: int, item: New) -> int:
        return self.remember_many(user_id, [item])[0]

    def remember_many(self, user_id: int, items: Sequence[New]) -> list[int]:
        """Store memories with their embeddings in one transaction (batching the embedder);
        returns their ids. A memory of a turn that is gone (forgotten while it was being said)
        is not stored."""
        if not items:
            return []
        searchable = [self._search_text(item) for item in items]
        vectors = self.embedder.embed(searchable)
        stored = self.store.add_memories(user_id, items, searchable, list(vectors),
                                         self.embedder.model_id)
        # a memory of a turn forgotten (or erased) while it was being said is not kept
        kept = [(item, vector) for item, vector, i in zip(items, vectors, stored) if i is not None]
        ids = [i for i in stored if i is not None]
        if kept:
            self._append(user_id, ids, np.stack([v for _, v in kept]),
                         [item.session_id for item, _ in kept], added=len(ids),
                         speakers={i.speaker for i, _ in kept if i.speaker})
        return ids

    def speakers(self, user_id: int) -> set[str]:
        """Everyone who has said something this user's companion remembers."""
        entry = self.vectors(user_id)
        if entry.speakers is not None:
            return set(entry.speakers)
        found = self.store.memory_speakers(user_id)
        with self._lock:
            if self._cache.get(user_id) is entry:
                self._cache[user_id] = replace(entry, speakers=frozenset(found))
        return found

    @staticmethod
    def _search_text(item: New) -> str:
        if item.kind == "fact" and item.key:
            return f"{fact_label(item.key)}: {item.text}"
        return f"{item.speaker}: {item.text}" if item.speaker else item.text

    def set_fact(self, user_id: int, key: str, value: str, source: str,
                 turn_id: int | None = None) -> int | None:
        """A fact about the user; a changed value supersedes the old one (see Store.set_fact)."""
        memory_id = self.store.set_fact(user_id, key, value, source, turn_id)
        if memory_id is not None:
            self._embed_existing(user_id, memory_id, added=1)
        return memory_id

    def backfill(self, user_id: int, batch: int = 256) -> int:
        """Embed memories stored without a vector, or with another embedder's (after a switch)."""
        done = 0
        while True:
            memories = self.store.unembedded(user_id, self.embedder.model_id, batch)
            if not memories:
                return done
            vectors = self.embedder.embed([m.label() for m in memories])
            self.store.set_embeddings(user_id, {m.id: v for m, v in zip(memories, vectors)},
                                      self.embedder.model_id)
            self._let_go(user_id)
            done += len(memories)

    def edit(self, user_id: int, memory_id: int, text: str) -> Memory | None:
        """Correct a memory. A fact keeps its history (the old value is closed, not lost)."""
        memory = self.get(user_id, memory_id)
        if memory is None:
            return None
        if memory.kind == "fact" and memory.key:
            if memory.key == "name":
                text = valid_name(text) or ""
                if not text:
                    raise OS1Error(NAME_RULE)
            new_id = self.set_fact(user_id, memory.key, text, source="user")
            return self.get(user_id, new_id) if new_id else memory
        self.store.edit_memory(user_id, memory_id, text, memory.turn_id)
        self._reindex(user_id, memory_id)
        return self.get(user_id, memory_id)

    def forget(self, user_id: int, memory_id: int) -> bool:
        """Erase a memory for real, with every copy of its words (see ``os1.memory.forget``):
        the turn it was, notes and contexts that quoted it; for a fact its older values and
        whatever else said them."""
        if self.get(user_id, memory_id) is None:
            return False
        echoes = forget.echoes(self.store, user_id, memory_id)
        self._forgotten(user_id, forget.erase_found(self.store, user_id, echoes, [memory_id]))
        return True

    def forget_person(self, user_id: int, person_id: int) -> bool:
        """Forget a person in the user's life: all that is known of them, the turns that told
        it, and wherever their name was said as a word of its own (with every copy)."""
        person = next((p for p in self.store.people(user_id) if p.id == person_id), None)
        if person is None:
            return False
        echoes = [forget.find_about(self.store, user_id, person.name, whole_words=True)] \
            if person.name and len(person.name) >= 3 else []
        self._forgotten(user_id, forget.erase_found(self.store, user_id, echoes,
                                                    person_ids=[person_id]))
        return True

    def about(self, user_id: int, text: str) -> Found:
        """Everything that mentions ``text``: what ``forget_about`` would remove."""
        return forget.find_about(self.store, user_id, text)

    def forget_about(self, user_id: int, text: str) -> Found:
        """Forget everything that mentions ``text``; returns what was found and is now gone."""
        found = self.about(user_id, text)
        if found.count:
            self._forgotten(user_id, forget.erase_found(self.store, user_id, [found]))
        return found

    def erase(self, user_id: int, account: bool = False) -> None:
        """Everything of this user, in every table (``Store.erase_user``), and in every cache."""
        self.store.erase_user(user_id, account=account)
        self._let_go(user_id)
        forget_what_was_read()

    def _forgotten(self, user_id: int, ids: list[int]) -> None:
        self._let_go(user_id)  # read again on next use: who said what may have gone too
        forget_what_was_read()  # nor any trace in a model's cache of what it read

    # reading
    def get(self, user_id: int, memory_id: int) -> Memory | None:
        return self.store.memory(user_id, memory_id)

    def many(self, user_id: int, ids: Sequence[int]) -> dict[int, Memory]:
        return self.store.memories_by_id(user_id, ids)

    def list(self, user_id: int, kind: str | None = None, limit: int = 50,
             history: bool = False) -> list[Memory]:
        """The newest memories first."""
        return self.store.list_memories(user_id, kind, limit, history)

    def count(self, user_id: int) -> int:
        return self.store.count_memories(user_id)

    def export(self, user_id: int) -> dict[str, Any]:
        """Everything the companion knows about this user, as plain data."""
        store = self.store
        persona = store.persona(user_id)
        return {
            "exported_at": store.now(),
            "companion": {"name": persona[0], "name_reason": persona[1]} if persona else None,
            "user_model": [asdict(f) for f in store.facts(user_id, history=True)],
            "people": [{**asdict(p), "history": store.person_history(user_id, p.id)}
                       for p in store.people(user_id)],
            "memories": [asdict(m) for m in store.all_memories(user_id)],
            "turns": store.all_turns(user_id),
            "moods": store.moods(user_id),
            "self_changes": store.self_changes(user_id),
            # a password kept for a calendar server is a secret, not something to hand out
            "settings": {k: v for k, v in store.settings(user_id).items()
                         if not k.endswith("_password")},
            "letters": store.letters_export(user_id),
            "friends": store.friends_export(user_id),
            **store.tool_rows(user_id),
        }

    # vectors
    def vectors(self, user_id: int) -> _Vectors:
        """This user's vectors: from the cache while the store's version of them is the one
        cached (and not older than ``cache_s``), else read afresh."""
        version = self._version(user_id)
        with self._lock:
            entry = self._cache.get(user_id)
            if entry is not None and entry.version == version \
                    and time.monotonic() - entry.loaded < self._cache_s:
                self._cache.move_to_end(user_id)
                return entry
        if entry is not None and entry.version[0] != version[0]:
            # another process (a second worker) forgot something of this user: what this
            # process's model read of them goes too. (Had the entry left the bounded cache,
            # other users' turns have been read since, over whatever the model held of them.)
            forget_what_was_read()
        self.backfill(user_id)
        # read before the vectors: a write in between makes the cache look old, never new
        version = self._version(user_id)
        ids, matrix, sessions = self.store.memory_vectors(user_id, self.embedder.model_id)
        entry = _Vectors(version=version, loaded=time.monotonic())
        if matrix is not None:
            entry = replace(entry, ids=np.array(ids, dtype=np.int64), matrix=matrix,
                            sessions=_sessions(sessions))
        with self._lock:
            self._cache[user_id] = entry
            self._cache.move_to_end(user_id)
            while len(self._cache) > self._cache_users:
                self._cache.popitem(last=False)
        return entry

    def _version(self, user_id: int) -> tuple[int, int]:
        """What moves when anyone, in any process, adds or forgets a memory of this user."""
        return self.store.memories_seen(user_id)

    def _let_go(self, user_id: int) -> None:
        with self._lock:
            self._cache.pop(user_id, None)

    def _append(self, user_id: int, ids: Sequence[int], vectors: np.ndarray,
                sessions: Sequence[int | None], added: int = 0,
                speakers: set[str] | None = None) -> None:
        """This process's own write, into its cached entry: ``added`` new memories move its
        version (an edit, none)."""
        with self._lock:
            entry = self._cache.get(user_id)
            if entry is None:
                return  # loaded from the database on next use
            all_ids = np.concatenate([entry.ids, np.array(ids, dtype=np.int64)])
            matrix = vectors if entry.matrix is None else np.vstack([entry.matrix, vectors])
            in_sessions = np.concatenate([entry.sessions, _sessions(sessions)])
            if len(all_ids) > len(ids) and min(ids) < all_ids[-len(ids) - 1]:
                order = np.argsort(all_ids, kind="stable")  # an edited memory, back in place
                all_ids, matrix, in_sessions = all_ids[order], matrix[order], in_sessions[order]
            said = entry.speakers if entry.speakers is None or not speakers \
                else entry.speakers | speakers
            self._cache[user_id] = replace(
                entry, ids=all_ids, matrix=matrix, sessions=in_sessions, speakers=said,
                version=(entry.version[0], entry.version[1] + added))

    def _drop(self, user_id: int, ids: Sequence[int]) -> None:
        with self._lock:
            entry = self._cache.get(user_id)
            if entry is None or entry.matrix is None:
                return
            keep = ~np.isin(entry.ids, ids)
            self._cache[user_id] = replace(entry, ids=entry.ids[keep], matrix=entry.matrix[keep],
                                           sessions=entry.sessions[keep])

    def _reindex(self, user_id: int, memory_id: int) -> None:
        memory = self.get(user_id, memory_id)
        assert memory is not None, "reindexed while it was being forgotten"
        self.store.reindex_memory(user_id, memory_id, memory.label())
        self._embed_existing(user_id, memory_id)

    def _embed_existing(self, user_id: int, memory_id: int, added: int = 0) -> None:
        memory = self.get(user_id, memory_id)
        assert memory is not None, "embedded while it was being forgotten"
        vector = self.embedder.embed([memory.label()])[0]
        self.store.set_embeddings(user_id, {memory_id: vector}, self.embedder.model_id)
        self._drop(user_id, [memory_id])
        self._append(user_id, [memory_id], vector[None, :], [memory.session_id], added=added)
