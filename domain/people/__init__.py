"""Persons, programmes, enrolments, results and degrees: the basic study data."""
