"""Benchmark the privacy desk's pages: the queue and a request page, 100,000 students.

    python benchmarks/requests_pages.py [--students 100000] [--backend sqlite|postgres|both]
                                        [--postgres-url URL] [--repeat 100] [--runs 3] [--keep]

Seeds the demo set (``domain.demo.people.seed`` and ``domain.demo.requests.seed_requests``:
about 10,000 rights requests for 100,000 students), dated today so that the queue's
overdue and due-soon filters find what they would on a working day. Then, through the
Flask test client signed in as the demo account ``desk``, it requests each page
``--repeat`` times per run, the pages taking turns so that load from elsewhere on the
machine hits them alike, and reports per page the median and p99 of the median run of
``--runs``:

- the queue: first page, overdue, due within 7 days, one type, waiting, "mine", and a
  deep page (the last one);
- a request page, taking turns over 25 open requests (each view is audited, so it writes).

It also counts the SQL statements of one view of each page: the count must be the same
on every queue page and for every request (no query per row).

The target: each page's p99 under 250 ms, server time in the test client.

SQLite runs in a temporary file (``--keep`` leaves it at ``--sqlite-path``). On
PostgreSQL the database of ``--postgres-url`` is created when missing and emptied
(schema ``public`` dropped) unless ``--keep`` finds it seeded: point it only at a
throw-away database.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "benchmark")
os.environ.setdefault("PORTAL_ENV", "development")

TARGET_P99_MS = 250.0
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
REQUEST_PAGES = 25


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) >= 2 else samples[0]


def prepare(url: str, students: int, seed: int, keep: bool) -> None:
    """Give ``url`` the migrated demo set with its requests (kept if ``keep`` finds them)."""
    from domain.core.clock import local_today
    from domain.core.db import connect_database, is_postgres
    from domain.core.schema import upgrade
    from domain.demo import people as demo
    from domain.demo.requests import seed_requests
    from domain.models import RightsRequest

    db = connect_database(url)
    with db.connection_context():
        if keep and "rights_request" in db.get_tables() and RightsRequest.select().exists():
            upgrade(db)  # a kept set gets the migrations added since it was seeded
            print(f"  reusing the seeded database: {RightsRequest.select().count()} requests")
            return
        if is_postgres(db):
            db.execute_sql("DROP SCHEMA public CASCADE")
            db.execute_sql("CREATE SCHEMA public")
        upgrade(db)
        today = local_today()
        started = time.perf_counter()
        demo.seed(students, seed, today)
        people_done = time.perf_counter()
        counts = seed_requests(seed, today)
        print(
            f"  seeded {students} students in {people_done - started:.0f} s and "
            f"{counts['rights_request']} requests ({counts['request_event']} steps, "
            f"{counts['request_message']} messages and notes) in "
            f"{time.perf_counter() - people_done:.1f} s, today {today}",
            flush=True,
        )
        db.execute_sql("ANALYZE")  # fresh statistics, as a maintained database has


def ensure_postgres_database(url: str) -> None:
    """Create the database of ``url`` on its server when it does not exist yet."""
    from domain.core.db import make_database

    base, name = url.rsplit("/", 1)
    admin = make_database(f"{base}/postgres")
    with admin.connection_context():
        found = admin.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            admin.execute_sql(f'CREATE DATABASE "{name}"')


class Desk:
    """The test client, signed in as the demo privacy-desk account."""

    def __init__(self, url: str):
        from webapp import create_app

        self.app = create_app({"DATABASE_URL": url})
        self.client = self.app.test_client()
        page = self.client.get("/auth/login").get_data(as_text=True)
        token = CSRF_RE.search(page).group(1)
        answer = self.client.post(
            "/auth/login", data={"username": "desk", "password": "demo", "csrf_token": token}
        )
        if answer.status_code != 303:
            raise SystemExit(f"signing in as desk failed: {answer.status_code}")

    def get(self, path: str) -> float:
        """Seconds one view of ``path`` takes; :raise SystemExit: unless it is a 200."""
        started = time.perf_counter()
        response = self.client.get(path)
        response.get_data()
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return seconds

    def statements(self, path: str) -> int:
        """The SQL statements one view of ``path`` runs."""
        from domain.core.db import database

        target = database.obj
        original = target.execute_sql
        count = 0

        def counting(sql, params=None, *args, **kwargs):
            nonlocal count
            count += 1
            return original(sql, params, *args, **kwargs)

        target.execute_sql = counting
        try:
            self.get(path)
        finally:
            del target.execute_sql
        return count


def pages_to_time(url: str) -> tuple[dict[str, list[str]], dict]:
    """Each page's name and the paths it takes turns over; what the queue holds."""
    from domain.core.clock import local_today
    from domain.core.db import connect_database
    from domain.requests import queries
    from domain.requests.vocabulary import OPEN_STATUSES

    db = connect_database(url)
    with db.connection_context():
        from domain.models import RightsRequest

        today = local_today()
        everything = queries.queue(today)
        open_ones = (
            RightsRequest.select(RightsRequest.reference)
            .where(RightsRequest.status.in_(OPEN_STATUSES))
            .order_by(RightsRequest.id)
            .tuples()
        )
        references = [r for (r,) in open_ones]
        step = max(1, len(references) // REQUEST_PAGES)
        chosen = references[::step][:REQUEST_PAGES]
        info = {"open": everything.total, "pages": everything.pages, **everything.counts}
    pages = {
        "queue, first page": ["/desk/"],
        "queue, overdue": ["/desk/?overdue=1"],
        "queue, due within 7 days": ["/desk/?soon=1"],
        "queue, type erasure": ["/desk/?type=erasure"],
        "queue, waiting": ["/desk/?status=waiting"],
        "queue, mine": ["/desk/?mine=1"],
        f"queue, page {everything.pages} (last)": [f"/desk/?page={everything.pages}"],
        "request page": [f"/desk/requests/{r}" for r in chosen],
    }
    return pages, info


def measure(url: str, repeat: int, runs: int) -> dict:
    pages, info = pages_to_time(url)
    print(
        f"  queue: {info['open']} open requests on {info['pages']} pages, "
        f"{info['overdue']} overdue, {info['due_soon']} due within 7 days, "
        f"{info['waiting']} waiting",
        flush=True,
    )
    desk = Desk(url)
    statements = {
        name: sorted({desk.statements(p) for p in paths}) for name, paths in pages.items()
    }
    for paths in pages.values():  # warm up: templates compiled, caches filled
        for path in paths[:3]:
            desk.get(path)
    per_run: list[dict[str, list[float]]] = []
    for _ in range(runs):
        samples: dict[str, list[float]] = {name: [] for name in pages}
        for i in range(repeat):
            for name, paths in pages.items():
                samples[name].append(desk.get(paths[i % len(paths)]))
        per_run.append(samples)
    results = {}
    for name in pages:
        medians = [statistics.median(run[name]) for run in per_run]
        middle = sorted(range(runs), key=lambda r: medians[r])[runs // 2]  # the median run
        chosen = per_run[middle][name]
        results[name] = {
            "median_ms": statistics.median(chosen) * 1000,
            "p99_ms": p99(chosen) * 1000,
            "run_medians_ms": [m * 1000 for m in medians],
            "statements": statements[name],
        }
    return {"info": info, "pages": results}


def report(engine: str, result: dict) -> bool:
    print(f"{engine}: median run of {len(next(iter(result['pages'].values()))['run_medians_ms'])}")
    print(f"  {'page':34s} {'median':>8s} {'p99':>8s}   runs' medians (ms)   SQL statements")
    fine = True
    for name, r in result["pages"].items():
        ok = r["p99_ms"] < TARGET_P99_MS
        fine &= ok
        runs = " ".join(f"{m:6.1f}" for m in r["run_medians_ms"])
        print(
            f"  {name:34s} {r['median_ms']:6.1f}ms {r['p99_ms']:6.1f}ms   {runs}   "
            f"{'/'.join(map(str, r['statements']))}   {'ok' if ok else 'SLOW'}",
            flush=True,
        )
    return fine


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432/bench_requests",
        help="a throw-away database: it is emptied and seeded (created when missing)",
    )
    parser.add_argument("--sqlite-path", help="with --keep: the SQLite file to reuse")
    parser.add_argument("--repeat", type=int, default=100, help="views of each page per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse an already seeded database")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    fine = True
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            if backend == "sqlite":
                path = args.sqlite_path if args.keep and args.sqlite_path else None
                url = f"sqlite:///{path or Path(tmp) / 'requests.sqlite3'}"
            else:
                url = args.postgres_url
                ensure_postgres_database(url)
            engine = "PostgreSQL" if backend == "postgres" else "SQLite"
            print(f"{engine}: {args.students} students", flush=True)
            prepare(url, args.students, args.seed, args.keep)
            fine &= report(engine, measure(url, args.repeat, args.runs))
    print(f"{'every page' if fine else 'NOT every page'} under a p99 of {TARGET_P99_MS:.0f} ms")
    if not fine:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
