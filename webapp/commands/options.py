"""Option parsers shared by the command groups."""

from __future__ import annotations

import datetime as dt

import click


def parse_date(ctx, param, value):
    """Click callback: ``YYYY-MM-DD`` to a date (None stays None)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use the form YYYY-MM-DD") from None
