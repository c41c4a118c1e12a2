"""Admin pages for external parties: create and edit in both languages, version history."""

import re

import pytest

from domain.consent import parties
from domain.core.text import Text
from domain.models import ExternalParty, NoticeVersion
from tests.support import html_of


@pytest.fixture
def admin(portal, sign_in):
    parties.ensure_parties()
    sign_in("admin")
    return portal


NEW = {
    "key": "alumni-network",
    "name_nl": "Alumninetwerk",
    "name_en": "Alumni network",
    "description_nl": "Het netwerk van oud-studenten.",
    "description_en": "The alumni network.",
    "purpose_nl": "Contact houden.",
    "purpose_en": "Keeping in touch.",
    "fields": ["first_name", "university_email"],
    "frequency": "yearly",
    "contact_nl": "alumni@example.org",
    "contact_en": "alumni@example.org",
}


def test_list_shows_every_party_with_its_current_version(admin):
    html = html_of(admin.client.get("/admin/parties"))
    assert html.count("<h1") == 1
    for key in ("kivi", "schools", "bedrijvendagen"):
        assert f'<tr id="party-{key}">' in html
    assert 'id="party-new"' in html
    assert "<h1>Externe partijen</h1>" in html


def test_create_a_party_in_both_languages(admin):
    response = admin.post("/admin/parties/new", NEW)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/parties/alumni-network/versions")
    version = parties.current_version(parties.party_by_key("alumni-network").id)
    assert (version.version, version.name_nl, version.name_en) == (
        1,
        "Alumninetwerk",
        "Alumni network",
    )
    assert version.fields == ["first_name", "university_email"]
    assert version.created_by.username == "admin"


@pytest.mark.parametrize(
    "change, field_id",
    [
        ({"name_en": ""}, "name_en"),
        ({"description_nl": "  "}, "description_nl"),
        ({"key": "Not A Key"}, "key"),
        ({"fields": []}, "fields"),
        ({"frequency": "hourly"}, "frequency"),
    ],
)
def test_invalid_parties_are_refused_with_the_field_marked(admin, change, field_id):
    html = html_of(admin.post("/admin/parties/new", {**NEW, **change}), 422)
    assert f'id="{field_id}-error"' in html
    assert ExternalParty.select().count() == len(parties.SEED_PARTIES)


def test_a_key_is_unique(admin):
    html = html_of(admin.post("/admin/parties/new", {**NEW, "key": "kivi"}), 422)
    assert 'id="key-error"' in html
    assert NoticeVersion.select().count() == len(parties.SEED_PARTIES)


def _edit_data(key):
    version = parties.current_version(parties.party_by_key(key).id)
    party = version.party
    return {
        "name_nl": version.name_nl,
        "name_en": version.name_en,
        "description_nl": version.description_nl,
        "description_en": version.description_en,
        "purpose_nl": version.purpose_nl,
        "purpose_en": version.purpose_en,
        "fields": version.fields,
        "frequency": party.frequency,
        "contact_nl": party.contact_nl,
        "contact_en": party.contact_en,
    }


def test_edit_form_is_filled_with_the_current_version(admin):
    html = html_of(admin.client.get("/admin/parties/kivi/edit"))
    assert re.search(
        r'<input checked class="utrecht-checkbox utrecht-checkbox--html-input" '
        r'id="fields-\d+" name="fields" type="checkbox" '
        r'value="first_name">',
        html,
    )
    assert re.search(
        r'<input class="utrecht-checkbox utrecht-checkbox--html-input" '
        r'id="fields-\d+" name="fields" type="checkbox" '
        r'value="student_number">',
        html,
    )
    assert "KIVI (Koninklijk Instituut van Ingenieurs)" in html
    # KIVI's delivery cannot produce the schools' fields: they are not offered.
    assert 'value="first_year_ec"' not in html


def test_changing_texts_makes_a_new_version_and_keeps_the_old_one(admin):
    data = {**_edit_data("kivi"), "purpose_en": "The national register of engineers."}
    assert admin.post("/admin/parties/kivi/edit", data).status_code == 303
    versions = parties.versions_of(parties.party_by_key("kivi").id)
    assert [v.version for v in versions] == [2, 1]
    assert versions[0].purpose_en == "The national register of engineers."
    assert versions[1].purpose_en.startswith("These persons are entered")
    html = html_of(admin.client.get("/admin/parties/kivi/versions"))
    assert 'id="version-2"' in html and 'id="version-1"' in html
    assert "The national register of engineers." in html and "These persons are entered" in html


