"""What each request type asks, with its choices drawn from the register.

The forms offer only these choices, and a request is checked against them again when
it is filed: a field, category or purpose the register does not offer is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.core.text import Text
from domain.people.models import Person
from domain.register import CATEGORIES, FIELDS, declaration, student_fields
from domain.register.vocabulary import ORIGINS
from domain.requests.errors import RequestError, clean_text
from domain.requests.vocabulary import (
    ERASURE,
    OBJECTION,
    RECTIFICATION,
    RESTRICTION,
    RESTRICTION_GROUNDS,
)
from domain.rights.rectification import clean_value

DIRECT_MARKETING = "direct_marketing"
PROPOSED_MAX = 200


@dataclass(frozen=True)
class FieldChoice:
    name: str
    label: Text
    source: Text  # where the value comes from (the register's origin)
    correctable: bool  # False: corrected at the source, which ``correct_at`` names
    basic_study_data: bool
    correct_at: Text | None = None


def rectification_fields() -> list[FieldChoice]:
    """The person's fields a student can ask about, in the register's order.

    The register says which fields the desk corrects here and where the others are
    corrected at their source (Studielink). The form offers the person's own record, one
    row each; records with many rows (results, documents) name where they are corrected
    on the Art. 30 page and in the export.
    """
    return [
        FieldChoice(
            f.name,
            f.label,
            ORIGINS[f.origin],
            f.correctable,
            f.retention.key == "basic_study_data",
            f.correct_at,
        )
        for f in student_fields(Person)
        if f.correctable or f.correct_at is not None
    ]


def erasure_categories() -> list[str]:
    """The categories of data a student can ask to erase (every category they are shown)."""
    shown = {f.category for f in FIELDS if f.shown_to_student}
    return [c for c in CATEGORIES if c in shown]


def objectable_purposes() -> list[int]:
    """Purposes the register marks as open to objection (art. 21: public task, legitimate
    interest, direct marketing)."""
    return sorted({f.purpose for f in FIELDS if f.objectable})


def _text(details: dict, name: str, **limits) -> str:
    """The text ``name`` of the details, checked; errors name the field."""
    return clean_text(details.get(name), field=name, **limits)


def _choices(values, allowed, code: str) -> list:
    chosen = list(dict.fromkeys(values or []))
    if not chosen or any(v not in allowed for v in chosen):
        raise RequestError(code, field=code)
    return chosen


def clean(request_type: str, details: dict) -> dict:
    """The details a request of ``request_type`` needs, checked; :raise RequestError:."""
    if request_type == RECTIFICATION:
        field = {c.name: c for c in rectification_fields() if c.correctable}.get(
            details.get("field")
        )
        if field is None:
            raise RequestError("field", field="field")
        proposed = _text(details, "proposed", limit=PROPOSED_MAX)
        clean_value(field.name, proposed)  # the value must fit the field (its type, length)
        return {"field": field.name, "proposed": proposed, "reason": _text(details, "reason")}
    if request_type == ERASURE:
        if details.get("scope", "all") == "all":
            return {"scope": "all"}
        return {
            "scope": "categories",
            "categories": _choices(details.get("categories"), erasure_categories(), "categories"),
        }
    if request_type == RESTRICTION:
        if details.get("ground") not in RESTRICTION_GROUNDS:
            raise RequestError("restriction_ground", field="ground")
        return {
            "ground": details["ground"],
            "explanation": _text(details, "explanation", required=False),
        }
    if request_type == OBJECTION:
        allowed = [str(p) for p in objectable_purposes()] + [DIRECT_MARKETING]
        return {
            "purposes": _choices(
                [str(p) for p in details.get("purposes") or []], allowed, "purposes"
            ),
            "reasons": _text(details, "reasons"),
        }
    return {}


def needs_four_eyes(request_type: str, details: dict) -> bool:
    """Erasure, and a rectification of basic study data, need a second desk member."""
    if request_type == ERASURE:
        return True
    if request_type == RECTIFICATION:
        name = details.get("field")
        return bool(name) and declaration(Person, name).retention.key == "basic_study_data"
    return False


def describe(request_type: str, details: dict) -> list[tuple[Text, Text | str]]:
    """What was asked, as (label, value) lines in both languages, for pages and exports."""
    from domain.register import PURPOSES

    lines: list[tuple[Text, Text | str]] = []
    if request_type == RECTIFICATION and details.get("field"):
        lines += [
            (Text("gegeven", "data"), declaration(Person, details["field"]).label),
            (Text("moet worden", "should be"), details.get("proposed", "")),
            (Text("waarom", "why"), details.get("reason", "")),
        ]
    elif request_type == ERASURE:
        if details.get("scope") == "categories":
            lines += [
                (Text("categorie", "category"), CATEGORIES[c])
                for c in details.get("categories", [])
                if c in CATEGORIES
            ]
        else:
            lines.append(
                (
                    Text("omvang", "scope"),
                    Text("alle gegevens die mogen worden gewist", "all data that may be erased"),
                )
            )
    elif request_type == RESTRICTION and details.get("ground") in RESTRICTION_GROUNDS:
        lines.append((Text("grond", "ground"), RESTRICTION_GROUNDS[details["ground"]]))
        if details.get("explanation"):
            lines.append((Text("toelichting", "explanation"), details["explanation"]))
    elif request_type == OBJECTION:
        for key in details.get("purposes", []):
            lines.append(
                (
                    Text("verwerking", "processing"),
                    Text("direct marketing", "direct marketing")
                    if key == DIRECT_MARKETING
                    else PURPOSES.get(int(key), Text(key, key)),
                )
            )
        lines.append((Text("redenen", "reasons"), details.get("reasons", "")))
    return lines
