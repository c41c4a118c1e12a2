"""The NL Design System's CSS, vendored and served from our own origin, themed in one file."""

import re
from pathlib import Path

import pytest

from domain.accounts.roles import ADMIN, COUNSELLOR, DESK, DISCLOSURE, STUDENT
from tests.support import html_of
from webapp.navigation import menu_for

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "webapp" / "static"
VENDOR = STATIC / "vendor" / "utrecht"
STYLESHEETS = [
    "/static/vendor/utrecht/utrecht.min.css",  # the components
    "/static/theme.css",  # their design tokens: the one file a university replaces
    "/static/portal.css",  # the portal's own layout
]
EXTERNAL = re.compile(r"(https?:)?//[a-z0-9-]+(\.[a-z0-9-]+)+", re.I)


def test_the_components_and_the_theme_are_served_from_our_own_origin(client):
    css = client.get(STYLESHEETS[0])
    assert css.status_code == 200 and css.mimetype == "text/css"
    body = css.get_data(as_text=True)
    for component in (
        ".utrecht-button",
        ".utrecht-form-field",
        ".utrecht-textbox",
        ".utrecht-alert",
        ".utrecht-table",
        ".utrecht-nav-bar",
        ".utrecht-data-list",
    ):
        assert component in body, component
    # Only the components the pages use: not the 400 kB bundle of every component.
    assert len(css.get_data()) < 160_000
    theme = client.get(STYLESHEETS[1])
    assert theme.status_code == 200 and theme.mimetype == "text/css"
    tokens = theme.get_data(as_text=True)
    assert (
        "--portal-color-primary:" in tokens
        and "--utrecht-button-primary-action-background-color:" in tokens
    )


def test_the_vendored_css_comes_with_its_licence_and_versions():
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (VENDOR / "LICENSE.md").read_text()
    versions = (VENDOR / "VERSIONS.md").read_text()
    for package in re.findall(
        r"^(@utrecht/[a-z-]+@[0-9.]+)$", (ROOT / "scripts" / "vendor_nlds.sh").read_text(), re.M
    ):
        assert f"`{package}`" in versions, package
    assert "@utrecht/button-css@" in versions


@pytest.mark.parametrize("role", [STUDENT, DESK, COUNSELLOR, DISCLOSURE, ADMIN])
def test_every_page_links_the_theme_between_the_components_and_the_portal(
    app, portal, sign_in, role
):
    from flask import url_for

    sign_in(role)
    with app.test_request_context():
        urls = ["/"] + [url_for(entry.endpoint) for entry in menu_for(role)]
    assert len(urls) > 1
    for url in urls:
        html = html_of(portal.client.get(url, follow_redirects=True))
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', html) == STYLESHEETS, url
        for src in re.findall(r'<script src="([^"]+)"', html):
            assert src.startswith("/static/"), (url, src)
        assert "utrecht-button" in html, url  # the components are used, not only linked


def test_the_sign_in_and_error_pages_link_the_theme_too(client):
    for url, status in (("/auth/login", 200), ("/does-not-exist", 404)):
        html = html_of(client.get(url), status)
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', html) == STYLESHEETS, url


def test_no_template_or_stylesheet_loads_anything_from_another_origin():
    files = [*sorted((ROOT / "templates").rglob("*.html")), *sorted(STATIC.rglob("*.css"))]
    assert len(files) > 40
    for path in files:
        text = path.read_text()
        assert not EXTERNAL.search(text), (path, EXTERNAL.search(text).group(0))
        assert "@import" not in text, path
