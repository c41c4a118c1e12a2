"""The kinds of export and the version of their JSON schema (docs/export-schema.md)."""

from __future__ import annotations

from domain.core.text import Text

# Raise on any change to the document's shape, and describe it in docs/export-schema.md.
SCHEMA_VERSION = 1

ACCESS, PORTABILITY = "access", "portability"
KINDS = {
    ACCESS: Text("al je gegevens (inzage)", "all your data (access)"),
    PORTABILITY: Text(
        "de gegevens die je zelf gaf (overdraagbaarheid)", "the data you provided (portability)"
    ),
}
# The forms each kind is downloaded in; the first is the one the list page offers first.
FORMATS = {ACCESS: ("html", "json"), PORTABILITY: ("json", "csv")}
