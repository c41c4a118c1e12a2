"""The retention engine: ``plan(today)`` counts what is due, ``run(today, dry_run)`` acts.

Every rule comes from the register. Work is set-based: per batch of persons, one
DELETE or UPDATE per rule, inside one transaction, so a person's records always change
together and a killed run leaves no half-processed person. Memory stays bounded by the
batch size: due rows are never loaded, only (for pseudonyms) the batch's person ids.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import ForeignKeyField, Value, fn

from domain.core.db import database, is_postgres, utcnow, write_transaction
from domain.models import (
    RECORD_MODELS,
    AuditEvent,
    CourseResult,
    Degree,
    DestructionItem,
    DestructionList,
    Enrolment,
    LoginAttempt,
    Person,
    RetentionRun,
    RetentionRunRule,
)
from domain.register import RECORD_TYPES, Action, RetentionRule, Strategy
from domain.retention import holds
from domain.retention.anonymise import assignments, load_pseudonyms
from domain.retention.due import due_condition
from domain.retention.lock import exclusive_run

log = logging.getLogger("retention")

# Logs that are not part of one person's file: purged in id batches, outside person batches.
SYSTEM_MODELS = (LoginAttempt, AuditEvent)
# While any of these remain, the person row stays (rug §3.4: basic study data is kept).
KEEPS_PERSON = (Enrolment, CourseResult, Degree, *RECORD_MODELS)


@dataclass(frozen=True)
class Target:
    """One rule applied to one model."""

    rule: RetentionRule
    model: type

    @property
    def record_type(self) -> str:
        return self.model.__name__

    @property
    def person_column(self):
        if self.model is Person:
            return Person.id
        column = getattr(self.model, "person", None)
        return column if isinstance(column, ForeignKeyField) else None


def targets() -> list[Target]:
    """Every (rule, model) pair of the register that can fall due."""
    found = []
    for rt in RECORD_TYPES:
        for rule in dict.fromkeys(f.retention for f in rt.fields):
            if rule.action is not Action.KEEP:
                found.append(Target(rule, rt.model))
    return found


def _not_held(target: Target):
    column = target.person_column
    if column is None:
        return True
    condition = column.not_in(holds.held_person_ids())
    return condition | column.is_null() if target.model in SYSTEM_MODELS else condition


def _held_counts(target: Target, today: dt.date) -> dict[str, int]:
    column = target.person_column
    if column is None:
        return {}
    model, counts = target.model, {}
    for reason, source in holds.sources().items():
        def held(col, source=source):
            return col.in_(source())
        # Scoped to the held persons, so subqueries read only their rows.
        due = due_condition(target.rule, model, today, scope=held)
        counts[reason] = model.select(fn.COUNT(model.id)).where(due & held(column)).scalar()
    return counts


def _on_open_list(rule: RetentionRule):
    """Record ids of ``rule`` already listed and not yet destroyed."""
    return (DestructionItem.select(DestructionItem.record_id).join(DestructionList)
            .where((DestructionList.rule == rule.key) & DestructionItem.destroyed_at.is_null()))


def _approved(rule: RetentionRule):
    return _on_open_list(rule).where(DestructionList.approved_at.is_null(False))


@dataclass
class PlanLine:
    target: Target
    due: int
    held: dict[str, int]
    awaiting_approval: int = 0


def plan(today: dt.date) -> list[PlanLine]:
    """How many records each rule would act on tonight, and how many holds keep back."""
    lines = []
    for target in targets():
        model, due = target.model, due_condition(target.rule, target.model, today)
        free = due & _not_held(target)
        awaiting = 0
        if target.rule.review_first:
            awaiting = model.select(fn.COUNT(model.id)).where(
                free & model.id.in_(_on_open_list(target.rule)) &
                model.id.not_in(_approved(target.rule))).scalar()
        lines.append(PlanLine(target, model.select(fn.COUNT(model.id)).where(free).scalar(),
                              _held_counts(target, today), awaiting))
    return lines


@dataclass
class RunReport:
    run_id: int
    outcome: str
    counts: dict[Target, Counter] = field(default_factory=dict)
    persons_removed: int = 0

    def total(self, key: str) -> int:
        return sum(c[key] for c in self.counts.values())


def run(today: dt.date, *, dry_run: bool = False, trigger: str = "cli", pseudonym_key: str,
        batch_size: int = 5000, should_stop: Callable[[], bool] = lambda: False) -> RunReport | None:
    """Apply every rule for ``today``. Return None if another run holds the lock."""
    with exclusive_run(database.obj) as acquired:
        if not acquired:
            log.info("a retention run is already in progress; skipping")
            return None
        return _run_locked(today, dry_run, trigger, pseudonym_key, batch_size, should_stop)


def _run_locked(today, dry_run, trigger, key, batch_size, should_stop) -> RunReport:
    with database.atomic():
        # Holding the lock, any run still marked running was killed mid-way.
        (RetentionRun.update(outcome=RetentionRun.INTERRUPTED, finished_at=utcnow())
         .where(RetentionRun.outcome == RetentionRun.RUNNING).execute())
        record = RetentionRun.create(today=today, dry_run=dry_run, trigger=trigger)
    report = RunReport(record.id, RetentionRun.RUNNING)
    all_targets = targets()
    for target in all_targets:
        report.counts[target] = Counter({f"held_{reason}": n
                                         for reason, n in _held_counts(target, today).items()})
    error = None
    try:
        stopped = _person_batches(all_targets, today, dry_run, key, batch_size, should_stop,
                                  report, record)
        if not stopped:
            stopped = _system_batches(all_targets, today, dry_run, batch_size, should_stop, report)
        if not stopped and not dry_run:
            _mark_destroyed()
        report.outcome = RetentionRun.INTERRUPTED if stopped else RetentionRun.SUCCEEDED
    except Exception as exc:
        # The class only: a driver's message can quote row values, i.e. personal data.
        report.outcome, error = RetentionRun.FAILED, type(exc).__name__
        log.exception("retention run %s failed", record.id)
        raise
    finally:
        _record(record, report, error)
    return report


def _person_batches(all_targets, today, dry_run, key, batch_size, should_stop, report, record):
    """Process persons in id ranges; return True if asked to stop before the end."""
    first, last = Person.select(fn.MIN(Person.id), fn.MAX(Person.id)).tuples().get()
    if first is None:
        return False
    person_targets = [t for t in all_targets if t.model not in SYSTEM_MODELS]
    lists: dict[str, DestructionList] = {}
    for low in range(first, last + 1, batch_size):
        if should_stop():
            return True
        high = low + batch_size - 1
        with write_transaction() as tx:
            _relax_commit()
            _apply_to_persons(person_targets, today, low, high, key, report, record, lists)
            if dry_run:
                tx.rollback()
                lists.clear()  # their rows were rolled back too
    return False


def _relax_commit() -> None:
    """Let PostgreSQL commit this batch without waiting for its WAL flush.

    Safe because a batch is idempotent: if the server crashes before the flush, the
    batch is lost as a whole (never half) and the next run does it again. The run's own
    record is written in a normal, durable transaction.
    """
    if is_postgres():
        database.execute_sql("SET LOCAL synchronous_commit TO OFF")


def _apply_to_persons(person_targets, today, low, high, key, report, record, lists):
    """Apply every rule to the persons with ids ``low..high``, in the caller's transaction."""
    def in_batch(column):
        return column.between(low, high)

    held = sorted({pid for (pid,) in holds.held_person_ids(in_batch).tuples()})
    applicants = _applicants_with_records(in_batch, held)
    for target in person_targets:
        model, rule, column = target.model, target.rule, target.person_column
        where = due_condition(rule, model, today, scope=in_batch) & in_batch(column)
        if held:
            where &= column.not_in(held)
        counts = report.counts[target]
        if rule.action is Action.ANONYMISE:
            counts["anonymised"] += _anonymise(rule, model, column, where, key)
        elif rule.review_first:
            counts["deleted"] += model.delete().where(where & model.id.in_(_approved(rule))).execute()
            counts["listed_for_review"] += _list_for_review(model, rule, where, record, lists)
        else:
            counts["deleted"] += model.delete().where(where).execute()
    if applicants:
        report.persons_removed += _remove_emptied_persons(applicants, in_batch)


