"""Templates compiled per language, fragments rendered once, addresses kept (webapp/templating.py).

What is kept between requests must never show one language's words, one role's menu or
one mount point's addresses to another request, and must hold nothing of a person.
"""

from __future__ import annotations

import re

import pytest

from webapp import templating


def _switch(portal, lang: str) -> None:
    portal.post("/language", {"lang": lang, "next": "/"})


def test_fixed_texts_follow_each_requests_language_in_turn(portal, data):
    person, _ = data.student()
    portal.login(person.student_number)
    for lang, sign_out, main_menu in [
        ("nl", "Uitloggen", "Hoofdmenu"),
        ("en", "Sign out", "Main menu"),
        ("nl", "Uitloggen", "Hoofdmenu"),
        ("en", "Sign out", "Main menu"),
    ]:
        _switch(portal, lang)
        html = portal.client.get("/student/").get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert f">{sign_out}</button>" in html
        assert f'aria-label="{main_menu}"' in html
        other = "Sign out" if lang == "nl" else "Uitloggen"
        assert other not in html


def test_a_fixed_text_with_a_percent_sign_prints_as_the_call_did(app):
    """A fixed text is a format string: "%%" prints "%"; one that names a missing variable
    is left to the call, which fails as it always did."""
    with app.test_request_context("/", headers={"Cookie": "portal_lang=en"}):
        assert app.jinja_env.from_string('{{ _("100%% sure") }}').render() == "100% sure"
        with pytest.raises(KeyError):
            app.jinja_env.from_string('{{ _("%(x)s") }}').render()


def test_the_menu_marks_the_page_per_role_and_language(portal, data):
    person, _ = data.student()
    data.staff("admin", username="admin-user")
    portal.login(person.student_number)
    for path in ("/student/my-data", "/student/consent/", "/student/my-data"):
        html = portal.client.get(path).get_data(as_text=True)
        assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [path]
    _switch(portal, "en")
    html = portal.client.get("/student/consent/").get_data(as_text=True)
    assert ">Consent</a>" in html and ">Toestemming</a>" not in html
    portal.client.post("/auth/logout", data={"csrf_token": portal.token()})
    portal.login("admin-user")
    html = portal.client.get("/admin/parties").get_data(as_text=True)
    assert 'href="/student/' not in html
    assert 'href="/admin/parties" aria-current="page"' in html


def test_addresses_follow_the_mount_point_of_each_request(portal, data):
    """The same process behind two prefixes: every address carries its own request's."""
    person, _ = data.student()
    portal.login(person.student_number)
    plain = portal.client.get("/student/").get_data(as_text=True)
    mounted = portal.client.get("/student/", environ_overrides={"SCRIPT_NAME": "/portal"}).get_data(
        as_text=True
    )
    again = portal.client.get("/student/").get_data(as_text=True)
    assert 'href="/static/portal.css"' in plain and 'href="/student/my-data"' in plain
    assert 'href="/portal/static/portal.css"' in mounted
    assert 'href="/portal/student/my-data"' in mounted
    assert 'href="/portal/student/requests/new/access"' in mounted
    assert "/portal/" not in again
    assert 'href="/student/my-data"' not in mounted


def test_addresses_of_a_persons_records_are_not_kept(portal, data, app):
    """Only addresses built from vocabulary arguments are kept between requests."""
    person, _ = data.student()
    portal.login(person.student_number)
    from domain.requests import operations as ops

    ops.file_request(person.id, "access", {}, language="nl")
    html = portal.client.get("/student/requests/").get_data(as_text=True)
    references = set(re.findall(r'href="/student/requests/(AVG-[^"/]+)"', html))
    assert references, "the student's request is listed with its own address"
    kept = app.jinja_env.globals["url_for"].kept
    assert kept, "fixed addresses are kept"
    assert all(set(map(str, key)).isdisjoint(references) for key in kept)
    for key in kept:
        names = {part[0] for part in key[2:]}
        assert names <= templating.VOCABULARY_ARGUMENTS
