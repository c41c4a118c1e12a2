"""Texts in both portal languages, for labels that are data rather than interface."""

from __future__ import annotations

from dataclasses import dataclass

# The locale each portal language is formatted in, on pages and in mail alike: English uses
# British dates and numbers ("10 April 2026", not "April 10, 2026"), as a Dutch university
# writes English.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@dataclass(frozen=True)
class Text:
    """A text in both portal languages."""

    nl: str
    en: str

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.nl

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def choices(vocabulary: dict[str, Text]) -> list[tuple[str, str]]:
    return [(key, text.en) for key, text in vocabulary.items()]
