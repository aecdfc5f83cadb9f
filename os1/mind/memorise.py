"""A finished turn becomes memories: both sides as said, the facts read from the user's words
and the people they name. Each write checks its turns are still stored (a forget may have come
meanwhile: ``store_base.sources_kept``)."""

from __future__ import annotations

from datetime import datetime

from os1.memory.extract import extract
from os1.memory.memories import Memories, turn_memory
from os1.memory.people import mentions
from os1.memory.store_protocol import StoreProtocol
from os1.mind.recall import Context
from os1.mind.safety import FIXED


def turn(store: StoreProtocol, memories: Memories, user_id: int, name: str, ctx: Context | None,
         said: str, user_turn: int, own: str, reply_turn: int, session: int | None) -> None:
    """Both sides of a turn (the reply only if something was said), each remembered with what
    came before it: her last reply before theirs, their words before hers. ``own``: her reply
    without the fixed safety words (not worth remembering)."""
    previous, previous_turn = "", None
    if ctx and ctx.history and ctx.history[-1].role == "assistant":
        previous = f"{name}: {ctx.history[-1].content}"
        previous_turn = ctx.history[-1].id
    keep(store, memories, user_id, name, said, user_turn, own, reply_turn, session,
         (ctx.user_name if ctx else None) or "User", previous, store.clock(), previous_turn)


def keep(store: StoreProtocol, memories: Memories, user_id: int, name: str, said: str, user_turn: int,
         own: str, reply_turn: int, session: int | None, user_name: str, previous: str,
         now: datetime, previous_turn: int | None = None) -> None:
    items = [turn_memory(said, user_name, now, session, user_turn, previous, previous_turn)]
    if own:
        items.append(turn_memory(own, name, now, session, reply_turn, f"{user_name}: {said}", user_turn))
    memories.remember_many(user_id, items)
    for fact in extract(said):
        memories.set_fact(user_id, fact.key, fact.value, "conversation", user_turn)
    for mention in mentions(said, store.known_names(user_id)):
        store.note_person(user_id, mention, "conversation", user_turn)


def interrupted(store: StoreProtocol, memories: Memories, user_id: int, name: str) -> int:
    """Turns whose process died mid-reply (kill -9, a power cut) become memories as any other
    turn does, once; returns how many."""
    found = store.unremembered(user_id)
    for asked, reply in found:
        if asked is not None:
            own = reply.content
            for fixed in FIXED:  # the fixed words, said before hers
                own = own.removeprefix(fixed)
            said = asked.meta.get("withheld") or asked.content  # a method question stays out
            keep(store, memories, user_id, name, said, asked.id, own.strip(), reply.id, asked.session_id,
                 store.user_name(user_id) or "User", "", datetime.fromisoformat(asked.created_at))
        store.remembered(user_id, reply.id)
    return len(found)
