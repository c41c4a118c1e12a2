"""Configuration read from the environment. Every variable is listed in the README."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("PORTAL_INSTANCE_DIR", ROOT / "instance"))


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _secret_key(env: str) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env == "production":
        raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production")
    # Development: generate once and keep it, so sessions survive restarts.
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def from_environment() -> dict:
    """Return the Flask config mapping for the current environment."""
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in ("development", "production", "test"):
        raise ConfigError(f"PORTAL_ENV must be development, production or test, not {env!r}")
    secret = _secret_key(env)
    pseudonym_key = os.environ.get("PSEUDONYM_KEY")
    if not pseudonym_key and env == "production":
        # Anonymised rows join on pseudonyms made with this key: it must be set on purpose,
        # kept secret and never changed, so it cannot silently follow SECRET_KEY.
        raise ConfigError("PSEUDONYM_KEY must be set when PORTAL_ENV=production")
    locale = os.environ.get("PORTAL_DEFAULT_LOCALE", "nl")
    if locale not in ("nl", "en"):
        raise ConfigError(f"PORTAL_DEFAULT_LOCALE must be nl or en, not {locale!r}")
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite3'}"),
        # Keyed pseudonyms of anonymised rows (development falls back to the secret key).
        "PSEUDONYM_KEY": pseudonym_key or secret,
        "BABEL_DEFAULT_LOCALE": locale,
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "MAX_CONTENT_LENGTH": _int("PORTAL_MAX_UPLOAD_BYTES", 2 * 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        "PERMANENT_SESSION_LIFETIME": _int("PORTAL_SESSION_MINUTES", 60) * 60,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, which expires
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": _int("PORTAL_LOGIN_MAX_FAILURES", 5),
        "LOGIN_MAX_FAILURES_PER_IP": _int("PORTAL_LOGIN_MAX_FAILURES_PER_IP", 30),
        "LOGIN_FAILURE_WINDOW_MINUTES": _int("PORTAL_LOGIN_WINDOW_MINUTES", 15),
        "WORKER_RETENTION_TIME": os.environ.get("PORTAL_RETENTION_TIME", "02:30"),
        "RETENTION_BATCH_SIZE": _int("PORTAL_RETENTION_BATCH_SIZE", 5000),
    }
