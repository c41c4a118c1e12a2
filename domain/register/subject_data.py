"""Everything the university holds about one person, as the register describes it.

Used by the student's "My data" page and by the staff view of a student; the access
export reads the same functions. The student sees the fields declared ``shown_to_student``
(internal notes not yet shared left out, rug §3.2); a staff member sees the fields whose
declaration names their role (``staff_may_see``), special-category data only with a duty
of confidentiality. A fixed number of queries per category, however long the history.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field

from peewee import SQL, BlobField, Case, ForeignKeyField, Value, fn

from domain.core.db import Prepared, database, execute_built
from domain.core.text import Text
from domain.models import ExternalParty, Person, Programme
from domain.register import (
    BY_MODEL,
    CATEGORIES,
    RECORD_TYPES,
    FieldDeclaration,
    RecordType,
    staff_may_see,
)
from domain.register.declarations import PERSON_PARTS, PERSON_PARTS_FOR_STAFF, STUDENT_HEADINGS
from domain.retention.holds import reasons_holding
from domain.retention.state import RetentionState, state_of
from domain.retention.terms import due_date, enrolment_end, event_date


@dataclass
class Row:
    id: int
    values: dict[str, object]
    due: dt.date | None
    special_category: bool = False
    has_file: bool = False
    state: RetentionState | None = None


@dataclass
class RecordTypeView:
    record_type: RecordType
    fields: list[FieldDeclaration]
    rows: list[Row] = field(default_factory=list)

    @property
    def rule(self):
        return self.fields[0].retention

    @property
    def is_the_person(self) -> bool:
        """True for the person's own record: one row, shown as a list rather than a table."""
        return self.record_type.model is Person

    @property
    def columns(self) -> list[FieldDeclaration]:
        """The fields shown as table columns: a stored file is a download link, not a column."""
        return [f for f in self.fields if not isinstance(getattr(f.model, f.name), BlobField)]

    @property
    def model_name(self) -> str:
        """The name ``file_of`` takes to find a file on one of this part's rows."""
        return self.record_type.model.__name__

    @property
    def label(self) -> Text:
        """The record type's name; for a model shown in parts, the part's own fields."""
        if len(self.fields) < len(self.record_type.fields):
            return Text(
                ", ".join(f.label.nl for f in self.fields),
                ", ".join(f.label.en for f in self.fields),
            )
        return self.record_type.label

    @property
    def heading(self) -> Text:
        """What the student reads above this part: the thing named, never a list of columns.

        A part of the person's own record has a name of its own in the register
        (``PERSON_PARTS``); any other record type its heading for the student
        (``STUDENT_HEADINGS``: "Je kopie van je identiteitsbewijs").
        """
        if self.is_the_person:
            key = (self.fields[0].category, self.rule.key)
            return PERSON_PARTS.get(key, self.record_type.label)
        return STUDENT_HEADINGS.get(self.model_name, self.record_type.label)

    @property
    def staff_heading(self) -> Text:
        """What staff read above this part: the same names, without "your" (staff/student)."""
        if self.is_the_person:
            key = (self.fields[0].category, self.rule.key)
            return PERSON_PARTS_FOR_STAFF.get(key, self.record_type.label)
        return self.record_type.label


@dataclass
class CategoryView:
    key: str
    label: Text
    parts: list[RecordTypeView]

    @property
    def count(self) -> int:
        return sum(len(p.rows) for p in self.parts)


def _shown_to_student(decl: FieldDeclaration) -> bool:
    return decl.shown_to_student


def category_parts(
    category: str, visible=_shown_to_student
) -> list[tuple[RecordType, list[FieldDeclaration]]]:
    """The record types holding ``visible`` fields of ``category``, in register order.

    ``visible`` picks the fields (by default those the student is shown). A model
    declared in parts (Person) appears once per distinct retention rule, so that each
    group states its own term. The register is a static declaration: the student's parts
    are derived once per process (a fresh outer list each call, so callers cannot change
    the kept one).
    """
    if visible is _shown_to_student:
        return list(_student_parts(category))
    return _derive_parts(category, visible)


_derived: dict[object, object] = {}
_derived_from: tuple[RecordType, ...] = ()


