"""The web app's configuration: the shared settings plus Flask's own. See the README."""

from __future__ import annotations

import os

from domain.core.settings import INSTANCE, ROOT, ConfigError, integer
from domain.core.settings import from_environment as shared_settings
from webapp import desk_contact
from webapp.sso.settings import sso_settings

__all__ = ["INSTANCE", "ROOT", "ConfigError", "from_environment"]


def from_environment() -> dict:
    """Return the Flask config mapping for the current environment."""
    settings = shared_settings(INSTANCE)
    production = settings["PORTAL_ENV"] == "production"
    locale = os.environ.get("PORTAL_DEFAULT_LOCALE", "nl")
    if locale not in ("nl", "en"):
        raise ConfigError(f"PORTAL_DEFAULT_LOCALE must be nl or en, not {locale!r}")
    export_days = integer("PORTAL_EXPORT_LINK_DAYS", 14)
    if export_days < 1:
        raise ConfigError(f"PORTAL_EXPORT_LINK_DAYS must be at least 1, not {export_days}")
    idle_minutes = integer("PORTAL_SESSION_MINUTES", 30)
    max_hours = integer("PORTAL_SESSION_MAX_HOURS", 12)
    if not 1 <= max_hours <= 24:
        # The register keeps a session row at most a day (retention rule "sign_in_sessions").
        raise ConfigError(f"PORTAL_SESSION_MAX_HOURS must be 1 to 24, not {max_hours}")
    if not 1 <= idle_minutes <= max_hours * 60:
        raise ConfigError(
            f"PORTAL_SESSION_MINUTES must be 1 to PORTAL_SESSION_MAX_HOURS × 60, not {idle_minutes}"
        )
    proxies = integer("PORTAL_TRUSTED_PROXIES", 0)
    if not 0 <= proxies <= 5:
        raise ConfigError(f"PORTAL_TRUSTED_PROXIES must be 0 to 5, not {proxies}")
    return {
        **settings,
        # Reverse proxies in front of the portal whose X-Forwarded-* headers are believed.
        "TRUSTED_PROXIES": proxies,
        "BABEL_DEFAULT_LOCALE": locale,
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "MAX_CONTENT_LENGTH": integer("PORTAL_MAX_UPLOAD_BYTES", 2 * 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        # The server ends a session idle this long, or this old (domain/accounts/sessions.py).
        "SESSION_IDLE_MINUTES": idle_minutes,
        "SESSION_MAX_HOURS": max_hours,
        "PERMANENT_SESSION_LIFETIME": max_hours * 3600,
        # The cookie lasts the absolute lifetime from when it was last written (sign-in, a
        # flash message); the server ends idle sessions. Not signed and sent again with
        # every page (issue 14: a cost on every request, and nothing gained).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, which expires
        "LOGIN_MAX_FAILURES_PER_CLIENT": integer("PORTAL_LOGIN_MAX_FAILURES", 5),
        "LOGIN_MAX_FAILURES_PER_IP": integer("PORTAL_LOGIN_MAX_FAILURES_PER_IP", 30),
        "LOGIN_FAILURE_WINDOW_MINUTES": integer("PORTAL_LOGIN_WINDOW_MINUTES", 15),
        # Failures per account from anywhere before each try waits (1 s, doubling, ≤ 15 min),
        # and the number at which the account's owner gets an e-mail.
        "LOGIN_DELAY_AFTER_FAILURES": integer("PORTAL_LOGIN_DELAY_AFTER", 10),
        "LOGIN_NOTIFY_AFTER_FAILURES": integer("PORTAL_LOGIN_NOTIFY_AFTER", 20),
        # Sign-in codes by e-mail: codes per account and requests per client in the window.
        "CODE_SENDS_PER_ADDRESS": integer("PORTAL_CODE_SENDS_PER_ADDRESS", 3),
        "CODE_SENDS_PER_IP": integer("PORTAL_CODE_SENDS_PER_IP", 10),
        "CODE_SEND_WINDOW_MINUTES": integer("PORTAL_CODE_WINDOW_MINUTES", 60),
        # How long a student's data export can be downloaded; the worker removes it after.
        "EXPORT_LINK_DAYS": export_days,
        # The privacy desk's contact details, on the home page and in every footer.
        "PRIVACY_DESK": desk_contact.from_environment(),
        # Sign-in through an OpenID Provider (SURFconext), and whether passwords stay on.
        **sso_settings(production),
    }
