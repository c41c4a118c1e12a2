"""``flask --app webapp translate extract|update|compile``: the gettext catalogue workflow.

Runs Babel's own command line in-process, so it works whether or not ``pybabel`` is on PATH.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

from webapp.config import ROOT

translate_cli = AppGroup("translate", help="Translations: extract, update and compile.")

# ``_l`` and ``lazy_gettext`` mark texts translated only when shown (forms, menu labels).
KEYWORDS = ("-k", "_l", "-k", "lazy_gettext")


def translations_dir() -> Path:
    return ROOT / "translations"


def pybabel(*args: str) -> None:
    """Run one ``pybabel`` command.

    :raise click.ClickException: when Babel reports a failure.
    """
    try:
        code = CommandLineInterface().run(["pybabel", "--quiet", *args])
    except SystemExit as exc:  # Babel's option parser exits on bad arguments
        code = exc.code
    if code:
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate_cli.command("extract")
def extract():
    """Collect every message id from the code and templates into messages.pot."""
    pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *KEYWORDS,
        "-o",
        str(translations_dir() / "messages.pot"),
        str(ROOT),
    )
    click.echo(f"extracted: {translations_dir() / 'messages.pot'}")


@translate_cli.command("update")
def update():
    """Extract, then merge the new message ids into every language's catalogue."""
    extract.callback()
    pybabel("update", "-i", str(translations_dir() / "messages.pot"), "-d", str(translations_dir()))
    click.echo("updated: translate the new entries in translations/*/LC_MESSAGES/messages.po")


@translate_cli.command("compile")
@click.option("--use-fuzzy", is_flag=True, help="Also compile entries marked fuzzy.")
def compile_(use_fuzzy: bool):
    """Compile every catalogue to the .mo files the portal reads."""
    pybabel("compile", "-d", str(translations_dir()), *(["--use-fuzzy"] if use_fuzzy else []))
    click.echo(f"compiled: {translations_dir()}")
