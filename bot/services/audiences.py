"""The audiences a coordinator can choose for a broadcast, and the people each one reaches.

Everyone in an audience consented, did not turn broadcasts off in /settings, and has not blocked
the bot. "Signed up for an opportunity" and "volunteered in the last N months" stay inside the
organisation the broadcast is from; "everyone" and "interested in a category" do not, because
residents chose those for the whole town.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.services.roles import Role
from bot.store import audiences as store

EVERYONE = "all"
CATEGORY = "category"
OPPORTUNITY = "opportunity"
VOLUNTEERS = "volunteers"
KINDS = (EVERYONE, CATEGORY, OPPORTUNITY, VOLUNTEERS)
MONTHS = (3, 6, 12)


@dataclass(frozen=True)
class Audience:
    kind: str
    value: int | None = None  # the category id, opportunity id or number of months

    def args(self) -> dict[str, Any]:
        if self.kind == EVERYONE:
            return {}
        names = {CATEGORY: "category", OPPORTUNITY: "opportunity", VOLUNTEERS: "months"}
        return {names[self.kind]: self.value}

    @classmethod
    def parse(cls, kind: str | None, value: int | None) -> Audience | None:
        """An audience from what a button carried, or None if it makes no sense."""
        if kind == EVERYONE:
            return cls(EVERYONE)
        if kind in (CATEGORY, OPPORTUNITY) and value is not None:
            return cls(kind, value)
        if kind == VOLUNTEERS and value in MONTHS:
            return cls(kind, value)
        return None


async def allowed(
    conn: aiosqlite.Connection, role: Role, organisation_id: int | None, audience: Audience
) -> bool:
    """May this person send to this audience on behalf of this organisation (None: all)?"""
    if not role.is_coordinator:
        return False
    if organisation_id is None and not role.is_admin:
        return False
    if organisation_id is not None and not role.manages(organisation_id):
        return False
    if audience.kind == CATEGORY:
        assert audience.value is not None
        return await store.category_name(audience.value, conn=conn) is not None
    if audience.kind == OPPORTUNITY:
        assert audience.value is not None
        owner = await store.opportunity_organisation(audience.value, conn=conn)
        if owner is None or not role.manages(owner):
            return False
        return organisation_id is None or owner == organisation_id
    return audience.kind in KINDS


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (31 March - 1 = 28/29 Feb)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


async def describe(conn: aiosqlite.Connection, audience: Audience) -> str | None:
    """The category name or opportunity title an audience names (for the preview)."""
    if audience.kind == CATEGORY and audience.value is not None:
        return await store.category_name(audience.value, conn=conn)
    if audience.kind == OPPORTUNITY and audience.value is not None:
        return await store.opportunity_title(audience.value, conn=conn)
    return None
