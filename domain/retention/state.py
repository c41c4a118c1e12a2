"""The retention state of one record as the student is told it: one plain sentence each.

A record's term may have ended while it is still there: a hold keeps it, it waits for
review, or the night's run has not come yet. The state says which, so that no past
date stands next to data that is still there without saying why (issue 12 §3).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from domain.core.text import Text
from domain.register.rules import Action, RetentionRule


class Kind(enum.Enum):
    KEPT = "kept"  # the rule keeps it (basic study data): no end date
    NOT_STARTED = "not_started"  # the event the term counts from has not happened
    UNTIL = "until"  # kept until a date still to come
    TONIGHT = "tonight"  # the term has ended: tonight's run deletes or anonymises it
    REVIEW = "review"  # the term has ended: tonight's run lists it for review first
    HELD = "held"  # the term has ended, but a hold keeps it


@dataclass(frozen=True)
class RetentionState:
    kind: Kind
    rule: RetentionRule
    due: dt.date | None = None
    held_by: tuple[Text, ...] = ()

    @property
    def anonymises(self) -> bool:
        return self.rule.action is Action.ANONYMISE


def state_of(
    rule: RetentionRule, due: dt.date | None, today: dt.date, held_by: list[Text] | tuple = ()
) -> RetentionState:
    """Say where a record with ``rule`` and deletion date ``due`` stands on ``today``.

    ``held_by`` are the reasons its person is held for (``holds.reasons_holding``);
    they matter only once the term has ended.
    """
    if rule.action is Action.KEEP:
        return RetentionState(Kind.KEPT, rule)
    if due is None:
        return RetentionState(Kind.NOT_STARTED, rule)
    if due > today:
        return RetentionState(Kind.UNTIL, rule, due)
    if held_by:
        return RetentionState(Kind.HELD, rule, due, tuple(held_by))
    if rule.review_first:
        return RetentionState(Kind.REVIEW, rule, due)
    return RetentionState(Kind.TONIGHT, rule, due)
