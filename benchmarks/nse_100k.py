"""Benchmark the NSE hand-over and the import of its link file on the demo data set.

    python benchmarks/nse_100k.py [--students 100000] [--database-url URL]
                                  [--repeat 3] [--links 100000] [--keep]

Seeds a fresh database with ``domain.demo.people.seed`` and
``domain.demo.consent.seed_consent`` (or, with ``--keep``, reuses one seeded before), then
times, per operation, the best and the median of ``--repeat`` runs:

- the hand-over (issue 13 §1): planning it (the preview of the counts) and running it
  (recording the delivery, a disclosure per person and the portal's copy of every e-mail
  address handed over);
- the link file (issue 13 §2): a file of ``--links`` lines (five answers a respondent, for
  students drawn from the hand-over's copy), with 1 % unknown addresses and 1 % duplicate
  lines, parsed line by line, linked and stored in one transaction. Each run after the
  first replaces the answers of the run before, as importing a year again does.

The target is under 2 s each. Without ``--database-url`` a temporary SQLite file is used.
A PostgreSQL database is emptied first (schema ``public`` is dropped), so point it only at
a throw-away database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consent_deliveries import TARGET_SECONDS, seeded_database, timed  # noqa: E402

from domain.consent.parties import ensure_parties  # noqa: E402
from domain.core.db import is_postgres  # noqa: E402
from domain.deliveries import records as deliveries  # noqa: E402
from domain.deliveries.nse import plan_nse, survey_name  # noqa: E402
from domain.models import Person, SurveyHandover, SurveyLinkedAnswer  # noqa: E402
from domain.surveys import links  # noqa: E402

QUESTIONS = ("ALG.1", "ALG.2", "INH.1", "DOC.1", "TOE.1")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 10, 15))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--links", type=int, default=100_000, help="lines in the link file")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse an already seeded database instead of emptying it",
    )
    return parser.parse_args(argv)


def link_file(year: int, seed: int, size: int) -> bytes:
    """``size`` lines: five answers a respondent drawn from the hand-over's copy, 1 %
    unknown addresses, 1 % duplicate lines; comma separated, CRLF, with a BOM."""
    rng = random.Random(seed)
    first: dict[int, str] = {}  # one address a student: a respondent answers once
    for person_id, email in (
        SurveyHandover.select(SurveyHandover.person, SurveyHandover.email_address)
        .where(SurveyHandover.survey_name == survey_name(year))
        .order_by(SurveyHandover.id)
        .tuples()
    ):
        first.setdefault(person_id, email)
    emails = sorted(first.values())
    respondents = rng.sample(emails, min(len(emails), size // len(QUESTIONS)))
    lines = [
        f"R{i:07d},{email},{q},{rng.randint(1, 5)}"
        for i, email in enumerate(respondents)
        for q in QUESTIONS
    ]
    unknown = size // 100
    lines = lines[: size - 2 * unknown]
    lines += [f"U{i:07d},nobody{i}@example.org,ALG.1,3" for i in range(unknown)]
    lines += rng.sample(lines, unknown)  # duplicates of lines already in the file
    rng.shuffle(lines)
    return ("\ufeffrespondent,email,question,score\r\n" + "\r\n".join(lines) + "\r\n").encode()


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        database = seeded_database(url, args)
        engine = "PostgreSQL" if is_postgres(database) else "SQLite"
        ensure_parties()
        database.execute_sql("ANALYZE")  # fresh statistics, as a maintained database has
        persons = Person.select().count()
        reference = args.today - dt.timedelta(days=1)
        delete_on = args.today + dt.timedelta(days=200)
        year = args.today.year + 1  # the NSE whose list goes out in the coming winter
        print(
            f"{engine}: {persons} persons, reference date {reference}, load average "
            f"{os.getloadavg()[0]:.2f}, repeat {args.repeat} "
            f"(median must stay under {TARGET_SECONDS} s)",
            flush=True,
        )
        results: list = []

        def make_plan():
            return plan_nse(year, delete_on, reference, today=args.today)

        plan = timed("NSE hand-over: preview (plan)", args.repeat, make_plan, results)
        print(f"    {plan.counts()}")
        timed(
            "NSE hand-over: preview and run",
            args.repeat,
            lambda: deliveries.run(make_plan(), None, "benchmark"),
            results,
        )
        data = link_file(year, args.seed, args.links)
        print(f"    link file: {args.links} lines, {len(data) / 1e6:.1f} MB")
        counts = timed(
            "NSE link file: parse, link and store",
            args.repeat,
            lambda: links.import_file(links.LINKED, year, data, today=args.today),
            results,
        )
        print(f"    {counts}")
        print(f"    stored: {SurveyLinkedAnswer.select().count()} linked answers")
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
