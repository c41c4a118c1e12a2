"""A real OpenID Provider for the SSO tests: tests/oidc_provider/provider.js under Node.

``run_provider()`` starts it on 127.0.0.1 (a port of the system's choosing) and stops it
after; ``OpenIdProvider.register`` registers a client the way an SP is registered at
SURFconext (its redirect URI; optionally a variant of the provider's answers, such as a
deliberately wrong ID token); and
``IdentityProviderUser`` plays the user's browser at the provider: follow the portal's
redirect there, type a username, come back with the code.

Node and the installed package (``npm ci`` in tests/oidc_provider, which ``dev.py test``
and ``.ci/run`` do) are needed; without them the tests are skipped with the reason,
except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
IN_CI = os.environ.get("CI", "").lower() == "true"
START_SECONDS = 20
# The institution's scope the test provider gives its users (provider.js SCOPE).
SCOPE = "universiteit.example"


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (the OpenID Provider tests are mandatory under CI=true)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str


class OpenIdProvider:
    """The running provider: its issuer URL, and registering clients at it."""

    def __init__(self, issuer: str, registration_token: str):
        self.issuer = issuer
        self._token = registration_token

    def register(self, redirect_uri: str, variant: str | None = None) -> Client:
        """Register a confidential web client; ``variant``: provider.js VARIANTS."""
        metadata = {
            "redirect_uris": [redirect_uri],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
        if variant:
            metadata["test_variant"] = variant
        response = requests.post(
            f"{self.issuer}/reg",
            json=metadata,
            headers={"Authorization": f"Bearer {self._token}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return Client(body["client_id"], body["client_secret"])

    def portal_config(self, client: Client, **overrides) -> dict:
        """The portal's Flask config for signing in through this provider as ``client``."""
        config = {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": client.client_id,
            "OIDC_CLIENT_SECRET": client.client_secret,
            "OIDC_SCOPES": "openid",
            "OIDC_ACCOUNT_CLAIM": "eduperson_principal_name",
            "OIDC_ACCOUNT_SCOPE": SCOPE,
            "OIDC_PROVIDER_NAME": "SURFconext",
            "OIDC_TIMEOUT_SECONDS": 10,
        }
        config.update(overrides)
        return config

    def portal_environment(self, client: Client) -> dict[str, str]:
        """The same as environment variables (for a portal built by ``create_app()``)."""
        return {
            "PORTAL_OIDC_ISSUER": self.issuer,
            "PORTAL_OIDC_CLIENT_ID": client.client_id,
            "PORTAL_OIDC_CLIENT_SECRET": client.client_secret,
            "PORTAL_OIDC_ACCOUNT_CLAIM": "eduperson_principal_name",
            "PORTAL_OIDC_ACCOUNT_SCOPE": SCOPE,
        }


@contextmanager
def run_provider():
    """Start provider.js under Node; yield an ``OpenIdProvider``; stop it."""
    node = shutil.which("node")
    if not node:
        _unavailable("Node.js is not installed: the OpenID Provider tests need it")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        _unavailable(f"oidc-provider is not installed: run 'npm ci' in {PROVIDER_DIR}")
    token = secrets.token_urlsafe(24)
    process = subprocess.Popen(
        [node, "provider.js"],
        cwd=PROVIDER_DIR,
        env={**os.environ, "REGISTRATION_TOKEN": token, "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        issuer = _wait_for_issuer(process)
        yield OpenIdProvider(issuer, token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_issuer(process: subprocess.Popen) -> str:
    found: list[str] = []
    lines: list[str] = []

    def read():
        for line in process.stdout:
            lines.append(line.rstrip())
            if line.startswith("listening "):
                found.append(line.split(" ", 1)[1].strip())
                break

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_SECONDS)
    if not found:
        process.kill()
        _, errors = process.communicate(timeout=10)
        raise RuntimeError(f"the OpenID Provider did not start: {lines} {errors[-2000:]}")
    # Keep the pipes drained, so the provider never blocks writing its warnings.
    for stream in (process.stdout, process.stderr):
        threading.Thread(target=lambda s=stream: [None for _ in s], daemon=True).start()
    return found[0]


class IdentityProviderUser:
    """The user's browser at the provider: cookies of its own, redirects followed by hand."""

    def __init__(self, redirect_uri: str):
        self.redirect_uri = redirect_uri
        self.http = requests.Session()

    def sign_in(self, authorize_url: str, username: str, action: str = "login") -> str:
        """Follow ``authorize_url``, sign in as ``username``; return the portal callback URL."""
        url = authorize_url
        for _ in range(10):
            if url.startswith(self.redirect_uri):
                return url
            if urlsplit(url).path.startswith("/interaction/"):
                form = {"login": username, "action": action}
                response = self.http.post(url, data=form, allow_redirects=False, timeout=10)
            else:
                response = self.http.get(url, allow_redirects=False, timeout=10)
            assert response.status_code in (302, 303), (response.status_code, response.text)
            url = urljoin(url, response.headers["Location"])
        raise AssertionError(f"never came back to {self.redirect_uri}")


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


# --------------------------------------------------------------------------- the portal's side

FAILED_NL = "Inloggen via SURFconext is niet gelukt"
UNKNOWN_NL = "het Privacyportaal heeft geen account voor je"


def start(client, next_url: str | None = None) -> str:
    """Follow 'Sign in with SURFconext'; return where the portal sends the browser."""
    url = "/sso/login" + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def come_back(client, callback_url: str):
    """The browser arrives at the portal's callback (as the provider redirected it)."""
    return client.get(path_and_query(callback_url))


def signed_in(client) -> bool:
    """True when the client's session opens a student's page (not the sign-in page)."""
    return client.get("/student/").status_code == 200


def assert_refused(client, response, message: str, status: int = 400) -> str:
    """A refusal: the status, the message in Dutch, the page's title, and no session."""
    from tests.support import html_of

    html = html_of(response, status)
    assert message in html, html[:2000]
    assert "<h1>Inloggen is niet gelukt</h1>" in html
    assert not signed_in(client)
    return html


def csrf_token(client) -> str:
    page = client.get("/auth/login", follow_redirects=True).get_data(as_text=True)
    return page.split('"X-CSRFToken": "', 1)[1].split('"', 1)[0]


def sign_out(client) -> None:
    response = client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert not signed_in(client)
