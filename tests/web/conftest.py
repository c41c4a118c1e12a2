"""Fixtures for tests of the web pages: sign in as any role, as flaskr's ``auth`` does."""

from __future__ import annotations

import pytest

from domain.accounts.roles import STUDENT


@pytest.fixture
def sign_in(portal, data):
    """Make an account of ``role`` and sign the portal in with it; return the account.

    A student account comes with a new person built from ``values`` (``account.person``).
    """

    def sign_in(role: str = STUDENT, **values):
        if role == STUDENT:
            _, account = data.student(**values)
        else:
            account = data.staff(role, **values)
        response = portal.login(account.username)
        assert response.status_code == 303, (role, response.status_code)
        return account

    return sign_in
