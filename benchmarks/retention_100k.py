"""Benchmark the nightly retention run on the demo set, three ways, and the web app during it.

    python benchmarks/retention_100k.py [--students 100000] [--backend sqlite|postgres|both]
                                        [--repeat 3] [--no-requests] [--skip-naive]
                                        [--keep-source FILE]

For each backend it seeds one source database with the demo generator (students and,
unless ``--no-requests``, their rights requests), then copies it for each measurement so
every method starts from the same data:

- ``engine``: the portal's engine (``domain.retention.engine.run``);
- ``sql``: hand-written SQL, one statement per rule, covering exactly the engine's rules,
  holds and removal of emptied applicants: it checks that against the register before
  it runs, and the benchmark fails unless both change the same rows, rule by rule;
- ``web``: the web app's p99 latency idle, then while the engine runs;
- ``naive``: a per-row ORM loop (load every row, decide in Python, delete or save it).

Engine, SQL and web run ``--repeat`` times, taking turns; the median run is reported.
Each method runs in its own process, so its peak memory (ru_maxrss) is its own.
PostgreSQL copies are made with ``CREATE DATABASE … TEMPLATE``; they are named after the
database of ``--postgres-url`` (``bench_source``, ``bench_engine0`` … by default) on its
server and dropped afterwards. With ``--keep-source FILE`` the SQLite source is seeded
into FILE once and reused by later invocations (seeding takes minutes).
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
ENGINE_COUNTS = ("deleted", "anonymised", "listed_for_review")
METHODS = ("engine", "sql")  # run --repeat times each, in turns


# --- the three methods (each runs in a child process) ---------------------------------------


def method_engine(url: str) -> dict:
    from domain.core.db import connect_database
    from domain.retention import engine

    db = connect_database(url)
    with db.connection_context():
        report = engine.run(TODAY, pseudonym_key=PSEUDONYM_KEY, trigger="benchmark")
    return {
        "counts": {
            f"{target.model._meta.table_name}:{target.rule.key}": {
                key: counts[key] for key in ENGINE_COUNTS
            }
            for target, counts in report.counts.items()
        },
        "persons_removed": report.persons_removed,
    }


def method_naive(url: str) -> dict:
    """What one would write without thinking about sets: every row through Python.

    It applies the rules only (no listing for review, no removal of emptied applicants):
    a yardstick for the engine's speed, not a second implementation.
    """
    from domain.core.db import connect_database
    from domain.models import Person
    from domain.register import Action
    from domain.retention import engine, holds, terms
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
                        held = holds.held_person_ids(lambda c, pid=person_id: c == pid)
                        if held.exists():
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


# --- hand-written SQL: the same rules, one statement each ----------------------------------

# The hold reasons of domain/retention/holds.py: restricted, legal hold, open request.
OPEN_REQUEST = "('received', 'in_progress', 'waiting', 'proposed', 'decided')"
HELD = (
    "SELECT id FROM person WHERE is_restricted "
    "UNION SELECT person_id FROM legal_hold WHERE lifted_at IS NULL "
    f"UNION SELECT person_id FROM rights_request WHERE status IN {OPEN_REQUEST}"
)
# Persons whose last enrolment ended by a cutoff (none still open on today), and applicants
# who never enrolled whose application ended by it. Parameters: today, cutoff, cutoff.
ENDED = (
    "SELECT person_id FROM enrolment GROUP BY person_id HAVING "
    "SUM(CASE WHEN end_date IS NULL OR end_date >= {p} THEN 1 ELSE 0 END) = 0 "
    "AND MAX(end_date) <= {p} "
    "UNION SELECT a.id FROM person a WHERE a.application_ended_on <= {p} "
    "AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = a.id)"
)
STUDY_TABLES = ("enrolment", "course_result", "degree")
RECORD_TABLES = (
    "identity_document_copy",
    "foreign_admission_decision",
    "deficiency_document",
    "colloquium_doctum_decision",
    "selection_document",
    "matching_result",
    "exchange_document",
    "course_participant_form",
    "direct_debit_mandate",
    "counselling_entry",
    "survey_handover",
    "summer_school_participation",
    "admission_email",
    "evaluation_recording",
    "evaluation_form",
    "accreditation_document",
)


def _check_the_sql_covers_the_register(statements) -> None:
    """Fail loudly when the register gained a rule, hold or record type this SQL lacks."""
    from domain.models import RECORD_MODELS
    from domain.requests.vocabulary import OPEN_STATUSES
    from domain.retention import engine, holds

    covered = {(table, rule) for table, rule, *_ in statements}
    declared = {(t.model._meta.table_name, t.rule.key) for t in engine.targets()}
    problems = []
    if covered != declared:
        problems.append(f"rules: missing {declared - covered}, extra {covered - declared}")
    if set(holds.REASONS) != {"restricted", "legal_hold", "open_request"}:
        problems.append(f"hold reasons: {sorted(holds.REASONS)}")
    if "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")" != OPEN_REQUEST:
        problems.append(f"open request statuses: {OPEN_STATUSES}")
    if tuple(m._meta.table_name for m in RECORD_MODELS) != RECORD_TABLES:
        problems.append("record types")
    if tuple(m._meta.table_name for m in engine.STUDY_DATA) != STUDY_TABLES:
        problems.append("basic study data")
    if problems:
        raise SystemExit(
            "the hand-written SQL no longer matches the engine: " + "; ".join(problems)
        )


def sql_statements(p: str, postgres: bool) -> list[tuple]:
    """(table, rule, count, SQL, parameters) per rule, in the engine's order."""
    from domain.core.clock import end_of_day
    from domain.register import RULES
    from domain.retention.due import latest_due_event, latest_due_year

    def cut(key: str):
        rule = RULES[key]
        if rule.counts_from.value.startswith("academic"):
            return latest_due_year(rule, TODAY)
        return latest_due_event(rule.period, TODAY)

    def backstop(key: str):
        return latest_due_event(RULES[key].backstop.period, TODAY)

    def moment(key: str):  # a timestamp counts from its Amsterdam date
        return end_of_day(cut(key))

    not_held = f"person_id NOT IN ({HELD})"
    ended = ENDED.format(p=p)
    if postgres:
        pseudonym = f"md5({p} || person_id::text)"  # a stand-in of equal cost for the HMAC
        year_of_date, year_of_time = "date_trunc('year', {})::date", "date_trunc('year', {})"
    else:
        pseudonym = f"pseudonym({p} || person_id)"
        year_of_date, year_of_time = "date({}, 'start of year')", "datetime({}, 'start of year')"
    open_items = (
        "SELECT i.record_id FROM destruction_item i JOIN destruction_list l "
        "ON l.id = i.destruction_list_id WHERE l.rule = 'counselling_dossier' "
        "AND i.destroyed_at IS NULL"
    )

    def delete(table, rule, where, params):
        return (
            table,
            rule,
            "deleted",
            f"DELETE FROM {table} WHERE ({where}) AND {not_held}",
            params,
        )

    return [
        (
            "person",
            "contact_details",
            "anonymised",
            "UPDATE person SET private_email = NULL, phone = NULL, postal_address = NULL "
            "WHERE (private_email IS NOT NULL OR phone IS NOT NULL OR postal_address IS NOT NULL) "
            f"AND id IN ({ended}) AND id NOT IN ({HELD})",
            [TODAY, cut("contact_details"), cut("contact_details")],
        ),
        delete(
            "identity_document_copy",
            "identity_document",
            f"processed_on <= {p} OR received_on <= {p}",
            [cut("identity_document"), backstop("identity_document")],
        ),
        delete(
            "foreign_admission_decision",
            "foreign_admission",
            f"settled_on <= {p}",
            [cut("foreign_admission")],
        ),
        delete(
            "deficiency_document",
            "deficiency_documents",
            f"admission_decided_on <= {p}",
            [cut("deficiency_documents")],
        ),
        delete(
            "colloquium_doctum_decision",
            "colloquium_doctum",
            f"decided_on <= {p}",
            [cut("colloquium_doctum")],
        ),
        delete(
            "selection_document",
            "selection_documents",
            f"academic_year <= {p}",
            [cut("selection_documents")],
        ),
        (
            "matching_result",
            "matching_results",
            "anonymised",
            f"UPDATE matching_result SET subject_pseudonym = {pseudonym}, person_id = NULL, "
            f"title = 'matching', created_at = {year_of_time.format('created_at')}, "
            "content_text = NULL, file_name = NULL, file_data = NULL "
            f"WHERE academic_year <= {p} AND person_id IS NOT NULL AND {not_held}",
            [PSEUDONYM_KEY, cut("matching_results")],
        ),
        delete(
            "exchange_document",
            "exchange_documents",
            f"academic_year <= {p}",
            [cut("exchange_documents")],
        ),
        delete(
            "course_participant_form",
            "course_participant_form",
            f"course_year_start <= {p}",
            [cut("course_participant_form")],
        ),
        delete(
            "direct_debit_mandate",
            "direct_debit_mandate",
            f"signed_on <= {p}",
            [cut("direct_debit_mandate")],
        ),
        delete(  # approved on an earlier list: destroyed now
            "counselling_entry",
            "counselling_dossier",
            f"person_id IN ({ended}) AND id IN ({open_items} AND l.approved_at IS NOT NULL)",
            [TODAY, cut("counselling_dossier"), cut("counselling_dossier")],
        ),
        (
            "counselling_entry",
            "counselling_dossier",
            "listed_for_review",
            "INSERT INTO destruction_item (destruction_list_id, record_id) "
            f"SELECT {p}, id FROM counselling_entry WHERE person_id IN ({ended}) "
            f"AND {not_held} AND id NOT IN ({open_items})",
            [None, TODAY, cut("counselling_dossier"), cut("counselling_dossier")],  # list id
        ),
        delete("survey_handover", "survey_handover", f"delete_on <= {p}", [cut("survey_handover")]),
        delete(
            "survey_linked_answer",
            "survey_linked_answers",
            f"imported_on <= {p}",
            [cut("survey_linked_answers")],
        ),
        delete(
            "survey_support_answer",
            "survey_support_answers",
            f"imported_on <= {p}",
            [cut("survey_support_answers")],
        ),
        delete(
            "summer_school_participation",
            "summer_school",
            f"annual_report_on <= {p} OR school_ended_on <= {p}",
            [cut("summer_school"), backstop("summer_school")],
        ),
        delete("admission_email", "admission_emails", f"cohort <= {p}", [cut("admission_emails")]),
        delete(
            "evaluation_recording",
            "evaluation_recordings",
            f"evaluation_done_on <= {p}",
            [cut("evaluation_recordings")],
        ),
        (
            "evaluation_form",
            "evaluation_forms",
            "anonymised",
            "UPDATE evaluation_form SET person_id = NULL, content_text = NULL, file_name = NULL, "
            f"file_data = NULL, submitted_on = {year_of_date.format('submitted_on')}, "
            f"created_at = {year_of_time.format('created_at')} "
            f"WHERE processed_on <= {p} AND person_id IS NOT NULL AND {not_held}",
            [cut("evaluation_forms")],
        ),
        delete(
            "accreditation_document",
            "accreditation_documents",
            f"final_decision_on <= {p}",
            [cut("accreditation_documents")],
        ),
        (
            "disclosure",
            "delivery_rows",
            "anonymised",
            f"UPDATE disclosure SET rows = NULL WHERE created_at < {p} AND rows IS NOT NULL "
            f"AND {not_held}",
            [moment("delivery_rows")],
        ),
        delete("rights_request", "rights_request", f"closed_at < {p}", [moment("rights_request")]),
        delete("data_export", "data_export", f"expires_at < {p}", [moment("data_export")]),
        (
            "outbox_mail",
            "outbox_mail",
            "deleted",
            f"DELETE FROM outbox_mail WHERE created_at < {p} "
            f"AND (person_id IS NULL OR person_id NOT IN ({HELD}))",
            [moment("outbox_mail")],
        ),
        # The logs outside a person's file, after the persons (as the engine does).
        (
            "login_attempt",
            "login_attempts",
            "deleted",
            f"DELETE FROM login_attempt WHERE attempted_at < {p}",
            [moment("login_attempts")],
        ),
        (
            "sign_in_session",
            "sign_in_sessions",
            "deleted",
            f"DELETE FROM sign_in_session WHERE started_at < {p}",
            [moment("sign_in_sessions")],
        ),
        (
            "sign_in_code",
            "sign_in_codes",
            "deleted",
            f"DELETE FROM sign_in_code WHERE created_at < {p}",
            [moment("sign_in_codes")],
        ),
        (
            "sign_in_code_request",
            "sign_in_codes",
            "deleted",
            f"DELETE FROM sign_in_code_request WHERE created_at < {p}",
            [moment("sign_in_codes")],
        ),
        (
            "audit_event",
            "audit_trail",
            "deleted",
            f"DELETE FROM audit_event WHERE occurred_at < {p} "
            f"AND (person_id IS NULL OR person_id NOT IN ({HELD}))",
            [moment("audit_trail")],
        ),
    ]


