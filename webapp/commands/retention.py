"""``flask --app webapp retention plan|run``: the retention engine for operators."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from domain.core.clock import local_today
from domain.core.db import database
from domain.retention import engine
from domain.retention.job import run_once, stopping_on_signals
from webapp.commands.options import parse_date

retention_cli = AppGroup("retention", help="Retention: what is due, and acting on it.")


@retention_cli.command("plan")
@click.option("--today", callback=parse_date, help="Pretend today is YYYY-MM-DD.")
def plan(today):
    """Count per rule what tonight's run would delete or anonymise, and what is held."""
    with database.connection_context():
        lines = engine.plan(today or local_today())
    for line in lines:
        held = ", ".join(f"{reason} {n}" for reason, n in line.held.items() if n) or "none"
        extra = (
            f"; awaiting approval {line.awaiting_approval}" if line.target.rule.review_first else ""
        )
        click.echo(
            f"{line.target.rule.key:26} {line.target.record_type:26} "
            f"{line.target.rule.action.value:9} due {line.due:7}  held: {held}{extra}"
        )


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Count what would change; change nothing.")
@click.option("--today", callback=parse_date, help="Pretend today is YYYY-MM-DD.")
def run(dry_run, today):
    """Apply every retention rule now (skips if a run is already in progress)."""
    with stopping_on_signals():
        outcome = run_once(current_app.config, "cli", today=today, dry_run=dry_run)
    click.echo(f"retention run: {outcome}")
    if outcome == "failed":
        raise SystemExit(1)
