"""Deterministic synthetic data for demos, tests and benchmarks.

``seed(students, seed, today)`` fills the database behind ``domain.core.db.database`` with a
university's worth of students: persons, enrolment histories across academic years,
course results, degrees, the eleven retention record types and one sign-in account per
student. The same ``(students, seed, today)`` on an empty database always gives the same
rows, byte for byte: every random choice comes from a ``random.Random`` derived from the
seed and the person's id, and every timestamp from ``today``, never from the clock.

It is built to scale to 100,000 students (millions of rows) in little memory: students
are planned one at a time, their rows go into small per-table buffers that are written
with multi-row ``INSERT`` statements, and each batch of students is one transaction.
Nothing holds the whole data set.

The facts it follows (programmes, enrolment types, art. 2.8 end dates, matching advice)
come from ``seeds/ut-enrolment-regulations-2025-2026.en.txt``; the record dates are
spread so that, relative to ``today``, some records of every type are past their
retention term (``domain.register.declarations.RULES``) and some are not.

Deliberate departures from "every student is 17-30": a share of *alumni* (and a few
older non-subsidised students) enrolled 9-20 years ago. Without them no counselling
dossier (10 years after the end of enrolment), direct-debit mandate (9 years), exchange
document or colloquium doctum decision (7 years) could ever be past its term.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from argon2 import PasswordHasher
from peewee import fn

from domain.accounts.roles import DESK, STAFF_ROLES, STUDENT
from domain.accounts.signin import DEMO_PASSWORD
from domain.core.academic_year import (
    PASS_MARK,
    academic_year_end,
    academic_year_of,
    academic_year_start,
)
from domain.core.db import database, is_postgres
from domain.models import (
    Account,
    ColloquiumDoctumDecision,
    CounsellingEntry,
    CourseParticipantForm,
    CourseResult,
    DeficiencyDocument,
    Degree,
    DirectDebitMandate,
    Enrolment,
    ExchangeDocument,
    ForeignAdmissionDecision,
    IdentityDocumentCopy,
    MatchingResult,
    Person,
    Programme,
    SelectionDocument,
    SurveyHandover,
)
from domain.people.vocabulary import (
    ADMISSION_EMAIL_TOPICS,
    ENROLMENT_END_REASONS,
    MATCHING_ADVICE,
)
from domain.records.identity import copy_row as identity_copy_row
from domain.records.models import (
    RECORD_MODELS,
    AccreditationDocument,
    AdmissionEmail,
    EvaluationForm,
    EvaluationRecording,
    SummerSchoolParticipation,
)
from domain.surveys.models import SurveyLinkedAnswer, SurveySupportAnswer

__all__ = ["seed", "is_empty"]

# --- Database limits -------------------------------------------------------------------

# Bound parameters per INSERT. SQLite's limit is 32766 since 3.32 but 999 on older builds;
# 900 is safe everywhere and costs little (statements are still hundreds of rows).
# psycopg2 interpolates parameters client-side, so PostgreSQL only needs a sane size.
SQLITE_MAX_PARAMS = 900
POSTGRES_MAX_PARAMS = 16000

# Tables in foreign-key order: a buffer is only written after those before it, so a
# child row never reaches the database before its person.
_WRITE_ORDER = (
    Person,
    Enrolment,
    CourseResult,
    Degree,
    *RECORD_MODELS,
    SurveyLinkedAnswer,
    SurveySupportAnswer,
    Account,
)

# --- Catalogue: programmes and their courses ---------------------------------------------

# CROHO-like codes: realistic in form (5 digits; 5xxxx bachelor, 6xxxx master), not an
# authoritative copy of the CROHO register. The premaster has no CROHO code of its own.
PROGRAMMES = [
    # code, Dutch name, English name, faculty, level
    (
        "50055",
        "Technology and Liberal Arts & Sciences (ATLAS)",
        "Technology and Liberal Arts & Sciences (ATLAS)",
        "ET",
        "bachelor",
    ),
    ("56227", "Technische Geneeskunde", "Technical Medicine", "TNW", "bachelor"),
    ("56604", "Psychologie", "Psychology", "BMS", "bachelor"),
    ("56126", "Advanced Technology", "Advanced Technology", "TNW", "bachelor"),
    ("56226", "Biomedische Technologie", "Biomedical Engineering", "TNW", "bachelor"),
    ("50322", "Creative Technology", "Creative Technology", "EEMCS", "bachelor"),
    ("56992", "Werktuigbouwkunde", "Mechanical Engineering", "ET", "bachelor"),
    ("56964", "Technische Informatica", "Technical Computer Science", "EEMCS", "bachelor"),
    ("60300", "Computer Science", "Computer Science", "EEMCS", "master"),
    ("66030", "Mechanical Engineering", "Mechanical Engineering", "ET", "master"),
    ("66226", "Biomedical Engineering", "Biomedical Engineering", "TNW", "master"),
    ("66604", "Psychology", "Psychology", "BMS", "master"),
    (
        "60721",
        "Geo-information Science and Earth Observation",
        "Geo-information Science and Earth Observation",
        "ITC",
        "master",
    ),
    (
        "PM60300",
        "Premaster Computer Science",
        "Pre-master's Computer Science",
        "EEMCS",
        "premaster",
    ),
]
ATLAS, TG, PSY, AT, BMT, CREATE, ME, TCS = (
    "50055",
    "56227",
    "56604",
    "56126",
    "56226",
    "50322",
    "56992",
    "56964",
)
M_CS, M_ME, M_BME, M_PSY, M_GEO, PREMASTER = (
    "60300",
    "66030",
    "66226",
    "66604",
    "60721",
    "PM60300",
)

# Art. 2.2: ATLAS selects, Technical Medicine and Psychology have a quota (numerus fixus);
# five programmes run a matching activity.
SELECTION_PROGRAMMES = (ATLAS, TG, PSY)
MATCHING_PROGRAMMES = (AT, BMT, CREATE, ME, TCS)

# (code, weight) of the bachelor a Dutch student picks, and the ones taught in English.
DOMESTIC_BACHELORS = [
    (TCS, 18),
    (ME, 16),
    (PSY, 14),
    (BMT, 12),
    (CREATE, 12),
    (TG, 10),
    (AT, 10),
    (ATLAS, 8),
]
ENGLISH_BACHELORS = [(CREATE, 25), (TCS, 25), (ATLAS, 20), (AT, 15), (PSY, 15)]
MASTER_AFTER = {
    TCS: M_CS,
    CREATE: M_CS,
    ME: M_ME,
    AT: M_ME,
    BMT: M_BME,
    TG: M_BME,
    PSY: M_PSY,
    ATLAS: M_GEO,
}
INTERNATIONAL_MASTERS = [(M_CS, 35), (M_ME, 20), (M_BME, 15), (M_PSY, 10), (M_GEO, 20)]

# The UT's bachelors run four 15-EC modules a year; year 3 holds the minor and the thesis.
BACHELOR_MODULES = {
    TCS: [
        "Pearls of Computer Science",
        "Software Systems",
        "Network Systems",
        "Data & Information",
        "Computer Systems",
        "Programming Paradigms",
        "Discrete Structures & Efficient Algorithms",
        "Intelligent Interaction Design",
        "Minor",
        "Minor II",
        "Design Project",
        "Bachelor Thesis TCS",
    ],
    ME: [
        "Ontwerpen en Maken",
        "Mechanica en Materialen",
        "Dynamica",
        "Thermodynamica",
        "Productietechniek",
        "Vloeistofmechanica",
        "Regeltechniek",
        "Constructief Ontwerpen",
        "Minor",
        "Minor II",
        "Ontwerpproject",
        "Bacheloropdracht WB",
    ],
    PSY: [
        "Inleiding Psychologie",
        "Ontwikkeling en Persoonlijkheid",
        "Onderzoeksmethoden",
        "Cognitie en Gedrag",
        "Gezondheidspsychologie",
        "Arbeid en Organisatie",
        "Psychodiagnostiek",
        "Conflict, Risico en Veiligheid",
        "Minor",
        "Minor II",
        "Onderzoekspracticum",
        "Bachelorthese Psychologie",
    ],
    BMT: [
        "Cel en Weefsel",
        "Biomechanica",
        "Medische Beeldvorming",
        "Biomaterialen",
        "Fysiologie",
        "Signaalanalyse",
        "Regeneratieve Geneeskunde",
        "Medische Apparatuur",
        "Minor",
        "Minor II",
        "Klinisch Project",
        "Bacheloropdracht BMT",
    ],
    CREATE: [
        "New Media",
        "Smart Technology",
        "Living & Working Tomorrow",
        "Intelligent Products",
        "Interactive Technology",
        "Smart Environments",
        "Creative Programming",
        "Reflection & Design",
        "Minor",
        "Minor II",
        "Graduation Project I",
        "Graduation Project II",
    ],
    TG: [
        "Kennismaking Technische Geneeskunde",
        "Anatomie en Fysiologie",
        "Medische Fysica",
        "Diagnostiek",
        "Pathofysiologie",
        "Medische Signaalverwerking",
        "Klinische Vaardigheden",
        "Beeldvormende Technieken",
        "Minor",
        "Minor II",
        "Klinische Stage",
        "Bacheloropdracht TG",
    ],
    AT: [
        "Mechanics & Materials",
        "Electricity & Magnetism",
        "Thermodynamics",
        "Quantum Physics",
        "Systems & Control",
        "Fluid Dynamics",
        "Solid State Physics",
        "Design",
        "Minor",
        "Minor II",
        "Research Project",
        "Bachelor Assignment AT",
    ],
    ATLAS: [
        "Self & Society",
        "Technology & Innovation",
        "Programming & Modelling",
        "Mathematics for ATLAS",
        "Global Challenges",
        "Research Methods",
        "Living Smart",
        "Social Dynamics",
        "Minor",
        "Minor II",
        "Graduation Semester I",
        "Graduation Semester II",
    ],
}
MASTER_COURSES = {
    M_CS: [
        "Advanced Logic",
        "Security Services",
        "Machine Learning I",
        "Distributed Systems",
        "Software Testing and Risk Assessment",
        "Information Retrieval",
        "Cyber Risk",
        "Program Verification Techniques",
    ],
    M_ME: [
        "Advanced Dynamics",
        "Computational Fluid Dynamics",
        "Tribology",
        "Production Management",
        "Finite Element Method",
        "Acoustics",
        "Smart Materials",
        "Surface Technology",
    ],
    M_BME: [
        "Tissue Engineering",
        "Neurotechnology",
        "Imaging Techniques",
        "Bioelectricity",
        "Cell Biology",
        "Medical Robotics",
        "Clinical Biomechanics",
        "Biomedical Signal Analysis",
    ],
    M_PSY: [
        "Advanced Research Methods",
        "Positive Psychology",
        "Human Factors",
        "Health Psychology and Technology",
        "Conflict and Safety",
        "Persuasive Technology",
        "Learning Sciences",
        "Psychotherapy Research",
    ],
    M_GEO: [
        "Principles of Remote Sensing",
        "Spatial Data Science",
        "Geostatistics",
        "Land Administration",
        "Earth Observation for Disaster Risk",
        "Urban Planning",
        "Hydrological Modelling",
        "Photogrammetry",
    ],
    PREMASTER: [
        "Calculus 1A",
        "Lineaire Algebra",
        "Programmeren in Java",
        "Statistiek",
        "Logica en Verzamelingenleer",
        "Academisch Schrijven",
    ],
}
ELECTIVES = [
    "Filosofie van de Techniek",
    "Academic Writing",
    "Ondernemerschap",
    "Ethics of Technology",
    "Data Science Basics",
    "Projectmanagement",
    "Dutch for Beginners",
    "Wiskunde voor Niet-wiskundigen",
]

# --- People: names, schools, addresses ---------------------------------------------------

DUTCH_FIRST = [
    "Jan",
    "Daan",
    "Sem",
    "Lucas",
    "Levi",
    "Finn",
    "Milan",
    "Thijs",
    "Bram",
    "Ruben",
    "Tim",
    "Jesse",
    "Lars",
    "Luuk",
    "Stijn",
    "Joris",
    "Niels",
    "Sven",
    "Koen",
    "Wouter",
    "Gijs",
    "Pieter",
    "Hidde",
    "Rik",
    "Teun",
    "Jan-Willem",
    "Emma",
    "Julia",
    "Sophie",
    "Lotte",
    "Anna",
    "Fleur",
    "Sanne",
    "Lisa",
    "Eva",
    "Iris",
    "Noa",
    "Tess",
    "Anouk",
    "Femke",
    "Maud",
    "Roos",
    "Lieke",
    "Esmee",
    "Britt",
    "Merel",
    "Anne-Marie",
    "Zoë",
    "Chloë",
    "Ilse",
]
DUTCH_SURNAMES = [
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Kuipers",
    "Nijhuis",
    "Kamphuis",
    "Wolters",
    "Kok",
    "Hofman",
    "Scholten",
    "Lammers",
    "Oude Wesselink",
    "Brinkman",
    "Lubbers",
    "Geerdink",
    "Wessels",
    "Haverkate",
    "Rouwhorst",
    "Tijhuis",
    "Leferink",
    "Bekhuis",
    "Kroeze",
    "Velthuis",
    "Aalderink",
    "Bruggink",
    "Siemerink",
    "Oude Groeniger",
]
# Surnames with a prefix (tussenvoegsel), kept together because the pair is the name.
DUTCH_PREFIXED = [
    ("van", "Dijk"),
    ("van", "Leeuwen"),
    ("de", "Vries"),
    ("de", "Jong"),
    ("de", "Boer"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("van den", "Berg"),
    ("van den", "Bosch"),
    ("van de", "Ven"),
    ("van de", "Kamp"),
    ("ter", "Horst"),
    ("ter", "Haar"),
    ("ten", "Brinke"),
    ("ten", "Hove"),
    ("te", "Riele"),
    ("in 't", "Veld"),
    ("van 't", "Hof"),
]

# Country: (nationality as the Dutch administration writes it, weight, first names,
# surnames, e-mail providers).
FOREIGN = {
    "Duitsland": (
        "Duitse",
        25,
        [
            "Lukas",
            "Leon",
            "Jonas",
            "Felix",
            "Maximilian",
            "Lena",
            "Hannah",
            "Leonie",
            "Marie",
            "Jürgen",
        ],
        [
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Becker",
            "Schäfer",
            "Koch",
            "Wagner",
            "Hoffmann",
            "Große",
        ],
        ["web.de", "gmx.de", "gmail.com"],
    ),
    "China": (
        "Chinese",
        12,
        ["Wei", "Jing", "Yichen", "Hao", "Xinyi", "Zihan", "Yu", "Ming", "Lei", "Xiaoling"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
        ["qq.com", "163.com", "gmail.com"],
    ),
    "India": (
        "Indiase",
        12,
        ["Aarav", "Vihaan", "Arjun", "Rohan", "Priya", "Ananya", "Diya", "Isha", "Aditya", "Kavya"],
        ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Joshi", "Mehta"],
        ["gmail.com", "yahoo.co.in", "outlook.com"],
    ),
    "Spanje": (
        "Spaanse",
        8,
        [
            "Alejandro",
            "Pablo",
            "Javier",
            "Lucía",
            "María",
            "Carmen",
            "Sofía",
            "Álvaro",
            "Marta",
            "Irene",
        ],
        [
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Ruiz",
        ],
        ["gmail.com", "hotmail.es"],
    ),
    "Italië": (
        "Italiaanse",
        10,
        [
            "Luca",
            "Marco",
            "Giulia",
            "Francesca",
            "Alessandro",
            "Chiara",
            "Matteo",
            "Sara",
            "Lorenzo",
            "Elena",
        ],
        [
            "Rossi",
            "Russo",
            "Ferrari",
            "Esposito",
            "Bianchi",
            "Romano",
            "Colombo",
            "Ricci",
            "Marino",
            "Greco",
        ],
        ["gmail.com", "libero.it"],
    ),
    "Griekenland": (
        "Griekse",
        8,
        [
            "Georgios",
            "Dimitrios",
            "Konstantinos",
            "Eleni",
            "Maria",
            "Nikolaos",
            "Katerina",
            "Ioannis",
            "Sofia",
            "Panagiotis",
        ],
        [
            "Papadopoulos",
            "Papadakis",
            "Georgiou",
            "Nikolaidis",
            "Oikonomou",
            "Vlachos",
            "Dimitriou",
            "Karagiannis",
            "Christodoulou",
            "Pappas",
        ],
        ["gmail.com", "yahoo.gr"],
    ),
    "Turkije": (
        "Turkse",
        8,
        ["Mehmet", "Emre", "Elif", "Zeynep", "Can", "Ayşe", "Burak", "Selin", "Yusuf", "Deniz"],
        [
            "Yılmaz",
            "Kaya",
            "Demir",
            "Şahin",
            "Çelik",
            "Yıldız",
            "Öztürk",
            "Aydın",
            "Arslan",
            "Doğan",
        ],
        ["gmail.com", "hotmail.com"],
    ),
    "Polen": (
        "Poolse",
        6,
        ["Jakub", "Kacper", "Zuzanna", "Julia", "Mateusz", "Aleksandra", "Piotr", "Katarzyna"],
        [
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
        ],
        ["gmail.com", "wp.pl"],
    ),
    "Roemenië": (
        "Roemeense",
        6,
        ["Andrei", "Ioana", "Alexandru", "Maria", "Mihai", "Elena"],
        ["Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Constantin"],
        ["gmail.com", "yahoo.com"],
    ),
    "Indonesië": (
        "Indonesische",
        5,
        ["Putri", "Budi", "Dewi", "Adi", "Sari", "Rizky"],
        ["Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma"],
        ["gmail.com", "yahoo.co.id"],
    ),
}
DUTCH_NATIONALITY = "Nederlandse"
# A master's programme's tracks as the NSE's "opleidingsvariant" (None: no track).
MASTER_TRACKS = ("Research", "Professional", None)
DUTCH_MAIL = [
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
    "live.nl",
    "icloud.com",
]

# A fixed pool, so that many students share a school (the school deliveries group by it).
# BRIN: two digits and two letters; a school with several locations adds a 2-digit number.
SCHOOLS = [
    ("20AB00", "Stedelijk Lyceum Enschede, locatie Kottenpark"),
    ("20AB01", "Stedelijk Lyceum Enschede, locatie Zuid"),
    ("14TJ", "Bonhoeffer College"),
    ("02KL", "Het Assink Lyceum"),
    ("17OC00", "Twents Carmel College, locatie Lyceumstraat"),
    ("17OC01", "Twents Carmel College, locatie De Thij"),
    ("19XY", "Pius X College"),
    ("21BK", "Bataafse Kamp"),
    ("05HE", "Het Erasmus"),
    ("08IC", "Ichthus College"),
    ("11HH", "Het Hooghuis"),
    ("13GR", "Greijdanus"),
    ("16EH", "Etty Hillesum Lyceum"),
    ("22CS", "Carmel College Salland"),
    ("24TK", "Thomas a Kempis College"),
    ("25BC", "Baudartius College"),
    ("26RS", "Reggesteyn"),
    ("27CC", "Canisius, locatie Almelo"),
    ("28SG", "Scholengemeenschap Twickel"),
    ("29PC", "Pallas Athene College"),
    ("30CL", "Christelijk Lyceum Apeldoorn"),
    ("31SG", "Stedelijk Gymnasium Apeldoorn"),
    ("32GC", "Gymnasium Celeanum"),
    ("33VL", "Van der Capellen Scholengemeenschap"),
    ("34MC", "Meander College"),
    ("35AC", "Almende College"),
    ("36SG", "Stedelijk Gymnasium Arnhem"),
    ("37LK", "Lorentz Lyceum"),
    ("38CG", "Christelijk Gymnasium Utrecht"),
    ("39SG", "Stedelijk Gymnasium Leiden"),
    ("40BL", "Barlaeus Gymnasium"),
    ("41IL", "Ignatius Gymnasium"),
    ("42MC", "Montessori College Nijmegen"),
    ("43SV", "Stedelijk Gymnasium Nijmegen"),
    ("44KC", "Kandinsky College"),
    ("45DL", "Dalton Lyceum Barendrecht"),
    ("46GZ", "Gymnasium Zwolle"),
    ("47NC", "Noorderpoort College"),
    ("48PR", "Praedinius Gymnasium"),
    ("49MK", "Maartenscollege"),
]
# Where students live: city, postcode range, streets. Most rent near the campus.
TOWNS = [
    (
        "Enschede",
        (7511, 7547),
        [
            "Hengelosestraat",
            "Oldenzaalsestraat",
            "Gronausestraat",
            "Haaksbergerstraat",
            "Deurningerstraat",
            "Lasondersingel",
            "Calslaan",
            "Matenweg",
            "Witbreuksweg",
            "De Hems",
        ],
        60,
    ),
    ("Hengelo", (7550, 7559), ["Enschedesestraat", "Deldenerstraat", "Drienerstraat"], 10),
    ("Almelo", (7600, 7609), ["Wierdensestraat", "Grotestraat"], 5),
    ("Zwolle", (8011, 8043), ["Assendorperstraat", "Thorbeckegracht"], 5),
    ("Deventer", (7411, 7429), ["Brink", "Lange Bisschopstraat"], 5),
    ("Apeldoorn", (7311, 7339), ["Loolaan", "Deventerstraat"], 5),
    ("Utrecht", (3511, 3585), ["Biltstraat", "Oudegracht", "Amsterdamsestraatweg"], 5),
    ("Nijmegen", (6511, 6546), ["Hertogstraat", "Groesbeekseweg"], 5),
]
# Postcode letter pairs the PostNL system does not hand out.
_BAD_POSTCODE_LETTERS = {"SA", "SD", "SS"}

COUNSELLORS = [
    "drs. M. Kuipers (studieadviseur EEMCS)",
    "A. de Vries MSc (studieadviseur ET)",
    "dr. L. Nijhuis (studentendecaan)",
    "J. ter Horst (studieadviseur BMS)",
    "S. Bakker MA (studentpsycholoog)",
    "R. Wolters (studieadviseur TNW)",
]
PARTNER_INSTITUTIONS = [
    "Technische Universität München",
    "KTH Royal Institute of Technology",
    "Politecnico di Milano",
    "Universidad Politécnica de Madrid",
    "National Technical University of Athens",
    "Tsinghua University",
    "Indian Institute of Technology Delhi",
    "University of Twente",
    "Universität Münster",
    "Boğaziçi Üniversitesi",
    "Politechnika Warszawska",
]
BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]
DEFICIENCIES = [
    "Wiskunde B ontbreekt",
    "Natuurkunde ontbreekt",
    "Engelse taalvaardigheid (IELTS)",
    "Lineaire algebra",
    "Programmeervaardigheid",
    "Statistiek",
]

# --- Shares ------------------------------------------------------------------------------

# The kinds of student, with their share of the population.
PROFILES = [
    ("bachelor", 60),
    ("bachelor_intl", 10),
    ("master_intl", 7),
    ("premaster", 4),
    ("non_subsidised", 11),
    ("alumnus", 8),
]
NON_SUBSIDISED = [
    ("course_participant", 30),
    ("exchange_incoming", 25),
    ("subsidiary", 20),
    ("extraneus", 12),
    ("4tu_master", 8),
    ("post_initial_master", 5),
]
FORMS = [("voltijd", 90), ("deeltijd", 7), ("duaal", 3)]
# How a bachelor ends, ignoring time: whether it has happened yet is decided against today.
BACHELOR_FATES = [
    ("graduated", 52),
    ("negative_bsa", 8),
    ("own_request", 10),
    ("end_of_year", 6),
    ("illness", 2),
    ("non_payment", 2),
    ("unfitness", 0.5),
    ("fraud", 0.3),
    ("house_rules", 0.5),
    ("death", 0.2),
    ("lingering", 10),
]
MASTER_FATES = [
    ("graduated", 75),
    ("own_request", 10),
    ("end_of_year", 6),
    ("illness", 3),
    ("non_payment", 2),
    ("lingering", 4),
]
PREMASTER_FATES = [("end_of_year", 70), ("premaster_term", 15), ("own_request", 15)]
# Art. 2.8: these end on the first day of a month; end_of_year on 31 August.
MONTH_FIRST_REASONS = {
    "own_request",
    "illness",
    "non_payment",
    "unfitness",
    "fraud",
    "house_rules",
    "negative_bsa",
    "death",
    "premaster_term",
}
END_REASONS = list(ENROLMENT_END_REASONS)

EC_MODULE, EC_COURSE = Decimal("15.0"), Decimal("5.0")
FAKE_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"


# --- Public API ----------------------------------------------------------------------------


def is_empty() -> bool:
    """True when no person exists yet (the demo has not been seeded)."""
    return not Person.select().exists()


def seed(students: int, seed: int, today: dt.date, batch_size: int = 5000) -> dict:
    """Add ``students`` synthetic students (with everything they own); return rows per table.

    Programmes and the staff accounts (one per staff role, named after it, and ``desk2``)
    are created when absent. Student numbers and person ids continue after the highest
    existing ones, so seeding a non-empty database adds students without collisions. Each batch of
    ``batch_size`` students is one transaction. Assumes nobody else inserts persons
    meanwhile (person ids are assigned here, not by the database).
    """
    if students < 0 or batch_size < 1:
        raise ValueError("students must be >= 0 and batch_size >= 1")
    counts: Counter = Counter()
    # One hash for every demo account: argon2 is deliberately slow (~50 ms), so hashing
    # 100,000 passwords would take over an hour. The salt comes from the seed (not from
    # os.urandom) so that the same seed gives byte-identical rows; acceptable only because
    # the demo password is public anyway.
    salt = hashlib.sha256(f"privacy-portal demo {seed}".encode()).digest()[:16]
    password_hash = PasswordHasher().hash(DEMO_PASSWORD, salt=salt)
    stamp = dt.datetime.combine(today, dt.time(8, 0))

    with database.atomic():
        programmes = _ensure_programmes(counts)
        _ensure_staff_accounts(password_hash, stamp, counts)

    first_id = (Person.select(fn.MAX(Person.id)).scalar() or 0) + 1
    ctx = _Context(
        today=today,
        seed=seed,
        programmes=programmes,
        password_hash=password_hash,
        numbers=_StudentNumbers(seed, first_id, students),
        emails=_EmailBook.from_database(),
    )
    writer = _BulkWriter(_WRITE_ORDER, POSTGRES_MAX_PARAMS if is_postgres() else SQLITE_MAX_PARAMS)
    for batch_start in range(0, students, batch_size):
        with database.atomic():
            for index in range(batch_start, min(batch_start + batch_size, students)):
                student = _plan_student(ctx, index, first_id + index)
                for model, row in _student_rows(ctx, student):
                    writer.add(model, row)
            writer.flush_all()
    if is_postgres() and students:
        # Ids were given explicitly, which PostgreSQL's sequence does not notice.
        database.execute_sql(
            "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT MAX(id) FROM person))"
        )
    counts.update(writer.counts)
    return {
        model._meta.table_name: counts[model._meta.table_name]
        for model in (Programme, *_WRITE_ORDER)
    }


# --- Reference rows ------------------------------------------------------------------------


def _ensure_programmes(counts: Counter) -> dict[str, int]:
    """Create the catalogue's programmes that are missing; return code -> id."""
    ids = {}
    for code, name_nl, name_en, faculty, level in PROGRAMMES:
        programme, created = Programme.get_or_create(
            code=code, defaults=dict(name_nl=name_nl, name_en=name_en, faculty=faculty, level=level)
        )
        ids[code] = programme.id
        counts[Programme._meta.table_name] += created
    return ids


