"""Erasure on request (GDPR art. 17), planned and carried out from the register alone.

``erasure_plan`` reads every record type of the register that is about one person and
says, per category and record type, what happens to the person's records:

- **deleted**: every field of the record type may be erased and was asked for. A DELETE
  (or KEEP) retention rule deletes the rows; an ANONYMISE rule applies its own strategies
  through the retention engine's ``anonymise_rows`` (written once): the rows stay
  anonymised, or pseudonymised for statistics when the rule keeps a pseudonym.
- **emptied**: erasable fields in a row that stays (the record type keeps other fields by
  law, the student chose other categories, or it is the person's own row): each field
  gets its retention rule's strategy for that field, else it is emptied (NULL).
- **kept**: fields whose record type declares ``kept`` (the art. 17(3) ground and the law),
  and everything else while a hold applies to the person (``domain.retention.holds``:
  a legal hold, a restriction, another open request; never the erasure request itself).

The account the student signs in with is removed only when the request is closed, so the
student can read the outcome first (``finish``). Nothing here reads a model by name: a
record type added to the register is erased or kept by its declaration.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import ForeignKeyField, fn

from domain.consent import ledger
from domain.consent.vocabulary import CHANNEL_DESK, WITHDRAWN
from domain.core.db import utcnow
from domain.core.settings import from_environment
from domain.core.text import Text
from domain.models import Account, ConsentEvent, Person, RightsRequest
from domain.register import BY_MODEL, CATEGORIES, RECORD_TYPES
from domain.register.declarations import FieldDeclaration, RecordType
from domain.register.retention_declarations import LEGAL_HOLD_KEPT
from domain.register.rules import Action, Anonymise, Strategy
from domain.retention import holds
from domain.retention.anonymise import anonymise_rows, year_of
from domain.rights.models import ErasureOutcome

DELETE, ANONYMISE, PSEUDONYMISE, EMPTY, KEEP = (
    "delete",
    "anonymise",
    "pseudonymise",
    "empty",
    "keep",
)

PSEUDONYMISED_WHY = Text(
    "AVG art. 17 lid 3 onder d en art. 89: alleen voor statistiek bewaard, zonder je naam en "
    "studentnummer, met een sleutelcode in plaats daarvan",
    "GDPR art. 17(3)(d) and art. 89: kept for statistics only, without your name and student "
    "number, with a keyed code instead",
)
# Why a hold keeps what could otherwise be erased (domain.retention.holds.REASONS).
HOLD_WHY = {
    "legal_hold": LEGAL_HOLD_KEPT.text(),
    "restricted": Text(
        "AVG art. 18: de verwerking van je gegevens is beperkt; ze blijven ongewijzigd zolang "
        "de beperking geldt",
        "GDPR art. 18: the processing of your data is restricted; it stays unchanged while "
        "the restriction applies",
    ),
    "open_request": Text(
        "AVG art. 12: een ander verzoek van je is nog niet afgehandeld; je gegevens blijven "
        "tot dat is gebeurd",
        "GDPR art. 12: another request of yours has not been handled yet; your data stays "
        "until it has",
    ),
}


def hold_why(reason: holds.HoldReason) -> Text:
    """Why a hold keeps data; a reason without its own text says its label."""
    found = HOLD_WHY.get(reason.key)
    if found is not None:
        return found
    return Text(
        f"Bewaard zolang dit geldt: {reason.label.nl}",
        f"Kept while this applies: {reason.label.en}",
    )


@dataclass(frozen=True)
class Step:
    """What happens to one record type's fields of one category for the person."""

    category: str
    record_type: RecordType
    action: str
    fields: tuple[FieldDeclaration, ...]
    count: int  # the person's records this concerns (or, once done, that changed)
    why: Text | None = None  # kept or pseudonymised: the ground and the law
    specs: dict = field(default_factory=dict, compare=False)  # EMPTY: field -> Anonymise

    @property
    def model(self):
        return self.record_type.model

    @property
    def whole(self) -> bool:
        """True if the step is about whole records, not some of their fields."""
        return len(self.fields) == len(self.record_type.fields)

    @property
    def at_close(self) -> bool:
        """The account waits for the request to close, so the student can read the outcome."""
        return self.model is Account

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "record_type": self.record_type.label.as_dict(),
            "action": self.action,
            "fields": [] if self.whole else [f.label.as_dict() for f in self.fields],
            "count": self.count,
            "why": self.why.as_dict() if self.why else None,
            "at_close": self.at_close,
        }


