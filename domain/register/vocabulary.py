"""The fixed lists the register draws from: purposes, legal bases, categories.

Purposes and legal bases are those of seeds/rug-privacy-policy-students-education §1.2.
"""

from __future__ import annotations

from domain.core.text import Text

LEGAL_BASES = {
    "legal_obligation": Text("wettelijke plicht", "legal obligation"),
    "contract": Text("uitvoering overeenkomst", "performance of a contract"),
    "public_task": Text("taak van algemeen belang", "task in the public interest"),
    "vital_interest": Text("vitaal belang", "vital interest"),
    "legitimate_interest": Text("gerechtvaardigd belang", "legitimate interest"),
    "consent": Text("toestemming", "consent"),
}

# Each legal basis in one plain sentence, shown beside its name on My data (issue 12 §3).
LEGAL_BASES_EXPLAINED = {
    "legal_obligation": Text(
        "Een wet verplicht de universiteit deze gegevens te verwerken.",
        "A law requires the university to process this data.",
    ),
    "contract": Text(
        "De universiteit heeft deze gegevens nodig om haar afspraken met jou na te komen, "
        "zoals je inschrijving en je onderwijs.",
        "The university needs this data to keep its agreement with you, such as your "
        "enrolment and your teaching.",
    ),
    "public_task": Text(
        "De universiteit heeft deze gegevens nodig voor haar wettelijke taak: onderwijs "
        "en onderzoek. Je kunt daartegen bezwaar maken.",
        "The university needs this data for its task set by law: teaching and research. "
        "You may object to it.",
    ),
    "vital_interest": Text(
        "Deze gegevens zijn nodig om iemands leven of gezondheid te beschermen.",
        "This data is needed to protect someone's life or health.",
    ),
    "legitimate_interest": Text(
        "De universiteit heeft een eigen, afgewogen belang bij deze gegevens. Je kunt "
        "daartegen bezwaar maken.",
        "The university has a weighed interest of its own in this data. You may object to it.",
    ),
    "consent": Text(
        "Je hebt hiervoor toestemming gegeven; je kunt die altijd weer intrekken.",
        "You gave your consent for this; you can withdraw it at any time.",
    ),
}

PURPOSES = {
    1: Text(
        "Het vaststellen van de identiteit van (potentiële) studenten",
        "Establishing the identity of (prospective) students",
    ),
    2: Text(
        "Het informeren van potentiële en ingeschreven studenten over opleidingen",
        "Informing prospective and enrolled students about programmes",
    ),
    3: Text(
        "Het werven van nieuwe studenten en het promoten van de universiteit",
        "Recruiting new students and promoting the university",
    ),
    4: Text(
        "Administratieve handelingen rond inschrijving en het innen van college- en examengelden",
        "Administration of enrolment and collecting tuition and examination fees",
    ),
    5: Text(
        "Het beoordelen van vooropleidingen en het verzorgen van loting, matching en selectie",
        "Assessing prior education and running lottery, matching and selection",
    ),
    6: Text(
        "Het inschrijven van studenten voor vakken en het registreren van aanwezigheid",
        "Enrolling students in courses and registering attendance",
    ),
    7: Text("Het opnemen en vertonen van colleges", "Recording and showing lectures"),
    8: Text(
        "Het verzamelen en beoordelen van opdrachten van studenten",
        "Collecting and assessing students' assignments",
    ),
    9: Text(
        "Het beoordelen van studieprestaties en het toekennen van studiepunten",
        "Assessing study performance and awarding credits",
    ),
    10: Text(
        "Het aanbieden van onderwijsmiddelen, IT-faciliteiten en horecavoorzieningen",
        "Providing teaching resources, IT facilities and catering",
    ),
    11: Text(
        "Het ondersteunen van studenten met een fysieke of verstandelijke beperking",
        "Supporting students with a physical or intellectual disability",
    ),
    12: Text(
        "Het ondersteunen van studenten die studievertraging hebben opgelopen",
        "Supporting students who have fallen behind in their studies",
    ),
    13: Text(
        "Het meten en verbeteren van de kwaliteit van het onderwijs",
        "Measuring and improving the quality of education",
    ),
    14: Text(
        "Het vroegtijdig signaleren van studievertraging of blokkades in de studievoortgang",
        "Early detection of study delay or obstacles to progress",
    ),
    15: Text(
        "Het voorbereiden van beleidsbeslissingen en het creëren van managementinformatie",
        "Preparing policy decisions and producing management information",
    ),
    16: Text(
        "Kwaliteitsonderzoek ter voorbereiding van beleidsbeslissingen",
        "Quality research to prepare policy decisions",
    ),
    17: Text(
        "Het aanbieden van aanvullend onderwijs, stages en carrièrevoorbereiding",
        "Offering additional education, internships and career preparation",
    ),
    18: Text("Het uitvoeren van uitwisselingsprogramma's", "Running exchange programmes"),
    19: Text(
        "Het organiseren van verkiezingen voor medezeggenschapsorganen",
        "Organising elections for representative bodies",
    ),
    20: Text(
        "Het vastleggen van studieresultaten en het verzorgen van diplomering",
        "Recording study results and awarding degrees",
    ),
    21: Text(
        "Het adviseren van studenten en beoordelen van bijzondere omstandigheden rond het BSA",
        "Advising students and assessing special circumstances around the binding study advice",
    ),
    22: Text(
        "Het afhandelen van klachten en bezwaar- en beroepszaken",
        "Handling complaints, objections and appeals",
    ),
    23: Text(
        "Het aanmelden van studenten voor alumniverenigingen",
        "Registering students with alumni associations",
    ),
    24: Text(
        "Het werven van fondsen onder alumni en het onderhouden van een band met alumni",
        "Fundraising among alumni and keeping in touch with alumni",
    ),
    25: Text("Het beveiligen van de universitaire gebouwen", "Securing the university's buildings"),
    26: Text(
        "Het beveiligen van informatie en van de goede werking van IT-voorzieningen",
        "Securing information and the proper working of IT facilities",
    ),
}

