"""Benchmark "Download all my data" for the heaviest student of the 100k demo set.

    python benchmarks/export_student.py [--students 100000] [--database-url URL] [--reuse]

Seeds the demo set (people, records, consent; a KIVI delivery so disclosures exist),
picks the student with the most rows in the register's record types, gives them a few
requests with messages and staff views, then times making their access export (build and
store, as the web request does) and their portability export, ``--repeat`` times each,
and prints every time and the median. Target: at most 200 ms. For information it also
times the web request that shows the access export as a page (sign-in excluded).

Without ``--database-url`` a temporary SQLite file is used. A PostgreSQL database is
emptied first (schema ``public`` dropped) unless ``--reuse`` is given and it already holds
the demo set: point it only at a throw-away database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PORTAL_ENV", "test")

from peewee import Value, fn  # noqa: E402

from domain import models as m  # noqa: E402
from domain.core.db import connect_database, is_postgres  # noqa: E402
from domain.core.schema import upgrade  # noqa: E402
from domain.register import RECORD_TYPES  # noqa: E402

TARGET_MS = 200


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 10, 15))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database that already holds the demo set"
    )
    return parser.parse_args(argv)


def prepare(url: str, args) -> None:
    """Give the database the demo set (unless ``--reuse`` finds one)."""
    database = connect_database(url)
    database.connect()
    if args.reuse and "person" in database.get_tables() and m.Person.select().exists():
        upgrade(database)
        print("reusing the demo set in the database")
        return
    if is_postgres(database):
        with database.atomic():
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
    upgrade(database)
    from domain.demo import people as demo
    from domain.demo.consent import seed_consent

    started = time.perf_counter()
    demo.seed(args.students, args.seed, args.today)
    seed_consent(args.seed, args.today)
    _deliver(args.today)
    print(f"seeded {args.students} students in {time.perf_counter() - started:.0f} s")


def _deliver(today: dt.date) -> None:
    """A KIVI delivery of last year's graduates, so the heaviest student has disclosures."""
    from domain.deliveries import records
    from domain.deliveries.kivi import plan_kivi

    plan = plan_kivi(today.year - 1, dt.date(today.year, 1, 10), today)
    if plan.person_count:
        records.run(plan, None, "benchmark")


def heaviest_student() -> tuple[int, int]:
    """The person with the most rows over every record type of the register, and the count."""
    selects = [
        rt.model.select(rt.model.person.alias("pid"), Value(1).alias("n")).where(
            rt.model.person.is_null(False)
        )
        for rt in RECORD_TYPES
        if rt.model is not m.Person and "person" in rt.model._meta.fields
    ]
    union = selects[0]
    for select in selects[1:]:
        union = union + select  # UNION ALL
    rows = union.alias("rows")
    query = (
        m.Person.select(rows.c.pid, fn.COUNT(rows.c.n).alias("total"))
        .from_(rows)
        .group_by(rows.c.pid)
        .order_by(fn.COUNT(rows.c.n).desc(), rows.c.pid)
        .limit(1)
        .tuples()
    )
    pid, total = query.get()
    return pid, total


def give_requests(person_id: int) -> None:
    """Three requests with messages and staff views: what a busy student has."""
    from domain.audit import trail as audit
    from domain.requests import operations as ops

    if m.RightsRequest.select().where(m.RightsRequest.person == person_id).count() >= 3:
        return
    desk = m.Account.get(m.Account.username == "desk")
    for request_type in ("access", "erasure", "objection"):
        details = {
            "access": {},
            "erasure": {"scope": "all"},
            "objection": {"purposes": ["13"], "reasons": "Ik wil geen evaluaties."},
        }[request_type]
        filed = ops.file_request(person_id, request_type, details, language="nl").request
        ops.desk_message(filed.id, "We hebben je verzoek ontvangen.", desk)
        ops.student_reply(filed.id, person_id, "Dank je.", [])
        ops.desk_message(filed.id, "Interne afweging.", desk, internal=True)
        audit.record(desk, "view:rights_request", [person_id], filed.reference)


def measure(person_id: int, kind: str, repeat: int) -> list[float]:
    """Milliseconds to build and store the export, ``repeat`` times."""
    from domain.exports import files

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        files.produce(person_id, kind)
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_page(url: str, person_id: int, repeat: int) -> list[float]:
    """Milliseconds for the web app to answer the access export's page, ``repeat`` times."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": url, "TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    number = m.Person.get_by_id(person_id).student_number
    client.post("/auth/login", data={"username": number, "password": "demo"})
    made = (
        m.DataExport.select()
        .where((m.DataExport.person == person_id) & (m.DataExport.kind == "access"))
        .first()
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(f"/student/exports/{made.token}")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'export.sqlite3'}"
        prepare(url, args)
        person_id, rows = heaviest_student()
        give_requests(person_id)
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"{engine}: heaviest student id {person_id}, {rows} rows in the register's tables")
        for kind in ("access", "portability"):
            times = measure(person_id, kind, args.repeat)
            latest = m.DataExport.select().order_by(m.DataExport.id.desc()).first()
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET_MS else f"OVER {TARGET_MS} ms"
            print(
                f"  {kind:12s} median {median:6.1f} ms  runs "
                + ", ".join(f"{t:.1f}" for t in times)
                + f"  ({latest.size / 1024:.0f} KiB)  {verdict}"
            )
        page_times = measure_page(url, person_id, args.repeat)
        print(
            f"  {'page (web)':12s} median {statistics.median(page_times):6.1f} ms  runs "
            + ", ".join(f"{t:.1f}" for t in page_times)
        )
        # Leave the demo set as it was.
        m.DataExport.delete().where(m.DataExport.person == person_id).execute()
        m.AuditEvent.delete().where(
            (m.AuditEvent.person == person_id) & (m.AuditEvent.action == "download:data_export")
        ).execute()


if __name__ == "__main__":
    main()
