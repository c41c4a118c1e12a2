"""The database handle shared by the web app, the worker and the CLI.

The concrete database is chosen at run time from a URL (``connect_database``), so the
models can be imported before any configuration exists.
"""

from __future__ import annotations

import datetime as dt

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Several web processes and the worker share one file: wait instead of failing.
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def make_database(url: str):
    """Build (but do not open) a peewee database for ``url``."""
    if url.startswith("sqlite"):
        db = connect(url, pragmas=SQLITE_PRAGMAS, timeout=5)
    else:
        db = connect(url)
    return db


def connect_database(url: str):
    """Point the shared proxy at the database for ``url`` and return it."""
    db = make_database(url)
    database.initialize(db)
    return db


def is_postgres(db=None) -> bool:
    target = db or database.obj
    return isinstance(target, PostgresqlDatabase)


def is_sqlite(db=None) -> bool:
    target = db or database.obj
    return isinstance(target, SqliteDatabase)


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: the only kind of datetime the database stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def write_transaction():
    """A transaction suited to writing on the current backend."""
    if is_sqlite():
        # Take the write lock up front: a deferred transaction that later upgrades can
        # fail with "database is locked" when several processes write at once.
        return database.transaction(lock_type="IMMEDIATE")
    return database.transaction()


def writing():
    """A savepoint inside a running transaction; else a transaction that locks up front.

    SQLite cannot upgrade a deferred transaction that has read once another process has
    written ("database is locked"), so a read-then-write takes the write lock first.
    """
    return database.atomic() if database.in_transaction() else write_transaction()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
