"""Every record type, part and coded value has a name a student understands, in both languages."""

import re

from domain.register import RECORD_TYPES, record_type_named
from domain.register.declarations import PERSON_PARTS, PERSON_PARTS_FOR_STAFF
from domain.register.subject_data import RecordTypeView, categories, category_parts

_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$|^([A-Z][a-z]+){2,}$")  # snake_case or ClassName


def test_every_record_type_has_a_name_in_both_languages_not_its_class_name():
    for rt in RECORD_TYPES:
        name = rt.model.__name__
        assert rt.label.nl and rt.label.en, name
        assert name not in {rt.label.nl, rt.label.en}, name
        assert not _CODE.match(rt.label.nl) and not _CODE.match(rt.label.en), name
        assert record_type_named(name) is rt


def test_every_coded_value_has_a_label_in_both_languages():
    for rt in RECORD_TYPES:
        for f in rt.fields:
            for code, label in (f.values or {}).items():
                assert label.nl and label.en, (rt.model.__name__, f.name, code)
                assert code not in {label.nl, label.en} or not _CODE.match(code), code


def test_every_part_of_my_data_is_named_as_a_thing_not_a_list_of_columns():
    for category in categories():
        for rt, fields in category_parts(category):
            view = RecordTypeView(rt, fields)
            heading = view.heading
            column_list = ", ".join(f.label.nl for f in fields)
            assert heading.nl != column_list or len(fields) == 1, heading
            if view.is_the_person:
                assert (category, fields[0].retention.key) in PERSON_PARTS, category


def test_staff_read_the_same_parts_named_without_your():
    assert PERSON_PARTS_FOR_STAFF.keys() == PERSON_PARTS.keys()
    for key, name in PERSON_PARTS_FOR_STAFF.items():
        assert name.nl and name.en, key
        assert not re.search(r"\b(je|jouw)\b", name.nl, re.I), name
        assert not re.search(r"\byour\b", name.en, re.I), name


_YOURS_NL = re.compile(r"\b(je|jouw|jou)\b", re.I)
_YOURS_EN = re.compile(r"\byour\b", re.I)


def test_every_record_type_is_headed_for_the_student_as_theirs_in_both_languages():
    from domain.register.declarations import STUDENT_HEADINGS

    names = {rt.model.__name__ for rt in RECORD_TYPES if rt.model.__name__ != "Person"}
    assert set(STUDENT_HEADINGS) == names  # every record type, and no name of a removed one
    for category in categories():
        for rt, fields in category_parts(category):
            heading = RecordTypeView(rt, fields).heading
            assert _YOURS_NL.search(heading.nl), heading
            assert _YOURS_EN.search(heading.en), heading
            assert heading.nl != rt.label.nl or rt.model.__name__ == "Person", heading
