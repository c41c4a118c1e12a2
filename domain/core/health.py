"""Whether the database answers, for health checks."""

from __future__ import annotations

from domain.core.db import database


def ping() -> None:
    """Run the cheapest query there is; raises the driver's error when the database is down."""
    database.connect(reuse_if_open=True)
    database.execute_sql("SELECT 1")