def _kept(key, derive):
    """``derive()``, kept per process until the register's list of record types changes.

    The declarations are static in the running portal; a test may declare a record type
    of its own for a while, which must show at once. The kept record types themselves are
    held, so an identity check cannot be fooled by a reused ``id``.
    """
    global _derived_from
    # Asked dozens of times per page: the identity check runs in C (map over operator.is_).
    if len(_derived_from) != len(RECORD_TYPES) or not all(
        map(operator.is_, _derived_from, RECORD_TYPES)
    ):
        _derived.clear()
        _derived_from = tuple(RECORD_TYPES)
    try:
        return _derived[key]
    except KeyError:
        value = _derived[key] = derive()
        return value


def _student_parts(category: str) -> tuple[tuple[RecordType, list[FieldDeclaration]], ...]:
    return _kept(("parts", category), lambda: tuple(_derive_parts(category, _shown_to_student)))


def _derive_parts(category: str, visible) -> list[tuple[RecordType, list[FieldDeclaration]]]:
    parts: dict[tuple[type, str], list[FieldDeclaration]] = {}
    for rt in RECORD_TYPES:
        for f in rt.fields:
            if f.category == category and visible(f):
                parts.setdefault((rt.model, f.retention.key), []).append(f)
    return [(BY_MODEL[model], fields) for (model, _), fields in parts.items()]


def categories() -> list[str]:
    """The categories of which the student is shown something, in the register's order."""
    return list(_categories())


def _categories() -> tuple[str, ...]:
    return _kept("categories", lambda: tuple(c for c in CATEGORIES if _student_parts(c)))


def _visible_rows(model, person_id: int, for_student: bool = True):
    """The person's rows of ``model``: for the student, those the access right covers."""
    if model is Person:
        return model.select().where(model.id == person_id)
    query = model.select().where(model.person == person_id)
    if for_student and hasattr(model, "is_internal_note"):
        # Internal notes are exempt from access until shared further (rug §3.2).
        query = query.where(~model.is_internal_note | model.shared_further)
    return query


def _programme_names() -> dict[int, Text]:
    return {p.id: Text(p.name_nl, p.name_en) for p in Programme.select()}


def _party_names() -> dict[int, Text]:
    """Each party's name in its current notice (not its key, a code), in one query."""
    from domain.consent.parties import current_versions

    return {v.party_id: v.name for v in current_versions()}


# Catalogues a foreign key is shown by name from (loaded once, not per row).
_NAMED = {Programme: _programme_names, ExternalParty: _party_names}


def _display(decl: FieldDeclaration, value, names: dict):
    """``value`` as shown; ``names`` holds, per catalogue model, the name of each id."""
    if value is None:
        return None
    if decl.values is not None:
        return decl.values.get(value, Text(value, value))
    model_field = getattr(decl.model, decl.name)
    if isinstance(model_field, ForeignKeyField) and model_field.rel_model in names:
        return names[model_field.rel_model].get(value, value)
    return value


class _Context:
    """What several parts of one person's page share, each loaded once at most."""

    def __init__(self, person_id: int, today: dt.date):
        self.person_id, self.today = person_id, today
        self._end, self._end_loaded, self._names = None, False, {}
        self._held: list[Text] | None = None

    def held_by(self) -> list[Text]:
        """The reasons the person is held for (one query, only once a term has ended)."""
        if self._held is None:
            self._held = reasons_holding(self.person_id)
        return self._held

    def end(self):
        if not self._end_loaded:
            self._end, self._end_loaded = enrolment_end(self.person_id, self.today), True
        return self._end

    def names(self, parts) -> dict:
        """The names of every catalogue the parts' fields point at (one query each)."""
        for _, fields in parts:
            for f in fields:
                target = getattr(f.model, f.name)
                model = target.rel_model if isinstance(target, ForeignKeyField) else None
                if model in _NAMED and model not in self._names:
                    self._names[model] = _NAMED[model]()
        return self._names


def load_category(person_id: int, category: str, today: dt.date) -> CategoryView:
    """Every visible field of ``category`` for the person, with each row's deletion date."""
    return _load(_Context(person_id, today), category, category_parts(category), True)