@dataclass
class ErasurePlan:
    person_id: int
    categories: tuple[str, ...] | None
    steps: list[Step]
    holds: list[holds.HoldReason]
    parties: list[Text]  # consent to these parties is withdrawn

    def lines(self) -> list[Line]:
        return [Line.of(s.as_dict()) for s in self.steps]


@dataclass(frozen=True)
class Line:
    """One step as the pages show it, for a plan or a stored outcome alike."""

    category: str
    record_type: Text
    action: str
    fields: tuple[Text, ...]
    count: int
    why: Text | None
    at_close: bool

    @classmethod
    def of(cls, values: dict) -> Line:
        def text(value):
            return Text(value["nl"], value["en"]) if value else None

        return cls(
            values["category"],
            text(values["record_type"]),
            values["action"],
            tuple(text(f) for f in values["fields"]),
            values["count"],
            text(values.get("why")),
            values.get("at_close", False),
        )

    @property
    def category_label(self) -> Text:
        return CATEGORIES.get(self.category, Text(self.category, self.category))

    @property
    def erases(self) -> bool:
        return self.action != KEEP


# --- The plan --------------------------------------------------------------------------------


def person_column(model):
    """The column naming the person a row is about; None for models not linked to one."""
    if model is Person:
        return Person.id
    column = getattr(model, "person", None)
    return column if isinstance(column, ForeignKeyField) else None


def holds_on(person_id: int, exclude_request: int | None = None) -> list[holds.HoldReason]:
    """The hold reasons that apply to the person now (one query each).

    ``exclude_request``: the erasure request itself is an open request, but it does not
    hold its own erasure.
    """

    def scope(column):
        condition = column == person_id
        if exclude_request is not None and column.model is RightsRequest:
            condition &= RightsRequest.id != exclude_request
        return condition

    return [r for r in holds.REASONS.values() if r.person_ids(scope).exists()]


def _empty_spec(f: FieldDeclaration) -> Anonymise:
    """How an erasable field is emptied in a row that stays: its rule's strategy, or NULL."""
    spec = f.retention.anonymise.get(f.name)
    if spec is not None:
        return spec
    if not getattr(f.model, f.name).null:
        raise ValueError(f"{f.key} is erasable but can be neither emptied nor anonymised")
    return Anonymise(Strategy.NULL)


def _differs(spec: Anonymise, column):
    """SQL: the column does not hold what ``spec`` would put there yet."""
    if spec.strategy is Strategy.NULL:
        return column.is_null(False)
    if spec.strategy is Strategy.PLACEHOLDER:
        return column.is_null() | (column != spec.placeholder)
    if spec.strategy is Strategy.YEAR:
        return column.is_null(False) & (column != year_of(column))
    return column.is_null()  # a pseudonym: not set yet


def _pending(specs: dict[str, Anonymise], model):
    condition = None
    for name, spec in specs.items():
        differs = _differs(spec, getattr(model, name))
        condition = differs if condition is None else condition | differs
    return condition


def _whole_action(rt: RecordType) -> str:
    rule = rt.retention
    if rule.action is Action.ANONYMISE:
        return PSEUDONYMISE if rule.pseudonymises else ANONYMISE
    return DELETE


