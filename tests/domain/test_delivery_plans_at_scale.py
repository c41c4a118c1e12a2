"""The deliveries' queries on PostgreSQL with 10,000 students: work in proportion to the data.

PostgreSQL plans from estimated row counts. The ledger's "last choice" once used a ranking
window filtered on its rank, which PostgreSQL estimated at a few hundred rows where there
were thousands; it then chose a nested loop that re-checked the candidates for each of them,
and the school and Bedrijvendagen deliveries took 10-45 s for 100,000 students instead of
under one. Timing is for benchmarks; this test measures the *work* instead: every statement a
delivery preview runs is re-run under EXPLAIN ANALYZE, and the rows its plan nodes handle
(times their loops, plus rows thrown away by join filters) must stay within a small multiple
of the rows in the tables. A quadratic plan exceeds that by orders of magnitude. SQLite has
no cost-based choice of this kind (and reports no row counts), so this is PostgreSQL's test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.core.db import connect_database
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.schools import plan_schools
from domain.deliveries.visitors import parse_visitors
from domain.demo import people as demo
from domain.demo.consent import seed_consent
from domain.models import ConsentEvent, Enrolment, Person
from tests.conftest import _empty_postgres

TODAY = dt.date(2025, 10, 15)
REFERENCE = TODAY - dt.timedelta(days=1)
STUDENTS = 10_000
# Rows handled by all plan nodes of one statement, per row stored in the tables it reads
# (at most about 4 today; the window-function plan came to 110).
WORK_PER_ROW = 15


@pytest.fixture(scope="module")
def seeded_postgres(postgres_url):
    database = connect_database(postgres_url)
    database.connect()
    _empty_postgres(database)
    demo.seed(STUDENTS, 7, TODAY)
    seed_consent(7, TODAY)
    database.execute_sql("ANALYZE")
    yield database
    _empty_postgres(database)
    database.close()


def _work(node: dict) -> float:
    own = node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
    own += node.get("Rows Removed by Join Filter", 0) + node.get("Rows Removed by Filter", 0)
    return own + sum(_work(child) for child in node.get("Plans", []))


def _statements(database, action) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []
    execute = database.execute_sql

    def recording(sql, params=None, *args, **kwargs):
        # EXECUTE: a statement built once runs prepared on the server (execute_built).
        if sql.lstrip().upper().startswith(("SELECT", "EXECUTE")):
            seen.append((sql, tuple(params or ())))
        return execute(sql, params, *args, **kwargs)

    database.execute_sql = recording
    try:
        action()
    finally:
        del database.execute_sql
    return seen


def _visitors(count: int) -> bytes:
    numbers = [n for (n,) in Person.select(Person.student_number).limit(count).tuples()]
    return ("student_number\n" + "\n".join(numbers) + "\n").encode()


@pytest.mark.postgres
@pytest.mark.parametrize("kind", ["kivi", "schools", "bedrijvendagen"])
def test_delivery_preview_work_grows_with_the_data_not_its_square(seeded_postgres, kind):
    database = seeded_postgres
    plans = {
        "kivi": lambda: plan_kivi(TODAY.year - 1, REFERENCE, today=TODAY),
        "schools": lambda: plan_schools(TODAY.year - 1, REFERENCE, today=TODAY),
        "bedrijvendagen": lambda: plan_bedrijvendagen(
            parse_visitors(_visitors(STUDENTS // 2)), REFERENCE, today=TODAY
        ),
    }
    statements = _statements(database, plans[kind])
    assert statements, "the preview ran no query"
    stored = Person.select().count() + ConsentEvent.select().count() + Enrolment.select().count()
    for sql, params in statements:
        [[plan]] = database.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()
        work = _work(plan["Plan"])
        assert work <= WORK_PER_ROW * stored, (work, stored, sql[:300])
