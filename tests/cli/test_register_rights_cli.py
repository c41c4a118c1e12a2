"""``flask register show`` says what each right may do with every field (issue 10 §1)."""

import json

from domain.register import FIELDS


def test_register_show_prints_the_rights_of_every_field(runner):
    records = json.loads(runner.invoke(args=["register", "show", "--format", "json"]).output)
    phone = next(r for r in records if r["field"] == "Person.phone")
    assert phone["origin"] == "student" and phone["portable"] and phone["correctable"]
    text = runner.invoke(args=["register", "show"]).output
    assert text.count("  rights: ") == len(FIELDS)
    assert (
        "  rights: source studielink; portable False; erasure on request no, kept: "
        "GDPR art. 17(3)(b)" in text
    )
    assert "correction at its source: in Studielink" in text
    assert "export left out: Failed sign-ins are recorded" in text
