"""A rights request from filing to decision in a real browser (issue 9 §6).

A student files an erasure request; a desk member opens it from the queue and asks the
student for information; the student replies; the desk member decides "partly granted"
on the ground of the legal obligation to keep basic study data, which is a proposal
(four eyes) that a second desk member approves; the student reads the outcome with its
legal ground. The flow runs in Dutch and in English (switched with the portal's own
language button) and once with JavaScript disabled; every step's visible texts are
checked in the language of the run, and every form post is an ordinary post answered by
a redirect. The student's filing form is also used with the keyboard alone, and a desk
member records a consent choice that came by letter, without JavaScript.

Fixtures and helpers are shared with the other browser tests through
tests/browser/conftest.py and tests/browser/support.py; this module serves its own data:
one student per run and two desk accounts, so the tests run in any order.
"""

from __future__ import annotations

import re

import pytest

from domain.requests.vocabulary import GROUNDS
from tests.browser.support import Watch, assert_visibly_outlined, check_page, serve, tab_to

pytestmark = pytest.mark.browser

STUDENTS = ("flow-nl", "flow-en", "flow-nojs", "keyboard", "consent")
DESK = {"desk": "Dirk de Vries", "desk2": "Eva Smit"}
GROUND = GROUNDS["art_17_3_b"]
REFERENCE = re.compile(r"AVG-\d{4}-[A-Z2-9]{6}")