def _load(ctx: _Context, category: str, parts, for_student: bool) -> CategoryView:
    needs_end = any(
        f.retention.counts_from.value == "end_of_enrolment" for _, fields in parts for f in fields
    )
    end = ctx.end() if needs_end else None
    names = ctx.names(parts)
    person_id = ctx.person_id

    views = []
    for rt, fields in parts:
        rule = fields[0].retention
        query = _part_statement(rt, fields, for_student).rows(person_id=person_id)
        view = RecordTypeView(rt, fields)
        for raw in query:
            view.rows.append(
                Row(
                    id=raw["id"],
                    values={f.name: _display(f, raw.get(f.name), names) for f in fields},
                    due=due_date(rule, raw, end),
                    special_category=bool(raw.get("is_special_category")),
                    has_file=bool(raw.get("has_file")),
                )
            )
        views.append(view)
    for view in views:
        for row in view.rows:
            ended = row.due is not None and row.due <= ctx.today
            held = ctx.held_by() if ended else ()
            row.state = state_of(view.rule, row.due, ctx.today, held)
    return CategoryView(category, CATEGORIES[category], views)


def _part_statement(rt: RecordType, fields: list[FieldDeclaration], for_student: bool) -> Prepared:
    """The statement reading one part's rows for a person: built once per part (the register
    is static) and database (``Prepared``), run with the person's id."""
    key = ("part statement", id(rt), tuple(map(id, fields)), for_student)
    return _kept(key, lambda: Prepared(_part_query(rt, fields, for_student), person_id=int))


def _part_query(rt: RecordType, fields: list[FieldDeclaration], for_student: bool):
    model = rt.model
    rule = fields[0].retention
    columns = [
        getattr(model, f.name) for f in fields if not isinstance(getattr(model, f.name), BlobField)
    ]
    extra = [model.id]
    if rule.date_field and rule.date_field not in {f.name for f in fields}:
        extra.append(getattr(model, rule.date_field))
    if hasattr(model, "file_data"):
        extra.append((model.file_data.is_null(False)).alias("has_file"))
    if hasattr(model, "is_special_category"):
        extra.append(model.is_special_category)

    def build(person_id):
        return (
            _visible_rows(model, person_id, for_student)
            .select(*columns, *extra)
            .order_by(model.id)
            .dicts()
        )

    return build


def category_counts(person_id: int) -> dict[str, int]:
    """How many records the person has per category, in one query.

    The statement depends only on the register and the backend: it is compiled once per
    process and database, then run with the person's id as its parameters.
    """
    counts = dict.fromkeys(categories(), 0)
    sql, params = _count_statement(database.obj)
    if sql is not None:
        bound = [person_id if p is _PERSON else p for p in params]
        for category, n in execute_built(sql, bound).fetchall():
            counts[category] += n
    for category in counts:
        if any(rt.model is Person for rt, _ in category_parts(category)):
            counts[category] += 1
    return counts


# Stands in for the person's id while the count statement is compiled; no row has it.
_PERSON_PLACEHOLDER = -7_310_977_131
_PERSON = object()


def _count_statement(db) -> tuple[str | None, tuple]:
    """The SQL of ``category_counts`` for ``db``, its person parameters marked ``_PERSON``."""

    def compile_it():
        selects = []
        for category in categories():
            for rt, _ in category_parts(category):
                model = rt.model
                if model is Person:
                    continue
                selects.append(
                    _visible_rows(model, _PERSON_PLACEHOLDER).select(
                        Value(category).alias("category"), fn.COUNT(model.id).alias("n")
                    )
                )
        if not selects:
            return None, ()
        union = selects[0]
        for select in selects[1:]:
            union = union + select  # UNION ALL
        sql, params = union.sql()
        marked = tuple(
            _PERSON if type(p) is int and p == _PERSON_PLACEHOLDER else p for p in params
        )
        return sql, marked

    return _kept(("count statement", id(db), db), compile_it)


def file_of(model_name: str, record_id: int, person_id: int) -> tuple[str, bytes] | None:
    """The stored file of one of the person's records, if they may see it."""
    record_type = next((rt for rt in RECORD_TYPES if rt.model.__name__ == model_name), None)
    if record_type is None or not hasattr(record_type.model, "file_data"):
        return None
    model = record_type.model
    row = (
        _visible_rows(model, person_id)
        .select(model.file_name, model.file_data)
        .where(model.id == record_id)
        .dicts()
        .first()
    )
    if not row or row["file_data"] is None:
        return None
    return row["file_name"] or "document", bytes(row["file_data"])


def outline(category: str) -> CategoryView:
    """What a category holds and why, without any of the person's data.

    The same object on every call while the register is unchanged (nothing of a person is
    in it): callers must not change it.
    """
    return _kept(
        ("outline", category),
        lambda: CategoryView(
            category,
            CATEGORIES[category],
            [RecordTypeView(rt, fields) for rt, fields in category_parts(category)],
        ),
    )


