"""Benchmark erasure on request for the heaviest students of the 100k demo set.

    python benchmarks/erasure_student.py [--students 100000] [--database-url URL] [--reuse]

Seeds the demo set as benchmarks/export_student.py does, then for each of the
``--repeat`` heaviest students (erasure is destructive: each run needs a fresh student)
files an erasure request, has ``desk`` propose it and ``desk2`` approve it, and times:
the plan shown to the desk (``erasure_plan``), and the approval, which carries the
erasure out in the decision's transaction; then the closing, which removes the account.
Prints every time and the median. The portal has no target for it (a desk member waits
for one click); a second of work would still be acceptable, several would not.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.export_student import parse_args, prepare  # noqa: E402
from domain import models as m  # noqa: E402
from domain.register import RECORD_TYPES  # noqa: E402


def heaviest_students(count: int) -> list[int]:
    """The ``count`` persons with the most rows over the register's record types."""
    from peewee import Value, fn

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
        m.Person.select(rows.c.pid)
        .from_(rows)
        # Erased students stay heavy (their study data is kept): take fresh ones on a rerun.
        .where(rows.c.pid.not_in(m.ErasureOutcome.select(m.ErasureOutcome.person)))
        .group_by(rows.c.pid)
        .order_by(fn.COUNT(rows.c.n).desc(), rows.c.pid)
        .limit(count)
        .tuples()
    )
    return [pid for (pid,) in query]


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def erase_one(person_id: int) -> dict[str, float]:
    from domain.requests import operations as ops
    from domain.requests.vocabulary import OPEN_STATUSES
    from domain.rights import erasure

    desk = m.Account.get(m.Account.username == "desk")
    desk2 = m.Account.get(m.Account.username == "desk2")
    # A held person (restricted, a legal hold, another open request) keeps everything;
    # the benchmark measures a real erasure.
    m.Person.update(is_restricted=False).where(m.Person.id == person_id).execute()
    m.LegalHold.delete().where(m.LegalHold.person == person_id).execute()
    m.RightsRequest.update(status="withdrawn").where(
        (m.RightsRequest.person == person_id) & m.RightsRequest.status.in_(OPEN_STATUSES)
    ).execute()
    request = ops.file_request(person_id, "erasure", {"scope": "all"}, language="nl").request
    plan_ms, plan = timed(erasure.plan_for, request)
    ops.decide(request.id, "granted", None, "Je gegevens zijn gewist.", desk)
    approve_ms, _ = timed(ops.approve, request.id, desk2)
    close_ms, _ = timed(ops.close, request.id, desk2)
    steps = sum(1 for s in plan.steps if s.action != erasure.KEEP)
    return {"plan": plan_ms, "approve": approve_ms, "close": close_ms, "steps": steps}


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'erasure.sqlite3'}"
        prepare(url, args)
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        runs = [erase_one(pid) for pid in heaviest_students(args.repeat)]
        print(f"{engine}: erasure of the {len(runs)} heaviest students")
        for part in ("plan", "approve", "close"):
            times = [r[part] for r in runs]
            print(
                f"  {part:8s} median {statistics.median(times):7.1f} ms  runs "
                + ", ".join(f"{t:.1f}" for t in times)
            )
        print("  steps that erase per student: " + ", ".join(str(r["steps"]) for r in runs))


if __name__ == "__main__":
    main()
