"""``python -m worker``: run the scheduled jobs until SIGTERM."""
from __future__ import annotations

import argparse
import logging

from worker.scheduler import build_scheduler, log_jobs, stop_on_sigterm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__)
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from webapp import create_app
    app = create_app()  # the same configuration and database binding as the web app
    with app.app_context():
        scheduler = build_scheduler(app.config)
        stop_on_sigterm(scheduler)
        logging.getLogger("worker").info("worker started; timezone %s", scheduler.timezone)
        log_jobs(scheduler)
        scheduler.start()  # blocks until SIGTERM or SIGINT shuts it down
    logging.getLogger("worker").info("worker stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
