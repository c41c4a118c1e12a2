"""The settings of sign-in through an OpenID Provider (SURFconext), read from the environment.

Every variable is in the README's configuration table. Without ``PORTAL_OIDC_ISSUER`` the
portal has no SSO and signs in with local passwords only.
"""

from __future__ import annotations

import os

from domain.core.settings import ConfigError, boolean, integer

DISCOVERY_PATH = "/.well-known/openid-configuration"


def issuer_from(raw: str) -> str:
    """The issuer identifier, also when the discovery document's own URL was given.

    Otherwise kept exactly as given: the provider's metadata and every ID token must name
    the same string (OpenID Connect Discovery 4.3).
    """
    issuer = raw.strip()
    if issuer.endswith(DISCOVERY_PATH):
        issuer = issuer[: -len(DISCOVERY_PATH)]
    return issuer


def discovery_url(issuer: str) -> str:
    """Where the provider's metadata is (OpenID Connect Discovery 4.1)."""
    return issuer.rstrip("/") + DISCOVERY_PATH


def sso_settings(production: bool) -> dict:
    """Return the SSO settings. :raise ConfigError: for a set-up nobody could sign in with."""
    issuer = issuer_from(os.environ.get("PORTAL_OIDC_ISSUER") or "")
    client_id = (os.environ.get("PORTAL_OIDC_CLIENT_ID") or "").strip()
    secret = os.environ.get("PORTAL_OIDC_CLIENT_SECRET") or ""
    scopes = " ".join((os.environ.get("PORTAL_OIDC_SCOPES") or "openid").split())
    claim = (os.environ.get("PORTAL_OIDC_ACCOUNT_CLAIM") or "eduperson_principal_name").strip()
    if issuer:
        if not issuer.startswith(("https://", "http://")):
            raise ConfigError(f"PORTAL_OIDC_ISSUER must be an https:// address, not {issuer!r}")
        if production and not issuer.startswith("https://"):
            raise ConfigError("PORTAL_OIDC_ISSUER must be an https:// address in production")
        if not client_id or not secret:
            raise ConfigError(
                "PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET must be set "
                "when PORTAL_OIDC_ISSUER is set"
            )
        if "openid" not in scopes.split():
            raise ConfigError(f"PORTAL_OIDC_SCOPES must include openid, not {scopes!r}")
    # Production with SSO: local passwords are off unless asked for; elsewhere they stay on.
    local_passwords = boolean("PORTAL_LOCAL_PASSWORDS", not (production and issuer))
    if not local_passwords and not issuer:
        raise ConfigError(
            "PORTAL_LOCAL_PASSWORDS=false needs PORTAL_OIDC_ISSUER: nobody could sign in"
        )
    timeout = integer("PORTAL_OIDC_TIMEOUT", 10)
    if timeout < 1:
        raise ConfigError(f"PORTAL_OIDC_TIMEOUT must be at least 1 second, not {timeout}")
    return {
        "OIDC_ISSUER": issuer,
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": secret,
        "OIDC_SCOPES": scopes,
        "OIDC_ACCOUNT_CLAIM": claim,
        "OIDC_ACCOUNT_SCOPE": (os.environ.get("PORTAL_OIDC_ACCOUNT_SCOPE") or "").strip().lower(),
        "OIDC_PROVIDER_NAME": (os.environ.get("PORTAL_OIDC_NAME") or "SURFconext").strip(),
        "OIDC_TIMEOUT_SECONDS": timeout,
        "LOCAL_PASSWORDS": local_passwords,
    }
