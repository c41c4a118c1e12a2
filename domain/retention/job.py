"""One retention run as every entry point starts it (worker, ``--once``, the CLI).

SIGINT (Ctrl+C) and SIGTERM are handled alike everywhere: the run finishes its current
batch, is recorded as interrupted, and the process exits without a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from domain.core.clock import local_today
from domain.core.db import database
from domain.retention import engine

log = logging.getLogger("retention")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Set by a stop signal: the running job finishes its current batch and stops.
stop_requested = threading.Event()


def request_stop(signum, frame=None) -> None:
    log.info("received signal %s: stopping after the current batch", signum)
    stop_requested.set()


@contextmanager
def stopping_on_signals(also: Callable[[], None] | None = None) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM ask the run to stop (then call ``also``)."""
    stop_requested.clear()

    def handler(signum, frame):
        request_stop(signum, frame)
        if also is not None:
            also()

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_once(
    settings: dict, trigger: str, today: dt.date | None = None, dry_run: bool = False
) -> str:
    """Run the retention rules once; return the outcome, or "skipped" if another run is on."""
    with database.connection_context():
        report = engine.run(
            today or local_today(),
            dry_run=dry_run,
            trigger=trigger,
            pseudonym_key=settings["PSEUDONYM_KEY"],
            batch_size=settings["RETENTION_BATCH_SIZE"],
            should_stop=stop_requested.is_set,
        )
    if report is None:
        log.info("retention: another run is in progress; skipped")
        return "skipped"
    log.info(
        "retention run %s %s: %d deleted, %d anonymised, %d listed for review, %d persons removed",
        report.run_id,
        report.outcome,
        report.total("deleted"),
        report.total("anonymised"),
        report.total("listed_for_review"),
        report.persons_removed,
    )
    return report.outcome
