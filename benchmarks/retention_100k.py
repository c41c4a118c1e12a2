"""Benchmark the nightly retention run on the demo set, three ways, and the web app during it.

    python benchmarks/retention_100k.py [--students 100000] [--backend sqlite|postgres|both]

For each backend it seeds one source database with the demo generator, then copies it
for each measurement so every method starts from the same data:

- ``engine``: the portal's engine (``domain.retention.engine.run``);
- ``naive``: a per-row ORM loop (load every row, decide in Python, delete or save it);
- ``sql``: hand-written SQL, one statement per rule;
- ``web``: the web app's p99 latency idle, then while the engine runs.

Each method runs in its own process, so its peak memory (ru_maxrss) is its own.
PostgreSQL copies are made with ``CREATE DATABASE … TEMPLATE``; the databases are named
``bench_*`` on the server of ``--postgres-url`` and dropped afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2025, 10, 15)  # the demo generator's and the run's "today": comparable runs
PSEUDONYM_KEY = "benchmark-key"


# --- the three methods (each runs in a child process) ---------------------------------------


def method_engine(url: str) -> dict:
    from domain.core.db import connect_database
    from domain.retention import engine

    db = connect_database(url)
    with db.connection_context():
        report = engine.run(TODAY, pseudonym_key=PSEUDONYM_KEY, trigger="benchmark")
    return {
        "deleted": report.total("deleted"),
        "anonymised": report.total("anonymised"),
        "listed": report.total("listed_for_review"),
        "persons_removed": report.persons_removed,
    }


def method_naive(url: str) -> dict:
    """What one would write without thinking about sets: every row through Python."""
    from domain.core.db import connect_database
    from domain.models import LegalHold, Person
    from domain.register import Action
    from domain.retention import engine, terms
    from domain.retention.anonymise import pseudonym

    db = connect_database(url)
    deleted = anonymised = 0
    with db.connection_context():
        for target in engine.targets():
            model, rule = target.model, target.rule
            with db.atomic():
                for row in model.select():
                    person_id = row.id if model is Person else getattr(row, "person_id", None)
                    if person_id is not None:
                        person = Person.get_by_id(person_id)
                        held = (
                            person.is_restricted
                            or LegalHold.select()
                            .where((LegalHold.person == person_id) & LegalHold.lifted_at.is_null())
                            .exists()
                        )
                        if held:
                            continue
                    end = terms.enrolment_end(person_id, TODAY) if person_id else None
                    due = terms.due_date(rule, row.__data__, end)
                    if due is None or due > TODAY:
                        continue
                    if rule.action is Action.DELETE and not rule.review_first:
                        row.delete_instance()
                        deleted += 1
                    elif rule.action is Action.ANONYMISE:
                        if all(
                            getattr(row, n) is None
                            for n, s in rule.anonymise.items()
                            if s.strategy.value == "null"
                        ):
                            continue
                        for name, spec in rule.anonymise.items():
                            kind, old = spec.strategy.value, getattr(row, name)
                            if kind == "placeholder":
                                old = spec.placeholder
                            elif kind == "pseudonym":
                                old = pseudonym(PSEUDONYM_KEY, person_id)
                            elif kind == "year":
                                old = old.replace(month=1, day=1) if old else None
                            else:
                                old = None
                            setattr(row, name, old)
                        row.save()
                        anonymised += 1
    return {"deleted": deleted, "anonymised": anonymised}


HELD = (
    "SELECT id FROM person WHERE is_restricted "
    "UNION SELECT person_id FROM legal_hold WHERE lifted_at IS NULL"
)
ENDED = (
    "SELECT person_id FROM enrolment GROUP BY person_id HAVING "
    "SUM(CASE WHEN end_date IS NULL OR end_date >= {p} THEN 1 ELSE 0 END) = 0 "
    "AND MAX(end_date) <= {p}"
)


def method_sql(url: str) -> dict:
    """Hand-written SQL: one statement per rule, cutoffs computed once."""
    from domain.core.db import connect_database, is_postgres
    from domain.register import RULES
    from domain.retention.due import latest_due_event, latest_due_year

    db = connect_database(url)
    p = "%s" if url.startswith("postgres") else "?"
    cut = {
        key: (
            latest_due_year(rule, TODAY)
            if rule.counts_from.value.startswith("academic")
            else latest_due_event(rule.period, TODAY)
        )
        for key, rule in RULES.items()
        if rule.period is not None
    }
    if is_postgres(db):
        pseudonym = f"md5({p} || person_id::text)"  # stand-in of equal cost for the HMAC
    else:
        pseudonym = f"pseudonym({p} || person_id)"
    statements = [
        (
            f"DELETE FROM identity_document_copy WHERE processed_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["identity_document"]],
        ),
        (
            f"DELETE FROM foreign_admission_decision WHERE settled_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["foreign_admission"]],
        ),
        (
            f"DELETE FROM deficiency_document WHERE admission_decided_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["deficiency_documents"]],
        ),
        (
            f"DELETE FROM colloquium_doctum_decision WHERE decided_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["colloquium_doctum"]],
        ),
        (
            f"DELETE FROM selection_document WHERE academic_year <= {p} AND person_id NOT IN ({HELD})",
            [cut["selection_documents"]],
        ),
        (
            f"DELETE FROM exchange_document WHERE academic_year <= {p} AND person_id NOT IN ({HELD})",
            [cut["exchange_documents"]],
        ),
        (
            f"DELETE FROM course_participant_form WHERE course_year_start <= {p} AND person_id NOT IN ({HELD})",
            [cut["course_participant_form"]],
        ),
        (
            f"DELETE FROM direct_debit_mandate WHERE signed_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["direct_debit_mandate"]],
        ),
        (
            f"DELETE FROM survey_handover WHERE delete_on <= {p} AND person_id NOT IN ({HELD})",
            [cut["survey_handover"]],
        ),
        (
            f"UPDATE matching_result SET subject_pseudonym = {pseudonym}, person_id = NULL, "
            f"title = 'matching', content_text = NULL, file_name = NULL, file_data = NULL "
            f"WHERE academic_year <= {p} AND person_id IS NOT NULL AND person_id NOT IN ({HELD})",
            [PSEUDONYM_KEY, cut["matching_results"]],
        ),
        (
            f"UPDATE person SET private_email = NULL, phone = NULL, postal_address = NULL "
            f"WHERE (private_email IS NOT NULL OR phone IS NOT NULL OR postal_address IS NOT NULL) "
            f"AND id IN ({ENDED.format(p=p)}) AND id NOT IN ({HELD})",
            [TODAY, cut["contact_details"]],
        ),
        (
            f"INSERT INTO destruction_item (destruction_list_id, record_id) "
            f"SELECT {p}, id FROM counselling_entry WHERE person_id IN ({ENDED.format(p=p)}) "
            f"AND person_id NOT IN ({HELD})",
            None,
        ),  # list id filled below
        (
            f"DELETE FROM login_attempt WHERE attempted_at < {p}",
            [dt.datetime.combine(cut["login_attempts"] + dt.timedelta(days=1), dt.time())],
        ),
        (
            f"DELETE FROM audit_event WHERE occurred_at < {p} AND "
            f"(person_id IS NULL OR person_id NOT IN ({HELD}))",
            [dt.datetime.combine(cut["audit_trail"] + dt.timedelta(days=1), dt.time())],
        ),
    ]
    changed = 0
    with db.connection_context():
        if not is_postgres(db):
            import hashlib
            import hmac

            db.connection().create_function(
                "pseudonym",
                1,
                lambda v: hmac.new(
                    PSEUDONYM_KEY.encode(), str(v).encode(), hashlib.sha256
                ).hexdigest()[:32],
            )
        with db.atomic():
            list_id = db.execute_sql(
                f"INSERT INTO destruction_list (rule, record_type, created_at) VALUES ({p}, {p}, {p})"
                + (" RETURNING id" if is_postgres(db) else ""),
                ["counselling_dossier", "CounsellingEntry", dt.datetime.now()],
            )
            list_id = list_id.fetchone()[0] if is_postgres(db) else db.last_insert_id(list_id)
            for sql, params in statements:
                if params is None:
                    params = [list_id, TODAY, cut["counselling_dossier"]]
                changed += db.execute_sql(sql, params).rowcount
    return {"changed": changed}


# --- the web app while a run goes on --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the web app did not start")


def _signed_in_opener(base: str, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = (
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        or re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
        or re.search(r'"X-CSRFToken": "([^"]+)"', page)
    )
    body = urllib.parse.urlencode(
        {"username": username, "password": "demo", "csrf_token": token.group(1)}
    ).encode()
    opener.open(base + "/auth/login", data=body)
    return opener


def _latencies(opener, url: str, *, count: int, until=None) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        with opener.open(url) as response:
            response.read()
        samples.append(time.perf_counter() - started)
        if until is not None and until():
            break
    return samples


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) >= 2 else samples[0]


def measure_web(url: str) -> dict:
    from domain.core.db import connect_database
    from domain.models import Account

    db = connect_database(url)
    with db.connection_context():
        student = (
            Account.select(Account.username)
            .where(Account.role == "student")
            .order_by(Account.id)
            .first()
            .username
        )
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        PORTAL_ENV="development",
        SECRET_KEY="bench",
        PSEUDONYM_KEY=PSEUDONYM_KEY,
    )
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        opener = _signed_in_opener(base, student)
        target = base + "/student/my-data/results"
        _latencies(opener, target, count=30)  # warm up
        idle = _latencies(opener, target, count=400)
        run = subprocess.Popen(
            [sys.executable, __file__, "--method", "engine", "--url", url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        busy = _latencies(opener, target, count=20_000, until=lambda: run.poll() is not None)
        run.communicate(timeout=600)
    finally:
        web.terminate()
        web.wait(timeout=30)
    return {
        "idle_p99_ms": round(p99(idle) * 1000, 1),
        "busy_p99_ms": round(p99(busy) * 1000, 1),
        "idle_requests": len(idle),
        "busy_requests": len(busy),
        "ratio": round(p99(busy) / p99(idle), 2),
    }


# --- databases -------------------------------------------------------------------------------


class SqliteCopies:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.source = tmp / "source.sqlite3"

    def source_url(self) -> str:
        return f"sqlite:///{self.source}"

    def copy(self, name: str) -> str:
        target = self.tmp / f"{name}.sqlite3"
        shutil.copyfile(self.source, target)
        return f"sqlite:///{target}"

    def close(self) -> None:
        pass


class PostgresCopies:
    def __init__(self, server_url: str):
        from domain.core.db import make_database

        self.server_url = server_url
        self.admin = make_database(server_url)
        self.admin.connect()
        self.made: list[str] = []
        self._create("bench_source")

    def _url(self, name: str) -> str:
        return self.server_url.rsplit("/", 1)[0] + "/" + name

    def _create(self, name: str, template: str | None = None) -> None:
        self.admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.admin.execute_sql(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        )
        self.made.append(name)

    def source_url(self) -> str:
        return self._url("bench_source")

    def copy(self, name: str) -> str:
        self._create(f"bench_{name}", template="bench_source")
        return self._url(f"bench_{name}")

    def close(self) -> None:
        for name in reversed(self.made):
            self.admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.admin.close()


def seed_source(url: str, students: int) -> dict:
    from domain.core.db import connect_database
    from domain.core.schema import upgrade
    from domain.demo import people as demo

    db = connect_database(url)
    with db.connection_context():
        upgrade(db)
        started = time.perf_counter()
        demo.seed(students, 1, TODAY)
        seconds = time.perf_counter() - started
        if url.startswith("sqlite"):
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"seed_seconds": round(seconds, 1)}


def run_child(method: str, url: str) -> dict:
    """Run one method in a child process; return its result, wall time and own peak RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--method", method, "--url", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PSEUDONYM_KEY=PSEUDONYM_KEY),
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # reaps the child and gives its own rusage
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"{method} failed with status {status}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(seconds=round(seconds, 2), peak_rss_mb=round(usage.ru_maxrss / 1024, 1))
    return result


def benchmark(backend: str, students: int, postgres_url: str, skip_naive: bool) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="retention-bench-"))
    copies = SqliteCopies(tmp) if backend == "sqlite" else PostgresCopies(postgres_url)
    try:
        results = {"backend": backend, "students": students}
        results.update(seed_source(copies.source_url(), students))
        for method in ("engine", "sql") + (() if skip_naive else ("naive",)):
            result = run_child(method, copies.copy(method))
            results[method] = result
            print(f"[{backend}] {method}: {result}", flush=True)
        results["web"] = measure_web(copies.copy("web"))
        print(f"[{backend}] web: {results['web']}", flush=True)
        return results
    finally:
        copies.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--skip-naive", action="store_true", help="leave out the slow per-row loop")
    parser.add_argument("--method", choices=["engine", "naive", "sql"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.method:  # child process
        started = time.perf_counter()
        result = {"engine": method_engine, "naive": method_naive, "sql": method_sql}[args.method](
            args.url
        )
        result["work_seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(result))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    summary = [benchmark(b, args.students, args.postgres_url, args.skip_naive) for b in backends]
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
