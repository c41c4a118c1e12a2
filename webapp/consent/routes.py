import datetime as dt
import json

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.ledger import NoticeChanged
from domain.consent.receipts import receipt
from domain.consent.vocabulary import (
    CHANNEL_WEB,
    DECISIONS,
    GIVEN,
)
from domain.deliveries import records as deliveries
from webapp.access import own_person_id
from webapp.consent import bp
from webapp.errors import fail
from webapp.i18n import current_language


@bp.get("/")
def page():
    """Show one row per party with the student's choice, their history and what was shared."""
    person_id = own_person_id()
    overview = consent.overview(person_id)
    return render_template(
        "consent/page.html",
        overview=overview,
        disclosed=deliveries.disclosed_about(person_id),
        # The confirmation of a choice posted without JavaScript, shown once in its card.
        confirmations=dict([session.pop(SAVED, None) or ("", "")]),
    )


SAVED = "consent_saved"  # session key: (party key, message) until the page shows it


@bp.post("/<party_key>")
def choose(party_key: str):
    """Record a yes or no for one party; with HTMX, answer with the updated row.

    :raise 404: for a party that does not exist.
    :raise 400: for a decision other than given or withdrawn.
    """
    party = parties.party_by_key(party_key) or abort(404)
    if not parties.asks_consent(party.key):
        abort(404)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        fail(400, _("Choose yes or no."))
    shown = request.form.get("version", type=int)
    person_id = own_person_id()
    try:
        recorded = consent.record_choice(
            person_id,
            party.id,
            decision,
            channel=CHANNEL_WEB,
            language=current_language(),
            actor_id=current_user.id,
            shown_version_id=shown,
        )
        message, changed = _saved_message(recorded.event.decision, party), False
    except NoticeChanged:
        changed = True
        message = _(
            "The information about this party changed while you were reading it. "
            "Read the new version below and choose again."
        )
    if not request.htmx:
        if changed:
            flash(message, "info")
            return redirect(url_for("consent.page", _anchor=f"party-{party.key}"), code=303)
        # Confirmed inside the party's card, which the anchor brings into view and focus.
        session[SAVED] = (party.key, message)
        return redirect(url_for("consent.page", _anchor=f"party-{party.key}-saved"), code=303)
    choice = consent.choice_for(person_id, party.id)
    return render_template(
        "consent/_choice_response.html",
        choice=choice,
        message=message,
        history=consent.history(person_id),
    )


def _saved_message(decision: str, party) -> str:
    name = parties.current_version(party.id).name.get(current_language())
    if decision == GIVEN:
        return _("Saved: you consent to sharing your data with %(party)s.", party=name)
    return _("Saved: you do not consent to sharing your data with %(party)s.", party=name)


@bp.get("/receipts/<record_id>.json")
def download_receipt(record_id: str):
    """Download the consent receipt (ISO/IEC TS 27560) of one of the student's own choices.

    :raise 404: if the choice is not the student's.
    """
    found = receipt(own_person_id(), record_id, url_for("consent.page", _external=True))
    if found is None:
        abort(404)
    body = json.dumps(found, ensure_ascii=False, indent=2)
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="consent-receipt-{record_id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/receipts/<record_id>")
def show_receipt(record_id: str):
    """Show the consent receipt of one of the student's own choices as a printable page.

    The same receipt as the JSON download, for people rather than programs.

    :raise 404: if the choice is not the student's.
    """
    found = receipt(own_person_id(), record_id, url_for("consent.page", _external=True))
    if found is None:
        abort(404)
    moment = dt.datetime.fromisoformat(found["event"]["time"].replace("Z", "+00:00"))
    return render_template("consent/receipt.html", receipt=found, moment=moment)
