"""The desk records a consent choice on a student's behalf (letter, e-mail, counter).

The choice goes into the same ledger as the student's own clicks
(``domain.consent.ledger.record_choice``), with channel "desk" and the desk member as
its actor, so the student sees it on their consent page. The ledger dates a choice when
it is recorded: it has no earlier effective date, and this page says so.

Every page that shows a student's consent leaves a record in the audit trail. That is
why a choice the form refuses is answered with the page again (status 200, not 422): an
error status rolls the request's transaction back, and the audit record with it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import RadioField, SelectField

from domain.accounts import lookup as accounts
from domain.audit import trail as audit
from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.ledger import LANGUAGES, NoticeChanged
from domain.consent.vocabulary import CHANNEL_DESK, DECISIONS, GIVEN, WITHDRAWN
from domain.people import lookup as people
from domain.people.models import Person
from webapp.desk import bp
from webapp.fields import PortalForm, student_number_field
from webapp.i18n import current_language

VIEW_ACTION = "view:consent"


class FindStudentForm(PortalForm):
    student_number = student_number_field()


class DeskChoiceForm(PortalForm):
    """One choice about one party; the view checks each answer and says what is wrong."""

    party = RadioField(_l("Party"), validate_choice=False)
    decision = RadioField(
        _l("The student's choice"),
        validate_choice=False,
        choices=[
            (GIVEN, _l("The student gives consent")),
            (WITHDRAWN, _l("The student withdraws consent")),
        ],
    )
    language = SelectField(
        _l("Language of the letter or e-mail"),
        validate_choice=False,
        choices=[("nl", _l("Dutch")), ("en", _l("English"))],
        description=_l("The student's receipt of this choice is written in this language."),
    )

    def fill_choices(self, choices: list[consent.Choice], locale: str) -> None:
        """Offer every party by its current name; the language defaults to the page's."""
        self.party.choices = [(c.party.key, c.version.name.get(locale)) for c in choices]
        if not self.is_submitted():
            self.language.data = locale


def _person(person_id: int) -> Person:
    """:raise 404: for a person that does not exist."""
    return Person.get_or_none(Person.id == person_id) or abort(404)


@bp.route("/consent/", methods=["GET", "POST"])
def consent_find():
    """Find the student whose choice arrived by letter, e-mail or at the counter."""
    form = FindStudentForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            person = people.by_student_number(form.student_number.data)
            if person is None:
                form.student_number.errors = [_("No student has this number.")]
            else:
                # The number stays out of the URL, and so out of access logs and history.
                return redirect(url_for("desk.consent_student", person_id=person.id), code=303)
    return render_template("desk/consent_find.html", form=form), status


@bp.get("/consent/<int:person_id>")
def consent_student(person_id: int):
    """The student's choice per party and their history; opening it is audited.

    :raise 404: for a person that does not exist.
    """
    return _student_page(_person(person_id), DeskChoiceForm())


def _student_page(person: Person, form: DeskChoiceForm):
    overview = consent.overview(person.id)
    form.fill_choices(overview.choices, current_language())
    audit.record(current_user, VIEW_ACTION, [person.id])
    return render_template(
        "desk/consent_student.html",
        overview=overview,
        form=form,
        recorded_by=accounts.display_names(e.actor_id for e in overview.history),
    )


@bp.post("/consent/<int:person_id>")
def consent_record(person_id: int):
    """Record the student's yes or no for one party, with channel "desk".

    A refused choice changes nothing and shows the page again with what is wrong.

    :raise 404: for a person that does not exist.
    """
    person = _person(person_id)
    form = DeskChoiceForm()
    if not form.validate_on_submit():
        return _student_page(person, form)
    party = parties.party_by_key(form.party.data or "")
    if party is None or not parties.asks_consent(party.key):
        form.party.errors = [_("Choose one of the listed parties.")]
    if form.decision.data not in DECISIONS:
        form.decision.errors = [_("Choose whether the student gives or withdraws consent.")]
    if form.language.data not in LANGUAGES:
        form.language.errors = [_("Choose Dutch or English.")]
    if form.errors:
        return _student_page(person, form)
    name = parties.current_version(party.id).name.get(current_language())
    # The version the desk saw next to the party; without one, consent is never recorded.
    shown = request.form.get(f"version-{party.key}", type=int) or 0
    try:
        recorded = consent.record_choice(
            person.id,
            party.id,
            form.decision.data,
            channel=CHANNEL_DESK,
            language=form.language.data,
            actor_id=current_user.id,
            shown_version_id=shown,
        )
    except NoticeChanged:
        form.form_errors.append(
            _(
                "The information about %(party)s changed while you had this page open. "
                "Check that the student consents to the version shown now, then record "
                "the choice again.",
                party=name,
            )
        )
        return _student_page(person, form)
    flash(_recorded_message(recorded, name, person), "info")
    return redirect(
        url_for("desk.consent_student", person_id=person.id, _anchor="consent-history"), code=303
    )


def _recorded_message(recorded: consent.Recorded, party: str, person: Person) -> str:
    if not recorded.changed:
        return _(
            "Nothing changed: this already was the student's choice for %(party)s.", party=party
        )
    if recorded.event.decision == GIVEN:
        return _(
            "Recorded for %(number)s: consent for %(party)s, through the privacy desk.",
            number=person.student_number,
            party=party,
        )
    return _(
        "Recorded for %(number)s: consent for %(party)s withdrawn, through the privacy desk.",
        number=person.student_number,
        party=party,
    )
