"""Language choice: an explicit choice (cookie), then the browser, then Dutch."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import Blueprint, Flask, current_app, redirect, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _

from domain.accounts.roles import STAFF_ROLES
from domain.core.text import Text
from domain.register import LEGAL_BASES, PURPOSES
from webapp.errors import fail
from webapp.extensions import babel
from webapp.urls import safe_next

LANGUAGES = ("nl", "en")
COOKIE = "portal_lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "nl")


@bp.post("/language")
def switch():
    """Remember the chosen language and go back to where the user was.

    :raise 400: for a language the portal does not offer.
    """
    lang = request.form.get("lang", "")
    if lang not in LANGUAGES:
        fail(400, _("This language is not available. Choose Dutch or English."))
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.jinja_env.filters.update(
        t=lambda text: text.get(current_language()) if text is not None else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        number=lambda value: format_decimal(value) if value is not None else "",
    )
    app.jinja_env.filters.update(show=show, staff_role=staff_role_label,
                                 sentence=lambda text: text[:1].upper() + text[1:] if text else text)
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=LANGUAGES,
                                 purposes=PURPOSES, bases=LEGAL_BASES,
                                 staff_role_label=staff_role_label, strategy_label=strategy_label,
                                 action_label=action_label, outcome_label=outcome_label)


def show(value) -> str:
    """Format any register value for display in the current language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Text):
        return value.get(current_language())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return format_datetime(value, "medium")
    if isinstance(value, dt.date):
        return format_date(value, "medium")
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value)
    return str(value)


def staff_role_label(role: str) -> str:
    label = STAFF_ROLES.get(role)
    return label.get(current_language()) if label else _("student")


def action_label(action) -> str:
    return {"delete": _("delete"), "anonymise": _("anonymise"), "keep": _("keep")}[action.value]


def outcome_label(outcome: str) -> str:
    return {"running": _("running"), "succeeded": _("succeeded"), "failed": _("failed"),
            "interrupted": _("interrupted")}.get(outcome, outcome)


def strategy_label(strategy) -> str:
    return {
        "null": _("emptied"), "placeholder": _("a fixed placeholder"),
        "year": _("only the year kept"), "pseudonym": _("a keyed pseudonym"),
    }[strategy.value]
