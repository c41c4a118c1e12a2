"""The jobs the worker runs. Each is a thin call into the domain."""
from __future__ import annotations

import datetime as dt
import logging
import threading

from domain.core.clock import local_today
from domain.core.db import database
from domain.models import RetentionRun
from domain.retention import engine

log = logging.getLogger("worker")

# Set on SIGTERM: the running job finishes its current batch and stops.
stop_requested = threading.Event()


def retention(config: dict, trigger: str, today: dt.date | None = None,
              dry_run: bool = False) -> str:
    """Run the retention rules once; return the outcome ("skipped" if another run holds the lock)."""
    with database.connection_context():
        report = engine.run(today or local_today(), dry_run=dry_run, trigger=trigger,
                            pseudonym_key=config["PSEUDONYM_KEY"],
                            batch_size=config["RETENTION_BATCH_SIZE"],
                            should_stop=stop_requested.is_set)
    if report is None:
        log.info("retention: another run is in progress; skipped")
        return "skipped"
    log.info("retention run %s %s: %d deleted, %d anonymised, %d listed for review, "
             "%d persons removed", report.run_id, report.outcome, report.total("deleted"),
             report.total("anonymised"), report.total("listed_for_review"), report.persons_removed)
    return report.outcome


def needs_catch_up(now: dt.datetime) -> bool:
    """True when the last successful real run started more than a day ago (or never ran)."""
    with database.connection_context():
        last = (RetentionRun.select(RetentionRun.started_at)
                .where((RetentionRun.outcome == RetentionRun.SUCCEEDED) & ~RetentionRun.dry_run)
                .order_by(RetentionRun.started_at.desc()).scalar())
    return last is None or last < now - dt.timedelta(days=1)
