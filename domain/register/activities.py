"""The Art. 30 record grouped by processing activity: one entry per purpose.

GDPR Art. 30(1) asks, per processing activity, for its purpose, the categories of
personal data, the recipients and the time limits for erasure. The register declares
those per field; here the fields are gathered under the purpose they serve (a field a
party receives counts under that party's purpose instead, as the register says). Read
by the admin page and by its CSV and JSON exports, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.accounts.roles import STAFF_ROLES
from domain.consent.parties import party_names
from domain.core.text import Text
from domain.register import BY_MODEL, CATEGORIES, FIELDS, LEGAL_BASES, PURPOSES
from domain.register.declarations import FieldDeclaration
from domain.register.rules import RetentionRule
from domain.register.vocabulary import ORIGINS


@dataclass
class Activity:
    """One processing activity: a purpose and everything the register says serves it."""

    number: int
    purpose: Text
    fields: list[FieldDeclaration] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # external parties receiving data

    def _unique(self, values) -> list:
        return list(dict.fromkeys(values))

    @property
    def legal_bases(self) -> list[Text]:
        return [LEGAL_BASES[k] for k in self._unique(f.legal_basis for f in self.fields)]

    @property
    def categories(self) -> list[Text]:
        used = {f.category for f in self.fields}
        return [label for key, label in CATEGORIES.items() if key in used]

    @property
    def record_types(self) -> list[Text]:
        return [BY_MODEL[m].label for m in self._unique(f.model for f in self.fields)]

    @property
    def special_fields(self) -> list[Text]:
        return [f.label for f in self.fields if f.special_category]

    @property
    def staff_roles(self) -> list[Text]:
        roles = {r for f in self.fields for r in f.staff_roles}
        return [label for key, label in STAFF_ROLES.items() if key in roles]

    @property
    def sources(self) -> list[Text]:
        return [ORIGINS[k] for k in self._unique(f.origin for f in self.fields) if k in ORIGINS]

    @property
    def retention(self) -> list[RetentionRule]:
        return self._unique(f.retention for f in self.fields)

    def recipients(self, names: dict[str, Text]) -> list[Text]:
        """The external parties by name (``parties.party_names()``), not by their keys."""
        return [names.get(key, Text(key, key)) for key in self.parties]


def activities() -> list[Activity]:
    """Every purpose that at least one field serves, in the order of its number."""
    found: dict[int, Activity] = {}
    for f in FIELDS:
        for party, number in f.party_purposes or ((None, f.purpose),):
            activity = found.setdefault(number, Activity(number, PURPOSES[number]))
            activity.fields.append(f)
            if party and party not in activity.parties:
                activity.parties.append(party)
    return [found[n] for n in sorted(found)]


def _texts(texts, lang: str) -> str:
    return "; ".join(t.get(lang) for t in texts)


CSV_HEADER = {
    "nl": [
        "nummer",
        "doel",
        "grondslag",
        "categorieën persoonsgegevens",
        "soorten gegevens",
        "bijzondere persoonsgegevens",
        "ontvangers binnen de universiteit",
        "externe ontvangers",
        "herkomst",
        "bewaartermijnen",
    ],
    "en": [
        "number",
        "purpose",
        "legal basis",
        "categories of personal data",
        "record types",
        "special category data",
        "recipients within the university",
        "external recipients",
        "source",
        "retention",
    ],
}


def as_rows(lang: str) -> tuple[list[str], list[list[str]]]:
    """The header and one row per activity, every text in ``lang`` (``nl`` or ``en``)."""
    names = party_names()
    rows = [
        [
            str(a.number),
            a.purpose.get(lang),
            _texts(a.legal_bases, lang),
            _texts(a.categories, lang),
            _texts(a.record_types, lang),
            _texts(a.special_fields, lang),
            _texts(a.staff_roles, lang),
            _texts(a.recipients(names), lang),
            _texts(a.sources, lang),
            "; ".join(r.in_words(lang) for r in a.retention),
        ]
        for a in activities()
    ]
    return CSV_HEADER[lang], rows


def as_json() -> list[dict]:
    """One dict per activity, every text in Dutch and English, each field by its key."""
    names = party_names()
    return [
        {
            "number": a.number,
            "purpose": a.purpose.as_dict(),
            "legal_bases": [t.as_dict() for t in a.legal_bases],
            "categories": [t.as_dict() for t in a.categories],
            "record_types": [t.as_dict() for t in a.record_types],
            "fields": [f.key for f in a.fields],
            "special_category_fields": [f.key for f in a.fields if f.special_category],
            "staff_roles": sorted({r for f in a.fields for r in f.staff_roles}),
            "external_recipients": [
                {"party": key, **name.as_dict()}
                for key, name in zip(a.parties, a.recipients(names), strict=True)
            ],
            "sources": [t.as_dict() for t in a.sources],
            "retention": [
                {"rule": r.key, "nl": r.in_words("nl"), "en": r.in_words("en")} for r in a.retention
            ],
        }
        for a in activities()
    ]
