"""Fixtures of the SSO tests: one real OpenID Provider per session, a portal signed up to it."""

from __future__ import annotations

import pytest

from tests.sso.support import IdentityProviderUser, OpenIdProvider, run_provider

# The portal under Flask's test client: what the provider must send the user back to.
REDIRECT_URI = "http://localhost/sso/callback"


@pytest.fixture(scope="session")
def oidc_provider():
    with run_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def oidc_clients(oidc_provider):
    """Clients registered at the provider, one per variant of its answers (made on first use)."""
    made = {}

    def client(variant: str | None = None):
        if variant not in made:
            made[variant] = oidc_provider.register(REDIRECT_URI, variant)
        return made[variant]

    return client


def _maker(db_url: str, provider: OpenIdProvider, clients):
    from webapp import create_app

    def make(variant: str | None = None, **config):
        settings = provider.portal_config(clients(variant), **config)
        return create_app({"TESTING": True, "DATABASE_URL": db_url, **settings})

    return make


@pytest.fixture
def sso_app(db_url, oidc_provider, oidc_clients):
    """Make the portal signed up at the provider (``variant``: provider.js VARIANTS),
    on SQLite and on PostgreSQL."""
    return _maker(db_url, oidc_provider, oidc_clients)


@pytest.fixture(scope="module")
def shared_sqlite(tmp_path_factory) -> str:
    """One migrated SQLite database for a module's tests of the protocol alone.

    Their refusals happen before any account is looked up, so the backend does not
    matter; each test makes its own people (factories give each a new number).
    """
    from domain.core.db import connect_database
    from domain.core.schema import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('sso') / 'portal.sqlite3'}"
    db = connect_database(url)
    with db.connection_context():
        upgrade(db)
    return url


@pytest.fixture
def protocol_app(shared_sqlite, oidc_provider, oidc_clients):
    """``sso_app`` on the module's one SQLite database."""
    return _maker(shared_sqlite, oidc_provider, oidc_clients)


@pytest.fixture
def idp_user():
    """The user's browser at the provider."""
    return IdentityProviderUser(REDIRECT_URI)
