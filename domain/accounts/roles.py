"""Every role an account can have, with its label: the one list the portal reads.

Staff see only what their function needs (seeds/rug §1.4); the register names, per
field, which of these roles may see it.
"""

from __future__ import annotations

from domain.core.text import Text

STUDENT = "student"
DESK = "desk"
DISCLOSURE = "disclosure"
ADMIN = "admin"
# Study adviser or student counsellor (studieadviseur, studentendecaan): keeps the
# counselling dossier and may read special-category data in it (rug 8.3).
COUNSELLOR = "counsellor"

STAFF_ROLES = {
    DESK: Text("privacyloket", "privacy desk"),
    DISCLOSURE: Text("medewerker leveringen", "delivery officer"),
    ADMIN: Text("beheerder / FG", "administrator / DPO"),
    COUNSELLOR: Text("studieadviseur / studentendecaan", "study adviser / student counsellor"),
}

# Roles bound to confidentiality by office, profession or a signed agreement: only they may
# see special-category data (UAVG art. 30(4) with GDPR art. 9(2)(g); rug 8.3).
CONFIDENTIAL_ROLES = frozenset({COUNSELLOR})