def test_adding_a_field_makes_a_new_version(admin):
    data = _edit_data("kivi")
    data["fields"] = data["fields"] + ["student_number"]
    admin.post("/admin/parties/kivi/edit", data)
    assert "student_number" in parties.current_version(parties.party_by_key("kivi").id).fields


def test_only_contact_changed_makes_no_new_version(admin):
    data = {
        **_edit_data("schools"),
        "contact_nl": "scholen@utwente.example",
        "contact_en": "schools@utwente.example",
    }
    assert admin.post("/admin/parties/schools/edit", data).status_code == 303
    schools = parties.party_by_key("schools")
    assert NoticeVersion.select().where(NoticeVersion.party == schools).count() == 1
    assert parties.party_by_key("schools").contact == Text(
        "scholen@utwente.example", "schools@utwente.example"
    )


def test_the_form_has_the_contact_in_both_languages(admin):
    admin.client.set_cookie("portal_lang", "en")
    html = html_of(admin.client.get("/admin/parties/schools/edit"))
    assert '<label class="utrecht-form-label" for="contact_nl">Contact (Dutch)</label>' in html
    assert '<label class="utrecht-form-label" for="contact_en">Contact (English)</label>' in html
    assert 'value="De contactpersoon van de eigen school, via een afgeschermde' in html
    assert 'value="The contact person at your own school, through a protected' in html


@pytest.mark.parametrize("field_id", ["contact_nl", "contact_en"])
def test_a_contact_is_required_in_both_languages(admin, field_id):
    html = html_of(admin.post("/admin/parties/new", {**NEW, field_id: "  "}), 422)
    assert f'id="{field_id}-error"' in html
    assert ExternalParty.select().count() == len(parties.SEED_PARTIES)
    data = {**_edit_data("kivi"), field_id: ""}
    html = html_of(admin.post("/admin/parties/kivi/edit", data), 422)
    assert f'id="{field_id}-error"' in html
    assert parties.party_by_key("kivi").contact == parties.SEED_PARTIES["kivi"][0]


def test_a_missing_contact_is_explained_in_english(admin):
    admin.client.set_cookie("portal_lang", "en")
    html = html_of(admin.post("/admin/parties/new", {**NEW, "contact_en": ""}), 422)
    assert "Enter the contact in English." in html


def test_a_missing_contact_is_explained_in_dutch(admin):
    html = html_of(admin.post("/admin/parties/new", {**NEW, "contact_nl": ""}), 422)
    assert "Vul het contact in het Nederlands in." in html


def test_lists_show_the_contact_in_the_current_language(admin):
    html = html_of(admin.client.get("/admin/parties"))
    assert "De contactpersoon van de eigen school" in html
    html = html_of(admin.client.get("/admin/parties/schools/versions"))
    assert "De contactpersoon van de eigen school" in html
    admin.client.set_cookie("portal_lang", "en")
    for url in ("/admin/parties", "/admin/parties/schools/versions"):
        html = html_of(admin.client.get(url))
        assert "The contact person at your own school" in html
        assert "De contactpersoon van de eigen school" not in html


def test_fields_a_delivery_cannot_produce_are_refused(admin):
    data = {**_edit_data("kivi"), "fields": ["first_name", "first_year_ec"]}
    html = html_of(admin.post("/admin/parties/kivi/edit", data), 422)
    assert 'id="fields-error"' in html
    assert NoticeVersion.select().count() == len(parties.SEED_PARTIES)


def test_unknown_party_is_404(admin):
    assert admin.client.get("/admin/parties/nobody/edit").status_code == 404
    assert admin.client.get("/admin/parties/nobody/versions").status_code == 404


@pytest.mark.parametrize("role", ["desk", "disclosure"])
def test_only_admins_manage_parties(portal, sign_in, role):
    parties.ensure_parties()
    sign_in(role)
    for url in (
        "/admin/parties",
        "/admin/parties/new",
        "/admin/parties/kivi/edit",
        "/admin/parties/kivi/versions",
    ):
        assert portal.client.get(url).status_code == 403
    assert portal.post("/admin/parties/new", NEW).status_code == 403


def test_admin_pages_have_no_inline_script_or_style(admin):
    for url in (
        "/admin/parties",
        "/admin/parties/new",
        "/admin/parties/kivi/edit",
        "/admin/parties/kivi/versions",
    ):
        html = html_of(admin.client.get(url))
        assert html.count("<h1") == 1
        assert "<style" not in html and " style=" not in html
