"""No input gives a 500: generated values in every form field and URL parameter (issue 11 §5).

Every route comes from ``app.url_map``, so a new route is covered without touching this
test. Signed in as each role (and as nobody), the test first reads the pages it can reach
to learn the forms (their fields) and the links (real keys, references and ids for the URL
parameters); then Hypothesis sends each route a few requests built from those and from
values known to break things: ids past the database's integer range, NUL characters, text
that grows when lower-cased, and text fields sent as file parts.

CSRF is switched off here, so that generated posts reach the forms instead of all stopping
at the token check (which tests/web/test_security.py covers).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from domain.accounts.roles import ADMIN, COUNSELLOR, DESK, DISCLOSURE
from domain.core.db import database
from domain.models import Account, LegalHold, Person

ANONYMOUS = "anonymous"
STUDENT = "student"
# The staff accounts the demo makes are named after their role.
ROLES = (ANONYMOUS, STUDENT, DESK, DISCLOSURE, ADMIN, COUNSELLOR)
# Routes that end the session would sign the rest of the run out: only nobody sends them.
SIGNS_OUT = {"auth.logout"}
EXAMPLES = 3  # per route, method and role: about 1,000 requests per database
CRAWL_LIMIT = 80  # pages read per role to learn forms and links

BREAKING = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "İ" * 100,  # lower-cased it is 200 characters
    str(2**63),
    str(2**31),
    "-1",
    "0",
    "１２",  # full-width digits
    "s１２３４５６７",
    "x" * 3000,
    "2024-13-45",
    "../..",
    "%",
    "<script>",
    "😀",
    "on",
    "yes",
    "no",
    "2024",
]


class _Forms(HTMLParser):
    """Collect the forms (action, method, field names) and the links of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", (attrs.get("method") or "get"), set()))
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if self.forms and attrs["name"] != "csrf_token":
                self.forms[-1][2].add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


class Knowledge:
    """What one role's pages reveal: field names per endpoint, values per URL parameter."""

    def __init__(self) -> None:
        self.fields: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.values: dict[str, set[str]] = defaultdict(set)

    def all_fields(self) -> set[str]:
        return set().union(*self.fields.values()) if self.fields else set()


def _match(adapter, path: str, method: str = "GET"):
    try:
        return adapter.match(path, method=method)
    except HTTPException:
        return None
    except Exception:  # a redirect (RequestRedirect) or anything else: not a route of ours
        return None


def _learn(app, client) -> Knowledge:
    """Read the role's pages, breadth first, from every parameterless GET route."""
    known = Knowledge()
    adapter = app.url_map.bind("localhost")
    queue = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in SIGNS_OUT
    ]
    seen: set[str] = set()
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for action, method, names in parser.forms:
            target = urlsplit(action or url).path
            found = _match(adapter, target, method.upper())
            if found:
                known.fields[(found[0], method.upper())] |= names
                for name, value in found[1].items():
                    known.values[name].add(str(value))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            found = _match(adapter, parts.path)
            if found and found[0] not in SIGNS_OUT and found[0] != "static":
                for name, value in found[1].items():
                    known.values[name].add(str(value))
                if parts.path not in seen:
                    queue.append(parts.path)
    return known


def _texts(known_values: set[str] = frozenset()) -> st.SearchStrategy[str]:
    options = [
        st.sampled_from(BREAKING),
        st.integers(min_value=-(2**64), max_value=2**64).map(str),
        st.text(max_size=20),
    ]
    if known_values:
        options.insert(0, st.sampled_from(sorted(known_values)))
    return st.one_of(*options)


def _path_value(converter, known_values: set[str]) -> st.SearchStrategy[str]:
    if isinstance(converter, IntegerConverter):
        numbers = st.integers(min_value=0, max_value=2**64 + 1).map(str)
        return st.one_of(numbers, _texts(known_values).filter(lambda v: v and "/" not in v))
    return _texts(known_values).filter(lambda v: v and "/" not in v and v not in (".", ".."))


def _request(rule, method: str, known: Knowledge) -> st.SearchStrategy[dict]:
    """One request to ``rule``: its URL parameters, query and form fields, drawn."""
    path_parts = {
        name: _path_value(rule._converters[name], known.values.get(name, set()))
        for name in rule.arguments
    }
    names = known.fields.get((rule.endpoint, method)) or known.all_fields()
    field_value = st.one_of(
        _texts().map(lambda v: ("text", v)), _texts().map(lambda v: ("file", v))
    )
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries(path_parts),
            "fields": st.dictionaries(st.sampled_from(sorted(names or {"x"})), field_value),
            "query": st.dictionaries(st.sampled_from(["page", "looked", "next", "sent"]), _texts()),
        }
    )


def _url(rule, values: dict[str, str]) -> str:
    def part(match: re.Match) -> str:
        return quote(values[match.group("name")], safe="")

    return re.sub(r"<(?:[^:<>]+:)?(?P<name>[^<>]+)>", part, rule.rule)


def _send(client, rule, method: str, drawn: dict):
    url = _url(rule, drawn["path"])
    data = {}
    for name, (kind, value) in drawn["fields"].items():
        data[name] = (io.BytesIO(value.encode()), "part.txt") if kind == "file" else value
    if method == "GET":
        return url, client.get(url, query_string={**drawn["query"], **data_as_text(data)})
    return url, client.open(url, method=method, query_string=drawn["query"], data=data)


def data_as_text(data: dict) -> dict:
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _seed() -> None:
    from domain.demo import people, requests
    from domain.demo.consent import seed_consent
    from domain.retention import holds

    today = dt.date(2026, 11, 23)
    people.seed(3, 11, today)
    seed_consent(11, today, share=1.0)
    requests.seed_requests(11, today, share=1.0)
    admin = Account.get(Account.username == ADMIN)
    holds.place_legal_hold(Person.select().first(), "Lopende procedure", admin)
    assert LegalHold.select().exists()


def _client_of(app, role: str):
    client = app.test_client()
    if role == ANONYMOUS:
        return client
    username = (
        Account.select().where(Account.role == STUDENT).order_by(Account.id).first().username
        if role == STUDENT
        else role
    )
    response = client.post("/auth/login", data={"username": username, "password": "demo"})
    assert response.status_code == 303, (role, response.status_code)
    return client


def test_no_generated_input_gives_a_server_error(app):
    app.config.update(WTF_CSRF_ENABLED=False, LOGIN_MAX_FAILURES_PER_IP=10**6)
    with app.app_context():
        database.connect(reuse_if_open=True)
        _seed()
        database.close()
    clients = {role: _client_of(app, role) for role in ROLES}
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    for role, client in clients.items():
        known = _learn(app, client)
        for rule in rules:
            if role != ANONYMOUS and rule.endpoint in SIGNS_OUT:
                continue
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                _fuzz(client, role, rule, method, known)


def _fuzz(client, role: str, rule, method: str, known: Knowledge) -> None:
    """Send ``rule`` a few generated requests; fail on the first 500."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(drawn=_request(rule, method, known))
    def no_server_error(drawn):
        url, response = _send(client, rule, method, drawn)
        assert response.status_code < 500, (role, method, url, drawn)

    no_server_error()
