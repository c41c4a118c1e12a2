"""The closed lists of rights requests, each value with its Dutch and English label."""

from __future__ import annotations

from dataclasses import dataclass

from domain.core.text import Text


@dataclass(frozen=True)
class RequestType:
    """One right a student can use (GDPR art. 15–21), as the request pages explain it."""

    key: str
    label: Text
    article: str
    explanation: Text
    limits: Text  # what it cannot do here, in plain language
    four_eyes: bool = False  # a granting decision needs a second desk member


ACCESS, RECTIFICATION, ERASURE = "access", "rectification", "erasure"
RESTRICTION, OBJECTION, PORTABILITY = "restriction", "objection", "portability"

REQUEST_TYPES = {
    t.key: t
    for t in [
        RequestType(
            ACCESS,
            Text("inzage", "access"),
            "15",
            Text(
                "Je krijgt een kopie van alle persoonsgegevens die de universiteit over je "
                "heeft, met waarom, op welke grondslag, wie ze kreeg en hoe lang ze "
                "worden bewaard.",
                "You get a copy of all personal data the university holds about you, with why, "
                "on what legal basis, who received it and how long it is kept.",
            ),
            Text(
                "Interne notities met persoonlijke gedachten van een medewerker vallen er niet "
                "onder, tot ze verder worden gedeeld.",
                "Internal notes holding a staff member's personal thoughts are not included "
                "until they are shared further.",
            ),
        ),
        RequestType(
            RECTIFICATION,
            Text("correctie", "rectification"),
            "16",
            Text(
                "Je vraagt een gegeven dat niet klopt te verbeteren of aan te vullen.",
                "You ask for a piece of data that is wrong to be corrected or completed.",
            ),
            Text(
                "Gegevens die uit Studielink komen, zoals je naam en geboortedatum, pas je aan "
                "bij de bron; wij zeggen je waar.",
                "Data that comes from Studielink, such as your name and date of birth, is "
                "corrected at its source; we tell you where.",
            ),
            four_eyes=True,
        ),
        RequestType(
            ERASURE,
            Text("verwijdering", "erasure"),
            "17",
            Text(
                "Je vraagt je gegevens te verwijderen: alles, of de categorieën die je kiest.",
                "You ask for your data to be erased: all of it, or the categories you choose.",
            ),
            Text(
                "De wet verplicht de universiteit je basisgegevens over je studie (inschrijving, "
                "resultaten, diploma's) te bewaren; die blijven.",
                "The law obliges the university to keep the basic data of your studies "
                "(enrolment, results, degrees); those stay.",
            ),
            four_eyes=True,
        ),
        RequestType(
            RESTRICTION,
            Text("beperking", "restriction"),
            "18",
            Text(
                "Je gegevens worden gemarkeerd: zolang dat duurt worden ze niet gebruikt of "
                "gedeeld, alleen bewaard.",
                "Your data is marked: while it lasts it is not used or shared, only kept.",
            ),
            Text(
                "Bewaren mag wel, en gebruik voor een rechtszaak of met je toestemming ook.",
                "Keeping it is still allowed, as is use for legal claims or with your consent.",
            ),
        ),
        RequestType(
            OBJECTION,
            Text("bezwaar", "objection"),
            "21",
            Text(
                "Je maakt bezwaar tegen een verwerking die op een taak van algemeen belang of "
                "een gerechtvaardigd belang rust; tegen direct marketing altijd.",
                "You object to a processing that rests on a public task or a legitimate "
                "interest; to direct marketing always.",
            ),
            Text(
                "Verwerkingen die de wet voorschrijft of die nodig zijn voor je inschrijving "
                "kun je niet stoppen met bezwaar.",
                "Processing the law requires or that your enrolment needs cannot be stopped by "
                "an objection.",
            ),
        ),
        RequestType(
            PORTABILITY,
            Text("overdraagbaarheid", "portability"),
            "20",
            Text(
                "Je krijgt de gegevens die je zelf aanleverde in een bestand dat een ander "
                "programma kan lezen.",
                "You get the data you provided yourself in a file another program can read.",
            ),
            Text(
                "Alleen gegevens die je zelf gaf en die op toestemming of een overeenkomst rusten.",
                "Only data you provided and that rests on consent or a contract.",
            ),
        ),
    ]
}

RECEIVED, IN_PROGRESS, WAITING = "received", "in_progress", "waiting"
PROPOSED, DECIDED, CLOSED, WITHDRAWN = "proposed", "decided", "closed", "withdrawn"
OPEN_STATUSES = (RECEIVED, IN_PROGRESS, WAITING, PROPOSED, DECIDED)

