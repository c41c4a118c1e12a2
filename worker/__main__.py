"""``python -m worker``: run the scheduled jobs until SIGTERM, or one retention run with --once."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("use the form YYYY-MM-DD")


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

    from webapp import create_app
    from worker import jobs
    app = create_app()  # the same configuration and database binding as the web app
    if args.once:
        def _stop(signum, frame):
            log.info("received signal %s: stopping after the current batch", signum)
            jobs.stop_requested.set()
        signal.signal(signal.SIGTERM, _stop)
        outcome = jobs.retention(app.config, "cli", today=args.today, dry_run=args.dry_run)
        return 1 if outcome == "failed" else 0

    from worker.scheduler import build_scheduler, log_jobs, stop_on_sigterm
    scheduler = build_scheduler(app.config)
    stop_on_sigterm(scheduler)
    log.info("worker started; timezone %s", scheduler.timezone)
    log_jobs(scheduler)
    scheduler.start()  # blocks until SIGTERM or SIGINT shuts it down
    log.info("worker stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
