"""Reading back what the retention runs did, for the admin pages, /healthz and the worker."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from domain.models import RetentionRun, RetentionRunHold, RetentionRunRule
from domain.retention import holds


def recent_runs(limit: int = 50):
    """The latest runs with their totals, in one query."""
    r, h = RetentionRunRule, RetentionRunHold
    held = h.select(fn.COALESCE(fn.SUM(h.count), 0)).join(r).where(r.run == RetentionRun.id)
    return (
        RetentionRun.select(
            RetentionRun,
            fn.COALESCE(fn.SUM(r.deleted), 0).alias("deleted"),
            fn.COALESCE(fn.SUM(r.anonymised), 0).alias("anonymised"),
            fn.COALESCE(fn.SUM(r.listed_for_review), 0).alias("listed"),
            held.alias("held"),
        )
        .join(r, JOIN.LEFT_OUTER)
        .group_by(RetentionRun.id)
        .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc())
        .limit(limit)
    )


def run_lines(run: RetentionRun) -> tuple[list[str], list[tuple[RetentionRunRule, dict[str, int]]]]:
    """The run's hold reasons (registered ones first) and its rule rows with held counts."""
    lines = list(run.rules.order_by(RetentionRunRule.id))
    held: dict[int, dict[str, int]] = {line.id: {} for line in lines}
    for row in (
        RetentionRunHold.select().join(RetentionRunRule).where(RetentionRunRule.run == run.id)
    ):
        held[row.run_rule_id][row.reason] = row.count
    stored = {reason for counts in held.values() for reason in counts}
    reasons = [*holds.REASONS, *sorted(stored - set(holds.REASONS))]
    return reasons, [(line, held[line.id]) for line in lines]


def last_real_run(outcome: str | None = None) -> RetentionRun | None:
    """The latest finished run that was not a dry run (with ``outcome``, if given)."""
    where = ~RetentionRun.dry_run & (RetentionRun.outcome != RetentionRun.RUNNING)
    if outcome is not None:
        where &= RetentionRun.outcome == outcome
    return (
        RetentionRun.select()
        .where(where)
        .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc())
        .first()
    )


def last_run_failed() -> bool:
    last = last_real_run()
    return last is not None and last.outcome == RetentionRun.FAILED


def needs_catch_up(now: dt.datetime) -> bool:
    """True when the last successful real run started more than a day ago (or never ran)."""
    last = last_real_run(RetentionRun.SUCCEEDED)
    return last is None or last.started_at < now - dt.timedelta(days=1)
