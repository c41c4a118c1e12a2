"""The register of personal data: one declaration for every personal-data field.

This is the one source of what the portal holds, why, on what basis, who sees it and
for how long. The "My data" page, the Art. 30 record, the access export, erasure and
the retention worker all read it; none of them repeats it.

What each right may do with a field (issue 10 §1) is declared or derived here:

- **source** (``origin=``, per record type, ``origins=`` per field): declared. One of
  ``vocabulary.ORIGINS``: the student, Studielink, the university, an external party.
  (``RetentionRule.source`` is something else: the seed reference of a retention term.)
- **portable** (GDPR art. 20): derived: the student provided it (origin "student") and it
  is processed on consent or a contract (``vocabulary.PORTABLE_BASES``).
- **erasable on request**: declared. A field is erasable unless its record type declares
  ``kept=Kept(ground, law)``: the art. 17(3) ground and the law that makes the university
  keep it. Not derived from the legal basis: a duty to *process* is not always a duty to
  *keep* (a public task with an Archiefwet term is kept, a legal-obligation copy is not
  always), so each record type says it; tests/domain/test_register.py checks that every
  legal-obligation field and all basic study data declare a ground.
- **correctable on request**: declared. ``correctable=`` names the fields the privacy desk
  corrects in the portal (``True``: all of them); ``correct_at=`` says where the student
  has a field corrected when its source is elsewhere (Studielink, the examination board).
- **objection** (GDPR art. 21): derived: the basis is a public task or a legitimate
  interest, or the purpose is direct marketing (always; ``vocabulary.OBJECTABLE_BASES``,
  ``DIRECT_MARKETING_PURPOSES``).
- **in the access export**: derived from ``shown`` (My data's categories), or declared:
  ``section=`` for records shown on a page of their own (consent, disclosures, requests,
  the staff-access log), or ``withheld=`` with the reason a field is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain import models as m
from domain.accounts.roles import ADMIN, CONFIDENTIAL_ROLES, COUNSELLOR, DESK, DISCLOSURE
from domain.core.text import Text
from domain.people.vocabulary import (
    ADMISSION_EMAIL_TOPICS,
    COPY_PROCESSING,
    DECISION_OUTCOMES,
    ENROLMENT_END_REASONS,
    ENROLMENT_FORMS,
    ENROLMENT_TYPES,
    EXAM_TYPES,
    MATCHING_ADVICE,
    SURVEY_LANGUAGES,
)
from domain.records import models as records
from domain.register.rules import (
    Action,
    Anonymise,
    Backstop,
    Event,
    Kept,
    Period,
    RetentionRule,
    Strategy,
    Unit,
)
from domain.register.vocabulary import (
    DIRECT_MARKETING_PURPOSES,
    EXPORT_SECTIONS,
    OBJECTABLE_BASES,
    ORIGINS,
    PORTABLE_BASES,
)

# --- Retention rules (DOMAIN.md §6; the decisions where the seeds are silent are in
# docs/decisions.md) -------------------------------------------------------------------

# A copy whose application is never processed, withdrawn or rejected (docs/decisions.md).
IDENTITY_COPY_BACKSTOP = Period(1, Unit.YEARS)
# The NSE's linked answers: two survey rounds, so a programme can see what changed after
# it acted on them; the special-category answers only one round (docs/decisions.md).
LINKED_ANSWERS_TERM = Period(2, Unit.YEARS)
SUPPORT_ANSWERS_TERM = Period(1, Unit.YEARS)

_GONE = {
    "content_text": Anonymise(Strategy.NULL),
    "file_name": Anonymise(Strategy.NULL),
    "file_data": Anonymise(Strategy.NULL),
}

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "basic_study_data",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard: basisgegevens over je studie die de universiteit moet bewaren "
                "(WHW, Archiefwet), ook na je afstuderen",
                "Kept: basic study data the university must keep (WHW, Archives Act), "
                "also after you graduate",
            ),
            source="rug §3.4, §2.4",
        ),
        RetentionRule(
            "contact_details",
            Event.END_OF_ENROLMENT,
            Period(2, Unit.YEARS),
            Action.ANONYMISE,
            Text(
                "het einde van je inschrijving (of van je aanmelding, als je je niet hebt "
                "ingeschreven)",
                "the end of your enrolment (or of your application, if you never enrolled)",
            ),
            anonymise={
                "private_email": Anonymise(Strategy.NULL),
                "phone": Anonymise(Strategy.NULL),
                "postal_address": Anonymise(Strategy.NULL),
            },
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "account",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang je gegevens bestaan; verdwijnt samen met je persoonsgegevens",
                "Kept as long as your data exists; removed together with your personal record",
            ),
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "login_attempts",
            Event.RECORD_DATE,
            Period(30, Unit.DAYS),
            Action.DELETE,
            Text("de mislukte inlogpoging", "the failed sign-in attempt"),
            date_field="attempted_at",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "sign_in_sessions",
            Event.RECORD_DATE,
            Period(1, Unit.DAYS),
            Action.DELETE,
            Text("het begin van de sessie", "the start of the session"),
            date_field="started_at",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "sign_in_codes",
            Event.RECORD_DATE,
            Period(1, Unit.DAYS),
            Action.DELETE,
            Text("het aanvragen van de code", "the request for the code"),
            date_field="created_at",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "identity_document",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.DELETE,
            Text(
                "de verwerking van je inschrijving, of het intrekken of afwijzen van je aanmelding",
                "the processing of your enrolment, or the withdrawal or rejection of your "
                "application",
            ),
            date_field="processed_on",
            source="rug §2.1; backstop: docs/decisions.md",
            backstop=Backstop(
                "received_on",
                IDENTITY_COPY_BACKSTOP,
                Text("de ontvangst van de kopie", "receipt of the copy"),
            ),
        ),
        RetentionRule(
            "foreign_admission",
            Event.RECORD_DATE,
            Period(3, Unit.YEARS),
            Action.DELETE,
            Text(
                "je inschrijving of het intrekken van je aanmelding",
                "your enrolment or the withdrawal of your application",
            ),
            date_field="settled_on",
            source="rug 8.1 §2.3",
        ),
        RetentionRule(
            "deficiency_documents",
            Event.RECORD_DATE,
            Period(1, Unit.YEARS),
            Action.DELETE,
            Text("het toelatingsbesluit", "the admission decision"),
            date_field="admission_decided_on",
            source="rug 8.1 §2.2",
        ),
        RetentionRule(
            "colloquium_doctum",
            Event.RECORD_DATE,
            Period(7, Unit.YEARS),
            Action.DELETE,
            Text("het besluit", "the decision"),
            date_field="decided_on",
            source="rug 8.1 §2.4",
        ),
        RetentionRule(
            "selection_documents",
            Event.ACADEMIC_YEAR_START,
            Period(3, Unit.MONTHS),
            Action.DELETE,
            Text("het begin van het studiejaar", "the start of the academic year"),
            date_field="academic_year",
            source="rug 8.1 §2.5",
        ),
        RetentionRule(
            "matching_results",
            Event.ACADEMIC_YEAR_START,
            Period(2, Unit.MONTHS),
            Action.ANONYMISE,
            Text("het begin van het studiejaar", "the start of the academic year"),
            date_field="academic_year",
            anonymise={
                "subject_pseudonym": Anonymise(Strategy.PSEUDONYM, source="person"),
                "person": Anonymise(Strategy.NULL),
                "title": Anonymise(Strategy.PLACEHOLDER, placeholder="matching"),
                "created_at": Anonymise(Strategy.YEAR),
                **_GONE,
            },
            source="rug 8.1 §2.6",
        ),
        RetentionRule(
            "exchange_documents",
            Event.ACADEMIC_YEAR_END,
            Period(7, Unit.YEARS),
            Action.DELETE,
            Text(
                "het einde van het studiejaar van de uitwisseling",
                "the end of the academic year of the exchange",
            ),
            date_field="academic_year",
            source="rug 8.1 §2.7.1",
        ),
        RetentionRule(
            "course_participant_form",
            Event.RECORD_DATE,
            Period(7, Unit.YEARS),
            Action.DELETE,
            Text("het begin van het cursusjaar", "the start of the course year"),
            date_field="course_year_start",
            source="rug 8.1 §2.7.2",
        ),
        RetentionRule(
            "direct_debit_mandate",
            Event.RECORD_DATE,
            Period(9, Unit.YEARS),
            Action.DELETE,
            Text(
                "de ondertekening (2 jaar bij de faculteit, daarna 7 jaar archief)",
                "signing (2 years at the faculty, then 7 years in the archive)",
            ),
            date_field="signed_on",
            source="rug 8.1 §1.1",
        ),
        RetentionRule(
            "counselling_dossier",
            Event.END_OF_ENROLMENT,
            Period(10, Unit.YEARS),
            Action.DELETE,
            Text(
                "het einde van je inschrijving (of van je aanmelding, als je je niet hebt "
                "ingeschreven)",
                "the end of your enrolment (or of your application, if you never enrolled)",
            ),
            review_first=True,
            source="rug §3.2",
        ),
        RetentionRule(
            "survey_handover",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.DELETE,
            Text(
                "de vaste verwijderdatum die met de enquêteorganisatie is afgesproken",
                "the fixed deletion date agreed with the survey organiser",
            ),
            date_field="delete_on",
            source="nse",
        ),
        RetentionRule(
            "survey_linked_answers",
            Event.RECORD_DATE,
            LINKED_ANSWERS_TERM,
            Action.DELETE,
            Text(
                "de koppeling van je antwoorden aan je gegevens (de import van het koppelbestand)",
                "the linking of your answers to your data (the import of the link file)",
            ),
            date_field="imported_on",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "survey_support_answers",
            Event.RECORD_DATE,
            SUPPORT_ANSWERS_TERM,
            Action.DELETE,
            Text(
                "de ontvangst van je antwoorden over studeren met een ondersteuningsbehoefte",
                "the receipt of your answers on studying with a support need",
            ),
            date_field="imported_on",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "summer_school",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.DELETE,
            Text("het jaarverslag van de summer school", "the summer school's annual report"),
            date_field="annual_report_on",
            source="rug 8.1 §2.7.4",
            backstop=Backstop(
                "school_ended_on",
                Period(1, Unit.YEARS),
                Text("het einde van de school", "the end of the school"),
            ),
        ),
        RetentionRule(
            "admission_emails",
            Event.ACADEMIC_YEAR_END,
            Period(2, Unit.YEARS),
            Action.DELETE,
            Text(
                "het einde van het eerste studiejaar van je cohort (dus vóór het vierde "
                "studiejaar begint)",
                "the end of your cohort's first academic year (so before its fourth begins)",
            ),
            date_field="cohort",
            source="rug §1.4",
        ),
        RetentionRule(
            "evaluation_recordings",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.DELETE,
            Text("de afronding van de docentevaluatie", "the completion of the teacher evaluation"),
            date_field="evaluation_done_on",
            source="rug §6.3",
        ),
        RetentionRule(
            "evaluation_forms",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.ANONYMISE,
            Text("de verwerking van de evaluatie", "the processing of the evaluation"),
            date_field="processed_on",
            anonymise={
                "person": Anonymise(Strategy.NULL),
                **_GONE,
                "submitted_on": Anonymise(Strategy.YEAR),
                "created_at": Anonymise(Strategy.YEAR),
            },
            source="rug §6.1",
        ),
        RetentionRule(
            "accreditation_documents",
            Event.RECORD_DATE,
            Period(0, Unit.DAYS),
            Action.DELETE,
            Text("het definitieve accreditatiebesluit", "the final accreditation decision"),
            date_field="final_decision_on",
            source="rug §7",
        ),
    ]
}


# --- What the rights may do: the laws that keep data, where data is corrected ----------

STUDY_DATA_KEPT = Kept(
    "art_17_3_b",
    Text(
        "WHW en Archiefwet 1995: de universiteit bewaart de basisgegevens van je studie "
        "(inschrijving, resultaten, diploma's), ook na je afstuderen",
        "WHW and Archives Act 1995: the university keeps the basic data of your studies "
        "(enrolment, results, degrees), also after you graduate",
    ),
)
ARCHIVE_KEPT = Kept(
    "art_17_3_b",
    Text(
        "Archiefwet 1995 en de selectielijst van de universiteiten: bewaard tot de "
        "bewaartermijn voorbij is",
        "Archives Act 1995 and the universities' selection list: kept until the retention "
        "term has passed",
    ),
)
TAX_KEPT = Kept(
    "art_17_3_b",
    Text(
        "Algemene wet inzake rijksbelastingen, art. 52: financiële stukken worden 7 jaar bewaard",
        "General State Taxes Act, art. 52: financial records are kept for 7 years",
    ),
)
IDENTITY_KEPT = Kept(
    "art_17_3_b",
    Text(
        "WHW: de universiteit stelt bij je inschrijving je identiteit vast; de kopie wordt "
        "verwijderd zodra je inschrijving is verwerkt",
        "WHW: the university establishes your identity when you enrol; the copy is deleted "
        "once your enrolment has been processed",
    ),
)
SURVEY_KEPT = Kept(
    "art_17_3_b",
    Text(
        "WHW: de universiteit neemt deel aan de Nationale Studenten Enquête; het e-mailadres "
        "wordt verwijderd op de datum die met de organisator is afgesproken",
        "WHW: the university takes part in the National Student Survey; the e-mail address is "
        "deleted on the date agreed with the organiser",
    ),
)
ACCREDITATION_KEPT = Kept(
    "art_17_3_b",
    Text(
        "WHW: accreditatie van opleidingen door de NVAO; verwijderd na het definitieve besluit",
        "WHW: accreditation of programmes by the NVAO; deleted after the final decision",
    ),
)
RESTRICTION_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 18: de markering blijft zolang de beperking geldt",
        "GDPR art. 18: the mark stays as long as the restriction applies",
    ),
)

IN_STUDIELINK = Text(
    "in Studielink; je naam, geboortedatum en nationaliteit komen uit de BRP van je gemeente",
    "in Studielink; your name, date of birth and nationality come from your municipality's "
    "personal records database",
)
BY_EXAMINATION_BOARD = Text(
    "bij de examencommissie van je opleiding", "by the examination board of your programme"
)

PSEUDONYM_WITHHELD = Text(
    "Alleen gevuld na anonimisering, als het record niet meer naar jou verwijst",
    "Only filled in after anonymisation, when the record no longer refers to you",
)
NOTE_FLAG_WITHHELD = Text(
    "Administratie van interne notities: die vallen niet onder inzage tot ze verder worden "
    "gedeeld (rug §3.2); wat je wel krijgt, is niet intern of al gedeeld",
    "Bookkeeping of internal notes: those are exempt from access until shared further "
    "(rug §3.2); what you do get is not internal or already shared",
)
LOGIN_ATTEMPTS_WITHHELD = Text(
    "Mislukte inlogpogingen zijn vastgelegd op de ingetypte gebruikersnaam, niet op jou: "
    "ze kunnen van een ander zijn (AVG art. 15 lid 4); ze worden na 30 dagen verwijderd",
    "Failed sign-ins are recorded by the username typed, not by person: they may be someone "
    "else's (GDPR Art. 15(4)); they are deleted after 30 days",
)

SIGN_IN_SESSIONS_WITHHELD = Text(
    "Je actieve sessies (apparaat, begin, laatst actief) zie je op de pagina Sessies; een "
    "sessie wordt uiterlijk een dag na het begin verwijderd",
    "You see your active sessions (device, started, last active) on the Sessions page; a "
    "session is deleted at most a day after it started",
)

SIGN_IN_CODES_WITHHELD = Text(
    "Een inlogcode en de aanvragen ervan dienen alleen om in te loggen en misbruik te "
    "beperken; ze worden een dag na de aanvraag verwijderd",
    "A sign-in code and the requests for it serve only to sign in and to limit abuse; they "
    "are deleted a day after the request",
)


@dataclass(frozen=True)
class FieldDeclaration:
    """What the register says about one personal-data field."""

    model: type
    name: str
    label: Text
    category: str
    purpose: int
    legal_basis: str
    retention: RetentionRule
    staff_roles: frozenset[str]
    shown_to_student: bool = True
    special_category: bool = False
    # For coded values: the label of each code, so every reader shows the same words.
    values: dict[str, Text] | None = None
    # For records about disclosures to external parties: the purpose each party's
    # delivery serves (rug §1.2); ``purpose`` is then the first of them.
    party_purposes: tuple[tuple[str, int], ...] = ()
    # What each right may do (see the module docstring).
    origin: str = ""  # a key of vocabulary.ORIGINS
    kept: Kept | None = None  # None: erased on request
    correctable: bool = False  # the privacy desk corrects it in the portal
    correct_at: Text | None = None  # where else it is corrected (its source)
    section: str = "data"  # a key of vocabulary.EXPORT_SECTIONS
    withheld: Text | None = None  # why the access export leaves it out

    @property
    def key(self) -> str:
        return f"{self.model.__name__}.{self.name}"

    @property
    def portable(self) -> bool:
        """GDPR art. 20: provided by the student and processed on consent or a contract."""
        return self.origin == "student" and self.legal_basis in PORTABLE_BASES

    @property
    def erasable(self) -> bool:
        """True if erasure on request removes it; else ``kept`` says why not."""
        return self.kept is None

    @property
    def objectable(self) -> bool:
        """GDPR art. 21: the student may object to the processing this field serves."""
        purposes = {self.purpose, *(n for _, n in self.party_purposes)}
        return self.legal_basis in OBJECTABLE_BASES or bool(
            purposes & set(DIRECT_MARKETING_PURPOSES)
        )

    @property
    def exported(self) -> bool:
        """True if the access export holds it (in ``section``)."""
        return self.withheld is None

    @property
    def origin_label(self) -> Text:
        return ORIGINS[self.origin]

    @property
    def section_label(self) -> Text:
        return EXPORT_SECTIONS[self.section]


@dataclass(frozen=True)
class RecordType:
    """A model whose rows are about one person, with the defaults for its fields."""

    model: type
    label: Text
    fields: tuple[FieldDeclaration, ...]
    # Columns that carry no personal data of their own (keys, links, bookkeeping).
    technical: frozenset[str] = field(default_factory=frozenset)

    @property
    def retention(self) -> RetentionRule:
        return self.fields[0].retention


def record_type(
    model,
    label: Text,
    *,
    category: str,
    purpose: int,
    basis: str,
    retention: str,
    origin: str,
    origins=None,
    kept: Kept | None = None,
    correctable=(),
    correct_at: Text | dict[str, Text] | None = None,
    section: str = "data",
    withheld=None,
    roles=(DESK,),
    technical=(),
    shown=True,
    special=(),
    hidden=(),
    vocab=None,
    rules=None,
    party_purposes=(),
    **labels: Text,
) -> RecordType:
    """Declare ``model``'s fields (given as ``name=Text(nl, en)``) with shared defaults.

    ``origins`` maps a field to its own origin; ``correctable`` is a tuple of field names
    or ``True`` for all; ``correct_at`` (one text for every field not corrected here, or a
    text per field) says where else a field is corrected; ``withheld`` maps a field to the
    reason the export leaves it out (never shown then).
    """
    withheld = withheld or {}
    declarations = tuple(
        FieldDeclaration(
            model=model,
            name=name,
            label=text,
            category=category,
            purpose=purpose,
            party_purposes=tuple(party_purposes),
            legal_basis=basis,
            retention=(rules or RULES)[retention],
            # Special-category data only for roles bound to confidentiality (rug 8.3).
            staff_roles=frozenset(roles) & CONFIDENTIAL_ROLES
            if name in special
            else frozenset(roles),
            shown_to_student=shown and name not in hidden and name not in withheld,
            special_category=name in special,
            values=(vocab or {}).get(name),
            origin=(origins or {}).get(name, origin),
            kept=kept,
            correctable=correctable is True or name in correctable,
            correct_at=_where_corrected(name, correctable, correct_at),
            section=section,
            withheld=withheld.get(name),
        )
        for name, text in labels.items()
    )
    return RecordType(model, label, declarations, frozenset(technical))


def _where_corrected(name: str, correctable, correct_at) -> Text | None:
    if correctable is True or name in correctable:
        return None
    if isinstance(correct_at, dict):
        return correct_at.get(name)
    return correct_at


_RECORD_TECHNICAL = ("id", "person", "created_at")
# Free text the university writes on a record (a title, its content) is kept as written,
# in Dutch, the university's working language: an English page marks it lang="nl"
# (WCAG 3.1.2). Names of courses are Dutch in the student administration too.
WRITTEN_IN_DUTCH = frozenset({"title", "content_text", "course_name"})
_CONTENT = dict(
    title=Text("titel", "title"),
    content_text=Text("inhoud", "content"),
    file_name=Text("bestandsnaam", "file name"),
    file_data=Text("bestand", "file"),
)


# The fields of an NSE answer linked to a student (domain/surveys/models.py).
_LINKED_ANSWER = dict(
    survey_name=Text("enquête", "survey"),
    respondent_key=Text("respondentsleutel van de organisator", "the organiser's respondent key"),
    question=Text("vraag (code)", "question (code)"),
    score=Text("antwoord (1-5)", "answer (1-5)"),
    imported_on=Text("gekoppeld op", "linked on"),
)


def _merge(*record_types: RecordType, label: Text) -> RecordType:
    """One model declared in parts (Person's fields differ in purpose and term)."""
    fields = tuple(f for rt in record_types for f in rt.fields)
    technical = frozenset().union(*(rt.technical for rt in record_types))
    return RecordType(record_types[0].model, label, fields, technical)


PERSON = _merge(
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="identity",
        purpose=1,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="studielink",
        origins={"student_number": "university"},
        kept=STUDY_DATA_KEPT,
        correctable=("initials", "first_name", "prefix", "surname"),
        correct_at={"date_of_birth": IN_STUDIELINK, "nationality": IN_STUDIELINK},
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        technical=("id", "created_at"),
        student_number=Text("studentnummer", "student number"),
        initials=Text("voorletters", "initials"),
        first_name=Text("voornaam", "first name"),
        prefix=Text("tussenvoegsel", "prefix"),
        surname=Text("achternaam", "surname"),
        date_of_birth=Text("geboortedatum", "date of birth"),
        nationality=Text("nationaliteit", "nationality"),
    ),
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="contact",
        purpose=4,
        basis="contract",
        retention="basic_study_data",
        origin="university",
        kept=STUDY_DATA_KEPT,
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        university_email=Text("universitair e-mailadres", "university e-mail address"),
    ),
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="contact",
        purpose=4,
        basis="contract",
        retention="contact_details",
        origin="student",
        correctable=True,
        roles=(DESK,),
        private_email=Text("privé-e-mailadres", "private e-mail address"),
        phone=Text("telefoonnummer", "phone number"),
        postal_address=Text("postadres", "postal address"),
    ),
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="basic_study_data",
        origin="studielink",
        origins={"application_ended_on": "university"},
        kept=STUDY_DATA_KEPT,
        correct_at={"school_brin": IN_STUDIELINK, "school_name": IN_STUDIELINK},
        roles=(DESK, DISCLOSURE),
        application_ended_on=Text(
            "aanmelding beëindigd op (niet ingeschreven)", "application ended on (never enrolled)"
        ),
        school_brin=Text("BRIN-code vooropleiding", "secondary school BRIN code"),
        school_name=Text("school vooropleiding", "secondary school"),
    ),
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="identity",
        purpose=22,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="university",
        kept=RESTRICTION_KEPT,
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        is_restricted=Text(
            "verwerking beperkt (AVG art. 18)", "processing restricted (GDPR Art. 18)"
        ),
    ),
    record_type(
        m.Person,
        Text("persoon", "person"),
        category="contact",
        purpose=13,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="student",
        kept=STUDY_DATA_KEPT,
        correctable=True,
        roles=(DESK, DISCLOSURE),
        vocab={"survey_language": SURVEY_LANGUAGES},
        survey_language=Text(
            "taal van uitnodigingen voor enquêtes (NSE)", "language of survey invitations (NSE)"
        ),
    ),
    label=Text("persoon", "person"),
)

