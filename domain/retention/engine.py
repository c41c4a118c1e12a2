"""The retention engine: ``plan(today)`` counts what is due, ``run(today, dry_run)`` acts.

Every rule comes from the register. Work is set-based: per batch of persons, one
DELETE or UPDATE per rule, inside one transaction, so a person's records always change
together and a killed run leaves no half-processed person. Each batch adds its counts to
the run history in that same transaction, so the history always adds up to what
happened, and a run killed on the same day resumes after the last committed batch.
Memory stays bounded by the batch size: due rows are never loaded, only (for
pseudonyms) the batch's person ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import Case, ForeignKeyField, Select, Value, fn

from domain.audit import chain as audit_chain
from domain.core.db import database, is_postgres, utcnow, write_transaction
from domain.models import (
    RECORD_MODELS,
    AuditEvent,
    DestructionItem,
    DestructionList,
    LoginAttempt,
    OutboxMail,
    Person,
    RetentionRun,
    RetentionRunHold,
    RetentionRunRule,
    RightsRequest,
    SignInCode,
    SignInCodeRequest,
    SignInSession,
)
from domain.register import RECORD_TYPES, Action, RetentionRule
from domain.retention import holds, review
from domain.retention.anonymise import anonymise_rows
from domain.retention.due import due_condition
from domain.retention.lock import exclusive_run

log = logging.getLogger("retention")

# Logs that are not part of one person's file: purged in id batches, outside person batches.
SYSTEM_MODELS = (
    LoginAttempt,
    SignInSession,
    SignInCode,
    SignInCodeRequest,
    AuditEvent,
    OutboxMail,
)
# The register's rule for what is kept for good (rug §3.4): while a person has any record
# under it, the person row stays.
STUDY_DATA_RULE = "basic_study_data"
COUNTS = ("deleted", "anonymised", "listed_for_review")


def study_data_models() -> tuple[type, ...]:
    """The models (other than Person) whose fields the basic-study-data rule keeps."""
    return tuple(
        rt.model
        for rt in RECORD_TYPES
        if rt.model is not Person and any(f.retention.key == STUDY_DATA_RULE for f in rt.fields)
    )


STUDY_DATA = study_data_models()
# A person never enrolled is removed once none of these is left.
# A request file keeps its person too: it has a term of its own (two years after closing),
# which removing an emptied applicant must not cut short through the cascade.
KEEPS_PERSON = (*STUDY_DATA, *RECORD_MODELS, RightsRequest)


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


def held_counts(targets_: list[Target], today: dt.date) -> dict[Target, dict[str, int]]:
    """The due rows each hold reason keeps back, per target, in one query for all targets.

    The held (person, reason) rows are a common table expression that every target's
    count joins (a UNION ALL with one grouped count per target). Used more than once, it
    is computed once: SQLite (3.35 and later) and PostgreSQL (12 and later) materialise
    such a CTE by default, so no MATERIALIZED keyword, which older versions reject. A
    target without a person column (nothing to hold) gets no counts.
    """
    counted = [t for t in targets_ if t.person_column is not None]
    result = {t: {} for t in targets_}
    if not counted:
        return result
    held = holds.held_persons_by_reason().cte("held", columns=("person_id", "reason"))
    # Scoped to the held persons, so the due conditions' subqueries read only their rows.
    held_ids = Select((held,), (held.c.person_id,))
    union = None
    for index, target in enumerate(counted):
        model, column = target.model, target.person_column
        due = due_condition(target.rule, model, today, scope=lambda col: col.in_(held_ids))
        part = (
            model.select(Value(index).alias("target"), held.c.reason, fn.COUNT(model.id))
            .join(held, on=(held.c.person_id == column))
            .where(due)
            .group_by(held.c.reason)
        )
        union = part if union is None else union + part
    for target in counted:
        result[target] = dict.fromkeys(holds.REASONS, 0)
    for index, reason, count in union.with_cte(held).tuples():
        result[counted[index]][reason] = count
    return result


def _on_open_list(rule: RetentionRule):
    """Record ids of ``rule`` already listed and not yet destroyed."""
    return (
        DestructionItem.select(DestructionItem.record_id)
        .join(DestructionList)
        .where((DestructionList.rule == rule.key) & DestructionItem.destroyed_at.is_null())
    )


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
    all_targets = targets()
    held = held_counts(all_targets, today)
    for target in all_targets:
        model, due = target.model, due_condition(target.rule, target.model, today)
        free = due & _not_held(target)
        awaiting = 0
        if target.rule.review_first:
            awaiting = (
                model.select(fn.COUNT(model.id))
                .where(
                    free
                    & model.id.in_(_on_open_list(target.rule))
                    & model.id.not_in(_approved(target.rule))
                )
                .scalar()
            )
        lines.append(
            PlanLine(
                target,
                model.select(fn.COUNT(model.id)).where(free).scalar(),
                held[target],
                awaiting,
            )
        )
    return lines


@dataclass
class RunReport:
    run_id: int
    outcome: str
    counts: dict[Target, Counter] = field(default_factory=dict)
    persons_removed: int = 0
    resumed_after: int | None = None

    def total(self, key: str) -> int:
        return sum(c[key] for c in self.counts.values())


def run(
    today: dt.date,
    *,
    dry_run: bool = False,
    trigger: str = "cli",
    pseudonym_key: str,
    batch_size: int = 5000,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunReport | None:
    """Apply every rule for ``today``. Return None if another run holds the lock."""
    with exclusive_run(database.obj) as acquired:
        if not acquired:
            log.info("a retention run is already in progress; skipping")
            return None
        return _run_locked(today, dry_run, trigger, pseudonym_key, batch_size, should_stop)


@dataclass
class _Run:
    """One run's record and the history rows its batches add their counts to."""

    record: RetentionRun
    report: RunReport
    rows: dict[Target, int]  # target -> RetentionRunRule id
    dry_run: bool
    lists: dict[str, DestructionList] = field(default_factory=dict)

    def add(self, batch: dict[Target, Counter], persons_done_to: int | None = None) -> None:
        """Add a batch's counts to the history, in the caller's (the batch's) transaction."""
        if not self.dry_run:
            self.write_counts(batch)
            if persons_done_to is not None:
                (
                    RetentionRun.update(persons_done_to=persons_done_to)
                    .where(RetentionRun.id == self.record.id)
                    .execute()
                )

    def write_counts(self, batch: dict[Target, Counter]) -> None:
        """Add the counts to the rules' history rows in one UPDATE (a CASE per count)."""
        rows = {self.rows[t]: c for t, c in batch.items() if any(c[k] for k in COUNTS)}
        if not rows:
            return
        line, changed = RetentionRunRule, {}
        for key in COUNTS:
            added = [
                (line.id == row_id, counts[key]) for row_id, counts in rows.items() if counts[key]
            ]
            if added:
                column = getattr(line, key)
                changed[column] = column + Case(None, added, 0)
        line.update(changed).where(line.id.in_(list(rows))).execute()

    def merge(self, batch: dict[Target, Counter]) -> None:
        """Count a committed (or, in a dry run, rolled back) batch in the report."""
        for target, counts in batch.items():
            self.report.counts[target].update(counts)


