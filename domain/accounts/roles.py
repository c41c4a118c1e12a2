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

STAFF_ROLES = {
    DESK: Text("privacyloket", "privacy desk"),
    DISCLOSURE: Text("verstrekkingen", "disclosure officer"),
    ADMIN: Text("beheerder / FG", "administrator / DPO"),
}