STATUSES = {
    RECEIVED: Text("ontvangen", "received"),
    IN_PROGRESS: Text("in behandeling", "in progress"),
    WAITING: Text("wacht op jou", "waiting for you"),
    PROPOSED: Text("besluit ter controle", "decision awaiting approval"),
    DECIDED: Text("besloten", "decided"),
    CLOSED: Text("afgerond", "done"),
    WITHDRAWN: Text("ingetrokken", "withdrawn"),
}

GRANTED, PARTLY_GRANTED, REFUSED = "granted", "partly_granted", "refused"
OUTCOMES = {
    GRANTED: Text("toegewezen", "granted"),
    PARTLY_GRANTED: Text("deels toegewezen", "partly granted"),
    REFUSED: Text("afgewezen", "refused"),
}

# The legal grounds a (partial) refusal can rest on: a closed list, each naming the law.
GROUNDS = {
    "art_17_3_b": Text(
        "art. 17 lid 3 onder b AVG: wettelijke bewaarplicht (WHW, Archiefwet)",
        "GDPR art. 17(3)(b): legal obligation to keep (WHW, Archives Act)",
    ),
    "art_17_3_e": Text(
        "art. 17 lid 3 onder e AVG: nodig voor een rechtsvordering",
        "GDPR art. 17(3)(e): needed for legal claims",
    ),
    "art_12_5": Text(
        "art. 12 lid 5 AVG: kennelijk ongegrond of buitensporig",
        "GDPR art. 12(5): manifestly unfounded or excessive",
    ),
    "art_15_4": Text(
        "art. 15 lid 4 AVG: rechten en vrijheden van anderen",
        "GDPR art. 15(4): the rights and freedoms of others",
    ),
    "art_21_1": Text(
        "art. 21 lid 1 AVG: dwingende gerechtvaardigde gronden",
        "GDPR art. 21(1): compelling legitimate grounds",
    ),
    "art_11_2": Text(
        "art. 11 lid 2 AVG: wij kunnen je niet identificeren",
        "GDPR art. 11(2): we cannot identify you",
    ),
    "art_20_1": Text(
        "art. 20 lid 1 AVG: geen gegevens die onder overdraagbaarheid vallen",
        "GDPR art. 20(1): no data that portability covers",
    ),
}

RESTRICTION_GROUNDS = {
    "a": Text(
        "je betwist de juistheid van je gegevens (art. 18 lid 1 onder a)",
        "you contest the accuracy of your data (art. 18(1)(a))",
    ),
    "b": Text(
        "de verwerking is onrechtmatig, maar je wilt geen verwijdering (onder b)",
        "the processing is unlawful, but you do not want erasure (art. 18(1)(b))",
    ),
    "c": Text(
        "je hebt de gegevens nodig voor een rechtsvordering (onder c)",
        "you need the data for a legal claim (art. 18(1)(c))",
    ),
    "d": Text(
        "je hebt bezwaar gemaakt en wacht op het besluit (onder d)",
        "you objected and are waiting for the decision (art. 18(1)(d))",
    ),
}

PORTAL, LETTER, EMAIL, COUNTER = "portal", "letter", "email", "counter"
CHANNELS = {
    PORTAL: Text("via het portaal", "through the portal"),
    LETTER: Text("per brief", "by letter"),
    EMAIL: Text("per e-mail", "by e-mail"),
    COUNTER: Text("aan de balie", "at the counter"),
}

# Timeline entries; those marked internal are never shown to the student.
EVENTS = {
    "received": Text("verzoek ontvangen", "request received"),
    "assigned": Text("toegewezen aan een medewerker", "assigned to a staff member"),
    "in_progress": Text("in behandeling genomen", "taken into progress"),
    "waiting": Text("aanvullende informatie gevraagd", "more information asked"),
    "answered": Text("informatie ontvangen", "information received"),
    "extended": Text("termijn verlengd", "period extended"),
    "proposed": Text("besluit voorgesteld", "decision proposed"),
    "decided": Text("besluit genomen", "decision taken"),
    "closed": Text("afgerond", "done"),
    "withdrawn": Text("ingetrokken", "withdrawn"),
    "message": Text("bericht", "message"),
    # Written by domain.rights.restriction: the student was told first (art. 18(3)).
    "restriction_lifted": Text(
        "beperking opgeheven, na bericht aan jou", "restriction lifted, after telling you"
    ),
}
INTERNAL_EVENTS = frozenset({"assigned", "proposed"})