def _resume_point(today: dt.date, dry_run: bool) -> int | None:
    """Where the person batches start: after the last committed batch of an interrupted run.

    Only the latest real run counts, and only if it was for the same day: a new day
    re-examines every person.
    """
    if dry_run:
        return None
    last = (
        RetentionRun.select().where(~RetentionRun.dry_run).order_by(RetentionRun.id.desc()).first()
    )
    if last and last.outcome == RetentionRun.INTERRUPTED and last.today == today:
        return last.persons_done_to
    return None


def _start(today, dry_run, trigger, all_targets) -> _Run:
    """Create the run record and its per-rule rows with the hold counts, in one transaction."""
    with database.atomic():
        # Holding the lock, any run still marked running was killed mid-way.
        (
            RetentionRun.update(outcome=RetentionRun.INTERRUPTED, finished_at=utcnow())
            .where(RetentionRun.outcome == RetentionRun.RUNNING)
            .execute()
        )
        resume = _resume_point(today, dry_run)
        record = RetentionRun.create(
            today=today, dry_run=dry_run, trigger=trigger, persons_done_to=resume
        )
        report = RunReport(record.id, RetentionRun.RUNNING, resumed_after=resume)
        rows, held_rows = {}, []
        counts = held_counts(all_targets, today)
        for target in all_targets:
            held = counts[target]
            report.counts[target] = Counter({f"held_{k}": n for k, n in held.items()})
            rows[target] = RetentionRunRule.insert(
                run=record.id, rule=target.rule.key, record_type=target.record_type
            ).execute()
            held_rows += [
                {"run_rule": rows[target], "reason": k, "count": n} for k, n in held.items() if n
            ]
        if held_rows:
            RetentionRunHold.insert_many(held_rows).execute()
    if resume is not None:
        log.info("resuming the interrupted run of %s after person %s", today, resume)
    return _Run(record, report, rows, dry_run)


