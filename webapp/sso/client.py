"""The portal as an OpenID Connect relying party, through Authlib's Flask client.

Authorization code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session
until the callback, and the ID token checked before anything is believed: its signature
against the provider's published keys (JWKS), the issuer, the audience (this portal's
client id and nobody else), expiry and issue time, and the nonce of this sign-in.
Authlib checks the signature, expiry and nonce; the issuer and the audience are stated
here explicitly, because Authlib's own audience check accepts a token for another
audience as long as it names this portal in ``azp``.
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from webapp.sso.settings import discovery_url

NAME = "portal_sso"
# Clock difference tolerated between the provider and the portal, in seconds.
LEEWAY = 60


class ProviderProblem(Exception):
    """The provider answered something the portal cannot trust or use."""


def configured(app: Flask | None = None) -> bool:
    """True when sign-in through an OpenID Provider is set up."""
    return bool((app or current_app).config.get("OIDC_ISSUER"))


def provider():
    """The Authlib client of this app (made on first use: no network while starting)."""
    app = current_app._get_current_object()
    client = app.extensions.get(NAME)
    if client is None:
        config = app.config
        registry = OAuth(app)
        client = registry.register(
            NAME,
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=discovery_url(config["OIDC_ISSUER"]),
            client_kwargs={
                "scope": config["OIDC_SCOPES"],
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_basic",
                "default_timeout": config["OIDC_TIMEOUT_SECONDS"],
            },
        )
        app.extensions[NAME] = client
    return client


def metadata(client) -> dict:
    """The provider's discovery document, once it names the configured issuer.

    :raise ProviderProblem: when it names another issuer (OpenID Connect Discovery 4.3).
    """
    found = client.load_server_metadata()
    if found.get("issuer") != current_app.config["OIDC_ISSUER"]:
        raise ProviderProblem(f"discovery names issuer {found.get('issuer')!r}")
    return found


def id_token_rules() -> dict:
    """Claims options for Authlib: what an ID token must say to be believed.

    Made anew for every check: Authlib takes the ``validate`` hooks out of the options.
    """
    config = current_app.config
    client_id = config["OIDC_CLIENT_ID"]
    return {
        "iss": {"essential": True, "value": config["OIDC_ISSUER"]},
        # Only this portal: a token that also names other audiences is not ours alone.
        "aud": {"essential": True, "validate": lambda _c, aud: aud in (client_id, [client_id])},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True},
    }
