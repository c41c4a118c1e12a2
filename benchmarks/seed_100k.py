"""Benchmark the demo data generator: seed a fresh database and report time, memory, rows.

    python benchmarks/seed_100k.py [--students 100000] [--database-url URL]

The students with everything they own come first (``domain.demo.people.seed``), then
their rights requests (``domain.demo.requests.seed_requests``: about one student in ten,
so about 10,000), each timed on its own.

Without ``--database-url`` a temporary SQLite file is used (and removed afterwards).
A PostgreSQL database is emptied first (everything in schema ``public`` is dropped) and
migrated again, so point it only at a throw-away database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.core.db import connect_database, is_postgres  # noqa: E402
from domain.core.schema import upgrade  # noqa: E402
from domain.demo import people as demo  # noqa: E402
from domain.demo.requests import seed_requests  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date(2025, 10, 15),
        help="the generator's 'today' (fixed by default, for comparable runs)",
    )
    parser.add_argument("--batch-size", type=int, default=5000)
    return parser.parse_args(argv)


def fresh_database(url: str):
    """Connect to ``url`` and give it an empty, fully migrated schema."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        if os.path.exists(path) and os.path.getsize(path):
            sys.exit(f"{path} exists and is not empty; remove it or pick another path")
    database = connect_database(url)
    database.connect()
    if is_postgres(database):
        with database.atomic():
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
    upgrade(database)
    return database


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'seed.sqlite3'}"
        database = fresh_database(url)
        started = time.perf_counter()
        counts = demo.seed(args.students, args.seed, args.today, batch_size=args.batch_size)
        people_done = time.perf_counter()
        counts.update(seed_requests(args.seed, args.today))
        finished = time.perf_counter()
        database.close()
    elapsed = finished - started

    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    # Linux reports ru_maxrss in kilobytes (macOS in bytes).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)
    total = sum(counts.values())
    print(
        f"{engine}: {args.students} students (seed {args.seed}, today {args.today}, "
        f"batch {args.batch_size})"
    )
    print(f"wall time   {elapsed:8.1f} s")
    print(f"  students  {people_done - started:8.1f} s")
    print(f"  requests  {finished - people_done:8.1f} s")
    print(f"peak RSS    {peak_mb:8.0f} MB")
    print(f"rows        {total:8d}  ({total / elapsed:,.0f} rows/s)")
    for table, n in counts.items():
        print(f"  {table:28s} {n:9d}")


if __name__ == "__main__":
    main()
