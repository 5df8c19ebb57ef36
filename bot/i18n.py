"""Words and dates in the reader's language.

Every ``*.po`` file in ``locales/<lang>/LC_MESSAGES/`` is read with Babel and merged into one
catalogue per language, so each flow can keep its own file. Messages use ``{name}`` placeholders.
Mark text with ``t._("...")``, plurals with ``t.ngettext(...)``, and text that is translated later
(module constants) with ``N_("...")``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN_GLOB = "*.po"


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def esc(text: object) -> str:
    """Anything a person or a spreadsheet wrote, made safe for Telegram's HTML parse mode."""
    return html.escape(str(text), quote=False)


def pick_locale(language_code: str | None, default: str) -> str:
    """Telegram's language_code (``nl``, ``en-GB``) to one of ours, else the default."""
    if language_code:
        base = language_code.split("-")[0].lower()
        if base in SUPPORTED_LOCALES:
            return base
    return default


@cache
def _catalogue(locale: str) -> dict[object, object]:
    messages: dict[object, object] = {}
    folder = LOCALES_DIR / locale / "LC_MESSAGES"
    for po_file in sorted(folder.glob(DOMAIN_GLOB)):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            messages[message.id] = message.string
    return messages


@dataclass(frozen=True)
class Languages:
    """The deployment's zone and default language, from the settings: a reader for anyone."""

    zone: ZoneInfo
    default_locale: str

    def reader(self, language: str | None) -> Translator:
        """A recipient's language (the default when unknown) in the deployment's zone."""
        return Translator(language or self.default_locale, self.zone)


@dataclass(frozen=True)
class Translator:
    """One reader's language and zone."""

    locale: str
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))

    def _(self, message: str) -> str:
        found = _catalogue(self.locale).get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = _catalogue(self.locale).get((singular, plural))
        index = self._plural_index(n)
        if isinstance(found, (list, tuple)) and len(found) > index and found[index]:
            return str(found[index])
        return singular if n == 1 else plural

    def _plural_index(self, n: int) -> int:
        # nl and en share the rule "one, other".
        return 0 if n == 1 else 1

    # Dates, in the reader's language and the organisation's zone.
    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def date(self, moment: datetime) -> str:
        """``zaterdag 28 november`` / ``Saturday 28 November``."""
        return format_date(self.local(moment), "EEEE d MMMM", locale=self.locale)

    def short_date(self, moment: datetime) -> str:
        """``za 28 nov`` / ``Sat 28 Nov``: for buttons."""
        return format_date(self.local(moment), "EEE d MMM", locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(self.local(moment), "HH:mm", locale=self.locale)

    def when(self, starts_at: datetime, ends_at: datetime) -> str:
        """``zaterdag 28 november, 14:00–16:00`` (the end date too if it is another day)."""
        start, end = self.local(starts_at), self.local(ends_at)
        if start.date() == end.date():
            return f"{self.date(start)}, {self.time(start)}–{self.time(end)}"
        return f"{self.date(start)} {self.time(start)} – {self.date(end)} {self.time(end)}"

    def rhythm(self, every_weeks: int, first: datetime, starts: str, ends: str) -> str:
        """``every Tuesday, 14:00–16:00`` (or every other Tuesday): a series' dates in a line."""
        weekday = format_date(self.local(first), "EEEE", locale=self.locale)
        every = self._("every {weekday}") if every_weeks == 1 else self._("every other {weekday}")
        return f"{every.format(weekday=weekday)}, {starts}–{ends}"

    def datetime(self, moment: datetime) -> str:
        return format_datetime(self.local(moment), "EEEE d MMMM yyyy, HH:mm", locale=self.locale)

    @property
    def language_name(self) -> str:
        return Locale.parse(self.locale).get_display_name(self.locale) or self.locale
