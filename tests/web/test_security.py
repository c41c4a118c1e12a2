"""Headers, CSRF, body limits, anonymous access and the health check."""

import pytest

PAGES = [
    "/auth/login",
    "/student/",
    "/student/my-data",
    "/admin/register",
    "/healthz",
    "/does-not-exist",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/", "/student/", "/student/my-data", "/student/my-data/identity", "/admin/register"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_pages_have_no_inline_script_or_style(portal, sign_in):
    sign_in()
    for url in ("/auth/login", "/student/", "/student/my-data", "/student/my-data/identity"):
        html = portal.client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "<style" not in html and " style=" not in html
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src=") and tag.split(">", 1)[1].startswith("</script")


def test_session_cookie_is_hardened(portal, data):
    person, _ = data.student()
    response = portal.login(person.student_number)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(monkeypatch, db_url):
    from webapp import create_app

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PSEUDONYM_KEY", "a-long-random-production-key")
    app = create_app({"DATABASE_URL": db_url})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_post_without_csrf_token_is_refused(portal, sign_in):
    sign_in()
    assert portal.client.post("/auth/logout").status_code == 400
    bad = portal.client.post("/auth/logout", data={"csrf_token": "forged"})
    assert bad.status_code == 400
    assert "Herlaad de pagina" in bad.get_data(as_text=True)


def test_htmx_post_sends_the_token_in_a_header(portal, sign_in):
    sign_in()
    missing = portal.client.post("/auth/logout", headers={"HX-Request": "true"})
    assert missing.status_code == 400
    assert portal.post("/auth/logout", htmx=True).status_code == 303


def test_sign_in_without_csrf_is_refused(client, data):
    person, _ = data.student()
    response = client.post(
        "/auth/login", data={"username": person.student_number, "password": "demo"}
    )
    assert response.status_code == 400


def test_oversized_body_is_refused(app, portal):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = portal.client.post("/auth/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_reports_a_broken_database(tmp_path):
    from webapp import create_app

    app = create_app({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}  # no driver class names (§6)


def test_write_requests_are_all_or_nothing(app, db_url):
    """A POST that fails halfway leaves nothing behind."""
    from domain.models import Programme
    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False})

    @app.post("/test-half-write")
    def half_write():
        Programme.create(code="X1", name_nl="x", name_en="x", faculty="F", level="bachelor")
        raise RuntimeError("fails after the first write")

    assert app.test_client().post("/test-half-write").status_code == 500
    assert Programme.select().where(Programme.code == "X1").count() == 0
