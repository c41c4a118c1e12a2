"""Language choice: an explicit choice (cookie), then the browser, then Dutch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request
from flask_babel import get_locale
from flask_babel import gettext as _

from domain.core.text import LOCALES
from webapp.errors import fail
from webapp.extensions import babel
from webapp.urls import safe_next

LANGUAGES = ("nl", "en")
# LOCALES: the locale each language is formatted in (English pages use British dates and
# numbers, "23 Nov 2026"); shared with the mail the domain writes.
COOKIE = "portal_lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The locale of this request: its language (``select_language``) in ``LOCALES``."""
    return LOCALES[select_language()]


def select_language() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The page's language, ``nl`` or ``en`` (the locale's language, not its region)."""
    locale = get_locale()
    return locale.language if locale is not None else "nl"


def page_to_return_to() -> str:
    """Where the language switch leads back to: this page, as the browser can GET it.

    A page shown in answer to a form post (a refused form) has a post-only address; going
    back there would answer 405, so the switch goes to the page the form was on instead.
    """
    if request.method in ("GET", "HEAD"):
        return request.full_path if request.query_string else request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


@bp.post("/language")
def switch():
    """Remember the chosen language and go back to where the user was.

    :raise 400: for a language the portal does not offer.
    """
    lang = request.form.get("lang", "")
    if lang not in LANGUAGES:
        fail(400, _("This language is not available. Choose Dutch or English."))
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        COOKIE,
        lang,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        # Behind the proxy the request itself is plain HTTP: production is HTTPS regardless.
        secure=request.is_secure or current_app.config["PORTAL_ENV"] == "production",
    )
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
