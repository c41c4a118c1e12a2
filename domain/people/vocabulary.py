"""Closed vocabularies of study data, each value with its Dutch and English label.

Labels live here (not in the gettext catalogue) because they are data: the register,
exports and the CLI print them in both languages at once.
"""

from __future__ import annotations

from domain.core.text import Text

PROGRAMME_LEVELS = {
    "bachelor": Text("bachelor", "bachelor's"),
    "master": Text("master", "master's"),
    "premaster": Text("premaster", "pre-master's"),
}

# The languages the National Student Survey (NSE) invites students in.
SURVEY_LANGUAGES = {
    "nl": Text("Nederlands", "Dutch"),
    "en": Text("Engels", "English"),
    "de": Text("Duits", "German"),
}

# Enrolment regulations art. 1.5 (subsidised vs. non-subsidised) and art. 3.
ENROLMENT_TYPES = {
    "bachelor": Text("bachelorstudent", "bachelor's student"),
    "master": Text("masterstudent", "master's student"),
    "premaster": Text("premasterstudent", "pre-master's student"),
    "extraneus": Text("extraneus", "extraneus"),
    "course_participant": Text("contractstudent / cursusdeelnemer", "course participant"),
    "subsidiary": Text("bijvakker", "subsidiary student"),
    "4tu_master": Text("4TU-masterstudent", "4TU master's student"),
    "exchange_incoming": Text("inkomende uitwisselingsstudent", "incoming exchange student"),
    "post_initial_master": Text("post-initiële masterstudent", "post-initial master's student"),
}

ENROLMENT_FORMS = {
    "voltijd": Text("voltijd", "full-time"),
    "deeltijd": Text("deeltijd", "part-time"),
    "duaal": Text("duaal", "dual"),
}

# Enrolment regulations art. 2.8. Graduating is no reason of its own: a graduate's
# enrolment ends on 31 August, or earlier only at their own request (art. 2.8.1).
ENROLMENT_END_REASONS = {
    "end_of_year": Text("einde studiejaar (31 augustus)", "end of academic year (31 August)"),
    "own_request": Text(
        "op eigen verzoek (ook na afstuderen)",
        "at the student's own request (also after graduating)",
    ),
    "illness": Text("ziekte of bijzondere omstandigheden", "illness or special circumstances"),
    "non_payment": Text("niet betalen van collegegeld", "non-payment of tuition fees"),
    "unfitness": Text("ongeschiktheid voor de beroepsuitoefening", "unfitness for the profession"),
    "fraud": Text("ernstige fraude", "serious fraud"),
    "house_rules": Text("overtreding huisregels", "breach of house rules"),
    "negative_bsa": Text("negatief bindend studieadvies", "negative binding study advice"),
    "death": Text("overlijden", "death"),
    "premaster_term": Text("overschrijding premastertermijn", "pre-master's term exceeded"),
}

EXAM_TYPES = {
    "propedeuse": Text("propedeuse", "propaedeutic exam"),
    "bachelor": Text("bachelorexamen", "bachelor's exam"),
    "master": Text("masterexamen", "master's exam"),
}

# Enrolment regulations art. 2.2.3.
MATCHING_ADVICE = {
    "positief": Text("positief advies", "positive advice"),
    "positief_met_aandachtspunten": Text(
        "positief met aandachtspunten", "positive with points of attention"
    ),
    "heroverwegingsadvies": Text("heroverwegingsadvies", "advice to reconsider"),
}

DECISION_OUTCOMES = {
    "admitted": Text("toegelaten", "admitted"),
    "rejected": Text("afgewezen", "rejected"),
}

# What ended the need for a copy of an identity document (rug §2.1: kept until processed).
COPY_PROCESSING = {
    "enrolment": Text("inschrijving verwerkt", "enrolment processed"),
    "withdrawn": Text("aanmelding ingetrokken", "application withdrawn"),
    "rejected": Text("aanmelding afgewezen", "application rejected"),
}

# rug §1.4: correspondence deleted before a new academic year, per cohort.
ADMISSION_EMAIL_TOPICS = {
    "application": Text("aanmelding en toelating", "application and admission"),
    "matching": Text("matching", "matching"),
    "selection": Text("selectie", "selection"),
    "bsa": Text("bindend studieadvies", "binding study advice"),
}
