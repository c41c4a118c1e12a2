"""The privacy desk's contact details, set per installation and shown on every page.

Read from the environment by ``webapp.config`` (see the README for the settings); the
home page and the footer of ``base.html`` show whatever is set, leaving out what is not.
"""

from __future__ import annotations

import os

from flask import Flask, current_app
from markupsafe import Markup

from webapp.templating import rendered_once

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
    app.jinja_env.globals["desk_contact"] = contact_list


def contact_list() -> Markup:
    """The contact details as a list: the same on every page, so rendered once per language."""
    desk = _current()
    return rendered_once("_desk_contact.html", tuple(desk.items()), desk=desk)


def _current() -> dict[str, str]:
    return current_app.config["PRIVACY_DESK"]
