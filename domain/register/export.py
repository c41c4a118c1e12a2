"""The register as plain data (for the CLI, JSON and the Art. 30 record)."""

from __future__ import annotations

from domain.register import CATEGORIES, FIELDS, LEGAL_BASES, PURPOSES
from domain.register.vocabulary import EXPORT_SECTIONS, ORIGINS


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
                # What each right may do (issue 10 §1).
                "origin": f.origin,
                "origin_label": ORIGINS[f.origin].as_dict(),
                "portable": f.portable,
                "erasable": f.erasable,
                "kept_because": f.kept.text().as_dict() if f.kept else None,
                "correctable": f.correctable,
                "correct_at": f.correct_at.as_dict() if f.correct_at else None,
                "objectable": f.objectable,
                "export_section": None if f.withheld else f.section,
                "export_section_label": None
                if f.withheld
                else EXPORT_SECTIONS[f.section].as_dict(),
                "withheld_because": f.withheld.as_dict() if f.withheld else None,
            }
        )
    return records