# One account per staff role, named after the role, and a second privacy-desk member:
# erasure decisions need a colleague's approval (four eyes).
_STAFF_ACCOUNTS = [(role, role, "") for role in STAFF_ROLES] + [("desk2", DESK, " 2")]


def _ensure_staff_accounts(password_hash: str, stamp: dt.datetime, counts: Counter) -> None:
    """The demo staff accounts; existing ones are kept."""
    for username, role, suffix in _STAFF_ACCOUNTS:
        if Account.get_or_none(Account.username == username) is None:
            label = STAFF_ROLES[role]
            Account.create(
                username=username,
                password_hash=password_hash,
                role=role,
                person=None,
                display_name=f"{label.nl[0].upper()}{label.nl[1:]}{suffix} (demo)",
                created_at=stamp,
            )
            counts[Account._meta.table_name] += 1


# --- Per-call state ------------------------------------------------------------------------


class _StudentNumbers:
    """Unique student numbers ``s`` + 7 digits, in a shuffled but fixed order.

    Student i gets ``base + (a*i + c) mod n``: an affine permutation of 0..n-1 (``a`` is
    coprime to ``n``), so numbers look random, never repeat, and need no memory. ``base``
    lies above every number already in the database.
    """

    def __init__(self, seed: int, first_id: int, n: int):
        highest = (
            Person.select(fn.MAX(Person.student_number))
            .where(Person.student_number.startswith("s"))
            .scalar()
        )
        self.base = max(2_000_000, int(highest[1:]) + 1 if highest and highest[1:].isdigit() else 0)
        if self.base + n > 9_999_999:
            raise ValueError("no room left for that many 7-digit student numbers")
        rng = random.Random(f"{seed}/numbers/{first_id}")
        self.n = max(n, 1)
        self.a = rng.randrange(1, self.n) if self.n > 1 else 1
        while math.gcd(self.a, self.n) != 1:
            self.a += 1
        self.c = rng.randrange(self.n)

    def __getitem__(self, i: int) -> str:
        return f"s{self.base + (self.a * i + self.c) % self.n:07d}"


