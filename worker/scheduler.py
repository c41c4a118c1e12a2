"""Build the worker's APScheduler in Europe/Amsterdam time."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from domain.core.db import utcnow
from worker import jobs

TIMEZONE = "Europe/Amsterdam"
MAIL_INTERVAL_SECONDS = 60
log = logging.getLogger("worker")


def parse_time(value: str) -> tuple[int, int]:
    """Read ``HH:MM``; :raise ValueError: for anything else."""
    hour, _, minute = value.partition(":")
    h, m = int(hour), int(minute)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"not a time of day: {value!r}")
    return h, m


def build_scheduler(config: dict) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=TIMEZONE)
    hour, minute = parse_time(config["WORKER_RETENTION_TIME"])
    scheduler.add_job(
        jobs.retention,
        CronTrigger(hour=hour, minute=minute, timezone=TIMEZONE),
        args=(config, "schedule"),
        id="retention",
        name="nightly retention run",
        # Fired late (the process was busy or suspended): still run, but once.
        coalesce=True,
        misfire_grace_time=6 * 3600,
        max_instances=1,
    )
    scheduler.add_job(
        jobs.send_mail,
        IntervalTrigger(seconds=MAIL_INTERVAL_SECONDS, timezone=TIMEZONE),
        args=(config,),
        id="mail",
        name="send the mail outbox",
        coalesce=True,
        max_instances=1,
        next_run_time=dt.datetime.now(ZoneInfo(TIMEZONE)),  # mail that waited goes out now
    )
    hour, minute = parse_time(config["WORKER_DIGEST_TIME"])
    scheduler.add_job(
        jobs.desk_digest,
        CronTrigger(hour=hour, minute=minute, timezone=TIMEZONE),
        args=(config,),
        id="desk-digest",
        name="daily digest of due and overdue requests for the privacy desk",
        # Late (the worker was busy or down at that time): still this morning, once.
        coalesce=True,
        misfire_grace_time=4 * 3600,
        max_instances=1,
    )
    if jobs.needs_catch_up(utcnow()):
        # The worker was down over a night (or never ran): run now, once.
        scheduler.add_job(
            jobs.retention,
            args=(config, "start-up"),
            id="retention-catch-up",
            name="retention run missed while the worker was down",
            next_run_time=dt.datetime.now(ZoneInfo(TIMEZONE)),
        )
    return scheduler


def next_runs(scheduler: BlockingScheduler) -> list[tuple[str, dt.datetime]]:
    """Each job with its next run time (computed from the trigger: works before start)."""
    now = dt.datetime.now(ZoneInfo(TIMEZONE))
    # Before start, only jobs given an explicit next_run_time carry one.
    return [
        (job.id, getattr(job, "next_run_time", None) or job.trigger.get_next_fire_time(None, now))
        for job in scheduler.get_jobs()
    ]


def log_jobs(scheduler: BlockingScheduler) -> None:
    for job_id, when in next_runs(scheduler):
        log.info("job %s: next run %s", job_id, when.isoformat() if when else "never")
