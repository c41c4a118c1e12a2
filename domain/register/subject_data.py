"""Everything the university holds about one person, as the register describes it.

Used by the student's "My data" page; the access export reads the same functions.
A fixed number of queries per category, however long the person's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import BlobField, ForeignKeyField, Value, fn

from domain.core.text import Text
from domain.models import Person, Programme
from domain.register import BY_MODEL, CATEGORIES, RECORD_TYPES, FieldDeclaration, RecordType
from domain.retention.terms import due_date, enrolment_end


@dataclass
class Row:
    id: int
    values: dict[str, object]
    due: dt.date | None
    special_category: bool = False
    has_file: bool = False


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


@dataclass
class CategoryView:
    key: str
    label: Text
    parts: list[RecordTypeView]

    @property
    def count(self) -> int:
        return sum(len(p.rows) for p in self.parts)


def category_parts(category: str) -> list[tuple[RecordType, list[FieldDeclaration]]]:
    """The record types holding student-visible fields of ``category``, in register order.

    A model declared in parts (Person) appears once per distinct retention rule, so that
    each group states its own term.
    """
    parts: dict[tuple[type, str], list[FieldDeclaration]] = {}
    for rt in RECORD_TYPES:
        for f in rt.fields:
            if f.shown_to_student and f.category == category:
                parts.setdefault((rt.model, f.retention.key), []).append(f)
    return [(BY_MODEL[model], fields) for (model, _), fields in parts.items()]


def categories() -> list[str]:
    return [c for c in CATEGORIES if category_parts(c)]


def _visible_rows(model, person_id: int):
    """The student's rows of ``model`` that the access right covers."""
    if model is Person:
        return model.select().where(model.id == person_id)
    query = model.select().where(model.person == person_id)
    if hasattr(model, "is_internal_note"):
        # Internal notes are exempt from access until shared further (rug §3.2).
        query = query.where(~model.is_internal_note | model.shared_further)
    return query


def _programme_names() -> dict[int, Text]:
    return {p.id: Text(p.name_nl, p.name_en) for p in Programme.select()}


def _display(decl: FieldDeclaration, value, programmes: dict[int, Text]):
    if value is None:
        return None
    if decl.values is not None:
        return decl.values.get(value, Text(value, value))
    model_field = getattr(decl.model, decl.name)
    if isinstance(model_field, ForeignKeyField) and model_field.rel_model is Programme:
        return programmes.get(value)
    return value


def load_category(person_id: int, category: str, today: dt.date) -> CategoryView:
    """Every visible field of ``category`` for the person, with each row's deletion date."""
    parts = category_parts(category)
    needs_end = any(
        f.retention.counts_from.value == "end_of_enrolment" for _, fields in parts for f in fields
    )
    end = enrolment_end(person_id, today) if needs_end else None
    programmes = (
        _programme_names()
        if any(isinstance(getattr(f.model, f.name), ForeignKeyField) for _, fs in parts for f in fs)
        else {}
    )

    views = []
    for rt, fields in parts:
        model = rt.model
        rule = fields[0].retention
        columns = [
            getattr(model, f.name)
            for f in fields
            if not isinstance(getattr(model, f.name), BlobField)
        ]
        extra = [model.id]
        if rule.date_field and rule.date_field not in {f.name for f in fields}:
            extra.append(getattr(model, rule.date_field))
        if hasattr(model, "file_data"):
            extra.append((model.file_data.is_null(False)).alias("has_file"))
        if hasattr(model, "is_special_category"):
            extra.append(model.is_special_category)
        query = _visible_rows(model, person_id).select(*columns, *extra).order_by(model.id).dicts()
        view = RecordTypeView(rt, fields)
        for raw in query:
            view.rows.append(
                Row(
                    id=raw["id"],
                    values={f.name: _display(f, raw.get(f.name), programmes) for f in fields},
                    due=due_date(rule, raw, end),
                    special_category=bool(raw.get("is_special_category")),
                    has_file=bool(raw.get("has_file")),
                )
            )
        views.append(view)
    return CategoryView(category, CATEGORIES[category], views)


def category_counts(person_id: int) -> dict[str, int]:
    """How many records the person has per category, in one query."""
    selects = []
    for category in categories():
        for rt, _ in category_parts(category):
            model = rt.model
            if model is Person:
                continue
            selects.append(
                _visible_rows(model, person_id).select(
                    Value(category).alias("category"), fn.COUNT(model.id).alias("n")
                )
            )
    counts = dict.fromkeys(categories(), 0)
    if selects:
        union = selects[0]
        for select in selects[1:]:
            union = union + select  # UNION ALL
        for row in union.dicts():
            counts[row["category"]] += row["n"]
    for category in counts:
        if any(rt.model is Person for rt, _ in category_parts(category)):
            counts[category] += 1
    return counts


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
    """What a category holds and why, without any of the person's data."""
    return CategoryView(
        category,
        CATEGORIES[category],
        [RecordTypeView(rt, fields) for rt, fields in category_parts(category)],
    )


def staff_view(person: Person, role: str) -> list[tuple[FieldDeclaration, object]]:
    """The person's own fields that ``role`` may see, per the register, with their values."""
    return [
        (decl, _display(decl, getattr(person, decl.name), {}))
        for decl in BY_MODEL[Person].fields
        if role in decl.staff_roles and not decl.special_category
    ]