class _EmailBook:
    """Hands out unique university e-mail addresses, numbering repeated names."""

    DOMAIN = "@student.utwente.nl"

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.next_suffix: dict[str, int] = {}

    @classmethod
    def from_database(cls) -> _EmailBook:
        query = Person.select(Person.university_email).tuples()
        return cls({email.split("@")[0] for (email,) in query.iterator()})

    def claim(self, local: str) -> str:
        candidate, n = local, self.next_suffix.get(local, 1)
        while candidate in self.taken:
            n += 1
            candidate = f"{local}{n}"
        self.next_suffix[local] = n
        self.taken.add(candidate)
        return candidate + self.DOMAIN


@dataclass
class _Context:
    today: dt.date
    seed: int
    programmes: dict[str, int]
    password_hash: str
    numbers: _StudentNumbers
    emails: _EmailBook

    @property
    def current_year(self) -> int:
        """The academic year running on ``today`` (the year its September falls in)."""
        return academic_year_of(self.today)


# --- Small helpers ---------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` back (forward when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _month_firsts(after: dt.date, until: dt.date) -> list[dt.date]:
    """First days of months strictly after ``after`` and on or before ``until``."""
    day = dt.date(after.year + after.month // 12, after.month % 12 + 1, 1)
    found = []
    while day <= until:
        found.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights)[0]


