"""External parties and their versioned notices.

A notice version is never changed: a change to a party's texts or field list creates the
next version, and consent is always given to one version. The contact (in both
languages) and the frequency belong to the party and change without a new version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from peewee import JOIN, fn

from domain.consent.vocabulary import FREQUENCIES, PARTY_FIELDS
from domain.core.db import Prepared, is_postgres, writing
from domain.core.text import Text
from domain.models import Account, ExternalParty, NoticeVersion

KIVI = "kivi"
SCHOOLS = "schools"
BEDRIJVENDAGEN = "bedrijvendagen"
NSE = "nse"
NSE_SECOND_EMAIL = "nse-second-email"

# Parties that receive data because the law obliges the university to hand it over (the
# NSE: WHW), not on consent. No consent is asked for them, so they are never on the
# consent page nor in its counts; a restriction or an upheld objection still keeps a
# person out of their deliveries (domain.deliveries.nse).
LEGAL_OBLIGATION = frozenset({NSE})

# What the NSE hand-over holds, in the order of the FAQ's list (seeds/nse-privacy-faq.nl.txt),
# then the optional fields the UT's programmes have, then the second e-mail address (on
# consent only, NSE_SECOND_EMAIL). The notice lists them and the delivery kind
# (domain.deliveries.nse) produces them: both read this one definition.
NSE_FIELDS = (
    "university_email",
    "brin",
    "brin_location",
    "city",
    "croho",
    "study_form",
    "student_type",
    "distance_learning",
    "level",
    "year_of_study",
    "survey_language",
    "track",
    "international",
    "second_email",
)


def asks_consent(key: str) -> bool:
    """False for a party that receives data by legal obligation (``LEGAL_OBLIGATION``)."""
    return key not in LEGAL_OBLIGATION


KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


class PartyError(ValueError):
    """A party or notice that cannot be saved; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Notice:
    """What a notice version says, in both languages, and the fields it lists."""

    name: Text
    description: Text
    purpose: Text
    fields: tuple[str, ...]

    @classmethod
    def of(cls, version: NoticeVersion) -> Notice:
        return cls(version.name, version.description, version.purpose, tuple(version.fields))


