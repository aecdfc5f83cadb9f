"""A companion's key pair, with the private half kept the way mail passwords are
(``mail.credentials``): in the system keyring when there is one, else in a file only this
system user may read, beside the database (``secrets/``), never in the store. A key kept in
the store as it was before (plain text) is moved there the first time it is used."""

from __future__ import annotations

import secrets
from pathlib import Path

from os1.friends import envelope
from os1.mail import credentials

SERVICE = "os1-friends"


def folder(store) -> Path:
    """Where a key is kept without a keyring: ``secrets/`` beside the database."""
    if store.path == ":memory:" or "://" in store.path:  # no folder: a database server
        from os1 import config

        return config.home() / "secrets"
    return Path(store.path).parent / "secrets"


def _put_away(store, user_id: int, private: str, public: str) -> str:
    return credentials.seal(user_id, public, private, service=SERVICE, folder=folder(store))


def keys(store, user_id: int) -> tuple[str, str, str]:
    """(private, public, handle) of this user's companion, made on first use."""
    row = store.friend_identity(user_id)
    if row is None:
        private, public = envelope.new_keys()
        kept = _put_away(store, user_id, private, public)
        store.add_friend_identity(user_id, kept, public, secrets.token_urlsafe(12))
        row = store.friend_identity(user_id)
        assert row is not None
        if row["public_key"] != public:  # another request made them first: theirs stand
            credentials.forget(user_id, public, kept, SERVICE, folder(store))
    kept, public = row["private_key"], row["public_key"]
    if not credentials.sealed(kept):  # kept in the store as it was: moved out now
        private = kept
        store.set_friend_private_key(user_id, _put_away(store, user_id, private, public))
        return private, public, row["handle"]
    return (credentials.unseal(user_id, public, kept, service=SERVICE, folder=folder(store)),
            public, row["handle"])


def forget(store, user_id: int) -> None:
    """Remove the private key from where it is kept (the store's row goes with an erase)."""
    row = store.friend_identity(user_id)
    if row is not None and credentials.sealed(row["private_key"]):
        credentials.forget(user_id, row["public_key"], row["private_key"], SERVICE, folder(store))