def _stamp(rng: random.Random, day: dt.date, today: dt.date) -> dt.datetime:
    """A working-hours timestamp on ``day`` (never after ``today``) for created_at."""
    return dt.datetime.combine(min(day, today), dt.time(8 + rng.randint(0, 8), rng.randint(0, 59)))


_ASCII = str.maketrans(
    {"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d", "Ł": "L", "Ø": "O"}
)


def _ascii(text: str) -> str:
    """``text`` reduced to lowercase a-z and digits, for e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    plain = decomposed.encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum())


def _initials(first_name: str) -> str:
    parts = first_name.replace("-", " ").split()
    return "".join(f"{part[0].upper()}." for part in parts)


def _iban(rng: random.Random) -> str:
    """A Dutch IBAN with valid check digits (mod 97) and a made-up account number."""
    bank, account = rng.choice(BANKS), f"{rng.randrange(10**10):010d}"
    digits = "".join(str(int(ch, 36)) for ch in f"{bank}{account}NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{account}"


def _grade(rng: random.Random, ability: float, floor: float = 1.0) -> Decimal:
    value = min(10.0, max(floor, 1.0, rng.gauss(ability, 1.0)))
    return Decimal(f"{value:.1f}")


def _fake_pdf(title: str, number: str) -> bytes:
    return FAKE_PDF + f"% {title} - {number} (demo)\n%%EOF\n".encode()


# --- Planning one student -------------------------------------------------------------------


@dataclass
class _Spell:
    """One enrolment: a programme from start to (maybe) end, and the exam it led to."""

    programme: str
    enrolment_type: str
    form: str
    start: dt.date
    end: dt.date | None = None
    reason: str | None = None
    exam_date: dt.date | None = None  # bachelor's or master's exam passed (graduated)
    fate: str = "open"  # how it ends (or ended); "open" while it is still running


@dataclass
class _Student:
    id: int
    number: str
    rng: random.Random
    profile: str
    country: str | None  # None: Dutch
    first_name: str
    prefix: str
    surname: str
    date_of_birth: dt.date
    school: tuple[str, str] | None
    ability: float
    colloquium: bool = False  # admitted by colloquium doctum (21+, no diploma)
    spells: list[_Spell] = field(default_factory=list)
    showcase: str | None = None  # "past" / "fresh": must get every record type
    email: str = ""

    @property
    def international(self) -> bool:
        return self.country is not None

    @property
    def first_start(self) -> dt.date:
        return self.spells[0].start

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.prefix, self.surname) if p)


def _plan_student(ctx: _Context, index: int, person_id: int) -> _Student:
    """Decide who the student is and their whole study history (no rows yet)."""
    rng = random.Random(f"{ctx.seed}/{person_id}")
    showcase, forced_reason = _special_role(ctx, index)
    profile = _weighted(rng, PROFILES)
    if showcase == "past":
        profile = "alumnus_showcase"
    elif showcase == "fresh":
        profile = "bachelor_intl"
    elif forced_reason == "premaster_term":
        profile = "premaster"
    elif forced_reason:
        profile = "bachelor"

    international = profile in ("bachelor_intl", "master_intl", "alumnus_showcase") or (
        profile == "alumnus" and rng.random() < 0.2
    )
    subtype = _weighted(rng, NON_SUBSIDISED) if profile == "non_subsidised" else None
    if subtype == "exchange_incoming":
        international = True
    country = _weighted(rng, [(c, v[1]) for c, v in FOREIGN.items()]) if international else None

    first_name, prefix, surname = _name(rng, country)
    student = _Student(
        id=person_id,
        number=ctx.numbers[index],
        rng=rng,
        profile=profile,
        country=country,
        first_name=first_name,
        prefix=prefix,
        surname=surname,
        date_of_birth=ctx.today,
        school=None,
        ability=rng.gauss(7.0, 0.8),
        showcase=showcase,
    )
    student.spells = _history(ctx, student, subtype, forced_reason)
    student.date_of_birth = _date_of_birth(ctx, student)
    student.colloquium = profile == "bachelor" and rng.random() < 0.015
    # International students have no Dutch secondary school; colloquium doctum admits
    # applicants without a qualifying diploma.
    if not international and not student.colloquium and rng.random() < 0.97:
        student.school = rng.choice(SCHOOLS)
    local = f"{_ascii(first_name)}.{_ascii(prefix)}{_ascii(surname)}"
    student.email = ctx.emails.claim(local)
    return student


def _special_role(ctx: _Context, index: int) -> tuple[str | None, str | None]:
    """The first students of every call make sure the data covers every case.

    Student 0 is an old alumnus whose every record is past its term, student 1 a current
    first-year whose every record is within it, and students 2.. end their enrolment for
    each reason of art. 2.8 in turn (so all reasons occur from 13 students on).
    """
    if index == 0:
        return "past", None
    if index == 1:
        return "fresh", None
    if 2 <= index < 2 + len(END_REASONS):
        return None, END_REASONS[index - 2]
    return None, None


def _name(rng: random.Random, country: str | None) -> tuple[str, str, str]:
    if country is None and rng.random() < 0.92:
        first = rng.choice(DUTCH_FIRST)
        if rng.random() < 0.35:
            prefix, surname = rng.choice(DUTCH_PREFIXED)
            return first, prefix, surname
        return first, "", rng.choice(DUTCH_SURNAMES)
    # Internationals, and Dutch students whose family came from elsewhere.
    _, _, firsts, surnames, _ = FOREIGN[country or rng.choice(["Turkije", "Duitsland", "India"])]
    prefix = "von" if country == "Duitsland" and rng.random() < 0.05 else ""
    return rng.choice(firsts), prefix, rng.choice(surnames)


def _date_of_birth(ctx: _Context, student: _Student) -> dt.date:
    """About 18 at the start of a bachelor, 22 at a master; 17-30 today except alumni."""
    rng, start = student.rng, student.first_start
    age_at_start = {"master_intl": 22.5, "premaster": 22.0}.get(student.profile, 18.3)
    if student.spells[0].enrolment_type == "post_initial_master":
        age_at_start = 27.0
    born = start - dt.timedelta(days=int(365.25 * (age_at_start + rng.uniform(-0.8, 1.8))))
    if student.profile.startswith("alumnus"):
        return born
    youngest, oldest = _years_before(ctx.today, 17), _years_before(ctx.today, 30)
    return min(youngest, max(oldest + dt.timedelta(days=1), born))


def _form(rng: random.Random, international: bool) -> str:
    # International students here are all full-time (non-EU students need it for their
    # residence permit); part-time and dual are Dutch phenomena.
    return "voltijd" if international else _weighted(rng, FORMS)


# --- Enrolment histories --------------------------------------------------------------------


def _history(
    ctx: _Context, st: _Student, subtype: str | None, forced_reason: str | None
) -> list[_Spell]:
    rng, now_year = st.rng, ctx.current_year
    if st.profile == "alumnus_showcase":
        bachelor = _bachelor(
            ctx, st, rng.choice(ENGLISH_BACHELORS)[0], now_year - 18, fate="graduated", duration=3
        )
        return [bachelor, *_master_after(ctx, st, bachelor, force=True)]
    if st.profile == "bachelor_intl" and st.showcase == "fresh":
        return [_bachelor(ctx, st, rng.choice(ENGLISH_BACHELORS)[0], now_year, fate="open")]
    if forced_reason and forced_reason != "premaster_term":
        # Old enough that every reason's date lies in the past, yet within the last 7 years.
        return [
            _bachelor(
                ctx,
                st,
                _weighted(rng, DOMESTIC_BACHELORS),
                now_year - 5,
                fate=forced_reason,
                duration=3,
                drop_year=0,
            )
        ]
    if st.profile in ("bachelor", "bachelor_intl"):
        options = ENGLISH_BACHELORS if st.international else DOMESTIC_BACHELORS
        bachelor = _bachelor(ctx, st, _weighted(rng, options), rng.randint(now_year - 7, now_year))
        return [bachelor, *_master_after(ctx, st, bachelor)]
    if st.profile == "alumnus":
        options = ENGLISH_BACHELORS if st.international else DOMESTIC_BACHELORS
        cohort = rng.randint(ctx.today.year - 20, now_year - 9)
        fate = "graduated" if rng.random() < 0.7 else None
        bachelor = _bachelor(ctx, st, _weighted(rng, options), cohort, fate=fate)
        return [bachelor, *_master_after(ctx, st, bachelor)]
    if st.profile == "master_intl":
        start = _intake(rng, rng.randint(now_year - 4, now_year), ctx.today)
        return [_master(ctx, st, _weighted(rng, INTERNATIONAL_MASTERS), start, "master")]
    if st.profile == "premaster":
        return _premaster_route(ctx, st, forced_reason)
    return [_non_subsidised(ctx, st, subtype)]


def _intake(rng: random.Random, year: int, today: dt.date) -> dt.date:
    """A (pre)master starts on 1 September or 1 February (art. 2.3), never after today."""
    february = dt.date(year + 1, 2, 1)
    return february if rng.random() < 0.25 and february <= today else academic_year_start(year)


def _bachelor(
    ctx: _Context,
    st: _Student,
    programme: str,
    cohort: int,
    *,
    fate: str | None = None,
    duration: int | None = None,
    drop_year: int | None = None,
) -> _Spell:
    """A bachelor from 1 September ``cohort``; its fate happens only if its date has passed."""
    rng = st.rng
    fate = fate or _weighted(rng, BACHELOR_FATES)
    duration = duration or _weighted(rng, [(3, 50), (4, 35), (5, 15)])
    spell = _Spell(
        programme, "bachelor", _form(rng, st.international), academic_year_start(cohort), fate=fate
    )
    if fate == "graduated":
        exam = _between(rng, dt.date(cohort + duration, 6, 15), dt.date(cohort + duration, 8, 20))
        reason, end = _graduate_end(rng, exam)
        _settle(ctx, rng, spell, reason, exam, end)
    elif fate == "open":
        _settle(ctx, rng, spell, None, None, None)
    elif fate == "lingering":
        # Slow students who eventually stop re-enrolling, years after their cohort.
        _settle(ctx, rng, spell, "end_of_year", None, academic_year_end(cohort + duration + 2))
    else:
        year = (
            cohort
            if fate == "negative_bsa"
            else cohort
            + (drop_year if drop_year is not None else _weighted(rng, [(0, 50), (1, 30), (2, 20)]))
        )
        _settle(ctx, rng, spell, fate, None, _end_in_year(rng, fate, year))
    if fate == "negative_bsa":
        st.ability = min(st.ability, 5.0)
    return spell


def _graduate_end(rng: random.Random, exam: dt.date) -> tuple[str, dt.date]:
    """Art. 2.8.1: a graduate stays enrolled until 31 August unless they ask to leave.

    Asking ends the enrolment on the first day of the next month.
    """
    year_end = academic_year_end(academic_year_of(exam))
    asked = dt.date(exam.year + exam.month // 12, exam.month % 12 + 1, 1)
    if asked <= year_end and rng.random() < 0.4:
        return "own_request", asked
    return "end_of_year", year_end


def _end_in_year(rng: random.Random, reason: str, year: int) -> dt.date:
    """The end date art. 2.8 gives ``reason`` in academic year ``year``."""
    if reason not in MONTH_FIRST_REASONS:
        return academic_year_end(year)
    # A negative BSA is established in the second half of the first year.
    first = dt.date(year + 1, 1, 1) if reason == "negative_bsa" else dt.date(year, 10, 1)
    return rng.choice(_month_firsts(first - dt.timedelta(days=1), dt.date(year + 1, 8, 1)))


def _settle(
    ctx: _Context,
    rng: random.Random,
    spell: _Spell,
    reason: str | None,
    exam: dt.date | None,
    end: dt.date | None,
) -> None:
    """Apply a fate whose date has passed; otherwise the enrolment is still running.

    A graduate's enrolment may run on to 31 August after the exam. A running enrolment
    has no end date yet or, for some, the automatic end on 31 August of the current
    academic year (art. 2.8.1) with ``end_of_year`` as its reason.
    """
    if end is not None and (exam or end) <= ctx.today:
        spell.reason, spell.end, spell.exam_date = reason, end, exam
        return
    spell.fate = "open"
    scheduled = reason == "end_of_year" and end == academic_year_end(ctx.current_year)
    if scheduled or rng.random() < 0.3:
        spell.reason, spell.end = "end_of_year", academic_year_end(ctx.current_year)


def _master_after(
    ctx: _Context, st: _Student, bachelor: _Spell, force: bool = False
) -> list[_Spell]:
    """About half of the bachelor graduates go on to the master that follows theirs."""
    if bachelor.exam_date is None or not (force or st.rng.random() < 0.5):
        return []
    start = _intake(st.rng, bachelor.end.year, ctx.today)
    if start > ctx.today:
        return []
    fate = "graduated" if force else None
    return [_master(ctx, st, MASTER_AFTER[bachelor.programme], start, "master", fate=fate)]


def _master(
    ctx: _Context,
    st: _Student,
    programme: str,
    start: dt.date,
    enrolment_type: str,
    fate: str | None = None,
    form: str | None = None,
) -> _Spell:
    rng = st.rng
    fate = fate or _weighted(rng, MASTER_FATES)
    spell = _Spell(
        programme, enrolment_type, form or _form(rng, st.international), start, fate=fate
    )
    if fate == "graduated":
        years = _weighted(rng, [(2, 55), (3, 45)])
        exam = _years_before(start, -years) - dt.timedelta(days=rng.randint(20, 80))
        reason, end = _graduate_end(rng, exam)
        _settle(ctx, rng, spell, reason, exam, end)
    elif fate == "lingering":
        _settle(
            ctx, rng, spell, "end_of_year", None, academic_year_end(academic_year_of(start) + 4)
        )
    else:
        year = academic_year_of(start) + rng.randint(0, 1)
        # Never before the enrolment has run for a month or two (a February intake).
        earliest = _month_firsts(start, start + dt.timedelta(days=62))[-1]
        _settle(ctx, rng, spell, fate, None, max(_end_in_year(rng, fate, year), earliest))
    return spell


def _premaster_route(ctx: _Context, st: _Student, forced_reason: str | None) -> list[_Spell]:
    """HBO graduates: a premaster of at most a year, then (mostly) the master."""
    rng = st.rng
    year = (
        ctx.current_year - 2
        if forced_reason
        else rng.randint(ctx.current_year - 5, ctx.current_year)
    )
    start = _intake(rng, year, ctx.today)
    fate = forced_reason or _weighted(rng, PREMASTER_FATES)
    spell = _Spell(PREMASTER, "premaster", _form(rng, False), start, fate=fate)
    if fate == "end_of_year":
        end = academic_year_end(academic_year_of(start + dt.timedelta(days=200)))
    else:
        end = rng.choice(
            _month_firsts(start + dt.timedelta(days=150), start + dt.timedelta(days=420))
        )
    _settle(ctx, rng, spell, fate, None, end)
    spells = [spell]
    master_start = spell.end + dt.timedelta(days=1) if spell.end else None
    if (
        spell.reason == "end_of_year"
        and spell.fate != "open"
        and master_start <= ctx.today
        and rng.random() < 0.8
    ):
        spells.append(_master(ctx, st, M_CS, master_start, "master"))
    return spells


def _non_subsidised(ctx: _Context, st: _Student, subtype: str) -> _Spell:
    """Enrolments outside the funded programmes (art. 3): mostly one academic year."""
    rng = st.rng
    year = rng.randint(ctx.current_year - 12, ctx.current_year)
    if subtype in ("4tu_master", "post_initial_master"):
        form = "deeltijd" if subtype == "post_initial_master" else None
        programme = rng.choice([M_CS, M_ME]) if subtype == "4tu_master" else M_GEO
        return _master(ctx, st, programme, _intake(rng, year, ctx.today), subtype, form=form)
    programme = _weighted(
        rng,
        DOMESTIC_BACHELORS
        if subtype != "exchange_incoming"
        else ENGLISH_BACHELORS + INTERNATIONAL_MASTERS,
    )
    form = (
        "voltijd"
        if subtype == "exchange_incoming"
        else _weighted(rng, [("voltijd", 70), ("deeltijd", 30)])
    )  # no dual track outside programmes
    spell = _Spell(programme, subtype, form, academic_year_start(year), fate="end_of_year")
    _settle(ctx, rng, spell, "end_of_year", None, academic_year_end(year))
    return spell


# --- Rows: persons, study data and accounts ------------------------------------------------


def _student_rows(ctx: _Context, st: _Student) -> Iterator[tuple[type, dict]]:
    """Every row of one student, parents before children."""
    yield Person, _person_row(ctx, st)
    for spell in st.spells:
        yield Enrolment, _enrolment_row(ctx, st, spell)
    yield from _study_results(ctx, st)
    yield from _records(ctx, st)
    yield Account, _account_row(ctx, st)


def _person_row(ctx: _Context, st: _Student) -> dict:
    rng = st.rng
    created = st.first_start - dt.timedelta(days=rng.randint(40, 150))
    mail_domain = rng.choice(FOREIGN[st.country][4] if st.international else DUTCH_MAIL)
    return dict(
        id=st.id,
        student_number=st.number,
        initials=_initials(st.first_name),
        first_name=st.first_name,
        prefix=st.prefix,
        surname=st.surname,
        date_of_birth=st.date_of_birth,
        university_email=st.email,
        private_email=f"{_ascii(st.first_name)}{_ascii(st.surname)}{rng.randint(1, 99)}"
        f"@{mail_domain}",
        phone=f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        postal_address=_address(rng),
        nationality=FOREIGN[st.country][0] if st.international else DUTCH_NATIONALITY,
        school_brin=st.school[0] if st.school else None,
        school_name=st.school[1] if st.school else None,
        # Invited to the NSE in German from Germany, in English from elsewhere abroad.
        survey_language=_survey_language(st),
        is_restricted=False,
        created_at=_stamp(rng, created, ctx.today),
    )


def _survey_language(st: _Student) -> str:
    if not st.international:
        return "nl"
    return "de" if st.country == "Duitsland" else "en"


def _address(rng: random.Random) -> str:
    city, (low, high), streets, _ = _weighted(rng, [(t, t[3]) for t in TOWNS])
    letters = "SA"
    while letters in _BAD_POSTCODE_LETTERS:
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))
    number = f"{rng.randint(1, 250)}{rng.choice(['', '', '', 'A', '-2', '-3'])}"
    return f"{rng.choice(streets)} {number}\n{rng.randint(low, high)} {letters} {city.upper()}"


def _enrolment_row(ctx: _Context, st: _Student, spell: _Spell) -> dict:
    return dict(
        person=st.id,
        programme=ctx.programmes[spell.programme],
        enrolment_type=spell.enrolment_type,
        form=spell.form,
        start_date=spell.start,
        # Still enrolled: renewed through the current academic year, ending on its 31 August.
        end_date=spell.end or academic_year_end(ctx.current_year),
        end_reason=spell.reason,
        # No rng draw here, so the rest of the demo stays as it was: every third part-time
        # student follows it at a distance, and master's students have a track by number.
        distance_learning=spell.form == "deeltijd" and st.id % 3 == 0,
        track=MASTER_TRACKS[st.id % len(MASTER_TRACKS)]
        if spell.enrolment_type == "master"
        else None,
    )


def _account_row(ctx: _Context, st: _Student) -> dict:
    created = st.first_start - dt.timedelta(days=30)
    return dict(
        username=st.number.lower(),
        password_hash=ctx.password_hash,
        role=STUDENT,
        person=st.id,
        display_name=st.display_name,
        is_active=True,
        created_at=_stamp(st.rng, created, ctx.today),
        last_login_at=None,
    )


def _study_results(ctx: _Context, st: _Student) -> Iterator[tuple[type, dict]]:
    """Course results per academic year enrolled, and the degrees they lead to.

    A first-year's total EC is the sum of ``ec`` over passed results (grade >= 5.5) dated
    within the first academic year — what the school deliveries report.
    """
    for spell in st.spells:
        cutoff = min(d for d in (ctx.today, spell.end, spell.exam_date) if d is not None)
        results = list(_course_results(st, spell, cutoff))
        for course_code, course_name, ec, grade, day in results:
            yield (
                CourseResult,
                dict(
                    person=st.id,
                    course_code=course_code,
                    course_name=course_name,
                    ec=ec,
                    grade=grade,
                    result_date=day,
                ),
            )
        if spell.enrolment_type == "bachelor":
            propedeuse = _propedeuse_date(st, spell, results, cutoff)
            if propedeuse:
                yield Degree, _degree_row(ctx, st, spell, "propedeuse", propedeuse)
        if spell.exam_date:
            exam_type = "bachelor" if spell.enrolment_type == "bachelor" else "master"
            yield Degree, _degree_row(ctx, st, spell, exam_type, spell.exam_date)


def _degree_row(ctx, st: _Student, spell: _Spell, exam_type: str, day: dt.date) -> dict:
    return dict(
        person=st.id, programme=ctx.programmes[spell.programme], exam_type=exam_type, exam_date=day
    )


# Module results fall at the end of each quarter of the academic year.
_QUARTER_ENDS = ((11, 8), (1, 31), (4, 18), (7, 4))


_PROGRAMME_INDEX = {p[0]: i for i, p in enumerate(PROGRAMMES)}


def _course_code(programme: str, year: int, slot: int) -> str:
    """Nine digits like the UT's ``202001234``: stable per programme, study year and slot."""
    return f"2020{_PROGRAMME_INDEX[programme]:02d}{year}{slot:02d}"