def _decide(rt: RecordType, in_scope: list[FieldDeclaration], held: list[holds.HoldReason]):
    """(category, action, why, field) for each field asked about, in the register's order."""
    whole = (
        rt.model is not Person
        and len(in_scope) == len(rt.fields)
        and all(f.kept is None for f in rt.fields)
    )
    held_why = (
        Text("; ".join(hold_why(r).nl for r in held), "; ".join(hold_why(r).en for r in held))
        if held
        else None
    )
    for f in in_scope:
        if f.kept is not None:
            yield f.category, KEEP, f.kept.text(), f
        elif held_why is not None:
            yield f.category, KEEP, held_why, f
        elif whole:
            action = _whole_action(rt)
            yield f.category, action, PSEUDONYMISED_WHY if action == PSEUDONYMISE else None, f
        else:
            yield f.category, EMPTY, None, f


def _steps_of(rt: RecordType, person_id: int, chosen, held) -> list[Step]:
    column = person_column(rt.model)
    if column is None:  # not linked to a person (failed sign-ins: by the name typed)
        return []
    in_scope = [f for f in rt.fields if chosen is None or f.category in chosen]
    if not in_scope:
        return []
    model, mine = rt.model, column == person_id
    total = model.select(fn.COUNT(model.id)).where(mine).scalar()
    if not total:
        return []
    grouped: dict[tuple, list[FieldDeclaration]] = {}
    for category, action, why, f in _decide(rt, in_scope, held):
        grouped.setdefault((category, action, why), []).append(f)
    steps = []
    for (category, action, why), fields in grouped.items():
        if action != EMPTY:
            steps.append(Step(category, rt, action, tuple(fields), total, why))
            continue
        specs = {f.name: _empty_spec(f) for f in fields}
        count = model.select(fn.COUNT(model.id)).where(mine & _pending(specs, model)).scalar()
        if count:
            steps.append(Step(category, rt, EMPTY, tuple(fields), count, None, specs))
    return steps


def _consents(person_id: int) -> list[ledger.Choice]:
    """The parties (with their current notice) the person's last choice consented to."""
    return [c for c in ledger.overview(person_id).choices if c.given]


def _withdraws_consent(chosen) -> bool:
    """Consent is withdrawn when the ledger's category is part of what is erased."""
    return chosen is None or BY_MODEL[ConsentEvent].fields[0].category in chosen


def erasure_plan(
    person_id: int,
    categories: Iterable[str] | None = None,
    *,
    exclude_request: int | None = None,
) -> ErasurePlan:
    """What erasing the person's data (all, or ``categories``) does, from the register.

    Steps come per category (in the register's order) and record type; record types of
    which the person has no records are left out.
    """
    chosen = tuple(categories) if categories else None
    held = holds_on(person_id, exclude_request)
    steps = [s for rt in RECORD_TYPES for s in _steps_of(rt, person_id, chosen, held)]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    steps.sort(key=lambda s: order.get(s.category, len(order)))
    parties = [c.version.name for c in _consents(person_id)] if _withdraws_consent(chosen) else []
    return ErasurePlan(person_id, chosen, steps, held, parties)


def plan_for(request: RightsRequest) -> ErasurePlan:
    """The plan of an erasure request: its categories, the request itself not holding."""
    return erasure_plan(request.person_id, categories_of(request), exclude_request=request.id)


def categories_of(request: RightsRequest) -> tuple[str, ...] | None:
    details = request.detail_values
    if details.get("scope") == "categories":
        return tuple(details.get("categories") or ()) or None
    return None


# --- Carrying it out -------------------------------------------------------------------------


def _execute(step: Step, person_id: int, key: str) -> int:
    """Carry out one step; return how many of the person's records changed."""
    model, column = step.model, person_column(step.model)
    mine = column == person_id
    if step.action == KEEP:
        return 0
    if step.action == DELETE:
        if model is Account:
            _release_account(person_id)
        return model.delete().where(mine).execute()
    if step.action == EMPTY:
        rule = dataclasses.replace(step.fields[0].retention, anonymise=step.specs)
        return anonymise_rows(rule, model, column, mine & _pending(step.specs, model), key)
    rule = step.record_type.retention
    return anonymise_rows(rule, model, column, mine & _pending(rule.anonymise, model), key)