def _anonymise(rule, model, column, where, key) -> int:
    if any(spec.strategy is Strategy.PSEUDONYM for spec in rule.anonymise.values()):
        # Keyed HMACs are computed here (portably), for the batch's persons only.
        person_ids = [pid for (pid,) in model.select(column).where(where).distinct().tuples()]
        if not person_ids:
            return 0
        load_pseudonyms(key, person_ids)
    return model.update(assignments(rule, model)).where(where).execute()


def _list_for_review(model, rule, where, record, lists) -> int:
    """Put due records not yet listed on this run's destruction list for ``rule``."""
    unlisted = where & model.id.not_in(_on_open_list(rule))
    if rule.key not in lists:
        if not model.select(model.id).where(unlisted).exists():
            return 0
        lists[rule.key] = DestructionList.create(rule=rule.key, record_type=model.__name__,
                                                 created_by_run=record)
    rows = model.select(Value(lists[rule.key].id), model.id).where(unlisted)
    return (DestructionItem.insert_from(rows, [DestructionItem.destruction_list,
                                               DestructionItem.record_id])
            .as_rowcount().execute())


def _without(model, in_batch):
    """Condition on Person: no row of ``model`` refers to the person.

    The subquery repeats the batch range, so PostgreSQL probes the person index instead
    of hashing the whole table once per batch.
    """
    return ~fn.EXISTS(model.select(model.id).where((model.person == Person.id)
                                                   & in_batch(model.person)))


