"""``python -m worker``: run the scheduled jobs until SIGTERM, or one retention run with --once."""

from __future__ import annotations

import argparse
import datetime as dt
import logging


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("use the form YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__)
    parser.add_argument("--once", action="store_true", help="one retention run, then exit")
    parser.add_argument("--dry-run", action="store_true", help="with --once: count, change nothing")
    parser.add_argument("--today", type=_date, help="with --once: pretend today is YYYY-MM-DD")
    args = parser.parse_args(argv)
    if (args.dry_run or args.today) and not args.once:
        parser.error("--dry-run and --today go with --once")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log = logging.getLogger("worker")

    from domain.core.settings import from_environment, open_database
    from domain.retention.job import stopping_on_signals
    from worker import jobs

    settings = from_environment()  # the same settings and database as the web app
    open_database(settings)
    if args.once:
        with stopping_on_signals():
            outcome = jobs.retention(settings, "cli", today=args.today, dry_run=args.dry_run)
        return 1 if outcome == "failed" else 0

    from worker.scheduler import build_scheduler, log_jobs

    scheduler = build_scheduler(settings)
    log.info("worker started; timezone %s", scheduler.timezone)
    log_jobs(scheduler)
    mail = jobs.mail_status()
    log.info("mail outbox: %d waiting, %d failed for good", mail["pending"], mail["failed"])
    # A running job finishes its batch; shutdown waits for it.
    with stopping_on_signals(also=lambda: scheduler.shutdown(wait=True)):
        scheduler.start()  # blocks until SIGTERM or SIGINT shuts it down
    log.info("worker stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
