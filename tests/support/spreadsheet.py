"""Catalogue files as text, and reading them as the importer does."""

from __future__ import annotations

from bot.catalogue.reading import COLUMNS, OpportunityRow, Parsed, parse_catalogue
from tests.support.clock import AMSTERDAM

HEADER = ",".join(COLUMNS)
ORG = "Bibliotheek Rivierenland"
GOOD = (
    f"{ORG},Voorlezen op woensdag,Lees voor aan kinderen,Voorlezen,Centrale bibliotheek,"
    "2026-12-02 14:00,2026-12-02 16:00,3"
)


def csv_text(*rows: str, header: str = HEADER, newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


def parse(text: str | bytes) -> Parsed:
    return parse_catalogue(text.encode("utf-8") if isinstance(text, str) else text, AMSTERDAM)


def ok(text: str | bytes) -> list[OpportunityRow]:
    parsed = parse(text)
    assert parsed.errors == [], [str(e) for e in parsed.errors]
    return parsed.opportunities