# What the pages say, per language (the Dutch is the compiled catalogue's translation).
TEXT = {
    "nl": {
        "welcome_student": "Welkom, Anna",
        "my_requests": "Mijn verzoeken",
        "ask_erasure": "Vraag om verwijdering",
        "new_title": "Verzoek: verwijdering",
        "only_chosen": "Alleen de categorieën die ik kies",
        "contact": "Contactgegevens",
        "send_request": "Verzoek versturen",
        "title": "Verzoek {ref}",
        "received": "Je verzoek is ontvangen. Het kenmerk is {ref}. Het privacyloket antwoordt "
        "uiterlijk op",
        "requests_menu": "Verzoeken",
        "queue_title": "Verzoeken over persoonsgegevens",
        "student_language": "Nederlands",
        "ask_button": "Vraag het de student",
        "message_label": "Bericht",
        "question": "Welke contactgegevens bedoel je: je privé-e-mailadres, je telefoonnummer "
        "of allebei?",
        "asked": "Je vraag is verstuurd; de termijn staat stil tot de student antwoordt.",
        "status_waiting": "Wacht op jou",
        "desk_status_waiting": "Wacht op de student",
        "stands_still": "de termijn staat stil zolang we op je antwoord wachten",
        "privacy_desk": "Privacyloket",
        "you": "Jij",
        "reply_label": "Je bericht",
        "reply": "Allebei graag, en ook mijn postadres.",
        "send": "Versturen",
        "replied": "Je bericht is naar het privacyloket verstuurd.",
        "status_progress": "In behandeling",
        "student": "Student",
        "partly": "deels toegewezen",
        "ground_label": "Wettelijke grond (bij gehele of gedeeltelijke afwijzing)",
        "decision_label": "Bericht aan de student, in de taal van de student",
        "decision_message": "We verwijderen je telefoonnummer, privé-e-mailadres en postadres. "
        "Je inschrijving en resultaten moeten we volgens de wet bewaren.",
        "save_decision": "Besluit opslaan",
        "saved": "Het besluit is opgeslagen.",
        "status_proposed": "Besluit ter controle",
        "own_proposal": "Je hebt dit besluit zelf voorgesteld: een andere medewerker van het "
        "privacyloket moet het goedkeuren.",
        "approve": "Goedkeuren: het besluit gaat in",
        "approved": "Het besluit is goedgekeurd en gaat in.",
        "status_decided": "Besloten",
        "decision_heading": "Het besluit",
        "outcome": "Deels toegewezen",
        "complain": "Autoriteit Persoonsgegevens",
        "timeline": [
            "verzoek ontvangen",
            "aanvullende informatie gevraagd",
            "informatie ontvangen",
            "besluit genomen",
        ],
    },
    "en": {
        "welcome_student": "Welcome, Anna",
        "my_requests": "My requests",
        "ask_erasure": "Ask for erasure",
        "new_title": "Request: erasure",
        "only_chosen": "Only the categories I choose",
        "contact": "Contact details",
        "send_request": "Send the request",
        "title": "Request {ref}",
        "received": "Your request has been received. Its reference is {ref}. The privacy desk "
        "answers by",
        "requests_menu": "Requests",
        "queue_title": "Rights requests",
        "student_language": "English",
        "ask_button": "Ask the student",
        "message_label": "Message",
        "question": "Which contact details do you mean: your private e-mail address, your "
        "phone number or both?",
        "asked": "Your question has been sent; the period stands still until the student answers.",
        "status_waiting": "Waiting for you",
        "desk_status_waiting": "Waiting for the student",
        "stands_still": "the period stands still while we wait for your answer",
        "privacy_desk": "Privacy desk",
        "you": "You",
        "reply_label": "Your message",
        "reply": "Both please, and my postal address too.",
        "send": "Send",
        "replied": "Your message has been sent to the privacy desk.",
        "status_progress": "In progress",
        "student": "Student",
        "partly": "partly granted",
        "ground_label": "Legal ground (for a full or partial refusal)",
        "decision_label": "Message to the student, in the student's language",
        "decision_message": "We erase your phone number, private e-mail address and postal "
        "address. The law makes us keep your enrolment and results.",
        "save_decision": "Save the decision",
        "saved": "The decision has been saved.",
        "status_proposed": "Decision awaiting approval",
        "own_proposal": "You proposed this decision: another member of the privacy desk must "
        "approve it.",
        "approve": "Approve: the decision takes effect",
        "approved": "The decision has been approved and takes effect.",
        "status_decided": "Decided",
        "decision_heading": "The decision",
        "outcome": "Partly granted",
        "complain": "Autoriteit Persoonsgegevens",
        "timeline": [
            "request received",
            "more information asked",
            "information received",
            "decision taken",
        ],
    },
}
# (language, JavaScript): Dutch and English with JavaScript, and once without.
RUNS = [("nl", True), ("en", True), ("nl", False)]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The portal with one student per run (password ``demo``) and two desk accounts.

    ``live_server.students`` maps each name of STUDENTS to a student number.
    """
    with serve(tmp_path_factory, _seed) as server:
        server.students = server.seeded
        yield server


def _seed() -> dict[str, str]:
    from domain.consent import parties
    from tests import factories

    parties.ensure_parties()

    for username, name in DESK.items():
        account = factories.staff("desk", username)
        account.display_name = name
        account.save()
    students = {}
    for name in STUDENTS:
        person, _ = factories.student(first_name="Anna", surname="Dijk")
        factories.enrolment(person)
        students[name] = person.student_number
    return students


# --------------------------------------------------------------------------- helpers


class User:
    """One person at their own browser: a context, its watched page, and its posts."""

    def __init__(self, new_context, expect, lang: str, javascript: bool):
        context = new_context(locale="nl-NL", java_script_enabled=javascript)
        self.watch = Watch(context)
        self.page = self.watch.page
        self.expect = expect
        self.lang = lang
        self.text = TEXT[lang]
        self.posts: list[tuple[int, bool, str]] = []  # status, sent by htmx, path
        context.on("response", self._response)

    def _response(self, response):
        if response.request.method == "POST":
            hx = "hx-request" in response.request.headers
            self.posts.append((response.status, hx, response.url))

    def sign_in(self, username: str, welcome: str) -> None:
        """Sign in on the Dutch sign-in page; in an English run, switch with the button."""
        page, expect = self.page, self.expect
        page.goto("/auth/login")
        check_page(page, expect, "nl")
        page.get_by_label("Studentnummer of gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill("demo")
        page.get_by_role("button", name="Inloggen", exact=True).click()
        if self.lang == "en":
            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("button", name="Nederlands")).to_be_visible()
        check_page(page, expect, self.lang)
        expect(page.locator("h1")).to_have_text(welcome)

    def menu(self, name: str) -> None:
        self.page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()
        check_page(self.page, self.expect, self.lang)

    def flash(self, message: str) -> None:
        self.expect(self.page.locator("main .flashes[role=status]")).to_have_text(message)

    def status(self, text: str) -> None:
        self.expect(self.page.locator("#request-status")).to_have_text(text)

    def finish(self) -> None:
        """No console errors, CSP violations or failed answers; every post redirected."""
        self.watch.assert_clean()
        assert self.posts, "no form was posted"
        for status, hx, url in self.posts:
            assert status == 303 and not hx, (status, hx, url)


def open_request(desk: User, reference: str) -> None:
    """From the desk's menu to the queue, then to the request by its reference."""
    t = desk.text
    desk.menu(t["requests_menu"])
    desk.expect(desk.page.locator("h1")).to_have_text(t["queue_title"])
    desk.page.locator("#queue").get_by_role("link", name=reference, exact=True).click()
    check_page(desk.page, desk.expect, desk.lang)
    desk.expect(desk.page.locator("h1")).to_have_text(t["title"].format(ref=reference))


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize(
    "lang, javascript", RUNS, ids=[f"{lang}-{'js' if js else 'nojs'}" for lang, js in RUNS]
)
def test_a_request_from_filing_to_a_four_eyes_decision(
    new_context, live_server, expect, lang, javascript
):
    t = TEXT[lang]
    name = f"flow-{lang}" if javascript else "flow-nojs"
    student = User(new_context, expect, lang, javascript)
    desk = User(new_context, expect, lang, javascript)
    desk2 = User(new_context, expect, lang, javascript)

    # 1. The student files an erasure request for one category of data.
    page = student.page
    student.sign_in(live_server.students[name], t["welcome_student"])
    student.menu(t["my_requests"])
    expect(page.locator("h1")).to_have_text(t["my_requests"])
    page.get_by_role("link", name=t["ask_erasure"], exact=True).click()
    check_page(page, expect, lang)
    expect(page.locator("h1")).to_have_text(t["new_title"])
    page.get_by_label(t["only_chosen"]).check()
    page.get_by_label(t["contact"], exact=True).check()
    page.get_by_role("button", name=t["send_request"]).click()
    expect(page).to_have_url(re.compile(r"/student/requests/AVG-\d{4}-\w{6}\?sent=1$"))
    reference = REFERENCE.search(page.url).group(0)
    check_page(page, expect, lang)
    expect(page.locator("h1")).to_have_text(t["title"].format(ref=reference))
    expect(page.locator("#request-sent")).to_contain_text(t["received"].format(ref=reference))
    expect(page.locator("section[aria-labelledby=asked-heading]")).to_contain_text(t["contact"])

    # 2. A desk member opens it from the queue and asks the student for information.
    desk.sign_in("desk", f"{'Welkom' if lang == 'nl' else 'Welcome'}, {DESK['desk']}")
    open_request(desk, reference)
    facts = desk.page.locator("#request-facts")
    expect(facts).to_contain_text(live_server.students[name])
    expect(facts).to_contain_text(t["student_language"])
    ask = desk.page.locator("#ask-form")
    ask.get_by_label(t["message_label"], exact=True).fill(t["question"])
    ask.get_by_role("button", name=t["ask_button"]).click()
    desk.flash(t["asked"])
    desk.status(t["desk_status_waiting"])

    # 3. The student reads the question and replies; the period runs again.
    page.reload()
    student.status(t["status_waiting"])
    expect(page.locator("#request-due")).to_contain_text(t["stands_still"])
    question = page.locator("article.message").filter(has_text=t["question"])
    expect(question.locator(".meta")).to_contain_text(t["privacy_desk"])
    reply = page.locator("#reply-form")
    reply.get_by_label(t["reply_label"], exact=True).fill(t["reply"])
    reply.get_by_role("button", name=t["send"], exact=True).click()
    student.flash(t["replied"])
    student.status(t["status_progress"])
    expect(page.locator("article.message").filter(has_text=t["reply"])).to_contain_text(t["you"])

    # 4. The desk member decides: partly granted, on a legal ground; that is a proposal.
    desk.page.reload()
    desk.status(t["status_progress"])
    answer = desk.page.locator("article.message").filter(has_text=t["reply"])
    expect(answer.locator(".meta")).to_contain_text(t["student"])
    decide = desk.page.locator("#decide-form")
    decide.get_by_label(t["partly"], exact=True).check()
    decide.get_by_label(t["ground_label"]).select_option(label=GROUND.get(lang))
    decide.get_by_label(t["decision_label"]).fill(t["decision_message"])
    decide.get_by_role("button", name=t["save_decision"]).click()
    desk.flash(t["saved"])
    desk.status(t["status_proposed"])
    expect(desk.page.locator("#proposal")).to_contain_text(t["own_proposal"])
    expect(desk.page.get_by_role("button", name=t["approve"])).to_have_count(0)

    # The student does not see the proposal as a decision yet.
    page.reload()
    expect(page.locator("#decision")).to_have_count(0)

    # 5. A second desk member approves it: the decision takes effect.
    desk2.sign_in("desk2", f"{'Welkom' if lang == 'nl' else 'Welcome'}, {DESK['desk2']}")
    open_request(desk2, reference)
    expect(desk2.page.locator("#proposal")).to_contain_text(DESK["desk"])
    desk2.page.get_by_role("button", name=t["approve"]).click()
    desk2.flash(t["approved"])
    desk2.status(t["status_decided"])

    # 6. The student reads the outcome with its legal ground, in their language.
    page.reload()
    check_page(page, expect, lang)
    student.status(t["status_decided"])
    decision = page.locator("section#decision")
    expect(decision.locator("h2")).to_have_text(t["decision_heading"])
    expect(decision).to_contain_text(f"{t['outcome']}: {GROUND.get(lang)}")
    expect(decision).to_contain_text(t["decision_message"])
    expect(decision).to_contain_text(t["complain"])
    steps = page.locator("#timeline li")
    for step in t["timeline"]:
        expect(steps.filter(has_text=step)).to_have_count(1)
    # Internal steps (assignment, the proposal) and the desk's names stay with the desk.
    expect(page.locator("main")).not_to_contain_text(DESK["desk"])
    expect(page.locator("main")).not_to_contain_text(DESK["desk2"])

    for user in (student, desk, desk2):
        user.finish()


