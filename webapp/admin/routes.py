import json
from io import BytesIO

from flask import render_template, send_file

from domain.consent.parties import party_names
from domain.core import health
from domain.core.csv_safe import as_download, csv_text
from domain.register import CATEGORIES, LEGAL_BASES, PURPOSES, RULES, activities
from webapp.admin import bp
from webapp.i18n import current_language


@bp.get("/register")
def register():
    """Show the record of processing activities (GDPR Art. 30), one part per purpose."""
    return render_template(
        "admin/register.html",
        activities=activities.activities(),
        party_names=party_names(),
        categories=CATEGORIES,
        purposes=PURPOSES,
        bases=LEGAL_BASES,
        rules=RULES,
    )


def _file(body: bytes, mimetype: str, name: str):
    response = send_file(
        BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/register/activities.csv")
def register_csv():
    """The Art. 30 record as CSV, one row per processing activity, in the page's language."""
    lang = "en" if current_language() == "en" else "nl"
    header, rows = activities.as_rows(lang)
    name = "verwerkingsregister.csv" if lang == "nl" else "record-of-processing.csv"
    return _file(as_download(csv_text(header, rows)), "text/csv", name)


@bp.get("/register/activities.json")
def register_json():
    """The Art. 30 record as JSON, one object per processing activity, Dutch and English."""
    body = json.dumps({"activities": activities.as_json()}, ensure_ascii=False, indent=2)
    return _file(body.encode("utf-8"), "application/json", "record-of-processing.json")


@bp.get("/health")
def health_detail():
    """What /healthz keeps to itself: which part is unhealthy, and the database's error."""
    return render_template("admin/health.html", health=health.check())
