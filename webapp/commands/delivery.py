"""``flask --app webapp delivery kivi|schools|bedrijvendagen``: deliveries for a scheduler.

Each command plans the delivery, records it (the run, its files, a disclosure per person)
and writes the CSV file(s). A run from the command line has no staff account: it is
recorded with ``via: cli``. Only counts are printed, never a student.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from domain.core.csv_safe import as_download
from domain.core.db import database
from domain.deliveries import operations as deliveries
from domain.deliveries.operations import DeliveryError
from webapp.commands.options import parse_date

delivery_cli = AppGroup("delivery", help="Consent-checked deliveries to external parties.")

MESSAGES = {
    "reference_date": "the reference date must be a day that has ended in Amsterdam "
                      "(consent is judged on the whole day)",
    "no_party": "the party does not exist; run 'flask --app webapp demo seed' or create it",
    "too_large": "the visitor list is larger than {limit} bytes",
    "not_text": "the visitor list is not a UTF-8 text or CSV file",
    "empty": "the visitor list holds no student numbers",
    "invalid_lines": "the visitor list has {count} invalid line(s): line {lines}",
}


def describe(error: DeliveryError) -> str:
    """The refusal in words (numbers only, never a student)."""
    details = dict(error.details)
    if "lines" in details:
        details["lines"] = ", ".join(str(n) for n in details["lines"])
    return MESSAGES[error.code].format(**details)


def _run(make_plan) -> list[tuple[str, str]]:
    """Plan and record the delivery; return each of its files as (name, CSV text)."""
    try:
        with database.connection_context():
            plan = make_plan()
            delivery = deliveries.run(plan, None, "cli")
            files = [deliveries.file_content(view.file.id)
                     for view in deliveries.delivery(delivery.id)[1]]
    except DeliveryError as error:
        raise click.ClickException(describe(error)) from None
    for key, value in plan.counts().items():
        click.echo(f"{key}: {value}")
    click.echo(f"delivery {delivery.id} recorded: {plan.person_count} person(s) "
               f"in {len(files)} file(s)")
    return files


def _write(path: Path, text: str) -> None:
    path.write_bytes(as_download(text))
    click.echo(f"written: {path}")


@delivery_cli.command("kivi")
@click.option("--year", type=click.IntRange(1900, 2999), required=True,
              help="Calendar year of the bachelor's and master's exams.")
@click.option("--reference-date", callback=parse_date, required=True,
              help="Judge consent on this day (YYYY-MM-DD, Europe/Amsterdam).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def kivi(year: int, reference_date, out: Path):
    """Everyone who passed a bachelor's or master's exam in YEAR and consented."""
    (_, text), = _run(lambda: deliveries.plan_kivi(year, reference_date))
    _write(out, text)


@delivery_cli.command("schools")
@click.option("--cohort", type=click.IntRange(1900, 2999), required=True,
              help="Academic year the first-year cohort started in.")
@click.option("--reference-date", callback=parse_date, required=True,
              help="Judge consent on this day (YYYY-MM-DD, Europe/Amsterdam).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
def schools(cohort: int, reference_date, out_dir: Path):
    """One file per secondary school (BRIN) with its consenting former pupils."""
    files = _run(lambda: deliveries.plan_schools(cohort, reference_date))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        _write(out_dir / name, text)


@delivery_cli.command("bedrijvendagen")
@click.option("--visitors", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="Scanned student numbers: CSV or text, one per line.")
@click.option("--reference-date", callback=parse_date, required=True,
              help="Judge consent on this day (YYYY-MM-DD, Europe/Amsterdam).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def bedrijvendagen(visitors: Path, reference_date, out: Path):
    """The visitors on the list who consented."""
    with visitors.open("rb") as handle:
        # One byte over the limit is enough for the parser to refuse the file.
        data = handle.read(deliveries.VISITORS_MAX_BYTES + 1)

    def plan():
        return deliveries.plan_bedrijvendagen(deliveries.parse_visitors(data), reference_date)
    (_, text), = _run(plan)
    _write(out, text)