def test_the_filing_form_with_the_keyboard_alone(new_context, live_server, expect):
    page = new_context().new_page()
    page.goto("/auth/login")
    check_page(page, expect, "nl")
    tab_to(page, page.get_by_label("Studentnummer of gebruikersnaam"))
    page.keyboard.type(live_server.students["keyboard"])
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/$"))

    menu_link = page.get_by_role("navigation").get_by_role("link", name="Mijn verzoeken")
    tab_to(page, menu_link)
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/requests/$"))

    right = page.get_by_role("link", name="Vraag om correctie", exact=True)
    tab_to(page, right)
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/requests/new/rectification$"))
    check_page(page, expect, "nl")
    expect(page.locator("h1")).to_have_text("Verzoek: correctie")

    # The piece of data: a select chosen by typing its first letters.
    which = page.get_by_label("Welk gegeven klopt niet?")
    tab_to(page, which)
    assert_visibly_outlined(page)
    page.keyboard.type("telefoon")
    expect(which).to_have_value("phone")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wat het moet zijn")).to_be_focused()
    assert_visibly_outlined(page)
    page.keyboard.type("+31 6 87654321")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Waarom het niet klopt")).to_be_focused()
    page.keyboard.type("Ik heb een nieuw nummer.")

    send = page.get_by_role("button", name="Verzoek versturen")
    tab_to(page, send)
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/requests/AVG-\d{4}-\w{6}\?sent=1$"))
    reference = REFERENCE.search(page.url).group(0)
    expect(page.locator("h1")).to_have_text(f"Verzoek {reference}")
    expect(page.locator("#request-sent")).to_contain_text(f"Het kenmerk is {reference}")
    expect(page.locator("main")).to_contain_text("+31 6 87654321")


