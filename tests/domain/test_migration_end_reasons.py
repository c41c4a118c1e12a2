"""Migration 0008 turns the end reason 'graduated' into the reasons of art. 2.8."""

from tests.support import insert_person_and_programme


def test_graduated_becomes_end_of_year_or_own_request(old_db):
    db, runner = old_db
    runner.up(target="0007_records_retention_rows")
    p = db.param
    insert_person_and_programme(db)
    rows = [
        ("2020-08-31", "graduated"),
        ("2021-08-01", "graduated"),
        (None, "graduated"),
        ("2019-10-01", "illness"),
    ]
    for end, reason in rows:
        db.execute_sql(
            "INSERT INTO enrolment (person_id, programme_id, enrolment_type, form, "
            f"start_date, end_date, end_reason) VALUES (1, 1, {p}, {p}, {p}, {p}, {p})",
            ("bachelor", "voltijd", "2017-09-01", end, reason),
        )
    assert "0008_end_reasons_and_applications" in runner.up()
    reasons = [r for (r,) in db.execute_sql("SELECT end_reason FROM enrolment ORDER BY id")]
    assert reasons == ["end_of_year", "own_request", None, "illness"]
