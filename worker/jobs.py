"""The jobs the worker schedules. Each is a thin call into the domain."""
from __future__ import annotations

import logging

from domain.accounts import purge_failed_sign_ins
from domain.db import database

log = logging.getLogger("worker")


def purge_sign_in_failures() -> None:
    """Forget failed sign-ins once they no longer count for rate limiting."""
    with database.connection_context():
        removed = purge_failed_sign_ins()
    log.info("purged %d expired failed sign-in records", removed)
