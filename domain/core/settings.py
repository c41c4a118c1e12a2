"""Settings every process shares (web app, worker, CLI), read from the environment.

The web app adds its own (cookies, sessions, languages) in ``webapp/config.py``; the
worker uses these alone, so it needs nothing of Flask. Every variable is in the README.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from domain.core.db import connect_database

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = Path(os.environ.get("PORTAL_INSTANCE_DIR", ROOT / "instance"))
ENVIRONMENTS = ("development", "production", "test")
DEFAULT_PORTAL_URL = "http://127.0.0.1:5000"
DEFAULT_MAIL_FROM = "Privacyportaal <privacyportaal@localhost>"
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def integer(name: str, default: int) -> int:
    """Read a whole number from the environment. :raise ConfigError: naming the variable."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def boolean(name: str, default: bool) -> bool:
    """Read yes/no from the environment (1/0, true/false, yes/no, on/off).

    :raise ConfigError: naming the variable.
    """
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in TRUE or raw in FALSE:
        return raw in TRUE
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def addresses(name: str) -> tuple[str, ...]:
    """Read a comma-separated list of e-mail addresses. :raise ConfigError: for a non-address."""
    found = tuple(a.strip() for a in (os.environ.get(name) or "").split(",") if a.strip())
    for address in found:
        if address.count("@") != 1 or any(c.isspace() or c in "<>" for c in address):
            raise ConfigError(f"{name} must list e-mail addresses, not {address!r}")
    return found


def portal_url() -> str:
    """The address people sign in at, for links in mail (no trailing slash).

    :raise ConfigError: for anything but an http(s) address.
    """
    url = (os.environ.get("PORTAL_URL") or DEFAULT_PORTAL_URL).strip()
    if not url.startswith(("https://", "http://")):
        raise ConfigError(f"PORTAL_URL must start with https:// or http://, not {url!r}")
    return url.rstrip("/")


def _mail_settings(env: str) -> dict:
    """SMTP settings of the worker; without MAIL_SERVER mail waits in the outbox."""
    server = (os.environ.get("MAIL_SERVER") or "").strip()
    use_tls, use_ssl = boolean("MAIL_USE_TLS", False), boolean("MAIL_USE_SSL", False)
    if use_tls and use_ssl:
        raise ConfigError("MAIL_USE_TLS and MAIL_USE_SSL exclude each other: choose one")
    if server and env == "production":
        # Links and the sender must name the real portal, not a development default.
        for name in ("PORTAL_URL", "MAIL_FROM"):
            if not os.environ.get(name):
                raise ConfigError(f"{name} must be set when MAIL_SERVER is set in production")
    return {
        "PORTAL_URL": portal_url(),
        "MAIL_SERVER": server,
        "MAIL_PORT": integer("MAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or DEFAULT_MAIL_FROM,
        # The desk's functional mailbox(es) for the daily digest; none: no digest.
        "DESK_DIGEST_TO": addresses("DESK_DIGEST_TO"),
    }


def _secret_key(env: str, instance: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env == "production":
        raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production")
    # Development: generate once and keep it, so sessions survive restarts.
    _private_folder(instance)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _private_folder(instance: Path) -> None:
    """Make the instance folder, readable by its owner only (it holds keys and the database)."""
    instance.mkdir(parents=True, exist_ok=True)
    instance.chmod(0o700)


def _private_file(path: Path) -> None:
    """Create ``path`` if absent, readable and writable by its owner only."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


def from_environment(instance: Path | None = None) -> dict:
    """Return the shared settings; ``instance`` holds a development secret key."""
    instance = instance or INSTANCE
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be development, production or test, not {env!r}")
    secret = _secret_key(env, instance)
    if env == "development" and not os.environ.get("DATABASE_URL"):
        # The development database holds (synthetic) personal data: owner only, as the key.
        _private_folder(instance)
        _private_file(instance / "portal.sqlite3")
    pseudonym_key = os.environ.get("PSEUDONYM_KEY")
    if not pseudonym_key and env == "production":
        # Anonymised rows join on pseudonyms made with this key: it must be set on purpose,
        # kept secret and never changed, so it cannot silently follow SECRET_KEY.
        raise ConfigError("PSEUDONYM_KEY must be set when PORTAL_ENV=production")
    max_connections = integer("PORTAL_DB_MAX_CONNECTIONS", 10)
    if max_connections < 1:
        raise ConfigError(f"PORTAL_DB_MAX_CONNECTIONS must be at least 1, not {max_connections}")
    stale_timeout = integer("PORTAL_DB_STALE_TIMEOUT", 300)
    if stale_timeout < 1:
        raise ConfigError(f"PORTAL_DB_STALE_TIMEOUT must be at least 1, not {stale_timeout}")
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        # Keyed pseudonyms of anonymised rows (development falls back to the secret key).
        "PSEUDONYM_KEY": pseudonym_key or secret,
        # The web app's pool (PostgreSQL and SQLite), per process: connections open at
        # most, and the seconds after which an idle connection is closed, not reused.
        "DB_MAX_CONNECTIONS": max_connections,
        "DB_STALE_TIMEOUT": stale_timeout,
        "WORKER_RETENTION_TIME": os.environ.get("PORTAL_RETENTION_TIME", "02:30"),
        "RETENTION_BATCH_SIZE": integer("PORTAL_RETENTION_BATCH_SIZE", 5000),
        "WORKER_DIGEST_TIME": os.environ.get("PORTAL_DIGEST_TIME", "07:30"),
        **_mail_settings(env),
    }


def open_database(settings: dict):
    """Bind the shared database handle to the configured database; return it."""
    return connect_database(settings["DATABASE_URL"])
