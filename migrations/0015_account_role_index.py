"""An index on account.role: the desk's request page lists the desk members by role.

With a student account per student, finding the handful of desk accounts otherwise scans
every account (100,000 in the benchmark set) on each request page.
"""


def up(migrator, db):
    migrator.migrate(migrator.add_index("account", ("role",), False))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("account", "account_role"))