SEED_PARTIES: dict[str, tuple[Text, str, Notice]] = {
    KIVI: (
        Text("KIVI, Den Haag (www.kivi.nl)", "KIVI, The Hague (www.kivi.nl)"),
        "every_january",
        Notice(
            Text(
                "KIVI (Koninklijk Instituut van Ingenieurs)",
                "KIVI (Royal Netherlands Society of Engineers)",
            ),
            Text(
                "KIVI is de beroepsvereniging van ingenieurs in Nederland. Het KIVI vraagt "
                "ieder jaar in januari de gegevens op van alle studenten die in het "
                "voorafgaande jaar zijn geslaagd voor een bachelor- of masteropleiding.",
                "KIVI is the professional association of engineers in the Netherlands. "
                "Every January, KIVI asks for the details of all students who passed a "
                "bachelor's or master's programme in the previous year.",
            ),
            Text(
                "Deze personen worden geregistreerd in het nationale register van "
                "ingenieurs. De gegevens worden niet gebruikt voor commerciële doeleinden.",
                "These persons are entered in the national register of engineers. The "
                "data is not used for commercial purposes.",
            ),
            ("first_name", "surname", "university_email", "programme", "exam_date"),
        ),
    ),
    SCHOOLS: (
        Text(
            "De contactpersoon van de eigen school, via een afgeschermde SharePoint-omgeving",
            "The contact person at your own school, through a protected SharePoint site",
        ),
        "once_after_first_year",
        Notice(
            Text(
                "Middelbare scholen (studievoortgang oud-leerlingen)",
                "Secondary schools (progress of former pupils)",
            ),
            Text(
                "Middelbare scholen willen hun leerlingen goed voorbereiden op het "
                "vervolgonderwijs. Daarom informeert de UT elke school over het studiesucces "
                "van haar oud-leerlingen, ook op naam. Je school krijgt eenmalig, aan het eind "
                "van je eerste studiejaar, een lijst van alleen haar eigen oud-leerlingen. "
                "De lijst wordt gedeeld via een SharePoint-omgeving waar alleen de "
                "contactpersoon van de school toegang toe heeft.",
                "Secondary schools want to prepare their pupils well for further education. "
                "That is why the UT tells each school how its former pupils are doing, "
                "by name as well. At the end of your first year, your school receives once "
                "a list of only its own former pupils. The list is shared through a "
                "SharePoint site that only the school's contact person can open.",
            ),
            Text(
                "Vaststellen of de school haar leerlingen goed voorbereidt op het "
                "vervolgonderwijs, en het effect meten van onderwijsarrangementen zoals "
                "plusklassen, tweetalig onderwijs, technasium of Pre-University-programma's.",
                "Finding out whether the school prepares its pupils well for further "
                "education, and measuring the effect of arrangements such as extra classes, "
                "bilingual education, the technasium stream or Pre-University programmes.",
            ),
            ("surname", "first_year_programme", "first_year_ec", "second_year_programme"),
        ),
    ),
    BEDRIJVENDAGEN: (
        Text(
            "Stichting Bedrijvendagen Twente, Enschede", "Stichting Bedrijvendagen Twente, Enschede"
        ),
        "after_each_event",
        Notice(
            Text("Bedrijvendagen Twente", "Bedrijvendagen Twente (career fair)"),
            Text(
                "Het grootste carrière-evenement van Nederland, voor contacten tussen "
                "studenten, pas afgestudeerden en alumni en bedrijven. Bij de ingang wordt "
                "je collegekaart gescand, zodat de stichting na afloop een lijst van "
                "studentnummers van bezoekers heeft. Alleen als je op die lijst staat en "
                "toestemming hebt gegeven, deelt de UT je gegevens. Heb je de Bedrijvendagen "
                "niet bezocht, dan deelt de UT in geen geval iets over je.",
                "The largest career event in the Netherlands, bringing students, recent "
                "graduates and alumni into contact with companies. Your student card is "
                "scanned at the entrance, so that afterwards the foundation has a list of "
                "the student numbers of its visitors. Only if you are on that list and have "
                "consented does the UT share your data. If you did not visit the "
                "Bedrijvendagen, the UT shares nothing about you in any case.",
            ),
            Text(
                "Vergelijken welke bezoekers ook aan andere activiteiten van de stichting "
                "deelnamen, en de promotie en de keuze van bedrijven voor een volgende "
                "editie afstemmen op de doelgroepen die komen.",
                "Comparing which visitors also took part in the foundation's other "
                "activities, and tuning the promotion and the choice of companies for the "
                "next edition to the groups of students who come.",
            ),
            (
                "student_number",
                "initials",
                "prefix",
                "surname",
                "university_email",
                "faculty",
                "exam_type",
                "programme",
                "start_cohort",
                "last_enrolment_year",
            ),
        ),
    ),
    NSE: (
        Text(
            "Landelijk Centrum Studiekeuze, voor de NSE (onderzoek door MWM2)",
            "Landelijk Centrum Studiekeuze, for the NSE (survey run by MWM2)",
        ),
        "yearly",
        Notice(
            Text("Nationale Studenten Enquête (NSE)", "National Student Survey (NSE)"),
            Text(
                "Alle universiteiten en hogescholen met bekostigde opleidingen zijn volgens de "
                "WHW verplicht deel te nemen aan de NSE. Daarom geeft de UT van iedereen die op "
                "de peildatum is ingeschreven het e-mailadres en een aantal gegevens over de "
                "opleiding door aan Landelijk Centrum Studiekeuze. Hiervoor wordt geen "
                "toestemming gevraagd; je kunt wel bezwaar maken. De doorgegeven e-mailadressen "
                "worden op een vaste, met de organisator afgesproken datum verwijderd.",
                "All universities with funded programmes are obliged by the WHW (the Dutch "
                "Higher Education Act) to take part in the NSE. That is why the UT hands the "
                "e-mail address and some details of the programme of everyone enrolled on the "
                "reference date to Landelijk Centrum Studiekeuze. No consent is asked for this; "
                "you can object. The e-mail addresses handed over are deleted on a fixed date "
                "agreed with the organiser.",
            ),
            Text(
                "Je uitnodigen voor de NSE en je alleen de vragen stellen die voor jouw "
                "opleiding gelden; de resultaten komen geanonimiseerd terug.",
                "Inviting you to the NSE and asking you only the questions that apply to your "
                "programme; the results come back anonymised.",
            ),
            NSE_FIELDS,
        ),
    ),
    NSE_SECOND_EMAIL: (
        Text(
            "Landelijk Centrum Studiekeuze, voor de NSE (onderzoek door MWM2)",
            "Landelijk Centrum Studiekeuze, for the NSE (survey run by MWM2)",
        ),
        "yearly",
        Notice(
            Text("NSE — tweede e-mailadres", "NSE — second e-mail address"),
            Text(
                "De UT geeft je universitaire e-mailadres altijd door voor de Nationale "
                "Studenten Enquête. Alleen als je hier toestemming geeft, geeft de UT ook je "
                "privé-e-mailadres door, zodat je de uitnodiging ook daar krijgt.",
                "The UT always hands over your university e-mail address for the National "
                "Student Survey. Only if you consent here does the UT also hand over your "
                "private e-mail address, so that the invitation reaches you there as well.",
            ),
            Text(
                "Je ook op een tweede e-mailadres uitnodigen voor de NSE.",
                "Inviting you to the NSE at a second e-mail address as well.",
            ),
            ("second_email",),
        ),
    ),
}