def _course_results(st: _Student, spell: _Spell, cutoff: dt.date):
    """(code, name, ec, grade, date) for each result of ``spell``, none after ``cutoff``."""
    rng = st.rng
    floor = 5.5 if spell.exam_date else 1.0  # graduates passed everything
    first_year = academic_year_of(spell.start)
    for year in range(first_year, academic_year_of(cutoff) + 1):
        study_year = year - first_year + 1
        if spell.enrolment_type == "bachelor":
            modules = BACHELOR_MODULES[spell.programme]
            slots = range(4) if study_year <= 3 else sorted(rng.sample(range(4), rng.randint(1, 2)))
            for slot in slots:
                month, day = _QUARTER_ENDS[slot]
                when = dt.date(year + (month < 9), month, day) + dt.timedelta(
                    days=rng.randint(0, 10)
                )
                index = min(study_year, 3) * 4 - 4 + slot
                if when <= cutoff:
                    yield (
                        _course_code(spell.programme, min(study_year, 3), slot),
                        modules[index],
                        EC_MODULE,
                        _grade(rng, st.ability, floor),
                        when,
                    )
            if study_year >= 2 and rng.random() < 0.5:
                yield from _electives(st, spell, year, cutoff, 1)
        elif spell.enrolment_type in ("master", "4tu_master", "post_initial_master", "premaster"):
            catalogue = MASTER_COURSES[spell.programme]
            count = 4 if spell.enrolment_type == "premaster" else 5
            for slot in sorted(rng.sample(range(len(catalogue)), count)):
                when = _between(
                    rng,
                    max(spell.start, academic_year_start(year)) + dt.timedelta(days=60),
                    academic_year_end(year) - dt.timedelta(days=40),
                )
                if when <= cutoff:
                    yield (
                        _course_code(spell.programme, min(study_year, 3), slot),
                        catalogue[slot],
                        EC_COURSE,
                        _grade(rng, st.ability, floor),
                        when,
                    )
            if spell.exam_date and year == academic_year_of(spell.exam_date):
                for part in (1, 2):
                    when = spell.exam_date - dt.timedelta(days=(2 - part) * 90 + 7)
                    yield (
                        _course_code(spell.programme, 9, part),
                        f"Master thesis (part {part})",
                        EC_MODULE,
                        _grade(rng, st.ability, 5.5),
                        when,
                    )
        else:
            yield from _electives(st, spell, year, cutoff, rng.randint(1, 4))


