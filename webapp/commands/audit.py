"""``flask --app webapp audit verify``: check that the staff audit trail is untouched."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from domain.audit import chain
from domain.core.db import database

audit_cli = AppGroup("audit", help="The staff audit trail.")

PROBLEMS = {
    chain.MISSING: "event {seq} and any after it up to row id {id} are missing, and no "
    "retention checkpoint accounts for them",
    chain.ALTERED: "event {seq} (row id {id}) does not match its hash: it, or the event "
    "before it, was changed or slipped in",
    chain.SUBJECT: "event {seq} (row id {id}) names another person than it was written about",
    chain.UNLINKED: "event {seq} (row id {id}) lost its person while that person still exists",
}


@audit_cli.command("verify")
def verify():
    """Walk the hash chain; name the first broken link and exit 1 if there is one."""
    with database.connection_context():
        verdict = chain.verify()
    if verdict.ok:
        click.echo(
            f"audit chain intact: {verdict.checked} event(s) checked; "
            f"head: event {verdict.head_seq}, hash {verdict.head_hash}"
        )
        return
    problem = PROBLEMS[verdict.problem].format(seq=verdict.broken_seq, id=verdict.broken_id)
    click.echo(f"audit chain broken: {problem}", err=True)
    raise SystemExit(1)
