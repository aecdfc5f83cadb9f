"""Accounts: sign-up and sign-in with passwords hashed by scrypt (a memory-hard KDF, in the
standard library), bearer tokens of 256 random bits stored only as their SHA-256, and a
lockout with backoff after repeated wrong passwords, kept in the database so it holds for
every worker and however the guesser's address changes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from os1.errors import OS1Error
from os1.memory.store import stamp
from os1.memory.store_protocol import StoreProtocol

SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # about 50 ms and 16 MB per hash
TOKEN_LIFE = timedelta(days=30)
FREE_TRIES = 5  # wrong passwords in a row before the account locks
FIRST_LOCK = timedelta(seconds=30)  # doubled for each further wrong password
LONGEST_LOCK = timedelta(hours=1)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")


class AuthError(OS1Error):
    """Wrong email or password, or a token that is unknown or expired."""


class LockedOut(AuthError):
    """Too many wrong passwords for one account: no password is checked until ``seconds``
    have passed."""

    def __init__(self, seconds: int):
        super().__init__(f"too many wrong passwords for this account; try again in "
                         f"{_duration(seconds)}.")
        self.seconds = seconds


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32,
                                n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(store: StoreProtocol, email: str, password: str) -> int:
    """A new account and its own user; every row it ever owns is scoped to that user."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise OS1Error("that doesn't look like an email address.")
    if len(password) < 8 or len(password) > 256:
        raise OS1Error("choose a password of 8 to 256 characters.")
    hashed = hash_password(password)
    user = store.add_account(email, hashed)
    if user is None:
        raise OS1Error("an account with that email already exists; sign in instead.")
    return user


def sign_in(store: StoreProtocol, email: str, password: str) -> tuple[int, str]:
    """The user and a new token; the same error for an unknown email and a wrong password.
    ``LockedOut`` while the account is locked, even for the right password."""
    account = store.account(email.strip().lower())
    if account is None:
        check_password(password, hash_password("timing"))  # as slow as a real check
        raise AuthError("wrong email or password.")
    user, now = account.user_id, store.clock()
    locked = account.locked_until
    if locked and (left := datetime.fromisoformat(locked) - now) > timedelta(0):
        raise LockedOut(max(1, int(left.total_seconds() + 0.999)))
    if not check_password(password, account.password_hash):
        _failed(store, user)
        raise AuthError("wrong email or password.")
    store.signed_in(user, stamp(now))  # expired sessions go when their owner next signs in
    return user, issue_token(store, user)


def _failed(store: StoreProtocol, user_id: int) -> None:
    """One more wrong password; from the ``FREE_TRIES``th on, the account locks for longer
    each time."""
    fails = store.failed_signin(user_id)
    if fails >= FREE_TRIES:
        lock = min(FIRST_LOCK * 2 ** (fails - FREE_TRIES), LONGEST_LOCK)
        store.lock_account(user_id, stamp(store.clock() + lock))


def issue_token(store: StoreProtocol, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    now = store.clock()
    store.add_token(user_id, _token_hash(token), stamp(now), stamp(now + TOKEN_LIFE))
    return token


def user_for(store: StoreProtocol, token: str) -> int:
    hashed = _token_hash(token)
    row = store.token(hashed)
    if row is not None and datetime.fromisoformat(row[1]) <= store.clock():
        store.drop_token(hashed, user_id=row[0])
        row = None
    if row is None:
        raise AuthError("sign in again: that session is unknown or has expired.")
    return row[0]


def sign_out(store: StoreProtocol, token: str) -> None:
    store.drop_token(_token_hash(token))


def sign_out_everywhere(store: StoreProtocol, user_id: int) -> int:
    """Every session of this user ends (a lost phone, a shared computer); how many there were."""
    return store.drop_tokens(user_id)


def purge_expired(store: StoreProtocol) -> int:
    """Sessions past their end, for everyone: housekeeping when the server starts. They
    sign nobody in, but a session that has ended should not stay on disk."""
    return store.drop_expired_tokens(store.now())


def email_of(store: StoreProtocol, user_id: int) -> str | None:
    return store.account_email(user_id)
