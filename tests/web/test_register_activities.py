"""The Art. 30 record grouped by processing activity, with CSV and JSON exports."""

import csv
import io
import json
import re

from domain import models as m
from domain.consent import parties
from domain.core.csv_safe import BOM
from domain.core.text import Text
from domain.register import FIELDS, PURPOSES
from domain.register.activities import activities
from tests.support import html_of


def test_one_part_per_processing_activity(portal, sign_in):
    sign_in("admin")
    page = html_of(portal.client.get("/admin/register"))
    numbers = [int(n) for n in re.findall(r'<section[^>]* id="activity-(\d+)"', page)]
    assert numbers == sorted({a.number for a in activities()}) and len(numbers) > 5
    assert page.count("<h1") == 1
    first = page.split('id="activity-1"')[1].split("</section>")[0]
    assert PURPOSES[1].nl in first and "wettelijke plicht" in first
    # KIVI receives data for a purpose of its own: it is named as the external recipient.
    kivi = next(a for a in activities() if "kivi" in a.parties)
    part = page.split(f'id="activity-{kivi.number}"')[1].split("</section>")[0]
    assert re.search(
        r"<dt[^>]*>Externe ontvangers</dt><dd[^>]*>[^<]*KIVI \(Koninklijk Instituut", part
    )


def test_every_field_serves_an_activity():
    listed = {f.key for a in activities() for f in a.fields}
    assert listed == {f.key for f in FIELDS}


def test_csv_export_has_a_row_per_activity(portal, sign_in):
    sign_in("admin")
    response = portal.client.get("/admin/register/activities.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["nummer", "doel", "grondslag"]
    assert [int(r[0]) for r in rows[1:]] == [a.number for a in activities()]
    portal.client.set_cookie("portal_lang", "en")
    english = portal.client.get("/admin/register/activities.csv").get_data().decode("utf-8")
    assert english[1:].startswith("number,purpose,legal basis")


def test_json_export_in_both_languages(portal, sign_in):
    sign_in("admin")
    response = portal.client.get("/admin/register/activities.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    found = json.loads(response.get_data())["activities"]
    assert [a["number"] for a in found] == [a.number for a in activities()]
    assert found[0]["purpose"] == {"nl": PURPOSES[1].nl, "en": PURPOSES[1].en}
    assert "Person.student_number" in found[0]["fields"]
    assert {"rule", "nl", "en"} <= set(found[0]["retention"][0])


def test_only_the_admin_may_download(portal, sign_in):
    sign_in("desk")
    assert portal.client.get("/admin/register/activities.csv").status_code == 403
    assert portal.client.get("/admin/register/activities.json").status_code == 403


def _recipients(page: str) -> list[str]:
    return re.findall(r"<dt[^>]*>External recipients</dt><dd[^>]*>(.*?)</dd>", page, re.S)


def test_external_recipients_are_named_in_the_page_language_never_by_key(portal, sign_in):
    sign_in("admin")
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(portal.client.get("/admin/register"))
    named = " ".join(_recipients(page))
    assert "KIVI (Royal Netherlands Society of Engineers)" in named
    assert "National Student Survey (NSE)" in named
    assert "Secondary schools (progress of former pupils)" in named
    keys = {k for a in activities() for k in a.parties}
    assert keys >= {"kivi", "schools", "bedrijvendagen", "nse"}
    items = {item.strip() for dd in _recipients(page) for item in dd.split(";")}
    assert not keys & items and "—" in items


def test_a_renamed_party_is_named_as_its_notice_now_reads(portal, sign_in):
    admin = sign_in("admin")
    parties.ensure_parties()
    kivi = parties.party_by_key(parties.KIVI)
    notice = parties.Notice.of(parties.current_version(kivi.id))
    renamed = parties.Notice(
        Text("KIVI, ingenieursvereniging", "KIVI, engineers' society"),
        notice.description,
        notice.purpose,
        notice.fields,
    )
    parties.update_party(kivi, kivi.contact, kivi.frequency, renamed, admin.id)
    page = html_of(portal.client.get("/admin/register"))
    assert "KIVI, ingenieursvereniging" in " ".join(
        re.findall(r"<dt[^>]*>Externe ontvangers</dt><dd[^>]*>(.*?)</dd>", page, re.S)
    )
    rows = list(
        csv.reader(
            io.StringIO(
                portal.client.get("/admin/register/activities.csv").get_data().decode("utf-8")[1:]
            )
        )
    )
    assert any("KIVI, ingenieursvereniging" in r[7] for r in rows[1:])
    assert m.NoticeVersion.select().count() > len(parties.SEED_PARTIES)


def test_exports_name_the_external_recipients(portal, sign_in):
    sign_in("admin")
    portal.client.set_cookie("portal_lang", "en")
    text = portal.client.get("/admin/register/activities.csv").get_data().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    column = rows[0].index("external recipients")
    recipients = "; ".join(r[column] for r in rows[1:])
    assert "KIVI (Royal Netherlands Society of Engineers)" in recipients
    assert not {"kivi", "nse", "schools", "bedrijvendagen"} & set(recipients.split("; "))
    found = json.loads(portal.client.get("/admin/register/activities.json").get_data())
    listed = [r for a in found["activities"] for r in a["external_recipients"]]
    kivi = next(r for r in listed if r["party"] == "kivi")
    assert kivi["nl"] == "KIVI (Koninklijk Instituut van Ingenieurs)"
    assert kivi["en"] == "KIVI (Royal Netherlands Society of Engineers)"


def test_the_admin_register_shows_no_class_names_or_keys(portal, sign_in):
    sign_in("admin")
    page = html_of(portal.client.get("/admin/register"))
    assert "<code>" not in page
    assert "Person.student_number" not in page and "Person." not in page
