"""Build the worker's APScheduler in Europe/Amsterdam time."""
from __future__ import annotations

import datetime as dt
import logging
import signal
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from worker import jobs

TIMEZONE = "Europe/Amsterdam"
log = logging.getLogger("worker")


def parse_time(value: str) -> tuple[int, int]:
    """Read ``HH:MM``; :raise ValueError: for anything else."""
    hour, _, minute = value.partition(":")
    h, m = int(hour), int(minute)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"not a time of day: {value!r}")
    return h, m


def build_scheduler(config: dict) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=TIMEZONE, job_defaults={
        # A night missed while the worker was down runs once when it is back.
        "coalesce": True, "misfire_grace_time": 6 * 3600, "max_instances": 1})
    hour, minute = parse_time(config["WORKER_RETENTION_TIME"])
    scheduler.add_job(jobs.purge_sign_in_failures, CronTrigger(hour=hour, minute=minute, timezone=TIMEZONE),
                      id="purge_sign_in_failures", name="purge expired failed sign-ins")
    return scheduler


def next_runs(scheduler: BlockingScheduler) -> list[tuple[str, dt.datetime]]:
    """Each job with its next run time (computed from the trigger: works before start)."""
    now = dt.datetime.now(ZoneInfo(TIMEZONE))
    return [(job.id, job.trigger.get_next_fire_time(None, now)) for job in scheduler.get_jobs()]


def log_jobs(scheduler: BlockingScheduler) -> None:
    for job_id, when in next_runs(scheduler):
        log.info("job %s: next run %s", job_id, when.isoformat() if when else "never")


def stop_on_sigterm(scheduler: BlockingScheduler) -> None:
    def _stop(signum, frame):
        log.info("received signal %s: stopping after the current job", signum)
        scheduler.shutdown(wait=True)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
