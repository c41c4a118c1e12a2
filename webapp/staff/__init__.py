"""One student's data as a staff member may see it: shared by every role that needs it.

What a role sees is decided by the register (``staff_may_see``), not by the page, so the
privacy desk and the study advisers share one blueprint; each view is audited.
"""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from webapp.staff import routes  # noqa: E402,F401
