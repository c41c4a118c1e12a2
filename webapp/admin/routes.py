from flask import render_template

from domain.core import health
from domain.register import CATEGORIES, LEGAL_BASES, PURPOSES, RECORD_TYPES, RULES
from webapp.admin import bp


@bp.get("/register")
def register():
    """Show the record of processing activities (GDPR Art. 30), read from the register."""
    return render_template(
        "admin/register.html",
        record_types=RECORD_TYPES,
        categories=CATEGORIES,
        purposes=PURPOSES,
        bases=LEGAL_BASES,
        rules=RULES,
    )


@bp.get("/health")
def health_detail():
    """What /healthz keeps to itself: which part is unhealthy, and the database's error."""
    return render_template("admin/health.html", health=health.check())
