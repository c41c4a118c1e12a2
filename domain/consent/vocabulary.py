"""Closed vocabularies of consent and deliveries, each value in Dutch and English.

The party fields are the catalogue a notice version picks its field list from: each
has a label for people and a column name for the delivered CSV file (the recipients
are Dutch, so the columns are Dutch).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
    "once_after_first_year": Text(
        "eenmalig, aan het eind van het eerste studiejaar", "once, at the end of the first year"
    ),
    "after_each_event": Text("na afloop van elk evenement", "after each event"),
    "yearly": Text("jaarlijks", "yearly"),
    "once": Text("eenmalig", "once"),
}


@dataclass(frozen=True)
class PartyField:
    """One kind of data a party can receive: a register field, or a value made from them.

    A field the register declares (``source``: model name and field) takes the register's
    label, so a student reads the same word on My data and in a party's notice. Only the
    values a delivery computes (a cohort, EC in year X) have a label of their own.
    """

    column: str  # in the delivered CSV file (the recipients are Dutch)
    source: tuple[str, str] | None = None
    own_label: Text | None = None

    @property
    def label(self) -> Text:
        if self.source is None:
            return self.own_label
        return _register_label(*self.source)


@cache
def _register_label(model_name: str, name: str) -> Text:
    # Imported here: the register declares the consent models, so it imports this module.
    from domain.register import RECORD_TYPES

    return next(
        f.label
        for rt in RECORD_TYPES
        if rt.model.__name__ == model_name
        for f in rt.fields
        if f.name == name
    )


PARTY_FIELDS = {
    "student_number": PartyField("studentnummer", ("Person", "student_number")),
    "initials": PartyField("voorletters", ("Person", "initials")),
    "first_name": PartyField("voornaam", ("Person", "first_name")),
    "prefix": PartyField("voorvoegsel", ("Person", "prefix")),
    # Without the separate prefix field, the surname includes its prefix ("van Dijk").
    "surname": PartyField("achternaam", ("Person", "surname")),
    "university_email": PartyField("email", ("Person", "university_email")),
    # The programme catalogue is not personal data, so not in the register.
    "faculty": PartyField("faculteit", own_label=Text("faculteit", "faculty")),
    "exam_type": PartyField("examentype", ("Degree", "exam_type")),
    "programme": PartyField("opleiding", ("Enrolment", "programme")),
    "exam_date": PartyField("examendatum", ("Degree", "exam_date")),
    "start_cohort": PartyField("startcohort", own_label=Text("startcohort", "start cohort")),
    "last_enrolment_year": PartyField(
        "laatste_jaar_inschrijving",
        own_label=Text("laatste jaar van inschrijving", "last year of enrolment"),
    ),
    "first_year_programme": PartyField(
        "opleiding_jaar_x",
        own_label=Text(
            "UT-opleiding waarop je in jaar X bent ingeschreven",
            "UT programme you are enrolled in in year X",
        ),
    ),
    "first_year_ec": PartyField(
        "ec_jaar_x",
        own_label=Text(
            "totaal behaalde EC's aan het eind van het eerste studiejaar (jaar X)",
            "total EC earned by the end of the first year (year X)",
        ),
    ),
    "second_year_programme": PartyField(
        "herinschrijving_jaar_x1",
        own_label=Text(
            "herinschrijving in jaar X+1: de UT-opleiding, of 'Geen UT inschrijving'",
            "re-enrolment in year X+1: the UT programme, or 'Geen UT inschrijving' "
            "(no UT enrolment)",
        ),
    ),
    # The NSE hand-over (domain.deliveries.nse; seeds/nse-privacy-faq.nl.txt), in the order
    # of the FAQ's list. The university's own numbers and the programme catalogue are not
    # personal data, so they have labels of their own.
    "brin": PartyField(
        "brin", own_label=Text("BRIN-nummer van de universiteit", "university's BRIN number")
    ),
    "brin_location": PartyField(
        "brin_volgnummer",
        own_label=Text("BRIN-volgnummer van de vestiging", "BRIN number of the location"),
    ),
    "city": PartyField("plaats", own_label=Text("plaats van de vestiging", "city of the location")),
    "croho": PartyField(
        "croho", own_label=Text("CROHO-code van je opleiding", "CROHO code of your programme")
    ),
    "study_form": PartyField("opleidingsvorm", ("Enrolment", "form")),
    "student_type": PartyField(
        "soort_student",
        own_label=Text(
            "soort student (regulier, pre- of postmaster)",
            "student type (regular, pre-master or post-master)",
        ),
    ),
    "distance_learning": PartyField("afstandsonderwijs", ("Enrolment", "distance_learning")),
    "level": PartyField(
        "niveau", own_label=Text("niveau van je opleiding (wo)", "level of your programme (wo)")
    ),
    "year_of_study": PartyField(
        "eerstejaars_ouderejaars",
        own_label=Text(
            "eerstejaars of ouderejaars in je opleiding",
            "first-year or later-year student in your programme",
        ),
    ),
    "survey_language": PartyField("voorkeurstaal", ("Person", "survey_language")),
    "track": PartyField("variant", ("Enrolment", "track")),
    "international": PartyField(
        "internationale_student",
        own_label=Text(
            "of je een internationale student bent", "whether you are an international student"
        ),
    ),
    "second_email": PartyField("tweede_email", ("Person", "private_email")),
}

NO_UT_ENROLMENT = "Geen UT inschrijving"


def field_labels(keys, locale: str) -> list[str]:
    """The labels of ``keys`` in ``locale``, in the given order."""
    return [PARTY_FIELDS[k].label.get(locale) for k in keys if k in PARTY_FIELDS]
