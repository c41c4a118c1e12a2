"""One retention run at a time, across every process and host.

PostgreSQL: a session advisory lock. SQLite (one host by nature): an exclusive
``flock`` on a file beside the database. Both are released by the operating system or
the server when the holder dies, so a killed worker never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from domain.core.db import is_postgres

# An arbitrary, fixed 64-bit key naming "the retention run" among advisory locks.
ADVISORY_KEY = 7_355_608_201


@contextmanager
def exclusive_run(db) -> Iterator[bool]:
    """Yield True while holding the lock, False if another run holds it."""
    if is_postgres(db):
        acquired = db.execute_sql("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,)).fetchone()[0]
        try:
            yield bool(acquired)
        finally:
            if acquired:
                db.execute_sql("SELECT pg_advisory_unlock(%s)", (ADVISORY_KEY,))
        return
    fd = os.open(f"{db.database}.retention.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
