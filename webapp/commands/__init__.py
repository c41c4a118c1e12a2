"""``flask --app webapp <group> <command>``: one module per group of commands."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from webapp.commands import core, delivery, retention
    for group in (*core.GROUPS, retention.retention_cli, delivery.delivery_cli):
        app.cli.add_command(group)
