"""An enrolment's end date is always known: open enrolments end on 31 August.

Enrolment regulations art. 2.7 and 2.8.1: an enrolment lasts one academic year at most
and ends on 31 August unless it is renewed. An enrolment stored without an end date was
running when this migration ran: it is taken as renewed through the academic year
running on that day, so it ends on that year's 31 August (and is renewed from then on by
``domain.people.enrolments.renew``).
"""

import datetime as dt

from peewee import *


def _end_of_running_year(today: dt.date) -> dt.date:
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year + 1, 8, 31)


def up(migrator, db):
    end = _end_of_running_year(dt.date.today())
    db.execute_sql(f"UPDATE enrolment SET end_date = {db.param} WHERE end_date IS NULL", [end])
    migrator.migrate(migrator.add_not_null("enrolment", "end_date"))


def down(migrator, db):
    migrator.migrate(migrator.drop_not_null("enrolment", "end_date"))
