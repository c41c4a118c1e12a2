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