# What the student reads as the heading of each part of their own record on My data (the
# person's fields of one category with one term), keyed by (category, rule): the thing
# named, not a list of its columns. tests/domain/test_register_names.py checks each part.
PERSON_PARTS: dict[tuple[str, str], Text] = {
    ("identity", "basic_study_data"): Text("Je persoonsgegevens", "Your personal details"),
    ("contact", "basic_study_data"): Text(
        "Je e-mailadres bij de universiteit", "Your university e-mail address"
    ),
    ("contact", "contact_details"): Text(
        "Je privé-e-mailadres, telefoonnummer en adres",
        "Your private e-mail address, phone number and address",
    ),
    ("admission", "basic_study_data"): Text(
        "Je vooropleiding en aanmelding", "Your previous school and your application"
    ),
}

# What the student reads above each record type on My data: the thing named as theirs, in
# plain words ("Je kopie van je identiteitsbewijs"), where the label above names the kind of
# record for staff and the register. Keyed by model name, for the record types of every
# declarations module; the person's own record is named per part (PERSON_PARTS).
# tests/domain/test_register_names.py checks that every record type has one, possessive.
STUDENT_HEADINGS: dict[str, Text] = {
    "IdentityDocumentCopy": Text(
        "Je kopie van je identiteitsbewijs", "Your copy of your identity document"
    ),
    "Enrolment": Text("Je inschrijvingen", "Your enrolments"),
    "CourseResult": Text("Je studieresultaten", "Your course results"),
    "Degree": Text("Je diploma's", "Your degrees"),
    "ForeignAdmissionDecision": Text(
        "Je toelatingsbesluit over je buitenlandse vooropleiding",
        "Your admission decision on your foreign prior education",
    ),
    "DeficiencyDocument": Text(
        "Je documenten over deficiënties", "Your documents about deficiencies"
    ),
    "ColloquiumDoctumDecision": Text(
        "Je besluit over het colloquium doctum", "Your colloquium doctum decision"
    ),
    "SelectionDocument": Text("Je selectiedocumenten", "Your selection documents"),
    "MatchingResult": Text("Je matchingsresultaat", "Your matching result"),
    "AdmissionEmail": Text(
        "Je e-mails over aanmelding, matching, selectie of BSA",
        "Your e-mails about admission, matching, selection or BSA",
    ),
    "ExchangeDocument": Text("Je uitwisselingsdocumenten", "Your exchange documents"),
    "CourseParticipantForm": Text(
        "Je aanmeldformulieren als cursusdeelnemer", "Your course-participant forms"
    ),
    "SummerSchoolParticipation": Text(
        "Je deelname aan een summer school", "Your summer school participation"
    ),
    "DirectDebitMandate": Text(
        "Je machtiging voor automatische incasso", "Your direct-debit mandate"
    ),
    "CounsellingEntry": Text(
        "Je dossier bij de studieadviseur", "Your file with the study adviser"
    ),
    "SurveyHandover": Text(
        "Je gegevens die aan de enquête (NSE) zijn overgedragen",
        "Your details handed over for the survey (NSE)",
    ),
    "SurveyLinkedAnswer": Text(
        "Je antwoorden op de NSE, gekoppeld met jouw toestemming",
        "Your answers to the NSE, linked with your consent",
    ),
    "SurveySupportAnswer": Text(
        "Je antwoorden op de NSE over studeren met een ondersteuningsbehoefte",
        "Your NSE answers about studying with a support need",
    ),
    "EvaluationRecording": Text(
        "Je opnames voor een docentevaluatie", "Your recordings for a teacher evaluation"
    ),
    "EvaluationForm": Text("Je evaluatieformulieren", "Your evaluation forms"),
    "AccreditationDocument": Text(
        "Je documenten voor accreditatie", "Your documents for accreditation"
    ),
    "Account": Text("Je account", "Your account"),
    "LegalHold": Text("Juridische blokkades op je gegevens", "Legal holds on your data"),
    "LoginAttempt": Text("Je mislukte inlogpogingen", "Your failed sign-in attempts"),
    "SignInSession": Text("Je inlogsessies", "Your sign-in sessions"),
    "SignInCode": Text("Je inlogcodes per e-mail", "Your sign-in codes by e-mail"),
    "SignInCodeRequest": Text("Je aanvragen van een inlogcode", "Your requests for a sign-in code"),
    "AuditEvent": Text("Medewerkers die je gegevens inzagen", "Staff who looked at your data"),
    "ConsentEvent": Text("Je toestemmingskeuzes", "Your consent choices"),
    "Disclosure": Text("Verstrekkingen van je gegevens", "Disclosures of your data"),
    "RightsRequest": Text("Je verzoeken over je gegevens", "Your requests about your data"),
    "RequestEvent": Text("De stappen van je verzoeken", "The steps of your requests"),
    "RequestMessage": Text("Berichten over je verzoeken", "Messages about your requests"),
    "RequestAttachment": Text("Bijlagen bij je verzoeken", "Attachments to your requests"),
    "OutboxMail": Text("E-mails aan jou over je verzoeken", "E-mails to you about your requests"),
    "ErasureOutcome": Text(
        "De uitvoering van je verwijderverzoeken", "How your erasure requests were carried out"
    ),
    "Objection": Text("Je bezwaren tegen een verwerking", "Your objections to a processing"),
    "DataExport": Text("Je downloads van je gegevens", "Your downloads of your data"),
}

