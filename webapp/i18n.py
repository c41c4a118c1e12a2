"""Language choice: an explicit choice (cookie), then the browser, then Dutch."""

from __future__ import annotations

from urllib.parse import urlsplit

from babel import Locale
from flask import Blueprint, Flask, current_app, redirect, request
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from jinja2 import pass_context
from markupsafe import Markup

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


# Parsed once: flask-babel takes a Locale as it is, but parses a string on every request.
_LOCALE_OBJECTS = {language: Locale.parse(name) for language, name in LOCALES.items()}


def select_locale() -> Locale:
    """The locale of this request: its language (``select_language``) in ``LOCALES``."""
    return _LOCALE_OBJECTS[select_language()]


def select_language() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def _babel_state():
    """flask-babel's per-request namespace (``g._flask_babel``), or None outside a context."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    return app_context.g.__dict__.get("_flask_babel")


def current_locale():
    """flask-babel's ``get_locale()``, read straight from the request once it is resolved
    (a template asks hundreds of times per page); the first call resolves it."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None) if state is not None else None
    return locale if locale is not None else get_locale()


def current_language() -> str:
    """The page's language, ``nl`` or ``en`` (the locale's language, not its region)."""
    locale = current_locale()
    return locale.language if locale is not None else "nl"


def translations():
    """The gettext catalogue of this request's locale, looked up once per request.

    flask-babel resolves the locale and its catalogue again on every ``gettext`` call;
    this keeps the pair on flask-babel's own per-request namespace and uses it as long as
    the locale object is the same one, so ``force_locale`` and ``refresh`` still switch
    the language (they put another locale object there, or none).
    """
    state = _babel_state()
    if state is not None:
        kept = getattr(state, "portal_translations", None)
        if kept is not None and kept[0] is getattr(state, "babel_locale", None):
            return kept[1]
    found = get_translations()
    state = _babel_state()
    if state is not None and getattr(state, "babel_locale", None) is not None:
        state.portal_translations = (state.babel_locale, found)
    return found


def gettext(string: str, **variables) -> str:
    """``flask_babel.gettext`` with the catalogue looked up once per request."""
    translated = translations().ugettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """``flask_babel.ngettext`` with the catalogue looked up once per request."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    # What jinja2.ext's new-style gettext does, without its indirections: always a format
    # string (so "%%" means "%"), escaped when the template autoescapes.
    translated = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


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
    # The templates' _(), gettext() and ngettext() (also behind {% trans %}): flask-babel's
    # through the per-request catalogue.
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
    app.register_blueprint(bp)
