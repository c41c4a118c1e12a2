from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

_DATE_HELP = _l("Consent is checked for this whole day (Amsterdam time). It must be a day "
                "that has ended.")


def _reference_date():
    return DateField(_l("Reference date"), description=_DATE_HELP,
                     validators=[InputRequired(message=_l("Enter the reference date."))])


class KiviForm(FlaskForm):
    year = IntegerField(_l("Year of the exams"), validators=[
        InputRequired(message=_l("Enter the year of the exams.")),
        NumberRange(min=1900, max=2999, message=_l("Enter a year, such as 2024."))])
    reference_date = _reference_date()


class SchoolsForm(FlaskForm):
    cohort = IntegerField(_l("First-year cohort (the year it started)"), validators=[
        InputRequired(message=_l("Enter the year the cohort started.")),
        NumberRange(min=1900, max=2999, message=_l("Enter a year, such as 2024."))])
    reference_date = _reference_date()


class BedrijvendagenForm(FlaskForm):
    visitors_file = FileField(_l("Scanned student numbers (CSV or text file, one per line)"))
    reference_date = _reference_date()
    # Carried from the preview to the run, and checked again like an upload.
    visitors = HiddenField(validators=[Optional()])
    visitor_lines = HiddenField(validators=[Optional()])
    duplicates = HiddenField(validators=[Optional()])