# The same parts as a member of staff reads them when looking up a student (staff/student):
# the same things, named without "your". tests/domain/test_register_names.py checks that
# both dicts name the same parts.
PERSON_PARTS_FOR_STAFF: dict[tuple[str, str], Text] = {
    ("identity", "basic_study_data"): Text("Persoonsgegevens", "Personal details"),
    ("contact", "basic_study_data"): Text(
        "E-mailadres bij de universiteit", "University e-mail address"
    ),
    ("contact", "contact_details"): Text(
        "Privé-e-mailadres, telefoonnummer en adres",
        "Private e-mail address, phone number and address",
    ),
    ("admission", "basic_study_data"): Text(
        "Vooropleiding en aanmelding", "Previous school and application"
    ),
}

RECORD_TYPES: tuple[RecordType, ...] = (
    PERSON,
    record_type(
        m.Enrolment,
        Text("inschrijving", "enrolment"),
        category="enrolment",
        purpose=4,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="studielink",
        origins={"end_date": "university", "end_reason": "university"},
        kept=STUDY_DATA_KEPT,
        correct_at=IN_STUDIELINK,
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        technical=("id", "person"),
        vocab={
            "enrolment_type": ENROLMENT_TYPES,
            "form": ENROLMENT_FORMS,
            "end_reason": ENROLMENT_END_REASONS,
        },
        programme=Text("opleiding", "programme"),
        enrolment_type=Text("soort inschrijving", "enrolment type"),
        form=Text("opleidingsvorm", "form of study"),
        start_date=Text("begindatum", "start date"),
        end_date=Text("einddatum", "end date"),
        end_reason=Text("reden beëindiging", "reason for ending"),
        distance_learning=Text("afstandsonderwijs", "distance learning"),
        track=Text("variant of track van de opleiding", "programme variant or track"),
    ),
    record_type(
        m.CourseResult,
        Text("studieresultaat", "course result"),
        category="results",
        purpose=20,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="university",
        kept=STUDY_DATA_KEPT,
        correct_at=BY_EXAMINATION_BOARD,
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        technical=("id", "person"),
        course_code=Text("vakcode", "course code"),
        course_name=Text("vak", "course"),
        ec=Text("EC", "EC"),
        grade=Text("cijfer", "grade"),
        result_date=Text("datum", "date"),
    ),
    record_type(
        m.Degree,
        Text("diploma", "degree"),
        category="results",
        purpose=20,
        basis="legal_obligation",
        retention="basic_study_data",
        origin="university",
        kept=STUDY_DATA_KEPT,
        correct_at=BY_EXAMINATION_BOARD,
        roles=(DESK, DISCLOSURE, COUNSELLOR),
        technical=("id", "person"),
        vocab={"exam_type": EXAM_TYPES},
        programme=Text("opleiding", "programme"),
        exam_type=Text("examen", "exam"),
        exam_date=Text("examendatum", "exam date"),
    ),
    record_type(
        m.IdentityDocumentCopy,
        Text("kopie identiteitsbewijs", "copy of identity document"),
        category="identity",
        purpose=1,
        basis="legal_obligation",
        retention="identity_document",
        origin="student",
        origins={"processed_on": "university", "processing": "university"},
        kept=IDENTITY_KEPT,
        technical=_RECORD_TECHNICAL,
        vocab={"processing": COPY_PROCESSING},
        **_CONTENT,
        document_type=Text("soort document", "document type"),
        bsn_masked=Text("BSN afgeschermd", "citizen service number masked"),
        photo_masked=Text("foto afgeschermd", "photo masked"),
        received_on=Text("ontvangen op", "received on"),
        processed_on=Text("verwerkt op", "processed on"),
        processing=Text("verwerking", "processing"),
    ),
    record_type(
        m.ForeignAdmissionDecision,
        Text(
            "toelatingsbesluit buitenlandse vooropleiding",
            "admission decision, foreign prior education",
        ),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="foreign_admission",
        origin="university",
        kept=ARCHIVE_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        country=Text("land", "country"),
        outcome=Text("uitkomst", "outcome"),
        decided_on=Text("besluit op", "decided on"),
        settled_on=Text("ingeschreven of ingetrokken op", "enrolled or withdrawn on"),
    ),
    record_type(
        m.DeficiencyDocument,
        Text("documenten deficiënties", "deficiency documents"),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="deficiency_documents",
        origin="student",
        origins={"admission_decided_on": "university"},
        kept=ARCHIVE_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        deficiency=Text("deficiëntie", "deficiency"),
        admission_decided_on=Text("toelatingsbesluit op", "admission decided on"),
    ),
    record_type(
        m.ColloquiumDoctumDecision,
        Text("besluit colloquium doctum", "colloquium doctum decision"),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="colloquium_doctum",
        origin="university",
        kept=ARCHIVE_KEPT,
        vocab={"outcome": DECISION_OUTCOMES},
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        outcome=Text("uitkomst", "outcome"),
        decided_on=Text("besluit op", "decided on"),
    ),
    record_type(
        m.SelectionDocument,
        Text("selectiedocumenten", "selection documents"),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="selection_documents",
        origin="student",
        origins={"rank": "university"},
        kept=ARCHIVE_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        programme=Text("opleiding", "programme"),
        academic_year=Text("studiejaar", "academic year"),
        rank=Text("rangnummer", "rank"),
    ),
    record_type(
        m.MatchingResult,
        Text("matchingsresultaat", "matching result"),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="matching_results",
        origin="university",
        technical=_RECORD_TECHNICAL,
        withheld={"subject_pseudonym": PSEUDONYM_WITHHELD},
        vocab={"advice": MATCHING_ADVICE},
        **_CONTENT,
        programme=Text("opleiding", "programme"),
        academic_year=Text("studiejaar", "academic year"),
        advice=Text("advies", "advice"),
        subject_pseudonym=Text("pseudoniem", "pseudonym"),
    ),
    record_type(
        m.ExchangeDocument,
        Text("uitwisselingsdocumenten", "exchange documents"),
        category="exchange",
        purpose=18,
        basis="public_task",
        retention="exchange_documents",
        origin="external_party",
        kept=ARCHIVE_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        partner_institution=Text("partnerinstelling", "partner institution"),
        academic_year=Text("studiejaar", "academic year"),
    ),
    record_type(
        m.CourseParticipantForm,
        Text("aanmeldformulier cursusdeelnemer", "course-participant form"),
        category="exchange",
        purpose=4,
        basis="contract",
        retention="course_participant_form",
        origin="student",
        kept=TAX_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        course_name=Text("cursus", "course"),
        course_year_start=Text("begin cursusjaar", "start of course year"),
    ),
    record_type(
        m.DirectDebitMandate,
        Text("machtiging automatische incasso", "direct-debit mandate"),
        category="finance",
        purpose=4,
        basis="contract",
        retention="direct_debit_mandate",
        origin="student",
        kept=TAX_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        iban=Text("IBAN", "IBAN"),
        account_holder=Text("rekeninghouder", "account holder"),
        signed_on=Text("ondertekend op", "signed on"),
    ),
    record_type(
        m.CounsellingEntry,
        Text("dossier studieadviseur", "counselling dossier entry"),
        category="guidance",
        purpose=12,
        basis="public_task",
        retention="counselling_dossier",
        origin="university",
        kept=ARCHIVE_KEPT,
        roles=(DESK, COUNSELLOR),
        technical=_RECORD_TECHNICAL,
        special=("content_text", "file_data"),
        withheld={"is_internal_note": NOTE_FLAG_WITHHELD, "shared_further": NOTE_FLAG_WITHHELD},
        **_CONTENT,
        counsellor=Text("studieadviseur", "counsellor"),
        written_on=Text("geschreven op", "written on"),
        is_special_category=Text("bijzonder persoonsgegeven", "special category data"),
        is_internal_note=Text("interne notitie", "internal note"),
        shared_further=Text("verder gedeeld", "shared further"),
    ),
    record_type(
        m.SurveyHandover,
        Text("overdracht aan enquête (NSE)", "survey hand-over (NSE)"),
        category="surveys",
        purpose=13,
        basis="legal_obligation",
        retention="survey_handover",
        origin="university",
        kept=SURVEY_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        survey_name=Text("enquête", "survey"),
        email_address=Text("doorgegeven e-mailadres", "e-mail address handed over"),
        handed_over_on=Text("doorgegeven op", "handed over on"),
        delete_on=Text("verwijderen op", "delete on"),
    ),
    record_type(
        m.SurveyLinkedAnswer,
        Text("gekoppelde antwoorden op de NSE", "linked answers to the NSE"),
        category="surveys",
        purpose=13,
        basis="consent",
        retention="survey_linked_answers",
        origin="external_party",
        roles=(DESK,),
        technical=("id", "person"),
        **_LINKED_ANSWER,
    ),
    record_type(
        m.SurveySupportAnswer,
        Text(
            "NSE: studeren met een ondersteuningsbehoefte (uitdrukkelijke toestemming)",
            "NSE: studying with a support need (explicit consent)",
        ),
        category="surveys",
        purpose=13,
        # GDPR art. 6(1)(a) with art. 9(2)(a): the explicit consent the block asks itself.
        basis="consent",
        retention="survey_support_answers",
        origin="external_party",
        roles=(COUNSELLOR,),
        special=tuple(_LINKED_ANSWER),
        technical=("id", "person"),
        **_LINKED_ANSWER,
    ),
    record_type(
        records.SummerSchoolParticipation,
        Text("deelname summer school", "summer school participation"),
        category="exchange",
        purpose=17,
        basis="contract",
        retention="summer_school",
        origin="student",
        origins={"annual_report_on": "university"},
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        school_name=Text("school", "school"),
        school_ended_on=Text("laatste dag van de school", "last day of the school"),
        annual_report_on=Text("jaarverslag gemaakt op", "annual report made on"),
    ),
    record_type(
        records.AdmissionEmail,
        Text(
            "e-mail over aanmelding, matching, selectie of BSA",
            "e-mail about admission, matching, selection or BSA",
        ),
        category="admission",
        purpose=5,
        basis="public_task",
        retention="admission_emails",
        origin="university",
        technical=_RECORD_TECHNICAL,
        vocab={"topic": ADMISSION_EMAIL_TOPICS},
        **_CONTENT,
        topic=Text("onderwerp", "topic"),
        cohort=Text("cohort", "cohort"),
        sent_on=Text("verzonden op", "sent on"),
    ),
    record_type(
        records.EvaluationRecording,
        Text("opname voor docentevaluatie", "recording for a teacher evaluation"),
        category="evaluation",
        purpose=13,
        basis="public_task",
        retention="evaluation_recordings",
        origin="university",
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        course_name=Text("vak", "course"),
        recorded_on=Text("opgenomen op", "recorded on"),
        evaluation_done_on=Text("evaluatie afgerond op", "evaluation completed on"),
    ),
    record_type(
        records.EvaluationForm,
        Text("evaluatieformulier", "evaluation form"),
        category="evaluation",
        purpose=13,
        basis="public_task",
        retention="evaluation_forms",
        origin="student",
        origins={"processed_on": "university"},
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        course_name=Text("vak", "course"),
        submitted_on=Text("ingevuld op", "submitted on"),
        overall_score=Text("totaaloordeel (1-5)", "overall score (1-5)"),
        processed_on=Text("verwerkt op", "processed on"),
    ),
    record_type(
        records.AccreditationDocument,
        Text("document voor accreditatie", "document for accreditation"),
        category="evaluation",
        purpose=13,
        basis="legal_obligation",
        retention="accreditation_documents",
        origin="university",
        kept=ACCREDITATION_KEPT,
        technical=_RECORD_TECHNICAL,
        **_CONTENT,
        programme=Text("opleiding", "programme"),
        document_kind=Text("soort document", "kind of document"),
        final_decision_on=Text(
            "definitief accreditatiebesluit op", "final accreditation decision on"
        ),
    ),
    record_type(
        m.Account,
        Text("account", "account"),
        category="account",
        purpose=10,
        basis="contract",
        retention="account",
        origin="university",
        roles=(DESK, ADMIN),
        technical=("id", "person", "password_hash", "role", "is_active", "created_at"),
        username=Text("gebruikersnaam", "username"),
        display_name=Text("weergavenaam", "display name"),
        last_login_at=Text("laatst ingelogd", "last signed in"),
    ),
    record_type(
        m.LoginAttempt,
        Text("mislukte inlogpoging", "failed sign-in attempt"),
        category="account",
        purpose=26,
        basis="legitimate_interest",
        retention="login_attempts",
        origin="student",
        origins={"ip_address": "university", "attempted_at": "university"},
        withheld=dict.fromkeys(("username", "ip_address", "attempted_at"), LOGIN_ATTEMPTS_WITHHELD),
        roles=(ADMIN,),
        technical=("id",),
        shown=False,
        username=Text("gebruikersnaam", "username"),
        ip_address=Text("IP-adres", "IP address"),
        attempted_at=Text("tijdstip", "time"),
    ),
    record_type(
        m.SignInSession,
        Text("inlogsessie", "sign-in session"),
        category="account",
        purpose=26,
        basis="legitimate_interest",
        retention="sign_in_sessions",
        origin="university",
        origins={"device": "student"},
        withheld=dict.fromkeys(
            ("started_at", "last_seen_at", "device", "ip_address"), SIGN_IN_SESSIONS_WITHHELD
        ),
        roles=(ADMIN,),
        technical=("id", "token_hash", "account", "by_code"),
        shown=False,
        started_at=Text("begonnen", "started"),
        last_seen_at=Text("laatst actief", "last active"),
        device=Text("apparaat", "device"),
        ip_address=Text("IP-adres", "IP address"),
    ),
    record_type(
        m.SignInCode,
        Text("inlogcode per e-mail", "sign-in code by e-mail"),
        category="account",
        purpose=26,
        basis="legitimate_interest",
        retention="sign_in_codes",
        origin="university",
        withheld=dict.fromkeys(("created_at", "expires_at", "attempts"), SIGN_IN_CODES_WITHHELD),
        roles=(ADMIN,),
        technical=("id", "code_hash", "account"),
        shown=False,
        created_at=Text("aangevraagd", "requested"),
        expires_at=Text("geldig tot", "valid until"),
        attempts=Text("foute pogingen", "wrong attempts"),
    ),
    record_type(
        m.SignInCodeRequest,
        Text("aanvraag van een inlogcode", "request for a sign-in code"),
        category="account",
        purpose=26,
        basis="legitimate_interest",
        retention="sign_in_codes",
        origin="university",
        withheld=dict.fromkeys(("ip_address", "created_at"), SIGN_IN_CODES_WITHHELD),
        roles=(ADMIN,),
        technical=("id", "account"),
        shown=False,
        ip_address=Text("IP-adres", "IP address"),
        created_at=Text("tijdstip", "time"),
    ),
)

# Models that hold no personal data at all, and why.
NON_PERSONAL_MODELS = {
    m.Programme: "the catalogue of programmes; describes no person",
}
