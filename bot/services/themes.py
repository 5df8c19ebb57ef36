"""The four themes of the project, "the library of the future, you build it together": taking
part (meedoen), own strength (eigen kracht), health (gezondheid) and personal development
(persoonlijke ontwikkeling).

A fixed list with stable keys (:data:`bot.store.themes.THEMES`: stored in ``opportunity_themes``
and ``ideas``, sent in buttons); the names are translated where they are shown (:func:`name`).
An opportunity carries none, one or more of them: set in a spreadsheet's ``themes`` column
(:func:`from_text` reads a name there), in /new and in /edit (:func:`change`). Residents browse
by theme (:func:`open_counts`, :func:`theme_page`); the figures count per theme
(``bot.services.figures``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import Translator
from bot.services import publishing
from bot.services.finding import PAGE_SIZE, OpportunityRow
from bot.services.pages import in_range
from bot.services.roles import Role
from bot.store import Database
from bot.store import themes as store
from bot.store.themes import THEMES, Theme

log = logging.getLogger(__name__)


KEYS = tuple(theme.key for theme in THEMES)
_BY_KEY = {theme.key: theme for theme in THEMES}


def theme(key: str | None) -> Theme | None:
    """The theme with this key; None for anything else (a forged button)."""
    return _BY_KEY.get(key or "")


def ordered(keys: Iterable[str]) -> tuple[str, ...]:
    """The known keys among ``keys``, once each, in the list's order."""
    wanted = set(keys)
    return tuple(key for key in KEYS if key in wanted)


def name(t: Translator, key: str) -> str:
    """A theme's name in the reader's language."""
    found = theme(key)
    return t._(found.name) if found else key


def label(t: Translator, key: str) -> str:
    """``🤝 Meedoen``: a theme with its sign, for buttons and lists."""
    found = theme(key)
    return f"{found.emoji} {t._(found.name)}" if found else key


def names(t: Translator, keys: Iterable[str]) -> list[str]:
    """The themes' names in the reader's language, in the list's order."""
    return [name(t, key) for key in ordered(keys)]


def _plain(text: str) -> str:
    """Lower case, without accents, ``_`` and ``-`` as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[_\-]", " ", bare).split())


_SPELLINGS = {
    _plain(spelling): theme.key
    for theme in THEMES
    for spelling in (theme.key, theme.name, *theme.spellings)
}
SPELLED = ", ".join(theme.spellings[0] for theme in THEMES)  # for a spreadsheet's error message


def from_text(text: str) -> str | None:
    """The key of a theme as a spreadsheet writes it: its key or its Dutch or English name, in
    any case, with or without accents (``Gezondheid``, ``own strength``, ``taking_part``)."""
    return _SPELLINGS.get(_plain(text))


# -- reading and changing ------------------------------------------------------------------------
async def of(db: Database, opportunity_id: int) -> tuple[str, ...]:
    """The keys of an opportunity's themes, in the list's order."""
    async with db.read() as conn:
        return ordered(await store.of(opportunity_id, conn=conn))


async def change(db: Database, role: Role, opportunity_id: int, keys: Iterable[str]) -> bool:
    """/edit: an open opportunity of the person's organisation carries these themes from now
    on; whether that changed anything. Unknown keys are refused (Invalid 'missing')."""
    chosen = list(keys)
    if any(theme(key) is None for key in chosen):
        raise publishing.Invalid("missing")
    async with db.transaction() as conn:
        found = await publishing.managed_opportunity(conn, role, opportunity_id, "edit")
        if found.status != "open":
            raise publishing.Invalid("closed")
        changed = await store.replace(opportunity_id, chosen, conn=conn)
    log.info("user %s changed the themes of opportunity %s", role.user_id, opportunity_id)
    return changed


# -- browsing ------------------------------------------------------------------------------------
async def open_counts(db: Database, now: datetime) -> list[tuple[Theme, int]]:
    """Every theme with how many open opportunities it has (0 too), in the list's order."""
    async with db.read() as conn:
        counts = await store.open_counts(now, conn=conn)
    return [(theme, counts.get(theme.key, 0)) for theme in THEMES]


@dataclass(frozen=True)
class ThemePage:
    theme: Theme
    items: list[OpportunityRow]
    page: int
    pages: int


async def theme_page(
    db: Database, key: str, now: datetime, page: int, *, language: str
) -> ThemePage | None:
    """One page of a theme's open opportunities (as a category's list), titles in the reader's
    ``language`` where translated; None: no such theme."""
    found = theme(key)
    if found is None:
        return None
    async with db.read() as conn:
        total = await store.count_open(key, now, conn=conn)
        page, pages = in_range(page, total, PAGE_SIZE)
        items = await store.open_opportunities(
            key, now, offset=page * PAGE_SIZE, limit=PAGE_SIZE, language=language, conn=conn
        )
    return ThemePage(found, items, page, pages)
