"""The jobs the worker runs. Each is a thin call into the domain."""

from __future__ import annotations

import datetime as dt

from domain.core.db import database
from domain.retention import history
from domain.retention.job import run_once as retention
from domain.retention.job import stop_requested

__all__ = ["needs_catch_up", "retention", "stop_requested"]


def needs_catch_up(now: dt.datetime) -> bool:
    """True when the last successful real run started more than a day ago (or never ran)."""
    with database.connection_context():
        return history.needs_catch_up(now)