def _electives(st: _Student, spell: _Spell, year: int, cutoff: dt.date, count: int):
    rng = st.rng
    for slot in sorted(rng.sample(range(len(ELECTIVES)), count)):
        when = _between(
            rng,
            max(spell.start, academic_year_start(year)) + dt.timedelta(days=50),
            academic_year_end(year) - dt.timedelta(days=45),
        )
        if when <= cutoff:
            yield (
                f"2019{90 + slot:02d}{year % 1000:03d}",
                ELECTIVES[slot],
                EC_COURSE,
                _grade(st.rng, st.ability + 0.3),
                when,
            )


def _propedeuse_date(st: _Student, spell: _Spell, results, cutoff: dt.date) -> dt.date | None:
    """The propaedeutic exam: all four first-year modules passed."""
    first_year = [
        r
        for r in results[:4]
        if r[2] == EC_MODULE and academic_year_of(r[4]) == academic_year_of(spell.start)
    ]
    if len(first_year) < 4 or any(r[3] < PASS_MARK for r in first_year):
        return None
    day = max(r[4] for r in first_year) + dt.timedelta(days=st.rng.randint(14, 40))
    return day if day <= cutoff else None


# --- Rows: the eleven retention record types ----------------------------------------------


def _records(ctx: _Context, st: _Student) -> Iterator[tuple[type, dict]]:
    """The records a student has, each a share of the population.

    ``fresh`` picks, where the record type allows, the variant still within its term
    (e.g. an identity copy not yet processed); otherwise dates follow the student's
    history, so older students tend to have records past their term.
    """
    rng, everything = st.rng, st.showcase is not None
    fresh = st.showcase == "fresh"
    first_year_now = academic_year_of(st.first_start) == ctx.current_year
    main = st.spells[0]

    if everything or rng.random() < 0.30:
        unprocessed = fresh if everything else rng.random() < (0.4 if first_year_now else 0.03)
        yield IdentityDocumentCopy, _identity_copy(ctx, st, unprocessed)
    if (
        st.international
        and main.enrolment_type != "exchange_incoming"
        and (everything or rng.random() < 0.9)
    ):
        yield ForeignAdmissionDecision, _foreign_admission(ctx, st)
    deficient = st.profile in ("premaster", "master_intl")
    if everything or rng.random() < (0.25 if deficient else 0.02):
        yield (
            DeficiencyDocument,
            _deficiency(ctx, st, recent=fresh or (not everything and rng.random() < 0.2)),
        )
    if everything or st.colloquium:
        yield ColloquiumDoctumDecision, _colloquium(ctx, st)
    if everything or (main.programme in SELECTION_PROGRAMMES and rng.random() < 0.6):
        yield SelectionDocument, _selection(ctx, st, next_year=fresh)
    elif first_year_now and rng.random() < 0.03:
        # Placed elsewhere this year, trying the numerus fixus again for the next.
        yield SelectionDocument, _selection(ctx, st, next_year=True)
    if everything or (main.programme in MATCHING_PROGRAMMES and rng.random() < 0.7):
        yield MatchingResult, _matching(ctx, st, next_year=fresh)
    elif first_year_now and rng.random() < 0.03:
        yield MatchingResult, _matching(ctx, st, next_year=True)
    # Incoming exchange students, and bachelors who went abroad in their third year.
    if (
        everything
        or main.enrolment_type == "exchange_incoming"
        or (
            main.enrolment_type == "bachelor"
            and rng.random() < 0.06
            and academic_year_of(main.start) + 2 <= ctx.current_year
        )
    ):
        yield ExchangeDocument, _exchange(ctx, st, fresh)
    if everything or main.enrolment_type == "course_participant":
        yield CourseParticipantForm, _course_participant_form(ctx, st)
    if everything or rng.random() < 0.35:
        yield DirectDebitMandate, _direct_debit(ctx, st)
    if everything or rng.random() < 0.12:
        for _ in range(1 if everything else rng.choice([1, 1, 2, 3])):
            yield CounsellingEntry, _counselling(ctx, st)
    yield from _survey_handovers(ctx, st, everything, fresh)
    yield from _nse_answers(ctx, st, everything)
    yield from _later_records(ctx, st, everything, fresh)


def _later_records(
    ctx: _Context, st: _Student, everything: bool, fresh: bool
) -> Iterator[tuple[type, dict]]:
    """The five record types added for issue 7 §5, drawn after the others.

    Drawn last so that adding them left every earlier row of a seed unchanged.
    """
    rng = st.rng
    if everything or rng.random() < (0.10 if st.international else 0.03):
        yield SummerSchoolParticipation, _summer_school(ctx, st, fresh)
    if everything or rng.random() < 0.30:
        for _ in range(1 if everything else rng.randint(1, 2)):
            yield AdmissionEmail, _admission_email(ctx, st, fresh)
    if everything or rng.random() < 0.03:
        yield EvaluationRecording, _evaluation_recording(ctx, st, fresh)
    if everything or rng.random() < 0.40:
        for _ in range(1 if everything else rng.randint(1, 2)):
            yield EvaluationForm, _evaluation_form(ctx, st, fresh)
    graduated = any(spell.exam_date for spell in st.spells)
    if everything or (graduated and rng.random() < 0.05):
        yield AccreditationDocument, _accreditation_document(ctx, st, fresh)


def _last_day(ctx: _Context, st: _Student) -> dt.date:
    return min(d for d in (ctx.today, st.spells[-1].end) if d is not None)


