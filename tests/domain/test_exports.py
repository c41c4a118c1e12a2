"""The access and portability exports: built from the register, one student's data only.

Issue 10 §2: every field the student may see with its category, purpose, basis, source and
retention; consent history, disclosures, staff access and requests (never internal notes);
portability holds the portable fields only, as JSON and spreadsheet-safe CSV; a file's link
expires and the retention worker removes it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from domain import models as m
from domain.audit import trail as audit
from domain.consent.parties import ensure_parties, party_by_key
from domain.exports import document, files
from domain.exports.models import DataExport
from domain.models import AuditEvent, Person
from domain.register import FIELDS
from domain.register.vocabulary import CATEGORIES
from domain.requests import operations as ops
from domain.retention import engine
from tests import factories
from tests.support import count_queries

NOW = dt.datetime(2025, 10, 15, 9, 0)


def _student_with_history():
    """A student with data in several categories, a consent choice and two requests."""
    person, account = factories.student(phone="+31 6 11112222")
    factories.enrolment(person)
    factories.course_result(person)
    factories.counselling(person, content_text="Gedeeld verslag")
    factories.counselling(
        person, content_text="Eigen gedachte van de adviseur", is_internal_note=True
    )
    ensure_parties()
    factories.choose(person.id, party_by_key("kivi").id, "given", dt.datetime(2025, 1, 5, 10))
    return person, account


def _request_with_notes(person, desk):
    filed = ops.file_request(person.id, "access", {}, language="nl").request
    ops.assign(filed.id, desk, desk)
    ops.desk_message(filed.id, "Onder ons: eerst navragen bij de faculteit", desk, internal=True)
    ops.desk_message(filed.id, "We zoeken je gegevens bij elkaar.", desk)
    ops.student_reply(filed.id, person.id, "Dank je wel.", [])
    ops.extend(filed.id, "Veel gegevens in het archief", desk)
    return filed


def test_the_data_section_lists_every_field_the_register_shows(db):
    person, _ = _student_with_history()
    doc = document.build(person.id, "access", NOW)
    listed = {f["key"] for c in doc["data"] for p in c["parts"] for f in p["fields"]}
    assert listed == {f.key for f in FIELDS if f.exported and f.section == "data"}
    # Every other field the register exports has its section; the rest are declared out.
    assert {f.section for f in FIELDS if f.exported} <= set(doc)
    assert {w["field"] for w in doc["withheld"]} == {f.key for f in FIELDS if not f.exported}
    assert doc["schema_version"] == 1 and doc["kind"] == "access"


def test_each_field_carries_category_purpose_basis_source_retention_and_rights(db):
    person, _ = _student_with_history()
    doc = document.build(person.id, "access", NOW)
    identity = next(c for c in doc["data"] if c["category"] == "identity")
    assert identity["label"] == {"nl": "Identiteit", "en": "Identity"}
    person_part = next(p for p in identity["parts"] if p["record_type"] == "Person")
    surname = next(f for f in person_part["fields"] if f["name"] == "surname")
    assert surname["purpose"]["number"] == 1 and surname["legal_basis"]["key"] == (
        "legal_obligation"
    )
    assert surname["source"]["key"] == "studielink"
    assert surname["rights"]["erasable"] is False
    assert surname["rights"]["kept_because"]["en"].startswith("GDPR art. 17(3)(b)")
    assert person_part["retention"]["action"] == "keep"
    assert person_part["rows"][0]["values"]["surname"] == "Dijk"
    contact = next(c for c in doc["data"] if c["category"] == "contact")
    rows = [r for p in contact["parts"] for r in p["rows"] if "phone" in r["values"]]
    assert rows[0]["values"]["phone"] == "+31 6 11112222"
    results = next(c for c in doc["data"] if c["category"] == "results")
    grade = next(p for p in results["parts"] if p["record_type"] == "CourseResult")
    assert grade["rows"][0]["values"]["grade"] == 7.5
    assert grade["rows"][0]["values"]["result_date"] == "2022-01-20"
    enrolment = next(c for c in doc["data"] if c["category"] == "enrolment")["parts"][0]
    assert enrolment["rows"][0]["values"]["programme"]["en"] == "Technical Computer Science"


def test_internal_notes_stay_out_of_the_export(db):
    person, _ = _student_with_history()
    desk = factories.staff("desk")
    filed = _request_with_notes(person, desk)
    ops.decide(filed.id, "granted", None, "Hierbij je gegevens.", desk)
    text = json.dumps(document.build(person.id, "access", NOW), ensure_ascii=False)
    assert "Gedeeld verslag" in text
    assert "Eigen gedachte van de adviseur" not in text  # rug §3.2, as on My data
    assert "Onder ons" not in text
    (request,) = json.loads(text)["requests"]
    assert [m["body"] for m in request["messages"]] == [
        "We zoeken je gegevens bij elkaar.",
        "Dank je wel.",
    ]
    assert [m["from"] for m in request["messages"]] == ["privacy_desk", "you"]
    steps = [s["step"]["key"] for s in request["timeline"]]
    assert "assigned" not in steps and {"received", "extended", "decided"} <= set(steps)
    assert request["extension_reason"] == "Veel gegevens in het archief"
    assert request["outcome"]["key"] == "granted"
    assert request["decision_message"] == "Hierbij je gegevens."


def test_a_proposal_awaiting_approval_stays_out(db):
    person, _ = _student_with_history()
    desk = factories.staff("desk")
    filed = ops.file_request(person.id, "erasure", {"scope": "all"}, language="nl").request
    ops.decide(filed.id, "granted", None, "Voorstel: alles wissen wat mag", desk)
    text = json.dumps(document.build(person.id, "access", NOW), ensure_ascii=False)
    assert "Voorstel: alles wissen" not in text
    assert json.loads(text)["requests"][0]["status"]["key"] == "proposed"


def test_consent_disclosures_and_staff_access(db):
    person, account = _student_with_history()
    desk = factories.staff("desk")
    audit.record(desk, "view:rights_request", [person.id], "AVG-2025-0001")
    audit.record(account, files.DOWNLOAD_ACTION, [person.id], "export 1 (json)")
    doc = document.build(person.id, "access", NOW)
    (choice,) = doc["consent"]
    assert choice["party"] == "kivi" and choice["decision"]["key"] == "given"
    assert choice["notice"]["version"] == 1 and choice["notice"]["fields"]
    assert doc["disclosures"] == []
    # Staff by role only; the student's own download is not staff access.
    (seen,) = doc["staff_access"]
    assert seen["role"] == {"key": "desk", "nl": "privacyloket", "en": "privacy desk"}
    assert seen["action"]["en"] == "opened your request, with your data"
    assert seen["about"] == "AVG-2025-0001"
    assert seen["categories"] == [CATEGORIES["requests"].as_dict()]
    assert "Desk Medewerker" not in json.dumps(doc)


def test_the_export_takes_a_fixed_number_of_queries(db):
    person, _ = _student_with_history()
    desk = factories.staff("desk")
    _request_with_notes(person, desk)
    with count_queries() as one:
        document.build(person.id, "access", NOW)
    for _ in range(4):
        _request_with_notes(person, desk)
        factories.course_result(person)
    with count_queries() as five:
        document.build(person.id, "access", NOW)
    assert len(five) == len(one)


def test_portability_holds_only_the_portable_fields(db):
    person, _ = _student_with_history()
    factories.record(m.DirectDebitMandate, person)
    doc = document.build(person.id, "portability", NOW)
    listed = {f["key"] for c in doc["data"] for p in c["parts"] for f in p["fields"]}
    assert listed == {f.key for f in FIELDS if f.portable}
    assert {"Person.phone", "DirectDebitMandate.iban"} <= listed
    assert "Person.surname" not in listed
    assert not {"consent", "requests", "staff_access", "disclosures"} & set(doc)
    csv = files.portable_csv(doc, "en")
    assert csv.splitlines()[0] == "category,record type,record,field,description,value"
    assert "DirectDebitMandate.iban,IBAN,NL91ABNA0417164300" in csv
    assert "Person.surname" not in csv and "Person.date_of_birth" not in csv


def test_every_portable_field_is_in_the_data_section():
    """Portability copies the data section; a portable field elsewhere would be missed."""
    assert all(f.section == "data" for f in FIELDS if f.portable)


def test_the_csv_is_safe_against_formula_injection(db):
    person, _ = _student_with_history()
    Person.update(private_email='=HYPERLINK("http://x")', phone="+31 6 1").where(
        Person.id == person.id
    ).execute()
    csv = files.portable_csv(document.build(person.id, "portability", NOW), "nl")
    assert ',"\'=HYPERLINK(""http://x"")"' in csv
    assert ",'+31 6 1" in csv
    assert ",=" not in csv and ",+" not in csv


def test_a_file_expires_and_the_worker_removes_it_the_night_after(db):
    person, account = _student_with_history()
    made = files.produce(person.id, "access", link_days=14, now=NOW)
    assert made.expires_at == NOW + dt.timedelta(days=14)
    assert made.schema_version == 1 and made.size == len(made.document.encode())
    last_second = NOW + dt.timedelta(days=14, seconds=-1)
    assert files.download(account, person.id, made.token, "json", now=last_second)
    with pytest.raises(files.Expired):
        files.download(account, person.id, made.token, "json", now=made.expires_at)
    fresh = files.produce(person.id, "access", link_days=14, now=NOW + dt.timedelta(days=10))

    expiry_day = made.expires_at.date()
    engine.run(expiry_day, pseudonym_key="k")
    assert DataExport.select().count() == 2  # the link expired today: kept until tonight
    engine.run(expiry_day + dt.timedelta(days=1), pseudonym_key="k")
    assert [e.id for e in DataExport.select()] == [fresh.id]


def test_every_download_is_audited_and_only_the_owner_downloads(db):
    person, account = _student_with_history()
    other, other_account = factories.student()
    made = files.produce(person.id, "access", now=NOW)
    assert files.download(other_account, other.id, made.token, "json", now=NOW) is None
    assert files.download(account, person.id, "no-such-token", "json", now=NOW) is None
    assert files.download(account, person.id, made.token, "csv", now=NOW) is None  # access
    assert AuditEvent.select().count() == 0
    got = files.download(account, person.id, made.token, "json", now=NOW)
    assert json.loads(got.content)["subject"]["student_number"] == person.student_number
    page = files.download(account, person.id, made.token, "html", now=NOW)
    assert page.document["kind"] == "access"
    events = list(AuditEvent.select().order_by(AuditEvent.id))
    assert [(e.action, e.person_id, e.actor_id) for e in events] == [
        (files.DOWNLOAD_ACTION, person.id, account.id)
    ] * 2
    assert [e.detail for e in events] == [f"export {made.id} (json)", f"export {made.id} (html)"]


def test_an_export_answers_only_a_granted_access_or_portability_request(db):
    person, _ = _student_with_history()
    other, _ = factories.student()
    desk = factories.staff("desk")
    access = ops.file_request(person.id, "access", {}, language="nl").request
    with pytest.raises(files.ExportError):
        files.produce_for_request(person.id, access)  # not decided yet
    ops.decide(access.id, "granted", None, "Hierbij.", desk)
    access = m.RightsRequest.get_by_id(access.id)
    with pytest.raises(files.ExportError):
        files.produce_for_request(other.id, access)  # another student's request
    made = files.produce_for_request(person.id, access, now=NOW)
    assert made.kind == "access" and made.request_id == access.id
    assert files.of_person(person.id, access.id)[0].id == made.id
    refused = ops.file_request(person.id, "portability", {}, language="nl").request
    ops.decide(refused.id, "refused", "art_12_5", "Nee.", desk)
    with pytest.raises(files.ExportError):
        files.produce_for_request(person.id, m.RightsRequest.get_by_id(refused.id))


def test_each_part_is_named_as_on_my_data_not_as_a_list_of_its_columns(db):
    person, _ = _student_with_history()
    doc = document.build(person.id, "access", NOW)
    contact = next(c for c in doc["data"] if c["category"] == "contact")
    labels = [p["label"]["en"] for p in contact["parts"] if p["record_type"] == "Person"]
    assert "Your private e-mail address, phone number and address" in labels
    for category in doc["data"]:
        for part in category["parts"]:
            if len(part["fields"]) > 1:
                columns = ", ".join(f["label"]["nl"] for f in part["fields"])
                assert part["label"]["nl"] != columns, part["label"]
