"""The worker process: schedule, catch-up, one run at a time, SIGTERM and SIGKILL."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from domain import models as m
from worker import jobs
from worker.scheduler import build_scheduler, next_runs, parse_time

ROOT = Path(__file__).resolve().parents[2]


def config(**overrides):
    values = {
        "WORKER_RETENTION_TIME": "02:30",
        "WORKER_DIGEST_TIME": "07:30",
        "PSEUDONYM_KEY": "k",
        "RETENTION_BATCH_SIZE": 5000,
    }
    values.update(overrides)
    return values


def test_schedule_runs_nightly_at_half_past_two_amsterdam_time(db):
    m.RetentionRun.create(
        today=dt.date.today(),
        trigger="schedule",
        outcome="succeeded",
        started_at=m.RetentionRun.started_at.default(),
    )
    scheduler = build_scheduler(config())
    when = dict(next_runs(scheduler))["retention"]
    assert (when.hour, when.minute, str(when.tzinfo)) == (2, 30, "Europe/Amsterdam")
    job = scheduler.get_job("retention")
    assert job.coalesce and job.misfire_grace_time >= 3600 and job.max_instances == 1


def test_schedule_time_is_configurable(db):
    scheduler = build_scheduler(config(WORKER_RETENTION_TIME="23:05"))
    trigger = scheduler.get_job("retention").trigger
    assert str(trigger.fields[5]) == "23" and str(trigger.fields[6]) == "5"


@pytest.mark.parametrize("value", ["24:00", "2:61", "noon", ""])
def test_bad_schedule_time_is_refused(value):
    with pytest.raises(ValueError):
        parse_time(value)


def test_catch_up_when_the_last_success_is_older_than_a_day(db):
    now = dt.datetime(2024, 3, 10, 12, 0)
    assert jobs.needs_catch_up(now)  # never ran
    m.RetentionRun.create(
        today=dt.date(2024, 3, 10),
        trigger="schedule",
        outcome="succeeded",
        started_at=dt.datetime(2024, 3, 10, 1, 30),
    )
    assert not jobs.needs_catch_up(now)
    assert jobs.needs_catch_up(dt.datetime(2024, 3, 11, 1, 31))
    m.RetentionRun.create(
        today=dt.date(2024, 3, 11),
        trigger="cli",
        outcome="succeeded",
        dry_run=True,
        started_at=dt.datetime(2024, 3, 11, 9, 0),
    )
    assert jobs.needs_catch_up(dt.datetime(2024, 3, 11, 12, 0))  # a dry run does not count


def test_start_up_schedules_a_catch_up_run_now(db):
    scheduler = build_scheduler(config())
    ids = {job.id for job in scheduler.get_jobs()}
    assert ids == {"retention", "retention-catch-up", "mail", "desk-digest"}


def _env(db_url, **extra):
    env = dict(os.environ, DATABASE_URL=db_url, PORTAL_ENV="test", SECRET_KEY="worker-test")
    env.update(extra)
    return env


def _seed_due_people(count: int):
    """Persons each with several due records, so a half-processed person would show."""
    from tests import factories as f

    people = []
    for n in range(count):
        p = f.person(student_number=f"s{3000000 + n:07d}")
        f.enrolment(p, end=dt.date(2012, 8, 31), reason="graduated")
        f.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
        f.record(m.ExchangeDocument, p, academic_year=2012)
        f.record(m.SurveyHandover, p, delete_on=dt.date(2020, 1, 1))
        people.append(p.id)
    return people


def _left_per_person():
    from peewee import fn

    counts = {}
    for model in (m.DirectDebitMandate, m.ExchangeDocument, m.SurveyHandover):
        per_person = model.select(model.person, fn.COUNT(model.id)).group_by(model.person)
        for pid, n in per_person.tuples():
            counts.setdefault(pid, []).append(n)
    return counts


def test_once_runs_and_exits(db, db_url):
    _seed_due_people(3)
    result = subprocess.run(
        [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"],
        cwd=ROOT,
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "succeeded" in result.stderr
    assert m.DirectDebitMandate.select().count() == 0


def test_a_second_worker_skips_while_a_run_holds_the_lock(db, db_url):
    from domain.core.db import make_database
    from domain.retention.lock import exclusive_run

    other = make_database(db_url)
    other.connect()
    try:
        with exclusive_run(other) as held:
            assert held
            result = subprocess.run(
                [sys.executable, "-m", "worker", "--once"],
                cwd=ROOT,
                env=_env(db_url),
                capture_output=True,
                text=True,
                timeout=120,
            )
    finally:
        other.close()
    assert result.returncode == 0
    assert "another run is in progress; skipped" in result.stderr
    assert not m.RetentionRun.select().exists()


def test_two_workers_started_together_never_overlap(db, db_url):
    _seed_due_people(40)
    command = [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"]
    env = _env(db_url, PORTAL_RETENTION_BATCH_SIZE="1")
    procs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    runs = list(m.RetentionRun.select().order_by(m.RetentionRun.started_at))
    assert all(r.outcome == "succeeded" for r in runs)
    for earlier, later in zip(runs, runs[1:], strict=False):
        assert earlier.finished_at <= later.started_at  # one at a time
    assert m.DirectDebitMandate.select().count() == 0


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_sigkill_mid_run_leaves_no_half_processed_person(db, db_url):
    people = _seed_due_people(200)
    proc = subprocess.Popen(
        [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"],
        cwd=ROOT,
        env=_env(db_url, PORTAL_RETENTION_BATCH_SIZE="1"),
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: m.DirectDebitMandate.select().count() < len(people) - 5)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    left = _left_per_person()
    assert 0 < len(left) < len(people)
    assert all(counts == [1, 1, 1] for counts in left.values())  # every person: all or nothing
    assert m.RetentionRun.get().outcome == "running"
    # Each committed batch recorded its counts: the killed run's history adds up.
    assert _recorded_deletions() == 3 * (len(people) - len(left))
    result = subprocess.run(
        [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"],
        cwd=ROOT,
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _left_per_person() == {}
    outcomes = [r.outcome for r in m.RetentionRun.select().order_by(m.RetentionRun.id)]
    assert outcomes == ["interrupted", "succeeded"]
    assert _recorded_deletions() == 3 * len(people)
    killed, resumed = m.RetentionRun.select().order_by(m.RetentionRun.id)
    assert resumed.persons_done_to >= killed.persons_done_to  # resumed, not started over


def _recorded_deletions() -> int:
    from peewee import fn

    r = m.RetentionRunRule
    return (
        r.select(fn.SUM(r.deleted))
        .where(r.rule.in_(["direct_debit_mandate", "exchange_documents", "survey_handover"]))
        .scalar()
    ) or 0


ENTRY_POINTS = {
    "worker": [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"],
    "flask": [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "webapp",
        "retention",
        "run",
        "--today",
        "2024-01-01",
    ],
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_sigint_and_sigterm_mark_the_run_interrupted_on_every_entry_point(
    db, db_url, entry, signum
):
    people = _seed_due_people(150)
    proc = subprocess.Popen(
        ENTRY_POINTS[entry],
        cwd=ROOT,
        env=_env(db_url, PORTAL_RETENTION_BATCH_SIZE="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for(lambda: m.DirectDebitMandate.select().count() < len(people) - 5)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err + out
    run = m.RetentionRun.get()
    assert run.outcome == "interrupted" and run.finished_at is not None
    assert _recorded_deletions() == 3 * (len(people) - len(_left_per_person()))


def _imported_packages(package: str) -> set[str]:
    import ast

    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_worker_and_webapp_do_not_import_each_other():
    assert "webapp" not in _imported_packages("worker")
    assert "worker" not in _imported_packages("webapp")


def test_sigterm_stops_after_the_current_batch(db, db_url):
    people = _seed_due_people(150)
    proc = subprocess.Popen(
        [sys.executable, "-m", "worker", "--once", "--today", "2024-01-01"],
        cwd=ROOT,
        env=_env(db_url, PORTAL_RETENTION_BATCH_SIZE="1"),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for(lambda: m.DirectDebitMandate.select().count() < len(people) - 5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert m.RetentionRun.get().outcome == "interrupted"
    assert all(counts == [1, 1, 1] for counts in _left_per_person().values())


def test_scheduler_process_stops_cleanly_on_sigterm(db, db_url):
    proc = subprocess.Popen(
        [sys.executable, "-m", "worker"],
        cwd=ROOT,
        env=_env(db_url),
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "job retention: next run" in err and "+01:00" in err or "+02:00" in err
    assert "worker stopped" in err