def _applicants_with_records(in_batch, held) -> list[int]:
    """Persons of the batch never enrolled but holding records: removable once emptied.

    Found before the rules run, so a new applicant without any record yet is left alone.
    """
    condition = in_batch(Person.id)
    for model in (Enrolment, CourseResult, Degree):
        condition &= _without(model, in_batch)
    if held:
        condition &= Person.id.not_in(held)
    never_enrolled = [pid for (pid,) in Person.select(Person.id).where(condition).tuples()]
    if not never_enrolled:  # the usual case: skip probing every record table
        return []
    has_no_record = _without(RECORD_MODELS[0], in_batch)
    for model in RECORD_MODELS[1:]:
        has_no_record &= _without(model, in_batch)
    return [pid for (pid,) in Person.select(Person.id)
            .where(Person.id.in_(never_enrolled) & ~has_no_record).tuples()]


def _remove_emptied_persons(candidates: list[int], in_batch) -> int:
    """Delete the candidates of whom nothing is left that must be kept."""
    condition = Person.id.in_(candidates)
    for model in KEEPS_PERSON:
        condition &= _without(model, in_batch)
    return Person.delete().where(condition).execute()


def _system_batches(all_targets, today, dry_run, batch_size, should_stop, report) -> bool:
    for target in (t for t in all_targets if t.model in SYSTEM_MODELS):
        model = target.model
        where = due_condition(target.rule, model, today) & _not_held(target)
        if dry_run:
            report.counts[target]["deleted"] += model.select(fn.COUNT(model.id)).where(where).scalar()
            continue
        while True:
            if should_stop():
                return True
            batch = model.select(model.id).where(where).order_by(model.id).limit(batch_size)
            with write_transaction():
                deleted = model.delete().where(model.id.in_(batch)).execute()
            report.counts[target]["deleted"] += deleted
            if deleted < batch_size:
                break
    return False


def _mark_destroyed() -> None:
    """Close approved list items whose record no longer exists."""
    for target in targets():
        if not target.rule.review_first:
            continue
        model = target.model
        (DestructionItem.update(destroyed_at=utcnow())
         .where(DestructionItem.id.in_(
             DestructionItem.select(DestructionItem.id).join(DestructionList)
             .where((DestructionList.rule == target.rule.key)
                    & DestructionItem.destroyed_at.is_null()
                    & DestructionList.approved_at.is_null(False)
                    & DestructionItem.record_id.not_in(model.select(model.id)))))
         .execute())


def _record(record: RetentionRun, report: RunReport, error: str | None) -> None:
    with database.atomic():
        RetentionRunRule.insert_many([
            {"run": record.id, "rule": t.rule.key, "record_type": t.record_type,
             "deleted": c["deleted"], "anonymised": c["anonymised"],
             "listed_for_review": c["listed_for_review"], "held_restricted": c["held_restricted"],
             "held_legal_hold": c["held_legal_hold"], "held_open_request": c["held_open_request"]}
            for t, c in report.counts.items()]).execute()
        (RetentionRun.update(outcome=report.outcome, finished_at=utcnow(), error=error)
         .where(RetentionRun.id == record.id).execute())
