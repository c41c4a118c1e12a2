"""The SSO settings from the environment (webapp/sso/settings.py), and what they refuse."""

from __future__ import annotations

import pytest

from domain.core.settings import ConfigError
from webapp.sso.settings import discovery_url, sso_settings

ISSUER = "https://connect.surfconext.nl"


@pytest.fixture
def env(monkeypatch):
    for name in (
        "PORTAL_OIDC_ISSUER",
        "PORTAL_OIDC_CLIENT_ID",
        "PORTAL_OIDC_CLIENT_SECRET",
        "PORTAL_OIDC_SCOPES",
        "PORTAL_OIDC_ACCOUNT_CLAIM",
        "PORTAL_OIDC_ACCOUNT_SCOPE",
        "PORTAL_OIDC_NAME",
        "PORTAL_OIDC_TIMEOUT",
        "PORTAL_LOCAL_PASSWORDS",
    ):
        monkeypatch.delenv(name, raising=False)

    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def with_sso(env, **more):
    env(
        PORTAL_OIDC_ISSUER=ISSUER,
        PORTAL_OIDC_CLIENT_ID="portal.universiteit.example",
        PORTAL_OIDC_CLIENT_SECRET="s3cret",
        **more,
    )


def test_without_an_issuer_there_is_no_sso_and_passwords_stay(env):
    settings = sso_settings(production=True)
    assert settings["OIDC_ISSUER"] == ""
    assert settings["LOCAL_PASSWORDS"] is True


def test_production_with_sso_turns_passwords_off_unless_asked(env):
    with_sso(env)
    settings = sso_settings(production=True)
    assert settings["LOCAL_PASSWORDS"] is False
    assert settings["OIDC_SCOPES"] == "openid"
    assert settings["OIDC_ACCOUNT_CLAIM"] == "eduperson_principal_name"
    assert settings["OIDC_PROVIDER_NAME"] == "SURFconext"
    env(PORTAL_LOCAL_PASSWORDS="true")
    assert sso_settings(production=True)["LOCAL_PASSWORDS"] is True


def test_development_with_sso_keeps_passwords_unless_asked(env):
    with_sso(env)
    assert sso_settings(production=False)["LOCAL_PASSWORDS"] is True
    env(PORTAL_LOCAL_PASSWORDS="off")
    assert sso_settings(production=False)["LOCAL_PASSWORDS"] is False


def test_the_discovery_address_may_be_given_for_the_issuer(env):
    with_sso(env)
    env(PORTAL_OIDC_ISSUER=ISSUER + "/.well-known/openid-configuration")
    assert sso_settings(production=True)["OIDC_ISSUER"] == ISSUER
    assert discovery_url(ISSUER) == ISSUER + "/.well-known/openid-configuration"
    assert discovery_url(ISSUER + "/") == ISSUER + "/.well-known/openid-configuration"


def test_the_scope_is_lower_case_and_scopes_are_one_space_apart(env):
    with_sso(env, PORTAL_OIDC_ACCOUNT_SCOPE=" UTwente.NL ", PORTAL_OIDC_SCOPES="openid   profile")
    settings = sso_settings(production=False)
    assert settings["OIDC_ACCOUNT_SCOPE"] == "utwente.nl"
    assert settings["OIDC_SCOPES"] == "openid profile"


@pytest.mark.parametrize(
    "values, production, named",
    [
        ({"PORTAL_LOCAL_PASSWORDS": "false"}, False, "PORTAL_LOCAL_PASSWORDS"),
        ({"PORTAL_OIDC_ISSUER": ISSUER}, False, "PORTAL_OIDC_CLIENT_ID"),
        (
            {"PORTAL_OIDC_ISSUER": ISSUER, "PORTAL_OIDC_CLIENT_ID": "portal"},
            False,
            "PORTAL_OIDC_CLIENT_SECRET",
        ),
        ({"PORTAL_OIDC_ISSUER": "connect.surfconext.nl"}, False, "PORTAL_OIDC_ISSUER"),
        ({"PORTAL_OIDC_ISSUER": "http://idp.example"}, True, "https"),
        ({"PORTAL_LOCAL_PASSWORDS": "maybe"}, False, "PORTAL_LOCAL_PASSWORDS"),
        ({"PORTAL_OIDC_TIMEOUT": "0"}, False, "PORTAL_OIDC_TIMEOUT"),
    ],
)
def test_a_set_up_that_cannot_work_is_refused_by_name(env, values, production, named):
    env(**values)
    with pytest.raises(ConfigError, match=named):
        sso_settings(production=production)


def test_scopes_without_openid_are_refused(env):
    with_sso(env, PORTAL_OIDC_SCOPES="profile email")
    with pytest.raises(ConfigError, match="openid"):
        sso_settings(production=False)
