"""The register as plain data (for the CLI, JSON and the Art. 30 record)."""

from __future__ import annotations

from domain.register import CATEGORIES, FIELDS, LEGAL_BASES, PURPOSES


def as_records() -> list[dict]:
    """One dict per declared field, every text in Dutch and English."""
    records = []
    for f in FIELDS:
        rule = f.retention
        records.append(
            {
                "field": f.key,
                "label": f.label.as_dict(),
                "category": CATEGORIES[f.category].as_dict(),
                "purpose_number": f.purpose,
                "purpose": PURPOSES[f.purpose].as_dict(),
                "purpose_by_party": {
                    party: {"number": n, **PURPOSES[n].as_dict()} for party, n in f.party_purposes
                },
                "legal_basis": LEGAL_BASES[f.legal_basis].as_dict(),
                "shown_to_student": f.shown_to_student,
                "special_category": f.special_category,
                "staff_roles": sorted(f.staff_roles),
                "retention_rule": rule.key,
                "retention": {"nl": rule.in_words("nl"), "en": rule.in_words("en")},
                "retention_action": "pseudonymise" if rule.pseudonymises else rule.action.value,
                "anonymise": (
                    rule.anonymise[f.name].strategy.value if f.name in rule.anonymise else None
                ),
                "review_first": rule.review_first,
                "source": rule.source,
            }
        )
    return records
