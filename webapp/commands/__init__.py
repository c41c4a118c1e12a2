"""``flask --app webapp <group> <command>``: one module per group of commands."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from webapp.commands import audit, core, delivery, nse, retention, translate

    for group in (
        *core.GROUPS,
        retention.retention_cli,
        delivery.delivery_cli,
        translate.translate_cli,
        audit.audit_cli,
        nse.nse_cli,
    ):
        app.cli.add_command(group)
