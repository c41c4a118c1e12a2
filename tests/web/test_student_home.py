"""The student's home is a hub; every page's footer names the privacy desk (issue 12 §4)."""

import pytest

from tests.support import html_of


@pytest.fixture
def app(app):
    app.config["PRIVACY_DESK"] = {
        "email": "privacyloket@example.edu",
        "phone": "053 489 9111",
        "address": "Postbus 217, 7500 AE Enschede",
        "url": "https://example.edu/privacy",
    }
    return app


def test_home_links_my_data_consent_rights_desk_and_the_authority(portal, sign_in):
    sign_in(first_name="Anna")
    html = html_of(portal.client.get("/student/"))
    assert html.count("<h1") == 1
    for path in ("/student/my-data", "/student/consent/", "/student/requests/"):
        assert f'href="{path}"' in html, path
    assert 'href="/student/requests/new/access"' in html
    hub = html[html.index('id="hub-desk"') :]
    assert 'href="mailto:privacyloket@example.edu"' in hub
    assert 'href="tel:0534899111"' in hub and "Postbus 217, 7500 AE Enschede" in hub
    assert 'href="https://example.edu/privacy"' in hub
    assert "Autoriteit Persoonsgegevens" in html[html.index('id="hub-complaint"') :]
    assert 'href="https://autoriteitpersoonsgegevens.nl/"' in html


def test_every_footer_carries_the_desk_contact(portal, sign_in, app):
    html = html_of(portal.client.get("/auth/login"))
    footer = html[html.index('<footer class="site-footer"') :]
    assert "privacyloket@example.edu" in footer and "053 489 9111" in footer
    app.config["PRIVACY_DESK"] = {"email": "", "phone": "", "address": "", "url": ""}
    sign_in()
    footer = html_of(portal.client.get("/student/my-data"))
    footer = footer[footer.index('<footer class="site-footer"') :]
    assert "mailto:" not in footer and "tel:" not in footer  # unset details left out


def test_desk_contact_comes_from_the_environment(monkeypatch):
    from webapp import desk_contact

    monkeypatch.setenv("PORTAL_DESK_PHONE", " 053 489 9111 ")
    monkeypatch.delenv("PORTAL_DESK_URL", raising=False)
    settings = desk_contact.from_environment()
    assert settings["phone"] == "053 489 9111" and settings["url"] == ""