def _run_locked(today, dry_run, trigger, key, batch_size, should_stop) -> RunReport:
    all_targets = targets()
    state = _start(today, dry_run, trigger, all_targets)
    error = None
    try:
        stopped = _person_batches(all_targets, today, key, batch_size, should_stop, state)
        if not stopped:
            stopped = _system_batches(all_targets, today, batch_size, should_stop, state)
        if not stopped and not dry_run:
            _mark_destroyed()
        state.report.outcome = RetentionRun.INTERRUPTED if stopped else RetentionRun.SUCCEEDED
    except BaseException as exc:
        # The class only: a driver's message can quote row values, i.e. personal data.
        state.report.outcome, error = RetentionRun.FAILED, type(exc).__name__
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            state.report.outcome, error = RetentionRun.INTERRUPTED, None
        else:
            log.exception("retention run %s failed", state.record.id)
        raise
    finally:
        _finish(state, today, error)
    return state.report


def _new_batch(targets_) -> dict[Target, Counter]:
    return {t: Counter() for t in targets_}


def _person_batches(all_targets, today, key, batch_size, should_stop, state: _Run) -> bool:
    """Process persons in id ranges; return True if asked to stop before the end."""
    first, last = Person.select(fn.MIN(Person.id), fn.MAX(Person.id)).tuples().get()
    if first is None:
        return False
    if state.report.resumed_after is not None:
        first = max(first, state.report.resumed_after + 1)
    person_targets = [t for t in all_targets if t.model not in SYSTEM_MODELS]
    for low in range(first, last + 1, batch_size):
        if should_stop():
            return True
        high = low + batch_size - 1
        batch = _new_batch(person_targets)
        with write_transaction() as tx:
            _relax_commit()
            removed = _apply_to_persons(person_targets, today, low, high, key, batch, state)
            state.add(batch, persons_done_to=high)
            if state.dry_run:
                tx.rollback()
                state.lists.clear()  # their rows were rolled back too
        state.merge(batch)
        state.report.persons_removed += removed
    return False


def _relax_commit() -> None:
    """Let PostgreSQL commit this batch without waiting for its WAL flush.

    Safe because a batch is idempotent: if the server crashes before the flush, the
    batch is lost as a whole (never half), its counts and progress with it, and the
    next run does it again. The run's own record is written in durable transactions.
    """
    if is_postgres():
        database.execute_sql("SET LOCAL synchronous_commit TO OFF")


def _apply_to_persons(person_targets, today, low, high, key, batch, state) -> int:
    """Apply every rule to persons ``low..high`` in the caller's transaction; return removed."""

    def in_batch(column):
        return column.between(low, high)

    held = holds.load_batch_held(in_batch)
    applicants = _applicants_with_records(in_batch, held)
    for target in person_targets:
        model, rule, column = target.model, target.rule, target.person_column
        where = due_condition(rule, model, today, scope=in_batch) & in_batch(column)
        if held:
            where &= column.not_in(holds.batch_held_ids())
        counts = batch[target]
        if rule.action is Action.ANONYMISE:
            counts["anonymised"] += anonymise_rows(rule, model, column, where, key)
        elif rule.review_first:
            approved = where & model.id.in_(_approved(rule))
            counts["deleted"] += model.delete().where(approved).execute()
            counts["listed_for_review"] += _list_for_review(model, rule, where, today, state)
        else:
            counts["deleted"] += model.delete().where(where).execute()
    return _remove_emptied_persons(applicants, in_batch) if applicants else 0


def _todays_list(rule: RetentionRule, today: dt.date) -> DestructionList | None:
    """The unapproved list for ``rule`` that a run for ``today`` already started."""
    return (
        DestructionList.select(DestructionList)
        .join(RetentionRun)
        .where(
            (DestructionList.rule == rule.key)
            & DestructionList.approved_at.is_null()
            & (RetentionRun.today == today)
            & ~RetentionRun.dry_run
        )
        .order_by(DestructionList.id)
        .first()
    )


def _list_for_review(model, rule, where, today, state: _Run) -> int:
    """Put due records not yet listed on the day's destruction list for ``rule``.

    A run resumed after a crash adds to the list the killed run began: one list per rule
    and day, not one per attempt.
    """
    unlisted = where & model.id.not_in(_on_open_list(rule))
    lists = state.lists
    if rule.key not in lists:
        if not model.select(model.id).where(unlisted).exists():
            return 0
        lists[rule.key] = _todays_list(rule, today) or DestructionList.create(
            rule=rule.key, record_type=model.__name__, created_by_run=state.record
        )
    rows = model.select(Value(lists[rule.key].id), model.id).where(unlisted)
    return (
        DestructionItem.insert_from(
            rows, [DestructionItem.destruction_list, DestructionItem.record_id]
        )
        .as_rowcount()
        .execute()
    )


