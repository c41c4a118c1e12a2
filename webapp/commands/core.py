"""Commands for the schema, demo data and the register: ``flask --app webapp db|demo|register``."""

from __future__ import annotations

import datetime as dt
import json

import click
from flask import current_app
from flask.cli import AppGroup

from domain.core import schema
from domain.core.db import database
from webapp.commands.options import parse_date

db_cli = AppGroup("db", help="Database schema.")
demo_cli = AppGroup("demo", help="Synthetic demo data.")
register_cli = AppGroup("register", help="The register of personal data.")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply every pending migration, then create the seed's external parties if missing."""
    from domain.consent.parties import ensure_parties

    with database.connection_context():
        applied = schema.upgrade(database.obj)
        # Reference data, not schema: migrations stay frozen and never import live models.
        parties = ensure_parties()
    click.echo("\n".join(f"applied: {name}" for name in applied) or "schema is up to date")
    click.echo(f"external parties: {', '.join(p.key for p in parties)}")


@db_cli.command("status")
def db_status():
    """List pending migrations; exit 1 when there are any."""
    with database.connection_context():
        pending = schema.pending(database.obj)
    click.echo("\n".join(f"pending: {name}" for name in pending) or "schema is up to date")
    if pending:
        raise SystemExit(1)


@demo_cli.command("seed")
@click.option("--students", type=click.IntRange(1, 1_000_000), default=200, show_default=True)
@click.option("--seed", "seed_value", type=int, default=2026, show_default=True)
@click.option("--today", callback=parse_date, help="Pretend today is YYYY-MM-DD.")
@click.option("--if-empty", is_flag=True, help="Only seed a database without persons.")
def demo_seed(students: int, seed_value: int, today: dt.date | None, if_empty: bool):
    """Fill the database with deterministic demo students, records, consent, requests, staff."""
    from domain.demo import people as demo

    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("demo data is never seeded when PORTAL_ENV=production")
    with database.connection_context():
        if if_empty and not demo.is_empty():
            click.echo("database already holds persons; not seeding")
            return
        from domain.demo.consent import seed_consent
        from domain.demo.requests import seed_requests

        today = today or dt.date.today()
        counts = demo.seed(students, seed_value, today)
        counts.update(seed_consent(seed_value, today))
        counts.update(seed_requests(seed_value, today))
    for table, n in counts.items():
        click.echo(f"{table}: {n}")


@register_cli.command("show")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def register_show(fmt: str):
    """Print the register: every personal-data field with purpose, basis and term."""
    from domain.register.export import as_records

    records = as_records()
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        click.echo(f"{r['field']}")
        for lang in ("nl", "en"):
            click.echo(
                f"  [{lang}] {r['label'][lang]} | {r['category'][lang]} | "
                f"{r['purpose'][lang]} | {r['legal_basis'][lang]} | {r['retention'][lang]}"
            )
        click.echo(
            f"  shown to student: {r['shown_to_student']}; special category: "
            f"{r['special_category']}; staff roles: {', '.join(r['staff_roles']) or '-'}"
        )
        click.echo(f"  rights: {_rights_line(r)}")


def _rights_line(r: dict) -> str:
    """What each right may do with one field, in English (the register's own words)."""
    erasure = "yes" if r["erasable"] else f"no, kept: {r['kept_because']['en']}"
    if r["correctable"]:
        correction = "by the privacy desk"
    elif r["correct_at"]:
        correction = f"at its source: {r['correct_at']['en']}"
    else:
        correction = "no"
    export = r["export_section"] or f"left out: {r['withheld_because']['en']}"
    return (
        f"source {r['origin']}; portable {r['portable']}; erasure on request {erasure}; "
        f"correction {correction}; objection {r['objectable']}; export {export}"
    )


GROUPS = (db_cli, demo_cli, register_cli)
