"""The mail settings read from the environment: defaults, checks, production demands."""

import pytest

from domain.core.settings import ConfigError, from_environment

MAIL_VARIABLES = (
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_FROM",
    "PORTAL_URL",
    "DESK_DIGEST_TO",
    "PORTAL_DIGEST_TIME",
)


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in MAIL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_ENV", "development")

    def read(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return from_environment(tmp_path)

    return read


def test_defaults_send_nothing_until_a_server_is_set(env):
    settings = env()
    assert settings["MAIL_SERVER"] == "" and settings["MAIL_PORT"] == 25
    assert settings["MAIL_USE_TLS"] is False and settings["MAIL_USE_SSL"] is False
    assert settings["PORTAL_URL"] == "http://127.0.0.1:5000"
    assert settings["DESK_DIGEST_TO"] == ()
    assert settings["WORKER_DIGEST_TIME"] == "07:30"


def test_a_relay_with_starttls_and_a_login(env):
    settings = env(
        MAIL_SERVER="smtp.example.nl",
        MAIL_USE_TLS="true",
        MAIL_USERNAME="portal",
        MAIL_PASSWORD="secret",
        MAIL_FROM="Privacyportaal <privacy@example.nl>",
        PORTAL_URL="https://privacy.example.nl/",
        DESK_DIGEST_TO="privacyloket@example.nl, avg@example.nl",
        PORTAL_DIGEST_TIME="06:45",
    )
    assert settings["MAIL_PORT"] == 587 and settings["MAIL_USE_TLS"] is True
    assert settings["MAIL_USERNAME"] == "portal" and settings["MAIL_PASSWORD"] == "secret"
    assert settings["PORTAL_URL"] == "https://privacy.example.nl"
    assert settings["DESK_DIGEST_TO"] == ("privacyloket@example.nl", "avg@example.nl")
    assert settings["WORKER_DIGEST_TIME"] == "06:45"
    assert env(MAIL_USE_TLS="0", MAIL_USE_SSL="yes")["MAIL_PORT"] == 465
    assert env(MAIL_PORT="2525")["MAIL_PORT"] == 2525


@pytest.mark.parametrize(
    "values, named",
    [
        ({"MAIL_USE_TLS": "1", "MAIL_USE_SSL": "1"}, "MAIL_USE_SSL"),
        ({"MAIL_USE_TLS": "maybe"}, "MAIL_USE_TLS"),
        ({"MAIL_PORT": "smtp"}, "MAIL_PORT"),
        ({"PORTAL_URL": "privacy.example.nl"}, "PORTAL_URL"),
        ({"DESK_DIGEST_TO": "privacyloket, avg@example.nl"}, "DESK_DIGEST_TO"),
    ],
)
def test_bad_values_are_refused_by_name(env, values, named):
    with pytest.raises(ConfigError, match=named):
        env(**values)


@pytest.mark.parametrize("missing", ["PORTAL_URL", "MAIL_FROM"])
def test_production_mail_needs_the_real_portal_address_and_sender(env, monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("PSEUDONYM_KEY", "p")
    values = {
        "PORTAL_ENV": "production",
        "MAIL_SERVER": "smtp.example.nl",
        "PORTAL_URL": "https://privacy.example.nl",
        "MAIL_FROM": "privacy@example.nl",
    }
    assert env(**values)["MAIL_SERVER"] == "smtp.example.nl"
    del values[missing]
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigError, match=missing):
        env(**values)
