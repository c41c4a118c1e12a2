"""Reading back what the retention runs did, for the admin pages and /healthz."""
from __future__ import annotations

from peewee import JOIN, fn

from domain.models import RetentionRun, RetentionRunRule


def recent_runs(limit: int = 50):
    """The latest runs with their totals, in one query."""
    r = RetentionRunRule
    return (RetentionRun
            .select(RetentionRun,
                    fn.COALESCE(fn.SUM(r.deleted), 0).alias("deleted"),
                    fn.COALESCE(fn.SUM(r.anonymised), 0).alias("anonymised"),
                    fn.COALESCE(fn.SUM(r.listed_for_review), 0).alias("listed"),
                    fn.COALESCE(fn.SUM(r.held_restricted + r.held_legal_hold
                                       + r.held_open_request), 0).alias("held"))
            .join(r, JOIN.LEFT_OUTER)
            .group_by(RetentionRun.id)
            .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc())
            .limit(limit))


def last_real_run() -> RetentionRun | None:
    """The latest finished run that was not a dry run."""
    return (RetentionRun.select()
            .where(~RetentionRun.dry_run & (RetentionRun.outcome != RetentionRun.RUNNING))
            .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc()).first())


def last_run_failed() -> bool:
    last = last_real_run()
    return last is not None and last.outcome == RetentionRun.FAILED