def _has_any(tables: tuple[str, ...]) -> str:
    return " OR ".join(f"EXISTS (SELECT 1 FROM {t} r WHERE r.person_id = a.id)" for t in tables)


def method_sql(url: str) -> dict:
    """Hand-written SQL: one statement per rule, cutoffs computed once, one transaction.

    Applicants who never enrolled and whose records all went are removed, as the engine
    does: the candidates are found before the rules run, removed after the person rules.
    """
    from domain.core.db import connect_database, is_postgres

    db = connect_database(url)
    postgres = is_postgres(db)
    p = "%s" if postgres else "?"
    statements = sql_statements(p, postgres)
    _check_the_sql_covers_the_register(statements)
    keeps = (*STUDY_TABLES, *RECORD_TABLES)
    candidates = (
        "CREATE TEMPORARY TABLE bench_applicant AS SELECT a.id FROM person a "
        f"WHERE NOT ({_has_any(STUDY_TABLES)}) AND a.id NOT IN ({HELD}) "
        f"AND ({_has_any(RECORD_TABLES)})"
    )
    remove = "DELETE FROM person WHERE id IN (SELECT id FROM bench_applicant) " + "".join(
        f"AND NOT EXISTS (SELECT 1 FROM {t} r WHERE r.person_id = person.id) " for t in keeps
    )
    counts: dict[str, dict[str, int]] = {}
    with db.connection_context():
        if not postgres:
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
                + (" RETURNING id" if postgres else ""),
                ["counselling_dossier", "CounsellingEntry", dt.datetime.now()],
            )
            list_id = list_id.fetchone()[0] if postgres else db.last_insert_id(list_id)
            db.execute_sql(candidates)
            removed = None
            for table, rule, count, sql, params in statements:
                if table == "login_attempt":  # the persons' part is done
                    removed = db.execute_sql(remove).rowcount
                params = [list_id if v is None else v for v in params]
                changed = db.execute_sql(sql, params).rowcount
                target = counts.setdefault(f"{table}:{rule}", dict.fromkeys(ENGINE_COUNTS, 0))
                target[count] += changed
    return {"counts": counts, "persons_removed": removed}


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
            [sys.executable, __file__, "--method", "engine", "--url", url, "--announce-ready"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        # Measure from the run's start, not the interpreter's: in use the worker process
        # has started long before (its start cost the web up to 70 ms once, a p99 of its own).
        assert run.stdout.readline().strip() == "ready"
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
    def __init__(self, tmp: Path, source: Path | None = None):
        self.tmp = tmp
        self.source = source or tmp / "source.sqlite3"

    def source_url(self) -> str:
        return f"sqlite:///{self.source}"

    def copy(self, name: str) -> str:
        target = self.tmp / f"{name}.sqlite3"
        shutil.copyfile(self.source, target)
        return f"sqlite:///{target}"

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.tmp / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresCopies:
    """Databases ``<name>_source`` and one ``<name>_<copy>`` per measurement, where ``<name>``
    is the database of ``--postgres-url`` (which itself is left alone); dropped at the end."""

    def __init__(self, server_url: str):
        from domain.core.db import make_database

        self.base, self.prefix = server_url.rsplit("/", 1)
        self.admin = make_database(f"{self.base}/postgres")
        self.admin.connect()
        self.made: list[str] = []
        self._create(self._name("source"))

    def _name(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def _url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def _create(self, name: str, template: str | None = None) -> None:
        self.admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.admin.execute_sql(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        )
        self.made.append(name)

    def source_url(self) -> str:
        return self._url(self._name("source"))

    def copy(self, name: str) -> str:
        self._create(self._name(name), template=self._name("source"))
        return self._url(self._name(name))

    def drop(self, name: str) -> None:
        self.admin.execute_sql(f'DROP DATABASE IF EXISTS "{self._name(name)}"')
        self.made.remove(self._name(name))

    def close(self) -> None:
        for name in reversed(self.made):
            self.admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.admin.close()


def seed_source(url: str, students: int, requests: bool) -> dict:
    from domain.core.db import connect_database
    from domain.core.schema import upgrade
    from domain.demo import people as demo
    from domain.demo.requests import seed_requests
    from domain.models import Person
    from domain.retention import holds

    db = connect_database(url)
    with db.connection_context():
        upgrade(db)
        started = time.perf_counter()
        demo.seed(students, 1, TODAY)
        written = seed_requests(1, TODAY)["rights_request"] if requests else 0
        seconds = time.perf_counter() - started
        held = {
            key: reason.person_ids().distinct().count() for key, reason in holds.REASONS.items()
        }
        persons = Person.select().count()
        if url.startswith("sqlite"):
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"  seeded {persons} persons, {written} requests; held persons {held}", flush=True)
    return {"seed_seconds": round(seconds, 1), "requests": written, "held_persons": held}


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


def total(result: dict) -> dict[str, int]:
    """A method's changed rows by kind, summed over its rules."""
    sums = {key: sum(c[key] for c in result["counts"].values()) for key in ENGINE_COUNTS}
    return {**sums, "persons_removed": result["persons_removed"]}


def compare(engine: dict, sql: dict) -> list[str]:
    """Where the engine and the hand-written SQL changed different rows (none, or a bug)."""
    differences = [
        f"{target}: engine {engine['counts'].get(target)} sql {sql['counts'].get(target)}"
        for target in sorted(set(engine["counts"]) | set(sql["counts"]))
        if engine["counts"].get(target) != sql["counts"].get(target)
    ]
    if engine["persons_removed"] != sql["persons_removed"]:
        differences.append(
            f"persons removed: engine {engine['persons_removed']} sql {sql['persons_removed']}"
        )
    return differences


def median_run(runs: list[dict], key: str) -> dict:
    """The run whose ``key`` is the median of the runs (the middle one of an odd count)."""
    ordered = sorted(runs, key=lambda r: r[key])
    return {**ordered[len(ordered) // 2], f"all_{key}": [r[key] for r in runs]}


def kept_source(path: Path, students: int, requests: bool) -> dict | None:
    """What seeding a kept SQLite source reported, if it was seeded with these arguments."""
    about = path.with_name(path.name + ".json")
    if not path.exists():
        return None
    if not about.exists():
        raise SystemExit(f"{path} exists but was not seeded by this benchmark; remove it")
    seeded = json.loads(about.read_text())
    if (seeded.pop("students"), seeded.pop("with_requests")) != (students, requests):
        raise SystemExit(f"{path} was seeded with other arguments; remove it and {about}")
    print(f"  reusing the seeded source {path}", flush=True)
    return seeded


def benchmark(
    backend: str,
    students: int,
    postgres_url: str,
    skip_naive: bool,
    repeat: int,
    requests: bool,
    keep_source: Path | None = None,
) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="retention-bench-"))
    keep = keep_source if backend == "sqlite" else None
    copies = SqliteCopies(tmp, keep) if backend == "sqlite" else PostgresCopies(postgres_url)
    try:
        results = {"backend": backend, "students": students}
        seeded = kept_source(keep, students, requests) if keep else None
        if seeded is None:
            seeded = seed_source(copies.source_url(), students, requests)
            if keep:
                about = {**seeded, "students": students, "with_requests": requests}
                keep.with_name(keep.name + ".json").write_text(json.dumps(about))
        results.update(seeded)
        runs: dict[str, list[dict]] = {"engine": [], "sql": [], "web": []}
        problems = []
        for round_ in range(repeat):  # the methods take turns, so noise hits them alike
            for method in METHODS:
                name = f"{method}{round_}"
                result = run_child(method, copies.copy(name))
                copies.drop(name)
                runs[method].append(result)
                print(
                    f"[{backend}] {method} #{round_ + 1}: work {result['work_seconds']} s "
                    f"(CPU {result['work_cpu_seconds']} s), "
                    f"wall {result['seconds']} s, peak {result['peak_rss_mb']} MB, "
                    f"{total(result)}",
                    flush=True,
                )
            problems += compare(runs["engine"][-1], runs["sql"][-1])
            web = measure_web(copies.copy(f"web{round_}"))
            copies.drop(f"web{round_}")
            runs["web"].append(web)
            print(f"[{backend}] web #{round_ + 1}: {web}", flush=True)
        if not skip_naive:
            results["naive"] = run_child("naive", copies.copy("naive"))
            print(f"[{backend}] naive: {results['naive']}", flush=True)
        for method in METHODS:
            results[method] = median_run(runs[method], "work_seconds")
            results[method]["changed"] = total(runs[method][0])
        results["sql"].pop("counts")  # the engine's, rule by rule, are the same
        results["web"] = median_run(runs["web"], "ratio")
        results["engine_to_sql"] = round(
            results["engine"]["work_seconds"] / results["sql"]["work_seconds"], 2
        )
        if backend == "sqlite":  # PostgreSQL works in its own processes, not counted here
            cpu = [statistics.median(r["work_cpu_seconds"] for r in runs[m]) for m in METHODS]
            results["engine_to_sql_cpu"] = round(cpu[0] / cpu[1], 2)
        results["same_rows"] = not problems
        if problems:
            print(f"[{backend}] the engine and the SQL differ:\n  " + "\n  ".join(problems))
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
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/bench"),
        help="names the server and the prefix of the throw-away databases",
    )
    parser.add_argument("--skip-naive", action="store_true", help="leave out the slow per-row loop")
    parser.add_argument("--repeat", type=int, default=3, help="runs of engine, SQL and web each")
    parser.add_argument(
        "--requests",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="seed the demo rights requests too (--no-requests: the set before issue 9)",
    )
    parser.add_argument(
        "--keep-source",
        type=Path,
        metavar="FILE",
        help="SQLite: seed the source database into FILE and keep it, or reuse FILE if an "
        "earlier run seeded it with the same --students and --requests",
    )
    parser.add_argument("--method", choices=["engine", "naive", "sql"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--announce-ready", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.method:  # child process
        if args.announce_ready:
            # Like the worker, which is running long before 02:30: the interpreter's start
            # and the imports are over before the run begins.
            import domain.models  # noqa: F401
            from domain.retention import engine  # noqa: F401

            print("ready", flush=True)
        started, cpu = time.perf_counter(), time.process_time()
        result = {"engine": method_engine, "naive": method_naive, "sql": method_sql}[args.method](
            args.url
        )
        result["work_seconds"] = round(time.perf_counter() - started, 2)
        # This process's own CPU time: on SQLite the database works in it too, so this
        # hardly changes when other work shares the cores (wall time does).
        result["work_cpu_seconds"] = round(time.process_time() - cpu, 2)
        print(json.dumps(result))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    summary = [
        benchmark(
            b,
            args.students,
            args.postgres_url,
            args.skip_naive,
            args.repeat,
            args.requests,
            args.keep_source,
        )
        for b in backends
    ]
    print(json.dumps(summary, indent=2))
    if not all(r["same_rows"] for r in summary):
        raise SystemExit("the engine and the hand-written SQL did not change the same rows")


if __name__ == "__main__":
    main()
