"""The audiences a coordinator can choose for a broadcast or a question, and who each reaches.

Every resident in an audience consented, did not turn broadcasts off in /settings, and has not
blocked the bot. "Signed up for an opportunity" and "volunteered in the last N months" stay inside
the organisation the message is from; "everyone" and "interested in a category" do not, because
residents chose those for the whole town. A question (a poll) can also go to the staff of the
network (every coordinator and administrator), or to the volunteers of the last 12 months and
the staff at once.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.services.roles import Role
from bot.store import Database
from bot.store import audiences as store
from bot.store.outbox import Recipients

EVERYONE = "all"
CATEGORY = "category"
OPPORTUNITY = "opportunity"
VOLUNTEERS = "volunteers"
KINDS = (EVERYONE, CATEGORY, OPPORTUNITY, VOLUNTEERS)
MONTHS = (3, 6, 12)
# Only for questions (polls): the staff of the network, and volunteers and staff together.
STAFF = "staff"
TOGETHER = "together"
POLL_KINDS = (*KINDS, STAFF, TOGETHER)
TOGETHER_MONTHS = 12


@dataclass(frozen=True)
class Audience:
    kind: str
    value: int | None = None  # the category id, opportunity id or number of months

    def args(self) -> dict[str, Any]:
        if self.kind in (EVERYONE, STAFF, TOGETHER):
            return {}
        names = {CATEGORY: "category", OPPORTUNITY: "opportunity", VOLUNTEERS: "months"}
        return {names[self.kind]: self.value}

    @classmethod
    def parse(cls, kind: str | None, value: int | None) -> Audience | None:
        """An audience from what a button carried, or None if it makes no sense."""
        if kind in (EVERYONE, STAFF, TOGETHER):
            return cls(kind)
        if kind in (CATEGORY, OPPORTUNITY) and value is not None:
            return cls(kind, value)
        if kind == VOLUNTEERS and value in MONTHS:
            return cls(kind, value)
        return None


async def allowed(
    conn: aiosqlite.Connection,
    role: Role,
    organisation_id: int | None,
    audience: Audience,
    kinds: tuple[str, ...] = KINDS,
) -> bool:
    """May this person send to this audience (one of ``kinds``) on behalf of this organisation
    (None: all)?"""
    if not role.is_coordinator or audience.kind not in kinds:
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
    return True


async def permitted(
    db: Database,
    role: Role,
    organisation_id: int | None,
    audience: Audience,
    kinds: tuple[str, ...] = KINDS,
) -> bool:
    """:func:`allowed`, on a read of its own."""
    async with db.read() as conn:
        return await allowed(conn, role, organisation_id, audience, kinds)


def reached(
    organisation_id: int | None,
    audience: Audience | None,
    now: datetime,
    administrators: Iterable[int] = (),
) -> Recipients:
    """The people the audience reaches now, as a query (check :func:`allowed` first); a preview
    counts it and Send plans from it, so both see the same people. None (an audience that
    cannot be read back) reaches nobody."""
    if audience is None:
        return store.NOBODY
    if audience.kind == CATEGORY:
        assert audience.value is not None
        return store.interested_query(audience.value)
    if audience.kind == OPPORTUNITY:
        assert audience.value is not None
        return store.signed_up_query(audience.value, now)
    if audience.kind == VOLUNTEERS:
        assert audience.value is not None
        return store.volunteered_query(organisation_id, months_before(now, audience.value), now)
    if audience.kind == STAFF:
        return store.staff_query(administrators)
    if audience.kind == TOGETHER:
        since = months_before(now, TOGETHER_MONTHS)
        volunteers = store.volunteered_query(organisation_id, since, now)
        return store.either(store.staff_query(administrators), volunteers)
    return store.everyone_query()


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