CATEGORIES = {
    "identity": Text("Identiteit", "Identity"),
    "contact": Text("Contactgegevens", "Contact details"),
    "enrolment": Text("Inschrijving", "Enrolment"),
    "results": Text("Studieresultaten en diploma's", "Study results and degrees"),
    "admission": Text("Toelating, matching en selectie", "Admission, matching and selection"),
    "exchange": Text("Uitwisseling en cursussen", "Exchange and courses"),
    "finance": Text("Betalingen", "Payments"),
    "guidance": Text("Studiebegeleiding", "Student counselling"),
    "surveys": Text("Enquêtes", "Surveys"),
    "evaluation": Text(
        "Onderwijsevaluatie en accreditatie", "Teaching evaluation and accreditation"
    ),
    "account": Text("Account en beveiliging", "Account and security"),
    "requests": Text("Verzoeken over je gegevens", "Requests about your data"),
}

# --- What each right may do (issue 10 §1; see domain/register/declarations.py) ----------

# Where a field's value comes from.
ORIGINS = {
    "student": Text("de student zelf", "the student"),
    "studielink": Text(
        "Studielink (en de BRP van de gemeente)",
        "Studielink (and the municipality's personal records database)",
    ),
    "university": Text("de universiteit", "the university"),
    "external_party": Text("een externe partij", "an external party"),
}

# GDPR art. 20(1)(a): portability covers data the student provided, processed on these bases.
PORTABLE_BASES = ("consent", "contract")
# GDPR art. 21(1): a student may object to processing resting on these bases ...
OBJECTABLE_BASES = ("public_task", "legitimate_interest")
# ... and art. 21(2): to direct marketing always (rug §1.2 purposes 3 and 24: recruiting
# and promoting, fundraising among alumni).
DIRECT_MARKETING_PURPOSES = (3, 24)

# GDPR art. 17(3): the grounds on which a field stays when the student asks erasure. The
# keys are decision grounds of the privacy desk too (domain.requests.vocabulary.GROUNDS).
ERASURE_GROUNDS = {
    "art_17_3_b": Text(
        "art. 17 lid 3 onder b AVG (wettelijke plicht of taak van algemeen belang)",
        "GDPR art. 17(3)(b) (legal obligation or task in the public interest)",
    ),
    "art_17_3_e": Text(
        "art. 17 lid 3 onder e AVG (nodig voor een rechtsvordering)",
        "GDPR art. 17(3)(e) (needed for legal claims)",
    ),
}

# Where the access export (domain/exports) shows a field: with My data's categories, or in
# a section of its own. A field left out carries a declared reason instead.
EXPORT_SECTIONS = {
    "data": Text("Je gegevens per categorie", "Your data by category"),
    "consent": Text("Je toestemmingen", "Your consent choices"),
    "disclosures": Text("Aan wie je gegevens zijn verstrekt", "Who received your data"),
    "staff_access": Text("Wie heeft je gegevens bekeken", "Who looked at your data"),
    "requests": Text("Je verzoeken", "Your requests"),
    "exports": Text("Je downloads van je gegevens", "Your downloads of your data"),
}