def allowed_fields(key: str) -> tuple[str, ...]:
    """The fields a party with ``key`` may list: what its delivery kind can produce."""
    # Imported here: the delivery kinds are built on this module (parties and notices).
    from domain.deliveries.kinds import KINDS

    kind = KINDS.get(key)
    return kind.fields if kind is not None else tuple(PARTY_FIELDS)


def _check(key: str, contact: Text, frequency: str, notice: Notice) -> None:
    if not KEY_PATTERN.match(key):
        raise PartyError("key")
    if frequency not in FREQUENCIES:
        raise PartyError("frequency")
    if not (contact.nl and contact.en):
        raise PartyError("contact")
    if not notice.fields or len(set(notice.fields)) != len(notice.fields):
        raise PartyError("fields")
    if not set(notice.fields) <= set(allowed_fields(key)):
        raise PartyError("fields")
    for text in (notice.name, notice.description, notice.purpose):
        if not (text.nl.strip() and text.en.strip()):
            raise PartyError("texts")


def _normalised(key: str, notice: Notice) -> Notice:
    """Texts stripped; allowed fields in catalogue order, so equal lists compare equal."""
    name, description, purpose = (
        Text(t.nl.strip(), t.en.strip()) for t in (notice.name, notice.description, notice.purpose)
    )
    fields = tuple(notice.fields)
    if set(fields) <= set(allowed_fields(key)) and len(set(fields)) == len(fields):
        fields = tuple(f for f in allowed_fields(key) if f in set(fields))
    return Notice(name, description, purpose, fields)


def _add_version(
    party: ExternalParty, number: int, notice: Notice, created_by: Account | int | None
) -> NoticeVersion:
    return NoticeVersion.create(
        party=party,
        version=number,
        field_keys=json.dumps(list(notice.fields)),
        name_nl=notice.name.nl,
        name_en=notice.name.en,
        description_nl=notice.description.nl,
        description_en=notice.description.en,
        purpose_nl=notice.purpose.nl,
        purpose_en=notice.purpose.en,
        created_by=created_by,
    )


def _stripped(contact: Text) -> Text:
    return Text((contact.nl or "").strip(), (contact.en or "").strip())


def create_party(
    key: str, contact: Text, frequency: str, notice: Notice, created_by: Account | int | None = None
) -> ExternalParty:
    """Create a party with version 1 of its notice.

    :raise PartyError: for an invalid or taken key, a contact missing in a language, or
        an incomplete notice.
    """
    contact = _stripped(contact)
    notice = _normalised(key, notice)
    _check(key, contact, frequency, notice)
    with writing():
        if ExternalParty.select().where(ExternalParty.key == key).exists():
            raise PartyError("taken")
        party = ExternalParty.create(
            key=key, contact_nl=contact.nl, contact_en=contact.en, frequency=frequency
        )
        _add_version(party, 1, notice, created_by)
    return party


