"""Screenshots of the student's My data and consent pages and the desk's home, made again.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]   # default: docs/screenshots

Starts the portal on a temporary SQLite database with demo data (as ``flask demo seed``
makes it), signs in through the sign-in page with the headless Chromium the browser tests
use (``tests/browser/chromium.py``: ``/usr/bin/chromium`` or ``$PORTAL_CHROMIUM``) and
saves full-page PNGs of each page at 320 and 1280 CSS pixels wide, in Dutch and in
English: ``<page>-<lang>-<width>.png``, reduced to 64 colours (Pillow) to keep the
repository small. Compile the catalogue first
(``flask --app webapp translate compile``), or the Dutch pages show English texts.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIDTHS = (320, 1280)
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
STUDENT = "s2000001"  # the README's example student: every kind of request, consent given
DESK = "desk"
OPENED_CATEGORY = "results"  # My data with one category opened in place
DEMO_STUDENTS = 40
DEMO_SEED = 2026

# (file name, account, path): the pages the README shows.
PAGES = (
    ("my-data", STUDENT, "/student/my-data"),
    (f"my-data-{OPENED_CATEGORY}", STUDENT, f"/student/my-data/{OPENED_CATEGORY}"),
    ("consent", STUDENT, "/student/consent/"),
    ("desk-home", DESK, "/desk/"),
)


def seed_database(url: str) -> None:
    """A migrated SQLite database with the demo's students, consent, requests and staff."""
    from domain.core.db import connect_database
    from domain.core.schema import upgrade
    from domain.demo import people
    from domain.demo.consent import seed_consent
    from domain.demo.requests import seed_requests

    db = connect_database(url)
    today = dt.date.today()
    with db.connection_context():
        upgrade(db)
        people.seed(DEMO_STUDENTS, DEMO_SEED, today)
        seed_consent(DEMO_SEED, today)
        seed_requests(DEMO_SEED, today)
    db.close()


def smaller(png: bytes) -> bytes:
    """The PNG in 64 colours without dithering: a third of the bytes, text as sharp."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantized = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/auth/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill("demo")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if "/auth/login" in page.url:
        raise SystemExit(f"signing in as {username} failed")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import launch

    made = []
    with sync_playwright() as p:
        # The browser tests' Chromium and flags (one definition), without scrollbars.
        browser = launch(p, "--hide-scrollbars")
        try:
            for lang, locale in LOCALES.items():
                for width in WIDTHS:
                    contexts = {}
                    for name, account, path in PAGES:
                        if account not in contexts:
                            context = browser.new_context(
                                locale=locale,
                                viewport={"width": width, "height": 800},
                                device_scale_factor=1,
                                reduced_motion="reduce",
                            )
                            contexts[account] = context.new_page()
                            sign_in(contexts[account], base, account)
                        page = contexts[account]
                        page.goto(f"{base}{path}")
                        page.wait_for_load_state("networkidle")
                        lang_attr = page.locator("html").get_attribute("lang")
                        if lang_attr != lang:
                            raise SystemExit(f"{path} came in {lang_attr!r}, not {lang!r}")
                        target = out / f"{name}-{lang}-{width}.png"
                        png = page.screenshot(full_page=True, animations="disabled")
                        target.write_bytes(smaller(png))
                        made.append(target)
                    for page in contexts.values():
                        page.context.close()
        finally:
            browser.close()
    return made


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from werkzeug.serving import WSGIRequestHandler, make_server

    from webapp import create_app

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'portal.sqlite3'}"
        seed_database(url)
        app = create_app({"DATABASE_URL": url, "TESTING": True})
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            made = shoot(f"http://127.0.0.1:{server.server_port}", out)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    for path in made:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