def _without(model, in_batch):
    """Condition on Person: no row of ``model`` refers to the person.

    The subquery repeats the batch range, so PostgreSQL probes the person index instead
    of hashing the whole table once per batch.
    """
    return ~fn.EXISTS(
        model.select(model.id).where((model.person == Person.id) & in_batch(model.person))
    )


def _applicants_with_records(in_batch, held: bool) -> list[int]:
    """Persons of the batch never enrolled but holding records: removable once emptied.

    Found before the rules run, so a new applicant without any record yet is left alone.
    ``held`` says whether the batch has held persons (in ``holds.BatchHeld``).
    """
    condition = in_batch(Person.id)
    for model in STUDY_DATA:
        condition &= _without(model, in_batch)
    if held:
        condition &= Person.id.not_in(holds.batch_held_ids())
    never_enrolled = [pid for (pid,) in Person.select(Person.id).where(condition).tuples()]
    if not never_enrolled:  # the usual case: skip probing every record table
        return []
    has_no_record = _without(RECORD_MODELS[0], in_batch)
    for model in (*RECORD_MODELS[1:], RightsRequest):
        has_no_record &= _without(model, in_batch)
    return [
        pid
        for (pid,) in Person.select(Person.id)
        .where(Person.id.in_(never_enrolled) & ~has_no_record)
        .tuples()
    ]


def _remove_emptied_persons(candidates: list[int], in_batch) -> int:
    """Delete the candidates of whom nothing is left that must be kept."""
    condition = Person.id.in_(candidates)
    for model in KEEPS_PERSON:
        condition &= _without(model, in_batch)
    return Person.delete().where(condition).execute()


def _system_batches(all_targets, today, batch_size, should_stop, state: _Run) -> bool:
    for target in (t for t in all_targets if t.model in SYSTEM_MODELS):
        model = target.model
        where = due_condition(target.rule, model, today) & _not_held(target)
        if state.dry_run:
            due = model.select(fn.COUNT(model.id)).where(where).scalar()
            state.merge({target: Counter(deleted=due)})
            continue
        while True:
            # An empty log is no work: it costs no stop check, so a run stopped again and
            # again still gets through the logs it emptied before, however many there are.
            if not model.select(model.id).where(where).exists():
                break
            if should_stop():
                return True
            with write_transaction():
                deleted = _delete_oldest(model, where, batch_size)
                batch = {target: Counter(deleted=deleted)}
                state.add(batch)
            state.merge(batch)
            if deleted < batch_size:
                break
    return False


def _delete_oldest(model, where, limit: int) -> int:
    """Delete up to ``limit`` of the oldest due rows of a system log, in the caller's transaction.

    The audit trail is a hash chain: its own function removes events oldest first and
    leaves a checkpoint, so the chain stays verifiable.
    """
    if model is AuditEvent:
        return audit_chain.remove_oldest(where, limit)
    ids = model.select(model.id).where(where).order_by(model.id).limit(limit)
    return model.delete().where(model.id.in_(ids)).execute()


def _mark_destroyed() -> None:
    """Close approved list items whose record no longer exists."""
    for target in targets():
        if not target.rule.review_first:
            continue
        model = target.model
        (
            DestructionItem.update(destroyed_at=utcnow())
            .where(
                DestructionItem.id.in_(
                    DestructionItem.select(DestructionItem.id)
                    .join(DestructionList)
                    .where(
                        (DestructionList.rule == target.rule.key)
                        & DestructionItem.destroyed_at.is_null()
                        & DestructionList.approved_at.is_null(False)
                        & DestructionItem.record_id.not_in(model.select(model.id))
                    )
                )
            )
            .execute()
        )


def _finish(state: _Run, today: dt.date, error: str | None) -> None:
    """Close the run record; a dry run's counts, rolled back with its batches, go in here."""
    overdue = review.overdue_count(today)
    if overdue:
        log.warning(
            "%d destruction list(s) wait for approval longer than %d days",
            overdue,
            review.APPROVAL_DAYS,
        )
    with database.atomic():
        if state.dry_run:
            state.write_counts(state.report.counts)
        (
            RetentionRun.update(
                outcome=state.report.outcome,
                finished_at=utcnow(),
                error=error,
                overdue_lists=overdue,
            )
            .where(RetentionRun.id == state.record.id)
            .execute()
        )