def _release_account(person_id: int) -> None:
    """Let records that are kept stop pointing at the person's account before it goes.

    A kept record naming the account as its author (a consent choice the student made
    in the portal) keeps its channel, which says the student made it themselves.
    """
    accounts = Account.select(Account.id).where(Account.person == person_id)
    for fk in Account._meta.backrefs:
        if fk.null and fk.on_delete is None:
            fk.model.update({fk: None}).where(fk.in_(accounts)).execute()


def carry_out(plan: ErasurePlan, *, at_close: bool = False, pseudonym_key: str | None = None):
    """Carry out the plan's steps (those waiting for the request to close, or the others).

    Returns the steps with the number of records that actually changed: a second run of
    the same plan changes nothing and counts nothing.
    """
    key = pseudonym_key or from_environment()["PSEUDONYM_KEY"]
    done = []
    for step in plan.steps:
        if step.at_close != at_close:
            continue
        count = step.count if step.action == KEEP else _execute(step, plan.person_id, key)
        done.append(dataclasses.replace(step, count=count))
    return done


def withdraw_consent(plan: ErasurePlan, actor_id: int | None, language: str) -> list[Text]:
    """Withdraw every consent the person still gives (through the desk); return the parties."""
    if not _withdraws_consent(plan.categories):
        return []
    withdrawn = []
    for choice in _consents(plan.person_id):
        ledger.record_choice(
            plan.person_id,
            choice.party.id,
            WITHDRAWN,
            channel=CHANNEL_DESK,
            language=language if language in ledger.LANGUAGES else "nl",
            actor_id=actor_id,
        )
        withdrawn.append(choice.version.name)
    return withdrawn


def erase(
    person_id: int,
    categories: Iterable[str] | None = None,
    *,
    actor_id: int | None = None,
    language: str = "nl",
    exclude_request: int | None = None,
    pseudonym_key: str | None = None,
) -> tuple[list[Step], list[Text]]:
    """Erase what the plan erases now (not the account) and withdraw consent.

    Runs in the caller's transaction. Returns the steps done and the parties whose
    consent was withdrawn.
    """
    plan = erasure_plan(person_id, categories, exclude_request=exclude_request)
    parties = withdraw_consent(plan, actor_id, language)
    now = carry_out(plan, pseudonym_key=pseudonym_key)
    waiting = [s for s in plan.steps if s.at_close]
    return now + waiting, parties


def carry_out_request(request: RightsRequest, actor_id: int | None) -> ErasureOutcome:
    """Carry out a granted erasure request and record its outcome (caller's transaction)."""
    steps, parties = erase(
        request.person_id,
        categories_of(request),
        actor_id=actor_id,
        language=request.language,
        exclude_request=request.id,
    )
    outcome, _ = ErasureOutcome.get_or_create(
        request=request.id,
        defaults={
            "person": request.person_id,
            "carried_out_at": utcnow(),
            "steps": json.dumps([s.as_dict() for s in steps], ensure_ascii=False),
            "consent_withdrawn": json.dumps([p.as_dict() for p in parties], ensure_ascii=False),
        },
    )
    return outcome


def finish(request: RightsRequest) -> int:
    """On closing: remove what waited for the request to close (the account), as planned.

    The plan is made again, so a hold placed since keeps the account (and says so).
    Returns how many records were removed.
    """
    outcome = ErasureOutcome.get_or_none(ErasureOutcome.request == request.id)
    if outcome is None or outcome.finished_at is not None:
        return 0
    done = carry_out(plan_for(request), at_close=True)
    before = [s for s in outcome.step_values if not s.get("at_close")]
    outcome.steps = json.dumps(before + [s.as_dict() for s in done], ensure_ascii=False)
    outcome.finished_at = utcnow()
    outcome.save()
    return sum(s.count for s in done if s.action != KEEP)


def outcome_of(request_id: int) -> ErasureOutcome | None:
    return ErasureOutcome.get_or_none(ErasureOutcome.request == request_id)


def outcome_lines(outcome: ErasureOutcome) -> list[Line]:
    return [Line.of(s) for s in outcome.step_values]
