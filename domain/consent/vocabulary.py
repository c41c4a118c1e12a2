"""Closed vocabularies of consent and deliveries, each value in Dutch and English.

The party fields are the catalogue a notice version picks its field list from: each
has a label for people and a column name for the delivered CSV file (the recipients
are Dutch, so the columns are Dutch).
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.core.text import Text

GIVEN = "given"
WITHDRAWN = "withdrawn"

DECISIONS = {
    GIVEN: Text("toestemming gegeven", "consent given"),
    WITHDRAWN: Text("toestemming ingetrokken", "consent withdrawn"),
}

CHANNEL_WEB = "web"
CHANNEL_DESK = "desk"
CHANNEL_IMPORT = "import"

CHANNELS = {
    CHANNEL_WEB: Text("via het portaal", "through the portal"),
    CHANNEL_DESK: Text("via het privacyloket", "through the privacy desk"),
    CHANNEL_IMPORT: Text("overgenomen uit het vorige systeem", "imported from the previous system"),
}

FREQUENCIES = {
    "every_january": Text("ieder jaar in januari", "every January"),
    "once_after_first_year": Text("eenmalig, aan het eind van het eerste studiejaar",
                                  "once, at the end of the first year"),
    "after_each_event": Text("na afloop van elk evenement", "after each event"),
    "yearly": Text("jaarlijks", "yearly"),
    "once": Text("eenmalig", "once"),
}


@dataclass(frozen=True)
class PartyField:
    """One kind of data a party can receive."""

    label: Text
    column: str


PARTY_FIELDS = {
    "student_number": PartyField(Text("studentnummer", "student number"), "studentnummer"),
    "initials": PartyField(Text("voorletters", "initials"), "voorletters"),
    "first_name": PartyField(Text("voornaam", "first name"), "voornaam"),
    "prefix": PartyField(Text("voorvoegsel", "surname prefix"), "voorvoegsel"),
    # Without the separate prefix field, the surname includes its prefix ("van Dijk").
    "surname": PartyField(Text("achternaam", "surname"), "achternaam"),
    "university_email": PartyField(Text("student-e-mailadres", "student e-mail address"),
                                   "email"),
    "faculty": PartyField(Text("faculteit", "faculty"), "faculteit"),
    "exam_type": PartyField(Text("examentype", "exam type"), "examentype"),
    "programme": PartyField(Text("opleiding", "programme"), "opleiding"),
    "exam_date": PartyField(Text("examendatum", "exam date"), "examendatum"),
    "start_cohort": PartyField(Text("startcohort", "start cohort"), "startcohort"),
    "last_enrolment_year": PartyField(Text("laatste jaar van inschrijving",
                                           "last year of enrolment"),
                                      "laatste_jaar_inschrijving"),
    "first_year_programme": PartyField(
        Text("UT-opleiding waarop je in jaar X bent ingeschreven",
             "UT programme you are enrolled in in year X"), "opleiding_jaar_x"),
    "first_year_ec": PartyField(
        Text("totaal behaalde EC's aan het eind van het eerste studiejaar (jaar X)",
             "total EC earned by the end of the first year (year X)"), "ec_jaar_x"),
    "second_year_programme": PartyField(
        Text("herinschrijving in jaar X+1: de UT-opleiding, of 'Geen UT inschrijving'",
             "re-enrolment in year X+1: the UT programme, or 'Geen UT inschrijving' "
             "(no UT enrolment)"), "herinschrijving_jaar_x1"),
}

NO_UT_ENROLMENT = "Geen UT inschrijving"


def field_labels(keys, locale: str) -> list[str]:
    """The labels of ``keys`` in ``locale``, in the given order."""
    return [PARTY_FIELDS[k].label.get(locale) for k in keys if k in PARTY_FIELDS]
