"""Catalogue rows for tests, written through the same store functions the importer uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store import Database, catalogue
from bot.store import themes as theme_store

# Saturday 28 November 2026, 14:00-16:00 in Amsterdam (13:00 UTC), seen from Wednesday 09:00 UTC:
# (start after now, length, capacity), as ``make_opportunity`` takes shifts.
SATURDAY = (timedelta(days=3, hours=4), timedelta(hours=2), 3)


@dataclass(frozen=True)
class Made:
    opportunity_id: int
    shift_ids: list[int]


async def make_opportunity(
    db: Database,
    *,
    now: datetime,
    title: str = "Voorlezen in de bibliotheek",
    organisation: str = "Bibliotheek Midden",
    category: str = "Voorlezen",
    description: str = "Lees kinderen voor op woensdagmiddag.",
    location: str = "Centrale bibliotheek, Stationsplein 1",
    shifts: list[tuple[timedelta, timedelta, int]] | None = None,
    ongoing: bool = False,
    themes: tuple[str, ...] = (),
) -> Made:
    """An opportunity; ``shifts`` are (start after now, length, capacity), ``themes`` the keys
    of its themes (bot.services.themes)."""
    if shifts is None and not ongoing:
        shifts = [(timedelta(days=2), timedelta(hours=2), 3)]
    async with db.transaction() as conn:
        org_id, _ = await catalogue.organisation(organisation, conn=conn)
        cat_id, _ = await catalogue.category(category, conn=conn)
        opp_id, _ = await catalogue.opportunity(
            organisation_id=org_id,
            category_id=cat_id,
            title=title,
            description=description,
            location=location,
            kind="ongoing" if ongoing else "episodic",
            now=now,
            conn=conn,
        )
        await theme_store.replace(opp_id, themes, conn=conn)
        ids = []
        for after, length, capacity in shifts or []:
            shift_id, _ = await catalogue.shift(
                opportunity_id=opp_id,
                starts_at=now + after,
                ends_at=now + after + length,
                capacity=capacity,
                conn=conn,
            )
            ids.append(shift_id)
    return Made(opp_id, ids)
