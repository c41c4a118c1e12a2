"""The floor of ``benchmarks/pages.py``: the least a signed-in page can do on this stack.

Flask's cookie session read, one indexed row looked up through peewee on a connection kept
open (as the portal's pool keeps one), and a fixed template of about 6 KB (the size of the
portal's home page) with that row's name in it. No CSRF token, no language, no security
headers, no server-side session check: whatever the portal's pages cost above this row is
theirs; what this row costs above hello-world is the stack's.

    FLOOR_DB=/tmp/floor.sqlite3 gunicorn floor:app
"""

import os

from flask import Flask, session
from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase(
    os.environ.get("FLOOR_DB", "/tmp/floor.sqlite3"), pragmas={"journal_mode": "wal"}
)


class Visitor(Model):
    token = CharField(unique=True)
    name = CharField()

    class Meta:
        database = db


with db.connection_context():
    db.create_tables([Visitor])
    if not Visitor.select().exists():
        with db.atomic():
            Visitor.insert_many(
                [{"token": f"t{i}", "name": f"Student {i}"} for i in range(20_000)]
            ).on_conflict_ignore().execute()  # both workers seed it at their start

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "floor")
LINKS = "\n".join(f'    <li><a href="/page/{i}">Item {i} of the page</a></li>' for i in range(120))
PAGE = app.jinja_env.from_string(
    '<!doctype html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>Floor</title></head>\n'
    "<body>\n  <h1>Welkom, {{ name }}</h1>\n  <ul>\n" + LINKS + "\n  </ul>\n</body>\n</html>\n"
)


@app.get("/sign-in")
def sign_in():
    session["sid"] = "t123"
    return "signed in"


@app.get("/")
def page():
    db.connect(reuse_if_open=True)
    visitor = Visitor.get_or_none(Visitor.token == session.get("sid", ""))
    return PAGE.render(name=visitor.name if visitor else "?")
