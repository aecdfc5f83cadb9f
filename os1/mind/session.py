"""A conversation's beginning and end, the same wherever one is held: the terminal chat, and
``os1 bench talk``, which plays scripted conversations exactly as a person would have them.

Arriving opens a session and lets her say first what she has been meaning to ask. Leaving
closes it, and she thinks the conversation over (insights, the user's style, her own self),
if enough was said since the last time.
"""

from __future__ import annotations

import threading

from os1.memory.store_protocol import StoreProtocol
from os1.mind.reflect import Reflection, reflect
from os1.mind.turn import Companion


def person(store: StoreProtocol, user_id: int) -> str:
    """What she calls the user when she thinks about them."""
    return store.user_name(user_id) or "the user"


def arrive(companion: Companion, channel: str) -> tuple[int, str | None]:
    """A new session, and her opening words (a check-in), if she has any."""
    session_id = companion.store.start_session(companion.user_id, channel)
    return session_id, companion.check_in(session_id)


def think_over(companion: Companion, stop: threading.Event | None = None) -> Reflection | None:
    """Reflect on what was said since the last time, if it was enough (``reflect.reflect``);
    the model is looked up now, so a switch of model mid-chat is followed."""
    if companion.memories is None:
        return None
    return reflect(companion.memories, companion.user_id, companion.model,
                   person(companion.store, companion.user_id), stop=stop)


def leave(companion: Companion, session_id: int) -> Reflection | None:
    """The user has gone: the session is closed first (whatever happens next), then she
    thinks it over. Raises what reflection raises (a model error): nothing said is lost."""
    companion.store.end_session(companion.user_id, session_id)
    return think_over(companion)