def update_party(
    party: ExternalParty,
    contact: Text,
    frequency: str,
    notice: Notice,
    created_by: Account | int | None = None,
) -> NoticeVersion | None:
    """Save a party; return the new notice version, or None when the notice is unchanged.

    The contact and the frequency are the party's own: changing only them makes no version.

    :raise PartyError: for a contact missing in a language, an incomplete notice or fields
        the party's delivery lacks.
    """
    contact = _stripped(contact)
    notice = _normalised(party.key, notice)
    _check(party.key, contact, frequency, notice)
    with writing():
        if is_postgres():
            # Two admins saving at once: the second waits, then numbers after the first.
            ExternalParty.select().where(ExternalParty.id == party.id).for_update().get()
        (
            ExternalParty.update(contact_nl=contact.nl, contact_en=contact.en, frequency=frequency)
            .where(ExternalParty.id == party.id)
            .execute()
        )
        current = current_version(party.id)
        if Notice.of(current) == notice:
            return None
        return _add_version(party, current.version + 1, notice, created_by)


def ensure_parties() -> list[ExternalParty]:
    """Create the parties of the seed with version 1 of their notice, if missing."""
    with writing():
        existing = {p.key for p in ExternalParty.select(ExternalParty.key)}
        for key, (contact, frequency, notice) in SEED_PARTIES.items():
            if key not in existing:
                create_party(key, contact, frequency, notice)
    return list(ExternalParty.select().order_by(ExternalParty.id))


def _latest_numbers():
    return NoticeVersion.select(
        NoticeVersion.party, fn.MAX(NoticeVersion.version).alias("latest")
    ).group_by(NoticeVersion.party)


def current_versions(*, every_party: bool = False) -> list[NoticeVersion]:
    """Every consent party's current notice version (with its party), in party order.

    ``every_party`` includes the parties that receive data by legal obligation (the admin's
    list); without it, only the parties a person gives or refuses consent to.
    """
    return list((_EVERY_CURRENT if every_party else _CURRENT).rows())


def _current_versions_query(every_party: bool):
    latest = _latest_numbers().alias("latest")
    query = (
        NoticeVersion.select(NoticeVersion, ExternalParty)
        .join(ExternalParty)
        .switch(NoticeVersion)
        .join(
            latest,
            on=(
                (latest.c.party_id == NoticeVersion.party)
                & (latest.c.latest == NoticeVersion.version)
            ),
        )
        .order_by(ExternalParty.id)
    )
    if not every_party:
        query = query.where(ExternalParty.key.not_in(list(LEGAL_OBLIGATION)))
    return query


# Asked on every consent page: built once (see ``Prepared``); the rows are read each time.
_CURRENT = Prepared(lambda: _current_versions_query(False))
_EVERY_CURRENT = Prepared(lambda: _current_versions_query(True))


def current_version(party_id: int) -> NoticeVersion:
    """The party's current notice version; :raise NoticeVersion.DoesNotExist: if none."""
    return (
        NoticeVersion.select(NoticeVersion, ExternalParty)
        .join(ExternalParty)
        .where(NoticeVersion.party == party_id)
        .order_by(NoticeVersion.version.desc())
        .get()
    )


def versions_of(party_id: int) -> list[NoticeVersion]:
    """All versions of the party's notice, newest first, with who made them."""
    return list(
        NoticeVersion.select(NoticeVersion, Account)
        .join(Account, JOIN.LEFT_OUTER, on=(NoticeVersion.created_by == Account.id))
        .where(NoticeVersion.party == party_id)
        .order_by(NoticeVersion.version.desc())
    )


def party_names() -> dict[str, Text]:
    """Every party's name in both languages by key: its current notice's, else the seed's.

    One query; a party the admin renamed is named as its notice now reads.
    """
    names = {key: notice.name for key, (_, _, notice) in SEED_PARTIES.items()}
    names.update({v.party.key: v.name for v in current_versions(every_party=True)})
    return names


def party_by_key(key: str) -> ExternalParty | None:
    return ExternalParty.get_or_none(ExternalParty.key == key)


def covers(version_fields, current_fields) -> bool:
    """Consent to a version covers a field list only if it listed every one of its fields."""
    return set(current_fields) <= set(version_fields)
