"""ProxyFix: the client's address comes from X-Forwarded-For only behind trusted proxies."""

from __future__ import annotations

import pytest

from domain.models import LoginAttempt
from webapp import create_app


@pytest.mark.parametrize(
    "proxies, expected",
    [(0, "10.0.0.9"), (1, "203.0.113.7")],
)
def test_failed_sign_in_is_recorded_by_the_real_client(app, data, proxies, expected):
    config = {**app.config, "TRUSTED_PROXIES": proxies}
    client = create_app(config).test_client()
    page = client.get("/auth/login", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={"username": "nobody", "password": "wrong", "csrf_token": token},
        # The client forges a first address; the proxy appends the one it saw.
        headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert [a.ip_address for a in LoginAttempt.select()] == [expected]


@pytest.mark.parametrize(
    "name, value",
    [
        ("PORTAL_TRUSTED_PROXIES", "-1"),
        ("PORTAL_SESSION_MAX_HOURS", "25"),
        ("PORTAL_SESSION_MINUTES", "0"),
        ("PORTAL_SESSION_MINUTES", "721"),  # longer than the 12-hour lifetime
    ],
)
def test_session_and_proxy_settings_out_of_range_are_named(monkeypatch, name, value):
    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        from_environment()


def test_session_defaults():
    from webapp.config import from_environment

    config = from_environment()
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (30, 12)
    assert config["TRUSTED_PROXIES"] == 0
