"""Benchmark consent state and the three deliveries on the demo data set.

    python benchmarks/consent_deliveries.py [--students 100000] [--database-url URL]
                                            [--repeat 3] [--keep]

Seeds a fresh database with ``domain.demo.people.seed`` and ``domain.demo.consent.seed_consent``,
then times, per operation, the best and the median of ``--repeat`` runs:

- the consent state of every student towards every party on a reference date
  (``consent.summary_on``) and the set of consenting ids per party
  (``consent.consenting_ids``);
- each delivery: planning it (the preview) and running it (recording the delivery, its
  files and a disclosure per person), for KIVI, the secondary schools and Bedrijvendagen
  (with a visitor list of 5,000 scans: 4,500 consenting or not, 250 duplicates, 250
  unknown numbers).

The target is under 2 s each. Without ``--database-url`` a temporary SQLite file is used.
A PostgreSQL database is emptied first (schema ``public`` is dropped), so point it only at
a throw-away database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.consent import ledger as consent  # noqa: E402
from domain.consent.parties import current_versions  # noqa: E402
from domain.core.db import connect_database, is_postgres  # noqa: E402
from domain.core.schema import upgrade  # noqa: E402
from domain.deliveries import records as deliveries  # noqa: E402
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen  # noqa: E402
from domain.deliveries.kivi import plan_kivi  # noqa: E402
from domain.deliveries.schools import plan_schools  # noqa: E402
from domain.deliveries.visitors import parse_visitors  # noqa: E402
from domain.demo import people as demo  # noqa: E402
from domain.demo.consent import seed_consent  # noqa: E402
from domain.models import Delivery, ExternalParty, Person  # noqa: E402

TARGET_SECONDS = 2.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 10, 15))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse an already seeded database instead of emptying it",
    )
    return parser.parse_args(argv)


def fresh_database(url: str, keep: bool):
    database = connect_database(url)
    database.connect()
    if not keep and is_postgres(database):
        with database.atomic():
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
    upgrade(database)
    return database


def seeded_database(url: str, args: argparse.Namespace):
    """``fresh_database`` with the demo students and their consent seeded, unless ``--keep``
    finds them there already."""
    database = fresh_database(url, args.keep)
    if not args.keep or not Person.select().exists():
        started = time.perf_counter()
        demo.seed(args.students, args.seed, args.today)
        written = seed_consent(args.seed, args.today)["consent_event"]
        print(
            f"seeded {args.students} students and {written} consent events "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return database


def timed(label: str, repeat: int, action, results: list) -> object:
    seconds, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = action()
        seconds.append(time.perf_counter() - started)
    best, median = min(seconds), statistics.median(seconds)
    results.append((label, best, median))
    flag = "ok" if median < TARGET_SECONDS else "SLOW"
    print(f"  {label:44s} best {best:6.3f} s   median {median:6.3f} s   {flag}", flush=True)
    return value


def visitor_list(seed: int, size: int = 5000) -> bytes:
    """Scanned numbers: known students, some twice, some unknown; CRLF with a BOM."""
    rng = random.Random(seed)
    numbers = [n for (n,) in Person.select(Person.student_number).order_by(Person.id).tuples()]
    scans = rng.sample(numbers, min(len(numbers), size - size // 10))
    scans += rng.sample(scans, min(len(scans), size // 20))  # duplicates
    scans += [f"s9{rng.randrange(10**6):06d}" for _ in range(size // 20)]  # unknown
    rng.shuffle(scans)
    return ("\ufeff" + "\r\n".join(scans) + "\r\n").encode("utf-8")


def _rerun_reason(key: str) -> str | None:
    """A cohort goes to the schools once: the benchmark's repeated runs are re-runs."""
    delivered = Delivery.select().join(ExternalParty).where(ExternalParty.key == key).exists()
    return "benchmark: repeated run" if delivered else None


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        database = seeded_database(url, args)
        engine = "PostgreSQL" if is_postgres(database) else "SQLite"
        database.execute_sql("ANALYZE")  # fresh statistics, as a maintained database has
        persons = Person.select().count()
        reference = args.today - dt.timedelta(days=1)
        print(
            f"{engine}: {persons} persons, reference date {reference}, "
            f"repeat {args.repeat} (median must stay under {TARGET_SECONDS} s)",
            flush=True,
        )
        results: list = []

        summaries = timed(
            "consent state of everyone (summary_on)",
            args.repeat,
            lambda: consent.summary_on(reference),
            results,
        )
        for s in summaries:
            print(
                f"    {s.party.key:15s} consented {s.consented:6d}  restricted {s.restricted:4d}  "
                f"outdated {s.outdated:5d}  withdrawn {s.withdrawn:6d}  no choice {s.no_choice:6d}"
            )
        for version in current_versions():
            timed(
                f"consenting ids, {version.party.key}",
                args.repeat,
                lambda v=version: consent.consenting_ids(v.party_id, reference),
                results,
            )

        year, cohort = args.today.year - 1, args.today.year - 1
        scans = visitor_list(args.seed)
        plans = {
            "kivi": lambda: plan_kivi(year, reference, today=args.today),
            "schools": lambda: plan_schools(
                cohort, reference, today=args.today, rerun_reason=_rerun_reason("schools")
            ),
            "bedrijvendagen": lambda: plan_bedrijvendagen(
                parse_visitors(scans), reference, today=args.today
            ),
        }
        for key, make_plan in plans.items():
            plan = timed(f"delivery {key}: preview (plan)", args.repeat, make_plan, results)
            timed(
                f"delivery {key}: preview and run",
                args.repeat,
                lambda mp=make_plan: deliveries.run(mp(), None, "benchmark"),
                results,
            )
            print(f"    {plan.counts()}")
        database.close()

    slow = [label for label, _, median in results if median >= TARGET_SECONDS]
    print(
        f"{engine}: {'all under' if not slow else 'OVER'} {TARGET_SECONDS} s"
        + (f": {', '.join(slow)}" if slow else "")
    )
    if slow:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