def staff_view(person: Person, role: str) -> list[tuple[FieldDeclaration, object]]:
    """The person's own fields that ``role`` may see, per the register, with their values."""
    return [
        (decl, _display(decl, getattr(person, decl.name), {}))
        for decl in BY_MODEL[Person].fields
        if staff_may_see(role, Person, decl.name)
    ]


# --- The staff view of one student -----------------------------------------------------------


def _held_per_person(model) -> bool:
    """True for records kept per person (a person link), which one student's page can list."""
    return model is Person or isinstance(getattr(model, "person", None), ForeignKeyField)


def staff_parts(category: str, role: str) -> list[tuple[RecordType, list[FieldDeclaration]]]:
    """The parts of ``category`` with fields ``role`` may see, of records kept per person."""
    return [
        (rt, fields)
        for rt, fields in category_parts(category, lambda f: staff_may_see(role, f.model, f.name))
        if _held_per_person(rt.model)
    ]


def staff_categories(role: str) -> list[str]:
    """The categories of which ``role`` may see something, in the register's order."""
    return [c for c in CATEGORIES if staff_parts(c, role)]


def staff_record(person_id: int, role: str, today: dt.date) -> list[CategoryView]:
    """Every field of the person ``role`` may see, per category, each row with its term.

    Unlike the student's view it includes internal notes: the exemption from access
    (rug §3.2) is about the student's right, not about colleagues who share the dossier.
    A fixed number of queries per part, however many records the person has.
    """
    ctx = _Context(person_id, today)
    return [_load(ctx, c, staff_parts(c, role), False) for c in staff_categories(role)]


# --- The next deletion date (the summary at the top of My data) -----------------------------


def next_deletion(person_id: int, today: dt.date) -> dt.date | None:
    """The first day on which any of the person's data on My data is deleted or anonymised.

    ``today`` when a term has ended and tonight's run acts on it; otherwise the earliest
    date still to come; None when no term runs yet (basic study data, an event that has not
    happened). A record whose term has ended but that is held, or that waits for review
    first, has no date: its retention state on the page says why it is still there.

    One statement for every record type: per record type and rule, the earliest event
    date of its rows not yet due and the number already due (aggregates, no row is read
    into Python). A term's end grows with its event date, so the earliest event gives the
    earliest end. The person's end of enrolment and holds come in the same statement.
    """
    from domain.models import Enrolment
    from domain.register.rules import Event

    compiled = _next_deletion_sql(today)
    if compiled is None:
        return None
    sql, params, slots, parts = compiled
    bound = [person_id if slot else p for p, slot in zip(params, slots, strict=True)]
    columns = ("part", "event", "backstop", "due", "n")
    rows = [dict(zip(columns, row, strict=True)) for row in execute_built(sql, bound)]
    own_rows = {row["part"]: row for row in rows if row["part"] < 0}
    held = bool(own_rows[_HELD]["due"])
    enrolments = own_rows[_ENROLMENTS]
    if not enrolments["n"]:  # never enrolled: the end of the application (terms.enrolment_end)
        end = Person.application_ended_on.python_value(own_rows[_APPLICATION]["event"])
    elif enrolments["due"]:  # an enrolment still runs
        end = None
    else:
        end = Enrolment.end_date.python_value(enrolments["event"])

    dates: list[dt.date] = []
    due_now = False
    for row in rows:
        if row["part"] < 0 or not row["n"]:
            continue
        rule, event, backstop = parts[row["part"]]
        if row["due"] and not rule.review_first:
            due_now = True
        not_due = row["n"] - (row["due"] or 0)
        if event is not None and row["event"] is not None:
            value = event.python_value(row["event"])
            dates.append(rule.due_date(event_date(rule, {rule.date_field: value}, None)))
        if backstop is not None and row["backstop"] is not None:
            dates.append(rule.backstop.due_date(backstop.python_value(row["backstop"])))
        if rule.counts_from is Event.END_OF_ENROLMENT and not_due and end is not None:
            dates.append(rule.due_date(end))
    if due_now and not held:
        return today
    future = [d for d in dates if d is not None and d > today]
    return min(future, default=None)


# A stand-in for the person's id while next_deletion's statement is built: every
# parameter equal to it is the person's id (no real id is negative).
_PERSON_STAND_IN = -7_310_977_131
# next_deletion's statement per database and day: its SQL is the register's and the
# day's only (the person's id is a parameter), and building it costs more than running it.
_NEXT_DELETION_SQL: dict[tuple[int, dt.date], tuple] = {}


