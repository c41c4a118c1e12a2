"""Every page of the portal, per role, found by following its links (issue 12, 2 and 7).

The reflow and accessibility tests (tests/browser/test_browser_every_page.py) do not keep
a list of pages: they sign in as each role and follow the links of every page they reach,
breadth first, from the role's home page. A new page that some page links to is checked
without touching the tests; a page no link reaches (a form's answer) is listed in
``EXTRA_PAGES``.

Pages are told apart by their address with every id left out (``/desk/requests/#``), so
a list of 30 requests costs one visit, not 30.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from tests.browser.support import HOST

# Links that do not lead to an HTML page of the role: sign-in and sign-out, files,
# downloads and the JSON receipts.
SKIP = re.compile(
    r"^/(auth|sso|static)/|/files?/|/download|\.json$|^/student/exports/[^/]+/[^/]+$|^/healthz$"
)
# At most this many distinct pages per role (a guard against a link that makes new ones).
MAX_PAGES = 60
# Pages the crawl does not reach, per role: the answer of a GET form, and the account
# pages under /auth (skipped as links, with sign-in and sign-out).
_ACCOUNT_PAGES = ("/auth/sessions", "/auth/password")
EXTRA_PAGES: dict[str, tuple[str, ...]] = {
    "student": _ACCOUNT_PAGES,
    "desk": _ACCOUNT_PAGES,
    "disclosure": _ACCOUNT_PAGES,
    "counsellor": _ACCOUNT_PAGES,
    "admin": (*_ACCOUNT_PAGES, "/admin/accounts?username=desk"),
}


@dataclass(frozen=True)
class Visit:
    """One page reached: its address and the kind of page it is."""

    url: str
    kind: str


def kind_of(url: str) -> str:
    """The page's address with every id (any path part with a digit) left out."""
    parts = urlsplit(url)
    return "/".join("#" if re.search(r"\d", part) else part for part in parts.path.split("/"))


def links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.hostname != HOST or SKIP.search(parts.path):
            continue
        found.append(parts.path)
    return found


def crawl(page, start: str, role: str) -> Iterator[Visit]:
    """Open ``start`` and every page linked from the pages opened, each kind once.

    Yields after each page has loaded, so the caller checks it while it is shown.
    """
    queue = [start, *EXTRA_PAGES.get(role, ())]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        kind = kind_of(url)
        if kind in seen:
            continue
        seen.add(kind)
        assert len(seen) <= MAX_PAGES, f"more than {MAX_PAGES} kinds of page for {role}"
        response = page.goto(urljoin(page.url or "http://" + HOST, url))
        assert response is not None and response.ok, (url, response and response.status)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        yield Visit(url, kind)
        queue.extend(link for link in links(page) if kind_of(link) not in seen)
