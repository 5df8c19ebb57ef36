"""Coordinators publish, edit and cancel opportunities and shifts. The role is checked here.

Every function takes the person's :class:`~bot.roles.Role` (built fresh for each update) and
re-reads the organisation that owns what it touches inside the transaction, so a forged button
can never reach another organisation's rows: it raises :class:`NotAllowed` and changes nothing.

Moving a shift re-plans its reminders (``plans.shift_moved``) and tells the people on it;
cancelling removes what was planned (``plans.shift_cancelled``) and tells them; both through the
outbox, in the same transaction as the change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import aiosqlite

from bot.limits import MAX_PLACES
from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.services import alerts, cancellations, idea_news, notices, repeating

# The checks and what a coordinator types are defined beside this module; many read them here.
from bot.services.checks import Invalid as Invalid
from bot.services.checks import NotAllowed as NotAllowed
from bot.services.checks import managed_opportunity as managed_opportunity
from bot.services.checks import managed_shift as managed_shift
from bot.services.checks import require as require
from bot.services.checks import scope as scope
from bot.services.repeating import Repeat
from bot.services.roles import Role
from bot.services.typed_values import LIMITS as LIMITS
from bot.services.typed_values import clean_text as clean_text
from bot.services.typed_values import local_moment as local_moment
from bot.services.typed_values import parse_capacity as parse_capacity
from bot.services.typed_values import parse_time as parse_time
from bot.services.typed_values import shift_times as shift_times
from bot.store import Database, catalogue, managing
from bot.store import themes as theme_store
from bot.store.managing import Named, OpportunityRow, ShiftRow

log = logging.getLogger(__name__)

MAX_SHIFTS = 20


# -- publishing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShiftPlan:
    starts_at: datetime
    ends_at: datetime
    capacity: int
    repeat: Repeat | None = None  # the first date of a weekly or fortnightly series


@dataclass
class Draft:
    """A new opportunity as the coordinator described it."""

    title: str
    description: str
    location: str
    organisation_id: int
    kind: str  # 'episodic' or 'ongoing'
    category_id: int | None = None
    category_name: str | None = None
    shifts: list[ShiftPlan] = field(default_factory=list)
    themes: tuple[str, ...] = ()  # keys of bot.services.themes
    idea_id: int | None = None  # the resident's idea it was made from (/ideas): they are told


async def managed_organisations(db: Database, role: Role) -> list[Named]:
    async with db.read() as conn:
        return await managing.organisations(scope(role), conn=conn)


async def categories(db: Database) -> list[Named]:
    async with db.read() as conn:
        return await managing.categories(conn=conn)


async def names(
    db: Database, *, organisation_id: int | None, category_id: int | None
) -> tuple[str | None, str | None]:
    """An organisation's and a category's names, for a preview."""
    async with db.read() as conn:
        organisation = (
            await managing.organisation(organisation_id, conn=conn) if organisation_id else None
        )
        category = await managing.category(category_id, conn=conn) if category_id else None
    return (
        organisation.name if organisation else None,
        category.name if category else None,
    )


def _check_shift(plan: ShiftPlan, now: datetime) -> None:
    if plan.starts_at <= now:
        raise Invalid("past")
    if plan.ends_at <= plan.starts_at:
        raise Invalid("end_before_start")
    if not 1 <= plan.capacity <= MAX_PLACES:
        raise Invalid("capacity")


async def publish(db: Database, role: Role, draft: Draft, now: datetime, zone: ZoneInfo) -> int:
    """Store the opportunity with its shifts and plan the alerts (and, made from an idea, the
    message to the resident whose idea it was); returns its id."""
    require(role, draft.organisation_id, "publish")
    title = clean_text(draft.title, "title")
    if draft.kind not in ("episodic", "ongoing"):
        raise Invalid("kind")
    if draft.kind == "episodic" and not draft.shifts:
        raise Invalid("no_shifts")
    for plan in draft.shifts:
        _check_shift(plan, now)
        if plan.repeat is not None:
            first = plan.starts_at.astimezone(zone).date()
            why = repeating.problem(first, plan.repeat, now.astimezone(zone).date())
            if why is not None:
                raise Invalid(why)
    async with db.transaction() as conn:
        if await managing.organisation(draft.organisation_id, conn=conn) is None:
            raise Invalid("missing")
        if await managing.title_taken(draft.organisation_id, title, conn=conn):
            raise Invalid("title_taken")
        if draft.category_id is not None:
            if await managing.category(draft.category_id, conn=conn) is None:
                raise Invalid("missing")
            category_id = draft.category_id
        else:
            name = clean_text(draft.category_name or "", "category")
            category_id, _ = await catalogue.category(name, conn=conn)
        opportunity_id, _ = await catalogue.opportunity(
            organisation_id=draft.organisation_id,
            category_id=category_id,
            title=title,
            description=clean_text(draft.description, "description"),
            location=clean_text(draft.location, "location"),
            kind=draft.kind,
            now=now,
            conn=conn,
        )
        await theme_store.replace(opportunity_id, draft.themes, conn=conn)
        for plan in draft.shifts if draft.kind == "episodic" else []:
            if plan.repeat is not None:
                local_start, local_end = (
                    plan.starts_at.astimezone(zone),
                    plan.ends_at.astimezone(zone),
                )
                await repeating.create_in(
                    conn,
                    opportunity_id=opportunity_id,
                    first_day=local_start.date(),
                    starts=f"{local_start:%H:%M}",
                    ends=f"{local_end:%H:%M}",
                    capacity=plan.capacity,
                    repeat=plan.repeat,
                    zone=zone,
                    now=now,
                )
                continue
            await catalogue.shift(
                opportunity_id=opportunity_id,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                capacity=plan.capacity,
                conn=conn,
            )
        await alerts.opportunity_published(
            conn, opportunity_id, now, published_by=role.user_id, zone=zone
        )
        if draft.idea_id is not None:
            await idea_news.taken_up(conn, draft.idea_id, opportunity_id, now)
    log.info("user %s published opportunity %s", role.user_id, opportunity_id)
    return opportunity_id


# -- editing -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Opportunity:
    row: OpportunityRow
    shifts: list[ShiftRow]  # open, not ended yet


async def editable(db: Database, role: Role) -> list[OpportunityRow]:
    """The open opportunities this person manages, newest first."""
    async with db.read() as conn:
        return await managing.opportunities(scope(role), conn=conn)


async def opportunity(
    db: Database, role: Role, opportunity_id: int, now: datetime, *, action: str = "edit"
) -> Opportunity:
    async with db.read() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, action)
        shifts = await managing.shifts_of(opportunity_id, ending_after=now, conn=conn)
    return Opportunity(found, shifts)


async def shift(db: Database, role: Role, shift_id: int, *, action: str) -> ShiftRow:
    async with db.read() as conn:
        return await managed_shift(conn, role, shift_id, action)


async def change_text(
    db: Database, role: Role, opportunity_id: int, field_name: str, value: str
) -> None:
    if field_name not in managing.TEXT_FIELDS:
        raise Invalid("field")
    cleaned = clean_text(value, field_name)
    async with db.transaction() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "edit")
        if found.status != "open":
            raise Invalid("closed")
        renamed = field_name == "title" and cleaned != found.title
        if renamed and await managing.title_taken(found.organisation_id, cleaned, conn=conn):
            raise Invalid("title_taken")
        await managing.set_text(opportunity_id, field_name, cleaned, conn=conn)
    log.info("user %s changed the %s of opportunity %s", role.user_id, field_name, opportunity_id)


async def change_category(db: Database, role: Role, opportunity_id: int, category_id: int) -> None:
    """Another of the existing categories for an opportunity."""
    async with db.transaction() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "edit")
        if found.status != "open":
            raise Invalid("closed")
        if await managing.category(category_id, conn=conn) is None:
            raise Invalid("missing")
        await managing.set_category(opportunity_id, category_id, conn=conn)
    log.info("user %s changed the category of opportunity %s", role.user_id, opportunity_id)


async def change_places(
    db: Database, role: Role, shift_id: int, capacity: int, now: datetime, rules: Rules
) -> list[int]:
    """A shift's number of places. Fewer than are signed up is refused (Invalid 'fewer_places'
    with how many); more moves the waitlist up in order, as a freed place or the import does,
    and each person moved up is told. Returns the sign-ups moved up; the caller kicks the
    postman after the commit."""
    if not 1 <= capacity <= MAX_PLACES:
        raise Invalid("capacity")
    async with db.transaction() as conn:
        found = await _open_shift(conn, role, shift_id, "change_places")
        if found.starts_at <= now:
            raise Invalid("started_change")
        if capacity < found.confirmed:
            raise Invalid("fewer_places", count=found.confirmed)
        await managing.set_capacity(shift_id, capacity, conn=conn)
        promoted = []
        if capacity > found.capacity:
            promoted = await cancellations.fill_from_waitlist(
                conn, shift_id=shift_id, now=now, rules=rules
            )
    log.info(
        "user %s set shift %s to %s places; %s moved up",
        role.user_id,
        shift_id,
        capacity,
        len(promoted),
    )
    return promoted


async def add_shift(
    db: Database, role: Role, opportunity_id: int, plan: ShiftPlan, now: datetime
) -> int:
    _check_shift(plan, now)
    async with db.transaction() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "add_shift")
        if found.status != "open" or found.kind != "episodic":
            raise Invalid("closed")
        if await managing.start_taken(opportunity_id, plan.starts_at, except_shift=0, conn=conn):
            raise Invalid("start_taken")
        shift_id, _ = await catalogue.shift(
            opportunity_id=opportunity_id,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            capacity=plan.capacity,
            conn=conn,
        )
    log.info("user %s added shift %s to opportunity %s", role.user_id, shift_id, opportunity_id)
    return shift_id


async def _open_shift(
    conn: aiosqlite.Connection, role: Role, shift_id: int, action: str
) -> ShiftRow:
    found = await managed_shift(conn, role, shift_id, action)
    if found.status != "open":
        raise Invalid("closed")
    return found


async def move_shift(
    db: Database,
    role: Role,
    shift_id: int,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    rules: Rules,
) -> int:
    """A new time for a shift: reminders re-planned, the people on it told; returns how many."""
    _check_shift(ShiftPlan(starts_at, ends_at, 1), now)
    async with db.transaction() as conn:
        found = await _open_shift(conn, role, shift_id, "move_shift")
        if found.starts_at <= now:
            raise Invalid("started")
        if starts_at == found.starts_at and ends_at == found.ends_at:
            return 0
        if await managing.start_taken(
            found.opportunity_id, starts_at, except_shift=shift_id, conn=conn
        ):
            raise Invalid("start_taken")
        await managing.move_shift(shift_id, starts_at, ends_at, conn=conn)
        # Re-planning first: it may clear the sign-ups' pending rows, the notices come after.
        await plans.shift_moved(conn, shift_id, now, rules)
        told = await notices.plan_moved(conn, shift_id, found.starts_at, found.ends_at, now)
    log.info("user %s moved shift %s; %s people to tell", role.user_id, shift_id, told)
    return told


async def cancel_shift(db: Database, role: Role, shift_id: int, now: datetime) -> int:
    """Cancel one shift: its planned messages go, the people on it are told; returns how many."""
    async with db.transaction() as conn:
        found = await _open_shift(conn, role, shift_id, "cancel_shift")
        await managing.cancel_shift(shift_id, conn=conn)
        await plans.shift_cancelled(conn, shift_id)
        told = await notices.plan_shift_cancelled(conn, shift_id, now)
    log.info("user %s cancelled shift %s; %s people to tell", role.user_id, found.id, told)
    return told


async def _upcoming(conn: aiosqlite.Connection, opportunity_id: int, now: datetime) -> list[int]:
    # Shifts that have started stay as they were: they happened, attendance counts.
    shifts = await managing.shifts_of(opportunity_id, ending_after=now, conn=conn)
    return [s.id for s in shifts if s.starts_at > now]


async def people_to_tell(db: Database, opportunity_id: int, now: datetime) -> int:
    """How many residents a cancelled opportunity would tell: the count its notices reach."""
    async with db.read() as conn:
        return await managing.people_on(await _upcoming(conn, opportunity_id, now), conn=conn)


async def cancel_opportunity(db: Database, role: Role, opportunity_id: int, now: datetime) -> int:
    """Cancel an opportunity and all its open shifts; each person on them is told once."""
    async with db.transaction() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "cancel_opportunity")
        if found.status == "cancelled":
            raise Invalid("closed")
        upcoming = await _upcoming(conn, opportunity_id, now)
        await managing.set_opportunity_status(opportunity_id, "cancelled", conn=conn)
        for shift_id in upcoming:
            await managing.cancel_shift(shift_id, conn=conn)
            await plans.shift_cancelled(conn, shift_id)
        told = await notices.plan_opportunity_cancelled(conn, opportunity_id, upcoming, now)
    log.info(
        "user %s cancelled opportunity %s; %s people to tell", role.user_id, opportunity_id, told
    )
    return told