def _summer_school(ctx: _Context, st: _Student, fresh: bool) -> dict:
    """Before the first year (international), or a summer during the studies."""
    rng = st.rng
    year = (
        ctx.today.year - (0 if ctx.today.month >= 8 else 1)
        if fresh
        else min(st.first_start.year, ctx.today.year - 2)
    )
    school = rng.choice(
        ["Summer School Smart Cities", "Summer School Robotics", "Winter School Energy Transition"]
    )
    ended = dt.date(year, 7, rng.randint(10, 31))
    row = _record(
        ctx,
        st,
        f"Aanmelding {school} {year}",
        f"Aanmelding en deelnamebrief {school}; deelnamegeld voldaan.",
        min(ctx.today, ended - dt.timedelta(days=rng.randint(60, 120))),
    )
    report = ended + dt.timedelta(days=rng.randint(60, 150))
    row.update(
        school_name=school,
        school_ended_on=ended,
        annual_report_on=None if fresh or report > ctx.today or rng.random() < 0.3 else report,
    )
    return row


_EMAIL_SUBJECTS = {
    "application": "Ontvangstbevestiging aanmelding",
    "matching": "Uitnodiging matchingsdag",
    "selection": "Uitslag selectieprocedure",
    "bsa": "Voorlopig studieadvies",
}


def _admission_email(ctx: _Context, st: _Student, fresh: bool) -> dict:
    rng = st.rng
    cohort = ctx.current_year if fresh else academic_year_of(st.first_start)
    topic = rng.choice(list(ADMISSION_EMAIL_TOPICS))
    start = academic_year_start(cohort)
    sent = {
        "application": start - dt.timedelta(days=rng.randint(100, 200)),
        "matching": start - dt.timedelta(days=rng.randint(60, 100)),
        "selection": start - dt.timedelta(days=rng.randint(100, 140)),
        "bsa": start + dt.timedelta(days=rng.randint(90, 150)),
    }[topic]
    sent = min(sent, ctx.today)
    row = _record(
        ctx,
        st,
        f"{_EMAIL_SUBJECTS[topic]} {cohort}-{cohort + 1}",
        f"E-mail aan {st.display_name} over {ADMISSION_EMAIL_TOPICS[topic].nl}.",
        sent,
    )
    row.update(topic=topic, cohort=cohort, sent_on=sent)
    return row


def _evaluation_recording(ctx: _Context, st: _Student, fresh: bool) -> dict:
    rng = st.rng
    course = ELECTIVES[rng.randrange(len(ELECTIVES))]
    recorded = (
        ctx.today - dt.timedelta(days=rng.randint(5, 30))
        if fresh
        else min(ctx.today, _between(rng, st.first_start, _last_day(ctx, st)))
    )
    done = recorded + dt.timedelta(days=rng.randint(30, 120))
    row = _record(
        ctx,
        st,
        f"Opname college {course} (BKO)",
        f"College {course} opgenomen voor de BKO-beoordeling van de docent; "
        f"student in beeld bij een vraag uit de zaal.",
        recorded,
    )
    row.update(
        course_name=course,
        recorded_on=recorded,
        evaluation_done_on=None if fresh or done > ctx.today else done,
    )
    return row


def _evaluation_form(ctx: _Context, st: _Student, fresh: bool) -> dict:
    rng = st.rng
    course = ELECTIVES[rng.randrange(len(ELECTIVES))]
    submitted = (
        ctx.today - dt.timedelta(days=rng.randint(1, 10))
        if fresh
        else min(ctx.today, _between(rng, st.first_start, _last_day(ctx, st)))
    )
    processed = submitted + dt.timedelta(days=rng.randint(14, 60))
    score = rng.randint(1, 5)
    row = _record(
        ctx,
        st,
        f"Evaluatie {course}",
        rng.choice(
            [
                "Duidelijke colleges, te weinig oefenstof.",
                "Tentamen sloot goed aan op de opdrachten.",
                "Werkgroep te groot; feedback kwam laat.",
            ]
        ),
        submitted,
    )
    row.update(
        course_name=course,
        submitted_on=submitted,
        overall_score=score,
        processed_on=None if fresh or processed > ctx.today else processed,
    )
    return row


def _accreditation_document(ctx: _Context, st: _Student, fresh: bool) -> dict:
    rng, spell = st.rng, st.spells[-1]
    made = spell.exam_date or min(ctx.today, spell.start + dt.timedelta(days=700))
    if fresh:
        made = min(ctx.today, made)
    kind = "scriptie met beoordelingsformulier" if spell.exam_date else "toets met beoordeling"
    decided = made + dt.timedelta(days=rng.randint(300, 700))
    row = _record(
        ctx,
        st,
        f"Accreditatie {_programme_name_or_code(spell.programme)}: {kind}",
        f"Werk van {st.display_name} beschikbaar gesteld aan het visitatiepanel.",
        min(ctx.today, made),
    )
    row.update(
        programme=ctx.programmes[spell.programme],
        document_kind=kind,
        final_decision_on=None if fresh or decided > ctx.today else decided,
    )
    return row


def _programme_name_or_code(code: str) -> str:
    return next((p[1] for p in PROGRAMMES if p[0] == code), code)


def _record(
    ctx: _Context, st: _Student, title: str, text: str, day: dt.date, file_share: float = 0.0
) -> dict:
    """Fields every record type shares; a few records carry a (tiny, fake) scanned PDF."""
    row = dict(
        person=st.id,
        title=title,
        content_text=text,
        file_name=None,
        file_data=None,
        created_at=_stamp(st.rng, day, ctx.today),
    )
    if file_share and st.rng.random() < file_share:
        slug = _ascii(title)[:40] or "document"
        row.update(file_name=f"{slug}-{st.number}.pdf", file_data=_fake_pdf(title, st.number))
    return row


def _identity_copy(ctx: _Context, st: _Student, unprocessed: bool) -> dict:
    rng = st.rng
    kind = (
        rng.choice(["passport", "residence_permit"])
        if st.international
        else rng.choice(["id_card", "id_card", "passport"])
    )
    label = {
        "passport": "paspoort",
        "id_card": "identiteitskaart",
        "residence_permit": "verblijfsvergunning",
    }[kind]
    received = min(ctx.today, st.first_start - dt.timedelta(days=rng.randint(20, 120)))
    processed = None if unprocessed else received + dt.timedelta(days=rng.randint(1, 30))
    if processed and processed > ctx.today:
        processed = None
    shared = _record(
        ctx,
        st,
        f"Kopie {label}",
        f"Kopie {label} ontvangen bij de inschrijving van {st.display_name}; "
        f"BSN en pasfoto afgeschermd.",
        received,
        file_share=0.05,
    )
    # Through the domain's gate: an unmasked copy is never stored (rug §2.1).
    row = identity_copy_row(
        person_id=shared["person"],
        title=shared["title"],
        content_text=shared["content_text"],
        file_name=shared["file_name"],
        file_data=shared["file_data"],
        created_at=shared["created_at"],
        document_type=kind,
        bsn_masked=True,
        photo_masked=True,
        received_on=received,
    )
    if processed:
        row.update(processed_on=processed, processing="enrolment")
    return row


def _foreign_admission(ctx: _Context, st: _Student) -> dict:
    rng = st.rng
    decided = st.first_start - dt.timedelta(days=rng.randint(40, 200))
    admitted = rng.random() < 0.9 or st.showcase is not None
    # The term runs from the enrolment, or from withdrawing a rejected application.
    settled = (
        st.first_start
        if admitted
        else (decided + dt.timedelta(days=rng.randint(5, 60)) if rng.random() < 0.7 else None)
    )
    row = _record(
        ctx,
        st,
        f"Toelatingsbesluit buitenlandse vooropleiding ({st.country})",
        f"Diploma uit {st.country} beoordeeld; "
        f"{'toelaatbaar' if admitted else 'niet toelaatbaar'} tot de opleiding.",
        decided,
        file_share=0.05,
    )
    row.update(
        country=st.country,
        outcome="admitted" if admitted else "rejected",
        decided_on=decided,
        settled_on=settled if settled is None or settled <= ctx.today else None,
    )
    return row


def _deficiency(ctx: _Context, st: _Student, recent: bool) -> dict:
    """Deficiencies found at admission; ``recent``: for an application decided lately."""
    rng = st.rng
    deficiency = rng.choice(DEFICIENCIES)
    if recent:
        decided = ctx.today - dt.timedelta(days=rng.randint(14, 120))
        if not st.showcase and rng.random() < 0.3:
            decided = None  # the admission decision is still pending
    else:
        decided = min(ctx.today, st.first_start - dt.timedelta(days=rng.randint(30, 150)))
    row = _record(
        ctx,
        st,
        f"Deficiëntie: {deficiency}",
        f"Bewijsstukken bij de toelatingsaanvraag; deficiëntie: {deficiency.lower()}.",
        decided or ctx.today,
        file_share=0.05,
    )
    row.update(deficiency=deficiency, admission_decided_on=decided)
    return row


def _colloquium(ctx: _Context, st: _Student) -> dict:
    rng = st.rng
    decided = min(ctx.today, st.first_start - dt.timedelta(days=rng.randint(60, 200)))
    admitted = rng.random() < 0.8 or bool(st.showcase)
    row = _record(
        ctx,
        st,
        "Besluit colloquium doctum",
        "Toelatingsonderzoek (21+) voor wiskunde en Engels; "
        f"kandidaat {'toegelaten' if admitted else 'afgewezen'}.",
        decided,
    )
    row.update(outcome="admitted" if admitted else "rejected", decided_on=decided)
    return row


def _selection(ctx: _Context, st: _Student, next_year: bool) -> dict:
    rng, main = st.rng, st.spells[0]
    programme = (
        main.programme
        if main.programme in SELECTION_PROGRAMMES
        else rng.choice(SELECTION_PROGRAMMES)
    )
    year = ctx.current_year + 1 if next_year else academic_year_of(main.start)
    name = _programme_name(programme)
    row = _record(
        ctx,
        st,
        f"Selectiedossier {name} {year}-{year + 1}",
        f"Motivatiebrief, cijferlijst en uitslag selectietoets voor {name}.",
        min(ctx.today, dt.date(year, 4, 15)),
    )
    row.update(
        programme=ctx.programmes[programme],
        academic_year=year,
        rank=rng.randint(1, 600) if rng.random() < 0.8 else None,
    )
    return row


