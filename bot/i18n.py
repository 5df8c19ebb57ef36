"""Words and dates in the reader's language.

Every ``*.po`` file in ``locales/<lang>/LC_MESSAGES/`` is read with Babel and merged into one
catalogue per language, so each flow can keep its own file. Messages use ``{name}`` placeholders.
Mark text with ``t._("...")``, plurals with ``t.ngettext(...)``, and text that is translated later
(module constants) with ``N_("...")``.
"""

from __future__ import annotations

import gettext
import html
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.config import RTL_LOCALES, SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN_GLOB = "*.po"

# Each language by its own name, as a reader of it looks for it (the chooser, /settings).
LANGUAGE_LABELS = {
    "nl": "🇳🇱 Nederlands",
    "en": "🇬🇧 English",
    "ar": "العربية",
    "tr": "🇹🇷 Türkçe",
    "pl": "🇵🇱 Polski",
    "uk": "🇺🇦 Українська",
}

# A count whose plural form is the one a language puts after a fraction: Polish and Ukrainian
# use the form of 2-4 ("2,5 godziny"), Arabic its "other" form (that of 100), the rest plural.
FRACTION_FORM = {"ar": 100}

# Unicode direction marks. A right-to-left paragraph reorders a run of digits and dashes
# ("14:00–16:00" reads as "16:00–14:00"), and a line that starts with a Latin title turns
# left-to-right: an isolate keeps a run in its own direction, a mark sets the line's.
RLM = "\u200f"
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
_RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def esc(text: object) -> str:
    """Anything a person or a spreadsheet wrote, made safe for Telegram's HTML parse mode."""
    return html.escape(str(text), quote=False)


def directed(text: str) -> str:
    """A message with right-to-left script in it starts each line right to left (Telegram
    takes a line's direction from its first letter, which may be a Latin name or a digit)."""
    if not _RTL_SCRIPT.search(text):
        return text
    return "\n".join(line if line.startswith(RLM) else RLM + line for line in text.split("\n"))


def _units(char: str) -> int:
    return 2 if char == "\n" or ord(char) > 0xFFFF else 1


def telegram_length(text: str) -> int:
    """How long Telegram counts ``text``, never less: UTF-16 units (an emoji is two), and a line
    break two, for the direction mark :func:`directed` may put on each line."""
    return sum(_units(char) for char in text)


def cut_to(text: str, most: int, mark: str = "…") -> str:
    """``text`` if Telegram counts at most ``most`` for it (:func:`telegram_length`); else as
    much of its beginning as fits in ``most``, then ``mark``."""
    used = 0
    for index, char in enumerate(text):
        used += _units(char)
        if used > most:
            return text[:index] + mark
    return text


def pick_locale(language_code: str | None, default: str) -> str:
    """Telegram's language_code (``nl``, ``en-GB``) to one of ours, else the default."""
    if language_code:
        base = language_code.split("-")[0].lower()
        if base in SUPPORTED_LOCALES:
            return base
    return default


class ChosenLanguages:
    """The language someone picked before they consented (on the welcome), so the screens they
    look at next speak it too. Held in memory only, never written anywhere: gone on a restart,
    forgotten at consent (the resident's row has it then), the newest ``most`` people kept."""

    def __init__(self, most: int = 10_000) -> None:
        self._most = most
        self._chosen: OrderedDict[int, str] = OrderedDict()

    def choose(self, user_id: int, locale: str) -> None:
        self._chosen[user_id] = locale
        self._chosen.move_to_end(user_id)
        while len(self._chosen) > self._most:
            self._chosen.popitem(last=False)

    def chosen(self, user_id: int) -> str | None:
        return self._chosen.get(user_id)

    def forget(self, user_id: int) -> None:
        self._chosen.pop(user_id, None)


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


@cache
def _plural_rule(locale: str) -> Callable[[int], int]:
    """The language's plural rule as the catalogues' ``Plural-Forms`` header states it."""
    return gettext.c2py(get_plural(locale).plural_expr)


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
        # nl, en and tr say "one, other"; pl and uk have three forms, ar six.
        return _plural_rule(self.locale)(n)

    def plural_count(self, value: float) -> int:
        """The count that picks a plural form for ``value`` as shown (one decimal): itself when
        whole; for a fraction (2.5 hours) the form each language uses with fractions."""
        shown = round(value, 1)
        if shown == int(shown):
            return int(shown)
        return FRACTION_FORM.get(self.locale, 2)

    @property
    def rtl(self) -> bool:
        return self.locale in RTL_LOCALES

    def isolate(self, text: str) -> str:
        """Text that keeps its own direction inside a right-to-left line: a time range, a
        Latin title or name. Unchanged for left-to-right readers."""
        return f"{FSI}{text}{PDI}" if self.rtl else text

    def number(self, value: float) -> str:
        """``1.234,5`` / ``1,234.5``: a number as the reader writes it."""
        return format_decimal(value, locale=self.locale)

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
            return f"{self.date(start)}, {self.span(self.time(start), self.time(end))}"
        return f"{self.date(start)} {self.time(start)} – {self.date(end)} {self.time(end)}"

    def span(self, starts: str, ends: str) -> str:
        """``14:00–16:00``, kept in that order in a right-to-left line."""
        return f"{LRI}{starts}–{ends}{PDI}" if self.rtl else f"{starts}–{ends}"

    def rhythm(self, every_weeks: int, first: datetime, starts: str, ends: str) -> str:
        """``every Tuesday, 14:00–16:00`` (or every other Tuesday): a series' dates in a line."""
        weekday = format_date(self.local(first), "EEEE", locale=self.locale)
        every = self._("every {weekday}") if every_weeks == 1 else self._("every other {weekday}")
        return f"{every.format(weekday=weekday)}, {self.span(starts, ends)}"

    def datetime(self, moment: datetime) -> str:
        return format_datetime(self.local(moment), "EEEE d MMMM yyyy, HH:mm", locale=self.locale)

    @property
    def language_name(self) -> str:
        return Locale.parse(self.locale).get_display_name(self.locale) or self.locale
