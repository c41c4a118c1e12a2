"""Matching results: called pseudonymised, and no count shows a group smaller than five."""

import datetime as dt

from domain import models as m
from domain.records.matching import advice_counts
from domain.register import RULES
from domain.register.export import as_records
from domain.retention import engine


def test_the_register_calls_them_pseudonymised():
    rule = RULES["matching_results"]
    assert rule.in_words("nl").startswith("Pseudonimiseren 2 maanden na")
    assert rule.in_words("en").startswith("Pseudonymise 2 months after")
    assert "anonymis" not in rule.in_words("en").lower()
    rows = [r for r in as_records() if r["retention_rule"] == "matching_results"]
    assert rows and all(r["retention_action"] == "pseudonymise" for r in rows)
    assert RULES["contact_details"].in_words("en").startswith("Anonymise")


def test_groups_smaller_than_five_are_never_shown(db, data):
    prog, other = (
        data.programme(),
        data.programme(code="56604", name_nl="Psychologie", name_en="Psychology", faculty="BMS"),
    )
    for _ in range(6):
        data.record(
            m.MatchingResult, data.person(), programme=prog, academic_year=2023, advice="positief"
        )
    for _ in range(4):
        data.record(
            m.MatchingResult,
            data.person(),
            programme=prog,
            academic_year=2023,
            advice="heroverwegingsadvies",
        )
    for _ in range(5):
        data.record(
            m.MatchingResult, data.person(), programme=other, academic_year=2023, advice="positief"
        )
    assert set(advice_counts(2023)) == {(prog.id, "positief", 6), (other.id, "positief", 5)}
    # After the term the rows are pseudonymised; the counts and the suppression stay.
    engine.run(dt.date(2023, 11, 1), pseudonym_key="test-pseudonym-key")
    assert not m.MatchingResult.select().where(m.MatchingResult.person.is_null(False)).exists()
    counts = {(p, a): n for p, a, n in advice_counts(2023)}
    assert counts == {(prog.id, "positief"): 6, (other.id, "positief"): 5}
    assert advice_counts(2022) == []
