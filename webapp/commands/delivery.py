"""``flask --app webapp delivery KIND``: deliveries for a scheduler, one command per kind.

The commands are built from the declared kinds (domain.deliveries.kinds): each plans the
delivery, records it (the run, its files, a disclosure per person) and writes the
file(s): CSV, or with ``--format xlsx`` Excel workbooks with every cell as text. A run
from the command line has no staff account: it is recorded with ``via: cli``. Only
counts are printed, never a student.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

from domain.core.db import database
from domain.core.spreadsheet import FORMATS, file_name_as
from domain.deliveries import records
from domain.deliveries.kinds import KINDS
from domain.deliveries.plans import DATE, RERUN, VISITORS, YEAR, YEAR_RANGE, DeliveryError, Kind
from domain.deliveries.visitors import VISITORS_MAX_BYTES, parse_visitors
from webapp.commands.options import parse_date
from webapp.disclosure.messages import describe

delivery_cli = AppGroup("delivery", help="Consent-checked deliveries to external parties.")


def _option(param) -> click.Option:
    """The command-line option of one declared parameter."""
    flag = "--" + param.name.replace("_", "-")
    if param.kind == YEAR:
        return click.Option(
            [flag, param.name], type=click.IntRange(*YEAR_RANGE), required=True, help=param.hint.en
        )
    if param.kind == VISITORS:
        return click.Option(
            [flag, param.name],
            required=True,
            help=param.hint.en,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
        )
    if param.kind == RERUN:
        return click.Option([flag, param.name], default=None, help=param.hint.en)
    if param.kind == DATE:
        return click.Option(
            [flag, param.name], callback=parse_date, required=True, help=param.hint.en
        )
    raise ValueError(param.kind)


def _value(param, value):
    if param.kind == VISITORS:
        with value.open("rb") as handle:
            # One byte over the limit is enough for the parser to refuse the file.
            return parse_visitors(handle.read(VISITORS_MAX_BYTES + 1), field=param.name)
    if param.kind == RERUN and value is not None and not value.strip():
        raise DeliveryError("no_rerun_reason", param.name)
    return value


def _run(kind: Kind, reference_date, values: dict) -> list[tuple[str, str]]:
    """Plan and record the delivery; return each of its files as (name, CSV text)."""
    try:
        with database.connection_context():
            plan = kind.plan(
                reference_date=reference_date,
                **{p.name: _value(p, values[p.name]) for p in kind.params},
            )
            delivery = records.run(plan, None, "cli")
            files = [
                records.file_content(view.file.id) for view in records.delivery(delivery.id)[1]
            ]
    except DeliveryError as error:
        with force_locale("en"):
            raise click.ClickException(describe(error)) from None
    for key, value in plan.counts().items():
        click.echo(f"{key}: {value}")
    click.echo(
        f"delivery {delivery.id} recorded: {plan.person_count} person(s) in {len(files)} file(s)"
    )
    return files


def _write(path: Path, name: str, text: str, fmt: str) -> None:
    body, _ = records.file_bytes(name, text, fmt)
    path.write_bytes(body)
    click.echo(f"written: {path}")


def _command(kind: Kind) -> click.Command:
    def callback(reference_date, out: Path, fmt: str, **values):
        files = _run(kind, reference_date, values)
        if kind.several_files:
            out.mkdir(parents=True, exist_ok=True)
            for name, text in files:
                _write(out / file_name_as(name, fmt), name, text, fmt)
        else:
            ((name, text),) = files
            _write(out, name, text, fmt)

    out = (
        click.Option(
            ["--out-dir", "out"],
            required=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Directory to write one file per recipient to.",
        )
        if kind.several_files
        else click.Option(
            ["--out", "out"],
            required=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="File to write the delivery to.",
        )
    )
    return click.Command(
        kind.key,
        callback=with_appcontext(callback),
        help=kind.explanation.en,
        params=[
            *(_option(p) for p in kind.params),
            click.Option(
                ["--reference-date", "reference_date"],
                callback=parse_date,
                required=True,
                help=kind.reference_date.hint.en,
            ),
            out,
            click.Option(
                ["--format", "fmt"],
                type=click.Choice(FORMATS),
                default="csv",
                show_default=True,
                help="csv (UTF-8, formula-safe) or xlsx (Excel workbook, every cell as text).",
            ),
        ],
    )


for _kind in KINDS.values():
    delivery_cli.add_command(_command(_kind))
