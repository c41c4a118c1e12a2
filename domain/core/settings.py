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


def _secret_key(env: str, instance: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env == "production":
        raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production")
    # Development: generate once and keep it, so sessions survive restarts.
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance: Path | None = None) -> dict:
    """Return the shared settings; ``instance`` holds a development secret key."""
    instance = instance or INSTANCE
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be development, production or test, not {env!r}")
    secret = _secret_key(env, instance)
    pseudonym_key = os.environ.get("PSEUDONYM_KEY")
    if not pseudonym_key and env == "production":
        # Anonymised rows join on pseudonyms made with this key: it must be set on purpose,
        # kept secret and never changed, so it cannot silently follow SECRET_KEY.
        raise ConfigError("PSEUDONYM_KEY must be set when PORTAL_ENV=production")
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        # Keyed pseudonyms of anonymised rows (development falls back to the secret key).
        "PSEUDONYM_KEY": pseudonym_key or secret,
        "WORKER_RETENTION_TIME": os.environ.get("PORTAL_RETENTION_TIME", "02:30"),
        "RETENTION_BATCH_SIZE": integer("PORTAL_RETENTION_BATCH_SIZE", 5000),
    }


def open_database(settings: dict):
    """Bind the shared database handle to the configured database; return it."""
    return connect_database(settings["DATABASE_URL"])
