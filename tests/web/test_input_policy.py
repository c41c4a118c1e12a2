"""Inputs that used to give a 500 now give a clear 4xx, on SQLite and PostgreSQL (issue 11 §5).

tests/web/test_no_server_errors.py sends generated values everywhere; these are the cases
the issue names, each checked for its status and its message.
"""

import io

import pytest

from domain.consent import parties
from domain.models import LegalHold
from tests.support import html_of

NUL_REFUSED = "Wat je stuurde bevat een teken dat niet is toegestaan."


@pytest.mark.parametrize("number", [str(2**63), str(2**31), "1" * 40])
def test_ids_past_the_databases_integer_range_are_not_found(portal, sign_in, number):
    sign_in()
    response = portal.client.get(f"/student/my-data/file/direct_debit_mandate/{number}")
    assert "Deze pagina bestaat niet." in html_of(response, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/retention/runs/{n}",
        "/disclosure/deliveries/{n}",
        "/disclosure/files/{n}",
        "/desk/consent/{n}",
        "/desk/requests/R-1/files/{n}",
    ],
)
def test_every_id_in_a_url_is_bounded(portal, data, url):
    for role in ("admin", "disclosure", "desk"):
        data.staff(role)
    for role in ("admin", "disclosure", "desk"):
        portal.login(role)
        assert portal.client.get(url.format(n=2**63)).status_code in (403, 404)
    portal.login("admin")
    assert portal.client.get("/admin/retention/runs/9223372036854775808").status_code == 404
    for path in ("/admin/retention/holds/{n}/lift", "/admin/retention/reviews/{n}/approve"):
        assert portal.post(path.format(n=2**63), {"reason": "x"}).status_code == 404


def test_a_text_field_sent_as_a_file_is_an_error_on_that_field(portal, data):
    _, account = data.student()
    response = portal.client.post(
        "/auth/login",
        data={
            "username": (io.BytesIO(account.username.encode()), "name.txt"),
            "password": "demo",
            "csrf_token": portal.token(),
        },
    )
    assert "Stuur dit veld als tekst, niet als bestand." in html_of(response, 422)


def test_a_text_field_sent_as_a_file_fails_in_an_admin_form(portal, sign_in, data):
    person = data.person()
    sign_in("admin")
    response = portal.post(
        "/admin/retention/holds",
        {"student_number": person.student_number, "reason": (io.BytesIO(b"x"), "r.txt")},
    )
    assert "Stuur dit veld als tekst, niet als bestand." in html_of(response, 422)
    assert not LegalHold.select().exists()


def test_a_blank_hold_reason_is_refused_and_lifting_with_one_says_so(portal, sign_in, data):
    person = data.person()
    sign_in("admin")
    blank = portal.post(
        "/admin/retention/holds", {"student_number": person.student_number, "reason": "   "}
    )
    assert "Geef de reden voor de blokkade." in html_of(blank, 422)
    assert not LegalHold.select().exists()
    portal.post("/admin/retention/holds", {"student_number": person.student_number, "reason": "R"})
    hold = LegalHold.get()
    lifted = portal.post(f"/admin/retention/holds/{hold.id}/lift", {"reason": "  "})
    page = html_of(lifted, 422)
    assert "al opgeheven" not in page
    assert 'href="#lift-reason-' in page or 'aria-invalid="true"' in page
    assert LegalHold.get_by_id(hold.id).lifted_at is None


def test_a_nul_character_anywhere_is_refused(portal, sign_in, data):
    response = portal.login("s1234567\x00")
    assert NUL_REFUSED in html_of(response, 400)
    person = data.person()
    sign_in("student")
    receipt = portal.client.get("/student/consent/receipts/ab%00cd.json")
    assert NUL_REFUSED in html_of(receipt, 400)
    assert portal.client.get("/student/my-data?looked=1%00").status_code == 400
    portal.client.post("/auth/logout", data={"csrf_token": portal.token()})
    sign_in("admin")
    hold = portal.post(
        "/admin/retention/holds", {"student_number": person.student_number, "reason": "a\x00b"}
    )
    assert NUL_REFUSED in html_of(hold, 400)
    parties.ensure_parties()
    party = portal.post("/admin/parties/new", {"key": "nul-party", "name_nl": "Na\x00am"})
    assert NUL_REFUSED in html_of(party, 400)


def test_a_username_that_grows_when_lower_cased_is_refused(portal):
    response = portal.login("İ" * 100)
    assert "Dit mag hoogstens 100 tekens lang zijn." in html_of(response, 422)


def test_a_file_name_with_a_nul_is_refused(portal, sign_in):
    sign_in("student")
    response = portal.post(
        "/student/requests/new/access",
        {"message": "x", "attachments": (io.BytesIO(b"%PDF-1.4"), "a\x00.pdf")},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("looked", [str(2**31), str(2**64), "１２", "-3", "x"])
def test_a_page_number_out_of_range_shows_the_first_page(portal, sign_in, looked):
    sign_in()
    html = html_of(portal.client.get(f"/student/my-data?looked={looked}"))
    assert "<h1" in html


def test_a_file_field_sent_as_text_is_an_error_on_that_field(portal, sign_in):
    sign_in("student")
    response = portal.post("/student/requests/new/access", {"attachments": " "})
    assert "Stuur dit veld als bestand, niet als tekst." in html_of(response, 422)
