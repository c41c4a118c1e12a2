"""End reasons follow art. 2.8 ('graduated' is no reason); applicants get an end date.

A graduate's enrolment ends on 31 August (end_of_year), or earlier only at their own
request (own_request, art. 2.8.1). Existing rows are converted by their end date.
"""

# Written by hand; it imports no live model. The distinct end dates are few (a graduate
# ends on 31 August or on the first of a month), so the rows change in two UPDATEs.
from peewee import *


def up(migrator, db):
    # An applicant who never enrolled: the end of the application starts their terms.
    migrator.migrate(migrator.add_column("person", "application_ended_on", DateField(null=True)))
    dates = [
        row[0]
        for row in db.execute_sql(
            "SELECT DISTINCT end_date FROM enrolment WHERE end_reason = 'graduated'"
        ).fetchall()
    ]
    year_ends = [d for d in dates if d is not None and str(d)[5:10] == "08-31"]
    if year_ends:
        marks = ", ".join([db.param] * len(year_ends))
        db.execute_sql(
            "UPDATE enrolment SET end_reason = 'end_of_year' "
            f"WHERE end_reason = 'graduated' AND end_date IN ({marks})",
            year_ends,
        )
    db.execute_sql(
        "UPDATE enrolment SET end_reason = 'own_request' "
        "WHERE end_reason = 'graduated' AND end_date IS NOT NULL"
    )
    # Without an end date the enrolment has not ended: no reason yet.
    db.execute_sql("UPDATE enrolment SET end_reason = NULL WHERE end_reason = 'graduated'")


def down(migrator, db):
    # Which of these followed a graduation is not recorded; they stay as converted.
    migrator.migrate(migrator.drop_column("person", "application_ended_on"))
