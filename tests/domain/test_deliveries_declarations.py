"""The delivery kinds are declarations: fields from the register, pages and commands built
from them, and each party's timing said once."""

import datetime as dt

import pytest

from domain.consent import parties
from domain.consent.vocabulary import FREQUENCIES, PARTY_FIELDS
from domain.core import clock
from domain.core.text import Text
from domain.deliveries import kinds
from domain.deliveries.plans import YEAR, FilePlan, Kind, Param, Plan, party_and_version
from domain.models import ExternalParty
from domain.register import RECORD_TYPES


def test_party_fields_that_are_register_fields_take_the_register_label():
    declared = {(rt.model.__name__, f.name): f.label for rt in RECORD_TYPES for f in rt.fields}
    for field in PARTY_FIELDS.values():
        if field.source is not None:
            assert field.label == declared[field.source]
    assert PARTY_FIELDS["prefix"].label == Text("tussenvoegsel", "prefix")
    assert PARTY_FIELDS["university_email"].label == declared[("Person", "university_email")]


def test_each_kind_produces_only_catalogue_fields_and_its_party_may_list_them():
    for key, kind in kinds.KINDS.items():
        assert set(kind.fields) <= set(PARTY_FIELDS)
        assert parties.allowed_fields(key) == kind.fields
    assert parties.allowed_fields("another-party") == tuple(PARTY_FIELDS)


@pytest.fixture
def officer(portal, data):
    parties.ensure_parties()
    data.staff("disclosure")
    portal.login("disclosure")
    return portal


def test_the_run_page_tells_the_timing_from_the_party(officer):
    html = officer.client.get("/disclosure/schools").get_data(as_text=True)
    assert FREQUENCIES["once_after_first_year"].nl in html
    (ExternalParty.update(frequency="yearly").where(ExternalParty.key == "schools").execute())
    html = officer.client.get("/disclosure/schools").get_data(as_text=True)
    assert FREQUENCIES["yearly"].nl in html
    assert FREQUENCIES["once_after_first_year"].nl not in html


def test_a_new_kind_needs_only_its_declaration(officer, monkeypatch):
    # A kind for an existing party, declared here instead of in its own module: the list
    # of deliveries, its form and its preview come from the declaration alone.
    def plan(year, reference_date, today=None):
        party, version = party_and_version("kivi")
        return Plan(
            party,
            version,
            reference_date,
            {"year": year},
            [FilePlan("Example", f"example-{year}.csv")],
            0,
            0,
            0,
        )

    example = Kind(
        key="example",
        title=Text("Voorbeeldlevering", "Example delivery"),
        link=Text("Voorbeeld", "Example"),
        explanation=Text("Uitleg", "Explanation"),
        fields=("student_number",),
        params=(Param("year", YEAR, Text("Jaar", "Year"), Text("Hint", "Hint")),),
        plan=plan,
    )
    monkeypatch.setitem(kinds.KINDS, "example", example)
    from webapp.disclosure import forms

    monkeypatch.setitem(forms.FORMS, "example", forms._form_class(example))
    index = officer.client.get("/disclosure/").get_data(as_text=True)
    assert 'id="make-example" href="/disclosure/example">Voorbeeld<' in index
    page = officer.client.get("/disclosure/example").get_data(as_text=True)
    assert "<h1>Voorbeeldlevering</h1>" in page and 'name="year"' in page
    response = officer.post(
        "/disclosure/example",
        {
            "year": "2024",
            "reference_date": (clock.local_today() - dt.timedelta(days=2)).isoformat(),
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert "example-2024.csv" in response.get_data(as_text=True)