def _next_deletion_sql(today: dt.date) -> tuple | None:
    """(SQL, parameters, which parameters are the person's id, parts) for ``today``."""
    db = database.obj
    key = (id(db), today)
    kept = _NEXT_DELETION_SQL.get(key)
    if kept is None or kept[0] is not db:  # a new id may be an old database's, reused
        if len(_NEXT_DELETION_SQL) >= 8:
            _NEXT_DELETION_SQL.clear()  # earlier days, databases of earlier tests
        built = _next_deletion_statement(_PERSON_STAND_IN, today)
        compiled = None
        if built is not None:
            union, parts = built
            sql, params = union.sql()
            slots = tuple(type(p) is int and p == _PERSON_STAND_IN for p in params)
            if not any(slots):
                raise ValueError("the person's id did not reach next_deletion's statement")
            compiled = (sql, params, slots, parts)
        kept = _NEXT_DELETION_SQL[key] = (db, compiled)
    return kept[1]


def _next_deletion_statement(person_id: int, today: dt.date):
    """next_deletion's one statement for ``person_id`` and the parts its rows refer to."""
    from domain.register.rules import Action, Event
    from domain.retention.due import due_condition, not_yet_anonymised

    pairs: dict[tuple[type, str], tuple[RecordType, object]] = {}
    for category in categories():
        for rt, fields in category_parts(category):
            rule = fields[0].retention
            if rule.action is not Action.KEEP and rule.period is not None:
                pairs.setdefault((rt.model, rule.key), (rt, rule))
    if not pairs:
        return None

    def own(column):
        return column == person_id

    selects, parts = [], []
    for index, (rt, rule) in enumerate(pairs.values()):
        model = rt.model
        due = due_condition(rule, model, today, scope=own)
        event = None
        if rule.counts_from not in (Event.END_OF_ENROLMENT, Event.NEVER):
            event = getattr(model, rule.date_field)
        backstop = getattr(model, rule.backstop.date_field) if rule.backstop else None
        # As text: the branches of the union hold dates, timestamps and years.
        nothing = SQL("CAST(NULL AS TEXT)")
        query = _visible_rows(model, person_id).select(
            Value(index).alias("part"),
            (_earliest(event, due) if event is not None else nothing).alias("event"),
            (_earliest(backstop, due) if backstop is not None else nothing).alias("backstop"),
            fn.SUM(Case(None, [(due, 1)], 0)).alias("due"),
            fn.COUNT(model.id).alias("n"),
        )
        if rule.action is Action.ANONYMISE:
            query = query.where(not_yet_anonymised(rule, model))
        selects.append(query)
        parts.append((rule, event, backstop))
    # The person's end of enrolment (``terms.enrolment_end``) and whether they are held,
    # in the same statement: rows of their own, marked by a negative part number.
    from domain.models import Enrolment
    from domain.retention.holds import held_person_ids

    still_open = Case(None, [(Enrolment.end_date.is_null() | (Enrolment.end_date >= today), 1)], 0)
    selects.append(
        Enrolment.select(
            Value(_ENROLMENTS).alias("part"),
            fn.MAX(Enrolment.end_date).cast("TEXT").alias("event"),
            nothing.alias("backstop"),
            fn.SUM(still_open).alias("due"),
            fn.COUNT(Enrolment.id).alias("n"),
        ).where(Enrolment.person == person_id)
    )
    selects.append(
        Person.select(
            Value(_APPLICATION).alias("part"),
            Person.application_ended_on.cast("TEXT").alias("event"),
            nothing.alias("backstop"),
            Value(0).alias("due"),
            Value(1).alias("n"),
        ).where(Person.id == person_id)
    )
    selects.append(
        Person.select(
            Value(_HELD).alias("part"),
            nothing.alias("event"),
            nothing.alias("backstop"),
            fn.COUNT(Person.id).alias("due"),
            Value(0).alias("n"),
        ).where((Person.id == person_id) & Person.id.in_(held_person_ids(own)))
    )
    union = selects[0]
    for select in selects[1:]:
        union = union + select  # UNION ALL
    return union, parts


# The rows of next_deletion's statement that are not a record type's.
_ENROLMENTS, _APPLICATION, _HELD = -1, -2, -3


def _earliest(column, due):
    """The earliest value of ``column`` among the rows not yet ``due``, as text."""
    return fn.MIN(Case(None, [(~due, column)], None)).cast("TEXT")
