"""Smaller leaks of issue 11 §6: cached files, the language cookie, the instance folder."""

import datetime as dt
import stat

from domain.core.settings import from_environment
from domain.models import DirectDebitMandate, IdentityDocumentCopy


def test_files_served_to_students_are_not_stored_by_any_cache(portal, sign_in, data):
    account = sign_in()
    doc = IdentityDocumentCopy.create(
        person=account.person,
        title="Paspoort",
        document_type="passport",
        received_on=dt.date(2024, 1, 1),
        file_name="paspoort.pdf",
        file_data=b"%PDF-1.4 anna",
    )
    mandate = data.record(
        DirectDebitMandate,
        account.person,
        signed_on=dt.date(2020, 1, 1),
        file_name="machtiging.pdf",
        file_data=b"%PDF-1.4 mandate",
    )
    for url in (
        f"/student/my-data/file/IdentityDocumentCopy/{doc.id}",
        f"/student/my-data/file/DirectDebitMandate/{mandate.id}",
    ):
        response = portal.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Cookie" in response.headers["Vary"]


def test_static_files_may_still_be_cached(client):
    response = client.get("/static/portal.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_language_cookie_is_secure_in_production(app, portal):
    plain = portal.post("/language", {"lang": "en", "next": "/auth/login"})
    assert "Secure" not in plain.headers["Set-Cookie"]  # development over plain http
    app.config["PORTAL_ENV"] = "production"
    secure = portal.post("/language", {"lang": "en", "next": "/auth/login"})
    assert secure.status_code == 303
    assert "; Secure" in secure.headers["Set-Cookie"]


def test_the_development_database_and_instance_are_the_owners_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    settings = from_environment(instance)
    database = instance / "portal.sqlite3"
    assert settings["DATABASE_URL"] == f"sqlite:///{database}"
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600
