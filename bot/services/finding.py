"""Finding something to do: what is open, a page at a time, and search by word.

Only what is open is offered: opportunities that are open and are an ongoing role or have a
shift that has not started. A page number from an old or forged button becomes the last page.
Each read takes the reader's ``language``: titles and descriptions come in it where translated.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from bot.services.pages import in_range
from bot.store import Database, browsing
from bot.store import search as search_store
from bot.store import signups as signup_rows
from bot.store import themes as theme_store
from bot.store.browsing import CategoryRow as Category
from bot.store.browsing import Opportunity, OpportunityRow, Shift, ShiftRow
from bot.store.search import Found, fold
from bot.store.signups import SignUp

__all__ = ["Category", "Found", "Opportunity", "OpportunityRow", "Shift", "ShiftRow", "fold"]

PAGE_SIZE = 8
MIN_LETTERS = 2  # a shorter word (``a``, ``&``) is not searched for
MAX_WORDS = 4  # more words than this: the longest are searched for


@dataclass(frozen=True)
class CategoryPage:
    name: str | None  # None: no such category
    items: list[OpportunityRow]
    page: int
    pages: int


@dataclass(frozen=True)
class OpportunityCard:
    opportunity: Opportunity | None
    first: ShiftRow | None  # the next date that can be chosen
    dates: int  # how many can be chosen
    themes: frozenset[str] = frozenset()  # keys of bot.services.themes


@dataclass(frozen=True)
class ShiftsPage:
    opportunity: Opportunity | None
    shifts: list[ShiftRow]
    page: int
    pages: int


async def categories(db: Database, now: datetime) -> list[Category]:
    """The categories that have something open, with how much."""
    async with db.read() as conn:
        return await browsing.categories(now, conn=conn)


async def category_page(
    db: Database, category_id: int, now: datetime, page: int, *, language: str
) -> CategoryPage:
    return await _page(db, "category", category_id, now, page, language)


async def organisation_page(
    db: Database, organisation_id: int, now: datetime, page: int, *, language: str
) -> CategoryPage:
    """An organisation's open offers (what its poster's QR code opens), as a category's."""
    return await _page(db, "organisation", organisation_id, now, page, language)


async def _page(
    db: Database, within: str, key: int, now: datetime, page: int, language: str
) -> CategoryPage:
    async with db.read() as conn:
        if within == "organisation":
            name = await browsing.organisation_name(key, conn=conn)
        else:
            name = await browsing.category_name(key, conn=conn)
        total = await browsing.count_opportunities(key, now, within=within, conn=conn)
        page, pages = in_range(page, total, PAGE_SIZE)
        items = await browsing.opportunities(
            key,
            now,
            within=within,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
            language=language,
            conn=conn,
        )
    return CategoryPage(name, items, page, pages)


async def opportunity(db: Database, opportunity_id: int, *, language: str) -> Opportunity | None:
    async with db.read() as conn:
        return await browsing.opportunity(opportunity_id, language=language, conn=conn)


async def opportunity_card(
    db: Database,
    opportunity_id: int,
    now: datetime,
    *,
    language: str,
    resident_id: int | None = None,
) -> OpportunityCard:
    """One opportunity with its next date (with the resident's own place on it, if any) and
    how many there are (None when not open)."""
    async with db.read() as conn:
        found = await browsing.opportunity(opportunity_id, language=language, conn=conn)
        first = await browsing.upcoming_shifts(
            opportunity_id, now, limit=1, resident_id=resident_id, conn=conn
        )
        count = await browsing.count_upcoming_shifts(opportunity_id, now, conn=conn)
        themes = await theme_store.of(opportunity_id, conn=conn)
    if found is None or not found.is_open:
        return OpportunityCard(None, None, 0)
    return OpportunityCard(found, first[0] if first else None, count, frozenset(themes))


async def shifts_page(
    db: Database,
    opportunity_id: int,
    now: datetime,
    *,
    resident_id: int,
    page: int,
    language: str,
) -> ShiftsPage:
    """The dates that can still be chosen, each with free places and the resident's own place."""
    async with db.read() as conn:
        found = await browsing.opportunity(opportunity_id, language=language, conn=conn)
        total = await browsing.count_upcoming_shifts(opportunity_id, now, conn=conn)
        page, pages = in_range(page, total, PAGE_SIZE)
        shifts = await browsing.upcoming_shifts(
            opportunity_id,
            now,
            resident_id=resident_id,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
            conn=conn,
        )
    if found is None or not found.is_open:
        return ShiftsPage(None, [], 0, 1)
    return ShiftsPage(found, shifts, page, pages)


async def shift(db: Database, shift_id: int, *, language: str) -> Shift | None:
    async with db.read() as conn:
        return await browsing.shift(shift_id, language=language, conn=conn)


async def shift_and_place(
    db: Database, shift_id: int, resident_id: int, *, language: str
) -> tuple[Shift | None, SignUp | None]:
    """A shift and the resident's active place on it (a sign-up or a waitlist place), if any."""
    async with db.read() as conn:
        found = await browsing.shift(shift_id, language=language, conn=conn)
        mine = await signup_rows.active_for(shift_id, resident_id, conn=conn) if found else None
    return found, mine


@dataclass(frozen=True)
class SearchPage:
    """One page of what some words found."""

    items: list[Found]
    total: int
    every: bool  # each has all the words; False: none had them all, these have some
    page: int
    pages: int


def words_in(text: str) -> list[str]:
    """The words of a typed text as written (case and accents kept), each once: runs of
    letters and digits of at least two letters; of more than :data:`MAX_WORDS`, the longest
    (in the order typed)."""
    words: list[str] = []
    seen: set[str] = set()
    for word in _runs(unicodedata.normalize("NFC", text)):
        folded = fold(word)
        if len(folded) >= MIN_LETTERS and folded not in seen:
            seen.add(folded)
            words.append(word)
    longest = sorted(words, key=len, reverse=True)[:MAX_WORDS]
    return [word for word in words if word in longest]


def _runs(text: str) -> list[str]:
    """Runs of letters, digits and the accents on them; anything else separates words."""
    runs, current = [], ""
    for ch in text:
        if ch.isalnum() or (current and unicodedata.combining(ch)):
            current += ch
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs


async def search(
    db: Database, words: list[str], now: datetime, *, page: int = 0, language: str
) -> SearchPage:
    """Open opportunities with all ``words`` in their texts (as the reader reads them, or as
    written), else with any of them, a page at a time (a page number from an old or forged
    button becomes the last page)."""
    async with db.read() as conn:
        matches = await search_store.open_opportunities_matching(
            words, now, language=language, conn=conn
        )
    total = len(matches.found)
    page, pages = in_range(page, total, PAGE_SIZE)
    items = matches.found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    return SearchPage(items, total, matches.every, page, pages)
