"""The kinds of work (categories) the catalogue knows by name, shown to residents in their language.

A category is a name a coordinator or a spreadsheet typed, usually in Dutch. The names the demo
catalogue and the spreadsheet examples use are marked here, so the catalogues translate them: a
resident reads those in their language, and any other name as it was typed. Coordinators see
every name as typed: they choose among them, and a spreadsheet writes them so.
"""

from __future__ import annotations

from bot.i18n import N_, Translator

KNOWN = frozenset(
    {
        N_("Voorlezen"),
        N_("Lezen"),
        N_("Taal"),
        N_("Digitale hulp"),
        N_("Klussen en evenementen"),
        N_("Evenementen"),
        N_("Zorg en welzijn"),
        N_("Bestuur en organisatie"),
        N_("Bibliotheek"),
        N_("Gastvrijheid"),
        N_("Stage"),
    }
)


def category_name(t: Translator, name: str) -> str:
    """A category as this reader reads it: translated when the catalogue knows it."""
    return t._(name) if name in KNOWN else name
