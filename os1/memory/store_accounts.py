"""The store's queries about server accounts (tables from the accounts migration): an
email with its password hash and lockout, and sign-in tokens kept only as their hash.
Hashing and the lockout's rules live in ``os1.server.accounts``; this is only storage."""

from __future__ import annotations

from os1.memory.records import Account
from os1.memory.store_base import Queries, new_id


class AccountQueries(Queries):
    """Mixed into ``Store``. An account is found by email or token (that is how a user is
    known before they are signed in); everything else is scoped by ``user_id``."""

    def add_account(self, email: str, password_hash: str) -> int | None:
        """A new user with this account; None when the email is taken."""
        return self.add_accounts([(email, password_hash)])[0]

    def add_accounts(self, accounts: list[tuple[str, str]]) -> list[int | None]:
        """(email, password hash) each as a new user, in one transaction; None for an email
        already taken."""
        now, users = self.now(), list[int | None]()
        with self.tx() as db:
            for email, password_hash in accounts:
                if db.execute("SELECT 1 FROM accounts WHERE email = ?", (email,)).fetchone():
                    users.append(None)
                    continue
                # the user's unique name decides between two sign-ups at once: the second
                # waits for the first and adds nothing
                added = db.execute("INSERT INTO users (name, created_at) VALUES (?, ?) "
                                   "ON CONFLICT (name) DO NOTHING", (f"account:{email}", now))
                if not added.rowcount:
                    users.append(None)
                    continue
                user = new_id(added)
                db.execute("INSERT INTO accounts (user_id, email, password_hash, created_at) "
                           "VALUES (?, ?, ?, ?)", (user, email, password_hash, now))
                users.append(user)
        return users

    def account(self, email: str) -> Account | None:
        row = self.db.execute("SELECT user_id, password_hash, locked_until FROM accounts "
                              "WHERE email = ?", (email,)).fetchone()
        return Account(row[0], row[1], row[2]) if row else None

    def account_email(self, user_id: int) -> str | None:
        row = self.db.execute("SELECT email FROM accounts WHERE user_id = ?", (user_id,)).fetchone()
        return row[0] if row else None

    def signed_in(self, user_id: int, now: str) -> None:
        """A right password: the count of wrong ones starts again, and the user's expired
        tokens go."""
        with self.tx() as db:
            db.execute("UPDATE accounts SET failed_signins = 0, locked_until = NULL "
                       "WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM auth_tokens WHERE user_id = ? AND expires_at <= ?",
                       (user_id, now))

    def failed_signin(self, user_id: int) -> int:
        """One more wrong password; how many there have been in a row."""
        with self.tx() as db:
            db.execute("UPDATE accounts SET failed_signins = failed_signins + 1 WHERE user_id = ?",
                       (user_id,))  # not RETURNING: SQLite before 3.35 (still shipped) lacks it
            return db.execute("SELECT failed_signins FROM accounts WHERE user_id = ?",
                              (user_id,)).fetchone()[0]

    def lock_account(self, user_id: int, until: str) -> None:
        with self.tx() as db:
            db.execute("UPDATE accounts SET locked_until = ? WHERE user_id = ?", (until, user_id))

    def add_token(self, user_id: int, token_hash: str, created_at: str, expires_at: str) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) "
                       "VALUES (?, ?, ?, ?)", (token_hash, user_id, created_at, expires_at))

    def token(self, token_hash: str) -> tuple[int, str] | None:
        """The user a token signs in, and when it expires."""
        row = self.db.execute("SELECT user_id, expires_at FROM auth_tokens WHERE token_hash = ?",
                              (token_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def drop_token(self, token_hash: str, user_id: int | None = None) -> None:
        with self.tx() as db:
            if user_id is None:
                db.execute("DELETE FROM auth_tokens WHERE token_hash = ?", (token_hash,))
            else:
                db.execute("DELETE FROM auth_tokens WHERE user_id = ? AND token_hash = ?",
                           (user_id, token_hash))

    def drop_tokens(self, user_id: int) -> int:
        """Every token of this user; how many there were."""
        with self.tx() as db:
            return db.execute("DELETE FROM auth_tokens WHERE user_id = ?", (user_id,)).rowcount

    def drop_expired_tokens(self, now: str) -> int:
        """Tokens past their end, for everyone (housekeeping); how many."""
        with self.tx() as db:
            return db.execute("DELETE FROM auth_tokens WHERE expires_at <= ?", (now,)).rowcount