def test_the_desk_records_consent_by_letter_and_the_student_sees_it(
    new_context, live_server, expect
):
    """Without JavaScript, in English: find the student, record a yes for KIVI."""
    number = live_server.students["consent"]
    desk = User(new_context, expect, "en", False)
    page = desk.page
    desk.sign_in("desk", f"Welcome, {DESK['desk']}")
    desk.menu("Consent")
    expect(page.locator("h1")).to_have_text("Record consent on a student's behalf")
    page.get_by_label("Student number").fill(number)
    page.get_by_role("button", name="Show the student's consent").click()
    check_page(page, expect, "en")
    expect(page.locator("h1")).to_have_text(f"Consent of Anna van Dijk ({number})")
    expect(page.locator("#desk-party-kivi")).to_have_attribute("data-state", "no")
    expect(page.locator("#record-effective")).to_contain_text("counts from then on")

    form = page.locator("#desk-consent-form")
    form.get_by_label("KIVI (Royal Netherlands Society of Engineers)").check()
    form.get_by_label("The student gives consent").check()
    form.get_by_label("Language of the letter or e-mail").select_option(label="Dutch")
    form.get_by_role("button", name="Record the choice").click()
    desk.flash(
        f"Recorded for {number}: consent for KIVI (Royal Netherlands Society of Engineers), "
        "through the privacy desk."
    )
    expect(page.locator("#desk-party-kivi")).to_have_attribute("data-state", "yes")
    newest = page.locator("#consent-history tbody tr").first
    expect(newest).to_contain_text("through the privacy desk")
    expect(newest).to_contain_text(DESK["desk"])
    desk.finish()

    # The student sees the choice on their own consent page, in Dutch.
    student = User(new_context, expect, "nl", True)
    student.sign_in(number, TEXT["nl"]["welcome_student"])
    student.menu("Toestemming")
    expect(student.page.locator("#party-kivi-state")).to_have_attribute("data-state", "yes")
    expect(student.page.locator("#consent-history tbody tr").first).to_contain_text(
        "via het privacyloket"
    )
    student.watch.assert_clean()
