"""Sign-in: generic errors, rate limits, fresh sessions, local redirects, POST sign-out."""

import pytest

from domain.models import LoginAttempt

GENERIC_NL = "Het studentnummer of wachtwoord klopt niet."


def test_student_signs_in_and_lands_on_their_home(portal, data):
    person, _ = data.student()
    response = portal.login(person.student_number)
    assert response.status_code == 303
    home = portal.client.get("/", follow_redirects=True)
    assert f"Welkom, {person.first_name}" in home.get_data(as_text=True)


def test_username_is_case_insensitive(portal, data):
    person, _ = data.student()
    assert portal.login(person.student_number.upper()).status_code == 303


@pytest.mark.parametrize("username, password", [("s1234567", "demo"), ("unknown-user", "x")])
def test_wrong_password_and_unknown_user_get_one_message(portal, data, username, password):
    data.student(student_number="s1234567")
    response = portal.login(username, "wrong" if username == "s1234567" else password)
    assert response.status_code == 200
    assert GENERIC_NL in response.get_data(as_text=True)


def test_missing_fields_get_a_clear_message(portal, data):
    response = portal.client.post("/auth/login", data={"csrf_token": portal.token()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # a wrong form, as every form answers
    assert "Vul je studentnummer of gebruikersnaam in." in html
    assert "Vul je wachtwoord in." in html


def test_failures_are_rate_limited_per_account_and_client(app, portal, data):
    person, _ = data.student()
    limit = app.config["LOGIN_MAX_FAILURES_PER_CLIENT"]
    for _ in range(limit):
        assert portal.login(person.student_number, "wrong").status_code == 200
    blocked = portal.login(person.student_number, "demo")  # even the right password
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.get_data(as_text=True)


def test_failures_are_rate_limited_per_ip(app, portal, data):
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = 3
    person, _ = data.student()
    for n in range(3):
        portal.login(f"nobody{n}", "wrong")
    assert portal.login(person.student_number).status_code == 429


def test_success_clears_the_account_failures(portal, data):
    person, _ = data.student()
    portal.login(person.student_number, "wrong")
    assert portal.login(person.student_number).status_code == 303
    assert LoginAttempt.select().where(LoginAttempt.username == person.student_number).count() == 0


def test_session_is_renewed_at_sign_in(portal, data):
    person, _ = data.student()
    before = portal.token()
    portal.login(person.student_number)
    response = portal.client.post("/auth/logout", data={"csrf_token": before})
    assert response.status_code == 400  # the pre-login token died with the old session


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/student/my-data", "/student/my-data"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_next_only_accepts_local_paths(portal, data, target, expected):
    person, _ = data.student()
    response = portal.client.post(
        "/auth/login",
        data={
            "username": person.student_number,
            "password": "demo",
            "next": target,
            "csrf_token": portal.token(),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_sign_out_is_post_only(portal, data):
    person, _ = data.student()
    portal.login(person.student_number)
    assert portal.client.get("/auth/logout").status_code == 405
    response = portal.post("/auth/logout")
    assert response.status_code == 303
    assert portal.client.get("/student/").status_code == 302


def test_demo_password_refused_in_production(app, portal, data):
    person, _ = data.student()
    app.config["PORTAL_ENV"] = "production"
    response = portal.login(person.student_number, "demo")
    assert response.status_code == 200
    assert GENERIC_NL in response.get_data(as_text=True)


def test_real_password_works_in_production(app, portal, data):
    from domain.accounts.signin import hash_password

    person, _ = data.student(password_hash=hash_password("correct horse battery"))
    app.config["PORTAL_ENV"] = "production"
    assert portal.login(person.student_number, "correct horse battery").status_code == 303


def test_production_requires_a_secret_key(monkeypatch):
    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(ConfigError):
        from_environment()


def test_production_requires_a_pseudonym_key(monkeypatch):
    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("PSEUDONYM_KEY", raising=False)
    with pytest.raises(ConfigError, match="PSEUDONYM_KEY"):
        from_environment()


@pytest.mark.parametrize(
    "name, value", [("PORTAL_SESSION_MINUTES", "an hour"), ("PORTAL_DEFAULT_LOCALE", "de")]
)
def test_bad_configuration_is_named(monkeypatch, name, value):
    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        from_environment()


def test_development_secret_key_is_generated_once(monkeypatch, tmp_path):
    from webapp import config

    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("PORTAL_ENV", "development")
    first = config.from_environment()["SECRET_KEY"]
    assert len(first) == 64 and config.from_environment()["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


# --- Roles and the menu: one declaration (webapp/navigation.py) ---------------------------

MENU_RE = r'<nav class="[^"]*main-menu"[^>]*aria-label="[^"]*">(.*?)</nav>'


def _menu(html: str) -> str:
    import re

    found = re.search(MENU_RE, html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    "role, expected",
    [
        ("desk", ["/", "/desk/", "/desk/new", "/desk/consent/", "/staff/student"]),
        ("disclosure", ["/", "/disclosure/", "/disclosure/nse-results", "/disclosure/nse-links"]),
        (
            "admin",
            [
                "/",
                "/admin/register",
                "/admin/retention",
                "/admin/parties",
            ],
        ),
        ("counsellor", ["/", "/staff/student"]),
    ],
)
def test_each_staff_role_sees_its_own_menu(portal, data, role, expected):
    import re

    data.staff(role, username=f"{role}-user")
    portal.login(f"{role}-user")
    menu = _menu(portal.client.get("/").get_data(as_text=True))
    assert re.findall(r'href="([^"]+)"', menu) == expected


def test_student_menu_marks_the_current_page(portal, data):
    person, _ = data.student()
    portal.login(person.student_number)
    menu = _menu(portal.client.get("/student/my-data").get_data(as_text=True))
    assert 'href="/student/my-data" aria-current="page"' in menu
    assert menu.count('aria-current="page"') == 1
    assert 'href="/student/consent/" aria-current' not in menu


def test_sub_pages_mark_their_menu_entry(portal, data):
    data.staff("admin", username="admin-user")
    portal.login("admin-user")
    menu = _menu(portal.client.get("/admin/parties/new").get_data(as_text=True))
    assert 'href="/admin/parties" aria-current="page"' in menu


@pytest.mark.parametrize(
    "role, url",
    [
        ("desk", "/admin/parties"),
        ("disclosure", "/admin/register"),
        ("admin", "/student/"),
        ("admin", "/student/consent/"),
        ("desk", "/disclosure/"),
        ("student", "/admin/register"),
        ("counsellor", "/desk/"),
        ("disclosure", "/staff/student"),
        ("admin", "/staff/student"),
        ("student", "/staff/student"),
    ],
)
def test_blueprints_refuse_roles_the_declaration_does_not_name(portal, data, role, url):
    if role == "student":
        person, _ = data.student()
        portal.login(person.student_number)
    else:
        data.staff(role, username=f"{role}-user")
        portal.login(f"{role}-user")
    assert portal.client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url", ["/student/", "/student/consent/", "/admin/parties", "/disclosure/"]
)
def test_anonymous_visitors_of_guarded_blueprints_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_every_menu_entry_opens_for_its_own_role(app):
    from webapp.navigation import AUDIENCES, roles_for

    for role, audience in AUDIENCES.items():
        for entry in (*audience.menu, *audience.shortcuts):
            blueprint = entry.endpoint.split(".")[0]
            assert entry.endpoint in app.view_functions
            assert not roles_for(blueprint) or role in roles_for(blueprint), entry


def test_error_summary_links_to_each_wrong_field(portal, data):
    response = portal.client.post("/auth/login", data={"csrf_token": portal.token()})
    html = response.get_data(as_text=True)
    summary = html[html.index('error-summary"') :]
    assert '<a href="#username">' in summary and '<a href="#password">' in summary
    assert 'aria-describedby="username-error"' in html


def test_field_macro_links_the_hint_and_the_error(app):
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import StringField

    class Form(FlaskForm):
        name = StringField("Name", description="As on your passport")

    with app.test_request_context():
        form = Form(meta={"csrf": False})
        form.name.errors = ["Enter a name."]
        html = render_template_string(
            '{% from "_macros.html" import field %}{{ field(form.name) }}', form=form
        )
    assert 'aria-describedby="name-hint name-error"' in html
    hint, error = "utrecht-form-field-description hint", "utrecht-form-field-error-message error"
    assert f'<p class="{hint}" id="name-hint">As on your passport</p>' in html
    assert f'<p class="{error}" id="name-error">Enter a name.</p>' in html
    # The NL Design System's form field, invalid, with a text box and its label.
    assert "utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid" in html
    assert '<label class="utrecht-form-label" for="name">Name</label>' in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html
