"""Plain helpers every layer's tests share: read a page, drive the portal, count queries.

Fixtures live in the conftest.py files; what a test imports lives here, because no test
imports from a conftest.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from domain.core.db import database

CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def html_of(response, status: int = 200) -> str:
    """Return the response's text after checking its status code."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, (response.status_code, text[:500])
    return text


class Portal:
    """Drive the portal as a user would: sign in, then get and post with CSRF tokens."""

    def __init__(self, client):
        self.client = client

    def token(self) -> str:
        page = self.client.get("/auth/login", follow_redirects=True)
        match = CSRF_RE.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def login(self, username: str, password: str = "demo"):
        return self.client.post(
            "/auth/login",
            data={"username": username, "password": password, "csrf_token": self.token()},
        )

    def post(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        payload = dict(data or {})
        if htmx:
            headers.update({"HX-Request": "true", "X-CSRFToken": self.token()})
        else:
            payload.setdefault("csrf_token", self.token())
        return self.client.post(url, data=payload, headers=headers, **kwargs)


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block."""
    statements: list[str] = []
    target = database.obj
    original = target.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    target.execute_sql = counting
    try:
        yield statements
    finally:
        del target.execute_sql


def statements_of(client, path: str, **kwargs) -> int:
    """How many SQL statements one GET of ``path`` runs (the page must answer 200)."""
    with count_queries() as statements:
        html_of(client.get(path, **kwargs))
    return len(statements)


def insert_person_and_programme(db) -> None:
    """Person 1 and programme 1 written in plain SQL, for tests of a migration in progress."""
    p = db.param
    db.execute_sql(
        "INSERT INTO programme (code, name_nl, name_en, faculty, level) "
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        ("56964", "TI", "CS", "EEMCS", "bachelor"),
    )
    db.execute_sql(
        "INSERT INTO person (student_number, initials, first_name, prefix, surname, "
        "date_of_birth, university_email, nationality, is_restricted, created_at) "
        f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
        (
            "s0000001",
            "A.",
            "Anna",
            "",
            "Dijk",
            "2003-02-28",
            "a@utwente.nl",
            "Nederlandse",
            False,
            "2024-09-01 00:00:00",
        ),
    )


def confirm_delivery(portal, url: str, data: dict):
    """Make a delivery as the officer does: preview, then confirm with the preview's token.

    Returns the preview's response when it offers nothing to confirm (a refused form).
    """
    import html as html_module
    import re

    values = {k: v for k, v in data.items() if k != "action"}
    preview = portal.post(url, {**values, "action": "preview"})
    page = preview.get_data(as_text=True)
    token = re.search(r'name="run_token" value="([^"]+)"', page)
    if preview.status_code != 200 or token is None:
        return preview
    previewed = re.search(r'name="previewed" value="([^"]*)"', page).group(1)
    return portal.post(
        url,
        {
            **values,
            "action": "run",
            "run_token": token.group(1),
            "previewed": html_module.unescape(previewed),
        },
    )
