"""Admin pages for external parties: create and edit them in both languages, see versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.consent import parties
from domain.consent.parties import Notice, PartyError
from domain.consent.vocabulary import FREQUENCIES, PARTY_FIELDS
from domain.core.text import Text
from webapp.admin import bp
from webapp.admin.party_forms import PartyForm
from webapp.i18n import current_language


def _choices(form: PartyForm, key: str | None) -> None:
    lang = current_language()
    form.frequency.choices = [(k, t.get(lang)) for k, t in FREQUENCIES.items()]
    allowed = parties.allowed_fields(key) if key else tuple(PARTY_FIELDS)
    form.fields.choices = [(k, PARTY_FIELDS[k].label.get(lang)) for k in allowed]


def _notice(form: PartyForm) -> Notice:
    return Notice(
        Text(form.name_nl.data, form.name_en.data),
        Text(form.description_nl.data, form.description_en.data),
        Text(form.purpose_nl.data, form.purpose_en.data),
        tuple(form.fields.data),
    )


def _contact(form: PartyForm) -> Text:
    return Text(form.contact_nl.data, form.contact_en.data)


def _explain(form: PartyForm, error: PartyError) -> None:
    if error.code == "taken":
        form.key.errors.append(_("A party with this key exists already."))
    elif error.code == "fields":
        form.fields.errors.append(_("This party's delivery cannot produce some of these data."))
    elif error.code == "contact":
        form.form_errors.append(_("Enter the contact in both Dutch and English."))
    else:
        form.form_errors.append(_("Fill in every text in both languages."))


@bp.get("/parties")
def parties_list():
    """List the external parties with their current notice."""
    return render_template(
        "admin/parties.html", versions=parties.current_versions(every_party=True)
    )


@bp.route("/parties/new", methods=["GET", "POST"])
def party_new():
    """Create a party with the first version of its notice."""
    form = PartyForm()
    _choices(form, None)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            party = parties.create_party(
                form.key.data, _contact(form), form.frequency.data, _notice(form), current_user.id
            )
        except PartyError as error:
            _explain(form, error)
        else:
            flash(_("Party created with version 1 of its information."), "info")
            return redirect(url_for("admin.party_versions", key=party.key), code=303)
    return render_template("admin/parties_form.html", form=form, party=None), status


@bp.route("/parties/<key>/edit", methods=["GET", "POST"])
def party_edit(key: str):
    """Edit a party; a change to its texts or data makes a new version of its notice.

    :raise 404: for an unknown party.
    """
    party = parties.party_by_key(key) or abort(404)
    current = parties.current_version(party.id)
    form = PartyForm(
        data=None
        if request.method == "POST"
        else {
            "contact_nl": party.contact_nl,
            "contact_en": party.contact_en,
            "frequency": party.frequency,
            "name_nl": current.name_nl,
            "name_en": current.name_en,
            "description_nl": current.description_nl,
            "description_en": current.description_en,
            "purpose_nl": current.purpose_nl,
            "purpose_en": current.purpose_en,
            "fields": current.fields,
        }
    )
    del form.key  # the key never changes: it links the party to its delivery and consents
    _choices(form, party.key)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            version = parties.update_party(
                party, _contact(form), form.frequency.data, _notice(form), current_user.id
            )
        except PartyError as error:
            _explain(form, error)
        else:
            if version is None:
                flash(
                    _("Saved. The information did not change, so there is no new version."), "info"
                )
            else:
                flash(
                    _(
                        "Saved as version %(num)d. Students who consented to an earlier version "
                        "are asked again if it adds data.",
                        num=version.version,
                    ),
                    "info",
                )
            return redirect(url_for("admin.party_versions", key=party.key), code=303)
    return render_template(
        "admin/parties_form.html", form=form, party=party, current=current
    ), status


@bp.get("/parties/<key>/versions")
def party_versions(key: str):
    """Show every version of a party's notice, newest first.

    :raise 404: for an unknown party.
    """
    party = parties.party_by_key(key) or abort(404)
    return render_template(
        "admin/parties_versions.html", party=party, versions=parties.versions_of(party.id)
    )
