"""Whether the database answers, for health checks."""

from __future__ import annotations

from dataclasses import dataclass

from domain.core.db import database


def ping() -> None:
    """Run the cheapest query there is; raises the driver's error when the database is down."""
    database.connect(reuse_if_open=True)
    database.execute_sql("SELECT 1")


@dataclass(frozen=True)
class Health:
    """What the health check found: the public status, and the detail for administrators."""

    database_error: str | None  # the driver's exception class when the database is down
    retention_failed: bool  # the last real retention run failed

    @property
    def status(self) -> str:
        if self.database_error:
            return "unavailable"
        return "degraded" if self.retention_failed else "ok"


def check() -> Health:
    """Ping the database and read whether the last retention run failed."""
    from domain.retention.history import last_run_failed

    try:
        ping()
        return Health(None, last_run_failed())
    except Exception as exc:  # any driver error means "not healthy", whatever its class
        return Health(type(exc).__name__, False)