def _matching(ctx: _Context, st: _Student, next_year: bool) -> dict:
    rng, main = st.rng, st.spells[0]
    programme = (
        main.programme if main.programme in MATCHING_PROGRAMMES else rng.choice(MATCHING_PROGRAMMES)
    )
    year = ctx.current_year + 1 if next_year else academic_year_of(main.start)
    advice = _weighted(rng, zip(MATCHING_ADVICE, (70, 20, 10), strict=True))
    name = _programme_name(programme)
    row = _record(
        ctx,
        st,
        f"Matching {name} {year}-{year + 1}",
        f"Matchingsdag {name}: {MATCHING_ADVICE[advice].nl}.",
        min(ctx.today, dt.date(year, 5, 1)),
    )
    row.update(
        programme=ctx.programmes[programme],
        academic_year=year,
        advice=advice,
        subject_pseudonym=None,
    )
    return row


def _exchange(ctx: _Context, st: _Student, fresh: bool) -> dict:
    rng, main = st.rng, st.spells[0]
    incoming = main.enrolment_type == "exchange_incoming"
    year = academic_year_of(main.start) + (0 if incoming else 2)
    if fresh or year > ctx.current_year:
        year = ctx.current_year
    partner = rng.choice([p for p in PARTNER_INSTITUTIONS if p != "University of Twente"])
    row = _record(
        ctx,
        st,
        f"Learning agreement {partner}",
        f"{'Inkomende' if incoming else 'Uitgaande'} uitwisseling {year}-{year + 1} "
        f"met {partner}; vakkenpakket goedgekeurd.",
        min(ctx.today, academic_year_start(year) - dt.timedelta(days=60)),
        file_share=0.05,
    )
    row.update(partner_institution=partner, academic_year=year)
    return row


def _course_participant_form(ctx: _Context, st: _Student) -> dict:
    main = st.spells[0]
    start = (
        main.start
        if main.enrolment_type == "course_participant"
        else academic_year_start(
            academic_year_of(st.first_start) - (0 if st.showcase == "fresh" else 1)
        )
    )
    course = ELECTIVES[st.rng.randrange(len(ELECTIVES))]
    row = _record(
        ctx,
        st,
        f"Aanmeldformulier cursusdeelnemer: {course}",
        f"Aanmelding als contractstudent voor {course}; cursusgeld voldaan.",
        min(ctx.today, start - dt.timedelta(days=30)),
    )
    row.update(course_name=course, course_year_start=start)
    return row


def _direct_debit(ctx: _Context, st: _Student) -> dict:
    rng = st.rng
    signed = min(ctx.today, st.first_start - dt.timedelta(days=rng.randint(10, 60)))
    holder = (
        st.display_name
        if rng.random() < 0.6
        else f"{rng.choice('JMAPHW')}. {' '.join(p for p in (st.prefix, st.surname) if p)}"
    )
    row = _record(
        ctx,
        st,
        "Machtiging automatische incasso collegegeld",
        "Doorlopende machtiging voor het collegegeld in termijnen.",
        signed,
        file_share=0.05,
    )
    row.update(iban=_iban(rng), account_holder=holder, signed_on=signed)
    return row


_COUNSELLING_TEXTS = [
    (
        "Voortgangsgesprek",
        "Studievoortgang besproken; planning voor de herkansingen gemaakt.",
        False,
    ),
    ("Gesprek studievertraging", "Student loopt achter door persoonlijke omstandigheden.", False),
    (
        "Bijzondere omstandigheden",
        "Medische klachten gemeld; extra tentamentijd geadviseerd.",
        True,
    ),
    (
        "Gesprek welzijn",
        "Psychische klachten besproken; doorverwezen naar de studentpsycholoog.",
        True,
    ),
    ("Advies BSA", "Mogelijk negatief BSA besproken; persoonlijke omstandigheden gemeld.", False),
]


def _counselling(ctx: _Context, st: _Student) -> dict:
    """A dossier entry; some about health (special category), some internal notes."""
    rng = st.rng
    last = min(d for d in (ctx.today, st.spells[-1].end) if d is not None)
    written = _between(rng, st.first_start + dt.timedelta(days=30), last)
    title, text, special = rng.choice(_COUNSELLING_TEXTS)
    internal = rng.random() < 0.2
    if internal:
        title, text = "Interne notitie", "Eigen indruk: " + text[0].lower() + text[1:]
    row = _record(ctx, st, title, text, written, file_share=0.02)
    row.update(
        counsellor=rng.choice(COUNSELLORS),
        written_on=written,
        is_special_category=special,
        is_internal_note=internal,
        shared_further=internal and rng.random() < 0.25,
    )
    return row


def _surveys(year: int) -> list[tuple[str, dt.date, dt.date, bool]]:
    """The surveys of ``year``: (name, handed over, delete on, internationals only).

    Between them there is always a hand-over whose deletion date is still ahead: the NSE
    list goes out mid-December and is deleted on 14 October (nse), the barometer's in
    October and deleted on 1 March.
    """
    return [
        (f"NSE {year}", dt.date(year - 1, 12, 15), dt.date(year, 10, 14), False),
        (
            f"International Student Barometer {year}",
            dt.date(year, 10, 1),
            dt.date(year + 1, 3, 1),
            True,
        ),
    ]


def _survey_handovers(
    ctx: _Context, st: _Student, everything: bool, fresh: bool
) -> Iterator[tuple[type, dict]]:
    """A quarter of the students were on a survey list in some years they were enrolled."""
    rng = st.rng
    last = min(d for d in (ctx.today, st.spells[-1].end) if d is not None)
    candidates = [
        s
        for year in range(st.first_start.year, last.year + 2)
        for s in _surveys(year)
        if st.first_start <= s[1] <= last and (st.international or not s[3])
    ]
    if everything:
        ahead = [s for s in candidates if (s[2] > ctx.today) == fresh]
        candidates = (
            ahead[-1:]
            or [
                s
                for y in (ctx.today.year, ctx.today.year + 1)
                for s in _surveys(y)
                if s[1] <= ctx.today < s[2]
            ][:1]
        )
    elif rng.random() < 0.25:
        candidates = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
    else:
        candidates = []
    for name, handed, delete_on, _ in candidates:
        row = _record(
            ctx,
            st,
            f"Overdracht e-mailadres {name}",
            f"E-mailadres en opleidingskenmerken doorgegeven voor {name}.",
            handed,
        )
        row.update(
            survey_name=name, email_address=st.email, handed_over_on=handed, delete_on=delete_on
        )
        yield SurveyHandover, row


# The NSE's link file comes back on 1 June of the survey's year; its question codes, and
# those of the block "Studeren met een ondersteuningsbehoefte" (a separate file).
NSE_LINKED_ON = (6, 1)
NSE_QUESTIONS = ("ALG.1", "ALG.2", "INH.1", "DOC.1")
NSE_SUPPORT_QUESTIONS = ("OB.1", "OB.2")


def _nse_answers(ctx: _Context, st: _Student, everything: bool) -> Iterator[tuple[type, dict]]:
    """The linked answers of the latest NSE whose link file has come back and whose answers
    are still within their term, for about a third of those surveyed; the support-needs
    block for a few. A generator of its own, so the other demo data stay as they were."""
    last = min(d for d in (ctx.today, st.spells[-1].end) if d is not None)
    years = [
        y
        for y in (ctx.today.year, ctx.today.year - 1)
        if dt.date(y, *NSE_LINKED_ON) <= ctx.today
        and st.first_start <= dt.date(y - 1, 12, 15) <= last
    ]
    if not years:
        return
    year = years[0]
    rng = random.Random(f"nse-answers:{ctx.seed}:{st.number}")
    if not (everything or rng.random() < 0.3):
        return
    linked_on = dt.date(year, *NSE_LINKED_ON)
    key = f"R{year}{rng.randrange(10**7):07d}"
    for model, questions in (
        (SurveyLinkedAnswer, NSE_QUESTIONS),
        (SurveySupportAnswer, NSE_SUPPORT_QUESTIONS if everything or rng.random() < 0.1 else ()),
    ):
        for question in questions:
            yield (
                model,
                dict(
                    person=st.id,
                    survey_name=f"NSE {year}",
                    respondent_key=key,
                    question=question,
                    score=rng.randint(1, 5),
                    imported_on=linked_on,
                ),
            )


def _programme_name(code: str) -> str:
    return next(p[1] for p in PROGRAMMES if p[0] == code)


# --- Writing -------------------------------------------------------------------------------


class _BulkWriter:
    """Buffers rows per model and writes them as multi-row INSERTs.

    A statement holds as many rows as fit in ``max_params`` bound parameters for that
    model's column count. Writing a model first writes every model before it in
    ``order``, so persons are always in the database before rows that point to them.
    Rows arrive as dicts (readable builders) and are stored as tuples with the column
    list given once: peewee looks dict values up by trying several keys per value,
    which made inserting from dicts almost twice as slow.
    """

    def __init__(self, order, max_params: int):
        self.order = list(order)
        self.buffers: dict[type, list[tuple]] = {model: [] for model in self.order}
        self.columns: dict[type, tuple[str, ...]] = {}
        self.rows_per_statement = {
            model: max(1, max_params // len(model._meta.sorted_fields)) for model in self.order
        }
        self.counts: Counter = Counter()

    def add(self, model, row: dict) -> None:
        columns = self.columns.setdefault(model, tuple(row))
        buffer = self.buffers[model]
        buffer.append(tuple(row[name] for name in columns))
        if len(buffer) >= self.rows_per_statement[model]:
            self._flush_through(model)

    def flush_all(self) -> None:
        self._flush_through(self.order[-1])

    def _flush_through(self, last) -> None:
        for model in self.order:
            rows = self.buffers[model]
            if rows:
                fields = [model._meta.fields[name] for name in self.columns[model]]
                # as_rowcount: skip PostgreSQL's RETURNING of every new id.
                model.insert_many(rows, fields=fields).as_rowcount().execute()
                self.counts[model._meta.table_name] += len(rows)
                rows.clear()
            if model is last:
                return
