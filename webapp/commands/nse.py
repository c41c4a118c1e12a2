"""``flask --app webapp nse import-links FILE``: import the NSE's link file or support-needs
file (domain.surveys.links). Only counts are printed, never a student; a refused file is
reported with its lines by number and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

from domain.core.db import database
from domain.surveys import links
from webapp.disclosure.nse_links import COUNTS, describe

nse_cli = AppGroup("nse", help="The National Student Survey's files coming back.")


@nse_cli.command("import-links")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2999), required=True, help="The NSE's year.")
@click.option(
    "--kind",
    type=click.Choice([links.LINKED, links.SUPPORT]),
    default=links.LINKED,
    show_default=True,
    help="linked: the link file; support: the separate support-needs file.",
)
@with_appcontext
def import_links(file: Path, year: int, kind: str) -> None:
    """Link the answers in FILE through the e-mail addresses handed over for the year."""
    with file.open("rb") as handle:
        data = handle.read(links.MAX_BYTES + 1)
    try:
        with database.connection_context():
            counts = links.import_file(kind, year, data)
    except links.LinkFileError as error:
        with force_locale("en"):
            raise click.ClickException(describe(error)) from None
    for key in COUNTS:
        click.echo(f"{key}: {getattr(counts, key)}")
