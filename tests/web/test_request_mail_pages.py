"""Through the pages: a request filed in English is mailed in English; a desk note never is."""

import re

from domain.mail.models import OutboxMail
from domain.requests.models import RightsRequest
from tests.support import Portal, html_of


def test_the_web_steps_write_mail_in_the_students_language_and_notes_write_none(app, data):
    student_person, _ = data.student(student_number="s5100001")
    data.enrolment(student_person)
    data.staff("desk")
    student, desk = Portal(app.test_client()), Portal(app.test_client())
    assert student.login("s5100001").status_code == 303
    assert desk.login("desk").status_code == 303
    assert student.post("/language", {"lang": "en", "next": "/"}).status_code == 303

    page = html_of(student.client.get("/student/requests/new/access"))
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    filed = student.post(
        "/student/requests/new/access", {"submission_key": key}, content_type="multipart/form-data"
    )
    assert filed.status_code == 303
    request = RightsRequest.get()
    [received] = OutboxMail.select()
    assert received.language == "en" and received.recipient == student_person.university_email
    assert received.subject == f"We received your request {request.reference}"

    ref = request.reference
    note = desk.post(f"/desk/requests/{ref}/note", {"note-body": "NOTE-TEXT probably a duplicate"})
    assert note.status_code == 303
    assert OutboxMail.select().count() == 1  # an internal note writes no mail
    message = desk.post(f"/desk/requests/{ref}/message", {"message-body": "MESSAGE-TEXT hello"})
    assert message.status_code == 303
    [_, new] = OutboxMail.select().order_by(OutboxMail.id)
    assert new.subject == f"New message about your request {ref}"
    for mail in OutboxMail.select():
        assert "NOTE-TEXT" not in mail.body and "MESSAGE-TEXT" not in mail.body
