"""The PostgreSQL store: the same ``Store`` (every query of its mixins, written once) on a
PostgreSQL database with pgvector, chosen by a ``postgresql://`` URL (``open_store``).

Only what is PostgreSQL's own is here: connecting and migrating, transactions, the schema
reading behind an erase, and cleaning up after deleting. The dialect of the shared queries
is ``pg_db.PgDialect``; the words memories are found by, ``pg_words``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from os1.errors import OS1Error
from os1.memory import pg_migrations
from os1.memory.pg_db import PgDb, PgDialect
from os1.memory.pg_words import PgWords
from os1.memory.store import Store
from os1.memory.store_base import Clock, Db, utcnow

POSTGRES = PgDialect()
POSTGRES.words = PgWords()


def shown(url: str) -> str:
    """A database URL fit to print: without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class PgStore(Store):
    """All of every user's state in one PostgreSQL database: ``StoreProtocol`` with the
    SQLite store's queries. ``path`` is the URL without its password."""

    def __init__(self, url: str, clock: Clock = utcnow):  # not Store.__init__: no file
        self.path = shown(url)
        self.clock = clock
        self._lock = threading.RLock()
        self._closed = False
        try:
            self.pg = PgDb(url, POSTGRES, self._lock)
            pg_migrations.migrate(self.pg)
        except psycopg.Error as exc:
            raise OS1Error(f"cannot open the database {self.path} "
                           f"({str(exc).strip().splitlines()[0]}).") from None
        self.pg.vectors()
        self.pg.learn_tables()
        self.db: Db = self.pg
        self._recover()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self.pg.close()

    def checkpoint(self) -> bool:
        """Nothing waits to be written: every commit is in the database (and its log)."""
        return True

    @contextmanager
    def tx(self) -> Iterator[Db]:
        with self.pg.transaction() as db:
            yield db

    def user_tables(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
            "ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
            "WHERE c.column_name = 'user_id' AND c.table_schema = current_schema() "
            "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name")]

    def compact(self) -> None:
        """After deleting: deleted rows are invisible to every query at once; ``VACUUM``
        frees their pages for reuse (their bytes stay on disk until overwritten)."""
        with self._lock:
            self.db.execute(f"VACUUM {', '.join(self.user_tables())}")
