"""The Art. 30 record grouped by processing activity, with CSV and JSON exports."""

import csv
import io
import json
import re

from domain.core.csv_safe import BOM
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
    assert re.search(r"<dt>Externe ontvangers</dt><dd>[^<]*kivi", part)


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
