"""``flask --app webapp <group> <command>``: one module per group of commands."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from webapp.commands import core, retention
    for group in (*core.GROUPS, retention.retention_cli):
        app.cli.add_command(group)
