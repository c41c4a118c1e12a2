"""What the retention worker keeps about its own work: holds, runs and destruction lists.

Runs and lists hold counts and record ids only, never the personal data itself.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.people.models import Person


class LegalHold(BaseModel):
    """Nothing about the person is deleted or anonymised while the hold is active."""

    person = ForeignKeyField(Person, backref="legal_holds", on_delete="CASCADE")
    reason = TextField()
    placed_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    placed_at = DateTimeField(default=utcnow)
    lifted_at = DateTimeField(null=True, index=True)
    lifted_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="lifted_holds")
    lift_reason = TextField(null=True)


class RetentionRun(BaseModel):
    RUNNING, SUCCEEDED, FAILED, INTERRUPTED = "running", "succeeded", "failed", "interrupted"

    started_at = DateTimeField(default=utcnow, index=True)
    finished_at = DateTimeField(null=True)
    today = DateField()
    dry_run = BooleanField(default=False)
    trigger = CharField(max_length=20)  # schedule, start-up, cli
    outcome = CharField(max_length=12, default=RUNNING, index=True)
    error = TextField(null=True)  # the exception class and message; never row data
    # The highest person id whose batch committed: a run killed on the same day resumes here.
    persons_done_to = IntegerField(null=True)
    # Destruction lists left unapproved past the approval term when the run finished.
    overdue_lists = IntegerField(default=0)


class RetentionRunRule(BaseModel):
    run = ForeignKeyField(RetentionRun, backref="rules", on_delete="CASCADE")
    rule = CharField(max_length=50)
    record_type = CharField(max_length=50)
    deleted = IntegerField(default=0)
    anonymised = IntegerField(default=0)
    listed_for_review = IntegerField(default=0)


class RetentionRunHold(BaseModel):
    """How many due records of one rule a hold reason kept back (reasons: ``holds.REASONS``)."""

    run_rule = ForeignKeyField(RetentionRunRule, backref="holds", on_delete="CASCADE")
    reason = CharField(max_length=30)
    count = IntegerField()

    class Meta:
        indexes = ((("run_rule", "reason"), True),)


class DestructionList(BaseModel):
    """Due records of a "review first" rule, waiting for an administrator's approval."""

    rule = CharField(max_length=50)
    record_type = CharField(max_length=50)
    created_at = DateTimeField(default=utcnow)
    created_by_run = ForeignKeyField(RetentionRun, null=True, on_delete="SET NULL")
    approved_at = DateTimeField(null=True)
    approved_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    approval_note = TextField(null=True)


class DestructionItem(BaseModel):
    destruction_list = ForeignKeyField(DestructionList, backref="items", on_delete="CASCADE")
    record_id = IntegerField()
    destroyed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("destruction_list", "record_id"), True),)
