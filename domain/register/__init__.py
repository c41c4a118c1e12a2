"""The register of personal data, and questions answered from it."""

from __future__ import annotations

from collections import defaultdict

from domain.register import (
    consent_declarations,
    declarations,
    export_declarations,
    mail_declarations,
    request_declarations,
    retention_declarations,
    rights_declarations,
)
from domain.register.declarations import FieldDeclaration, RecordType
from domain.register.rules import Action, Anonymise, Event, Period, RetentionRule, Strategy, Unit
from domain.register.vocabulary import CATEGORIES, LEGAL_BASES, LEGAL_BASES_EXPLAINED, PURPOSES

# Each area of the portal declares its own models; together they are the register.
# Lists, not tuples: every reader holds the same object, so a record type declared later
# (a plug-in, a test) is seen everywhere.
RECORD_TYPES: list[RecordType] = list(
    declarations.RECORD_TYPES
    + retention_declarations.RECORD_TYPES
    + consent_declarations.RECORD_TYPES
    + request_declarations.RECORD_TYPES
    + mail_declarations.RECORD_TYPES
    + rights_declarations.RECORD_TYPES
    + export_declarations.RECORD_TYPES
)
NON_PERSONAL_MODELS: dict[type, str] = {
    **declarations.NON_PERSONAL_MODELS,
    **retention_declarations.NON_PERSONAL_MODELS,
    **consent_declarations.NON_PERSONAL_MODELS,
}
RULES: dict[str, RetentionRule] = {
    **declarations.RULES,
    **retention_declarations.RULES,
    **consent_declarations.RULES,
    **request_declarations.RULES,
    **mail_declarations.RULES,
    **rights_declarations.RULES,
    **export_declarations.RULES,
}

FIELDS: list[FieldDeclaration] = [f for rt in RECORD_TYPES for f in rt.fields]
BY_MODEL: dict[type, RecordType] = {rt.model: rt for rt in RECORD_TYPES}


def declaration(model, name: str) -> FieldDeclaration:
    """Return the declaration of ``model.name``; :raise KeyError: if undeclared."""
    for f in BY_MODEL[model].fields:
        if f.name == name:
            return f
    raise KeyError(f"{model.__name__}.{name}")


def student_fields(model) -> list[FieldDeclaration]:
    """The fields of ``model`` a student is shown about themselves."""
    return [f for f in BY_MODEL[model].fields if f.shown_to_student]


def fields_by_category() -> dict[str, list[FieldDeclaration]]:
    """Every student-visible field, grouped by category in the register's order."""
    grouped: dict[str, list[FieldDeclaration]] = defaultdict(list)
    for f in FIELDS:
        if f.shown_to_student:
            grouped[f.category].append(f)
    return {c: grouped[c] for c in CATEGORIES if grouped[c]}


def record_type_named(model_name: str) -> RecordType | None:
    """The record type of the model class called ``model_name`` (as stored in run logs)."""
    return next((rt for rt in RECORD_TYPES if rt.model.__name__ == model_name), None)


def staff_may_see(role: str, model, name: str) -> bool:
    return role in declaration(model, name).staff_roles


__all__ = [
    "Action",
    "Anonymise",
    "BY_MODEL",
    "CATEGORIES",
    "Event",
    "FIELDS",
    "FieldDeclaration",
    "LEGAL_BASES",
    "LEGAL_BASES_EXPLAINED",
    "NON_PERSONAL_MODELS",
    "PURPOSES",
    "Period",
    "RECORD_TYPES",
    "RULES",
    "RecordType",
    "RetentionRule",
    "Strategy",
    "Unit",
    "declaration",
    "fields_by_category",
    "record_type_named",
    "staff_may_see",
    "student_fields",
]
