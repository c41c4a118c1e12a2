"""The privacy desk's contact details, set per installation and shown on every page.

Read from the environment by ``webapp.config`` (see the README for the settings); the
home page and the footer of ``base.html`` show whatever is set, leaving out what is not.
"""

from __future__ import annotations

import os

from flask import Flask, current_app

# Where a student may complain (GDPR art. 77): the Dutch data protection authority.
AUTHORITY_COMPLAINT_URL = "https://autoriteitpersoonsgegevens.nl/"


def from_environment() -> dict[str, str]:
    """The desk's e-mail, phone, postal address and web page; empty strings when unset."""
    return {
        "email": os.environ.get("PORTAL_DESK_EMAIL", "privacy@university.example").strip(),
        "phone": os.environ.get("PORTAL_DESK_PHONE", "").strip(),
        "address": os.environ.get("PORTAL_DESK_ADDRESS", "").strip(),
        "url": os.environ.get("PORTAL_DESK_URL", "").strip(),
    }


def init_app(app: Flask) -> None:
    app.context_processor(
        lambda: {"desk": _current(), "authority_complaint_url": AUTHORITY_COMPLAINT_URL}
    )


def _current() -> dict[str, str]:
    return current_app.config["PRIVACY_DESK"]
