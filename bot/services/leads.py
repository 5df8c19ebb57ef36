"""Leads for ongoing roles: who said "I am interested", and what the coordinators did with it.

A resident's "I am interested" makes one lead per role and tells the coordinators; they may take
it back (withdraw) until they started in the role. The lead row is the truth: the notice to the
coordinators (outbox, kind ``role_interest``) may fail or wait, /leads always shows every open
lead. A coordinator marks a lead *contacted*, *started* (the resident volunteers in the role: it
shows in their /mine and the figures count them) or *not now* (an optional one-line reason, for
the coordinators only). Every mark checks on the server that the person manages the lead's
organisation.

Who is told: the organisation's own coordinators; the administrators only when it has none.
A lead left *new* for :data:`REMIND_AFTER` reminds them once (one message per person, listing
that organisation's waiting leads); ``reminded_at`` makes sure it never repeats.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

import aiosqlite

from bot.outbox.kinds import LEAD_REMINDER, ROLE_INTEREST
from bot.services import notices
from bot.services.pages import Page, read_page
from bot.services.publishing import Invalid, NotAllowed, clean_text, scope
from bot.services.roles import Role
from bot.store import Database, outbox
from bot.store import browsing as catalogue_reads
from bot.store import leads as store
from bot.store.leads import CONTACTED, NEW, NOT_NOW, OPEN, STARTED, Lead

log = logging.getLogger(__name__)

__all__ = ["CONTACTED", "NEW", "NOT_NOW", "OPEN", "STARTED", "Lead"]

PAGE_SIZE = 8
REMIND_AFTER = timedelta(days=7)
MARKS = (CONTACTED, STARTED, NOT_NOW)


class InterestStatus(enum.StrEnum):
    NEW = "new"
    ALREADY = "already"
    CLOSED = "closed"  # not an open ongoing role


@dataclass(frozen=True)
class InterestResult:
    status: InterestStatus
    interest_id: int | None = None
    notified: int = 0  # how many coordinators a message was planned for


# -- the coordinator's side ----------------------------------------------------------------------
async def open_page(db: Database, role: Role, page: int = 0) -> Page[Lead]:
    """The open leads (new and contacted) the person may see, oldest first, a page at a time;
    administrators see every organisation's."""
    if not role.is_coordinator:
        raise NotAllowed("leads")
    organisations = scope(role)
    return await read_page(
        db,
        page,
        PAGE_SIZE,
        count=lambda conn: store.count_open(organisations, conn=conn),
        fetch=lambda conn, offset, limit: store.open_leads(
            organisations, offset=offset, limit=limit, conn=conn
        ),
    )


async def _managed(conn: aiosqlite.Connection, role: Role, lead_id: int, action: str) -> Lead:
    found = await store.get(lead_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    if not role.manages(found.organisation_id):
        log.info("user %s may not %s lead %s", role.user_id, action, lead_id)
        raise NotAllowed(action)
    return found


async def one(db: Database, role: Role, lead_id: int) -> Lead:
    """One lead the person manages (any status); raises Invalid or NotAllowed."""
    async with db.read() as conn:
        return await _managed(conn, role, lead_id, "lead")


async def mark(
    db: Database,
    role: Role,
    lead_id: int,
    status: str,
    now: datetime,
    reason: str | None = None,
) -> Lead:
    """Mark an open lead contacted, started or not now (with an optional reason: one line,
    within its limit); returns the lead as it is now. Marking a lead contacted twice changes
    nothing; one that was started or set to not now cannot be marked again (``lead_done``)."""
    if status not in MARKS:
        raise Invalid("missing")
    cleaned = clean_text(reason, "lead_reason") if reason is not None else None
    async with db.transaction() as conn:
        found = await _managed(conn, role, lead_id, f"lead_{status}")
        if found.status not in OPEN:
            raise Invalid("lead_done")
        if found.status != status:
            await store.set_status(
                lead_id, status, now=now, by=role.user_id, reason=cleaned, conn=conn
            )
            log.info("user %s marked lead %s as %s", role.user_id, lead_id, status)
        after = await store.get(lead_id, conn=conn)
    assert after is not None
    return after


# -- the resident's side -------------------------------------------------------------------------
async def express_interest(
    db: Database,
    *,
    opportunity_id: int,
    resident_id: int,
    coordinator_ids: Iterable[int],
    now: datetime,
) -> InterestResult:
    """Interest in an ongoing role ("I am interested"): stored once as a lead; the coordinators
    are told through the outbox.

    Told are the organisation's own coordinators; the administrators (``coordinator_ids``) only
    when it has none.
    """
    async with db.transaction() as conn:
        opportunity = await catalogue_reads.opportunity(opportunity_id, conn=conn)
        if opportunity is None or not opportunity.ongoing or not opportunity.is_open:
            return InterestResult(InterestStatus.CLOSED)
        interest_id = await store.add(opportunity_id, resident_id, now, conn=conn)
        if interest_id is None:
            return InterestResult(InterestStatus.ALREADY)
        notified = await notices.tell_coordinators(
            conn,
            opportunity.organisation_id,
            coordinator_ids,
            kind=ROLE_INTEREST,
            about=interest_id,
            payload={"interest_id": interest_id},
            now=now,
        )
    log.info(
        "resident %s interested in role %s (lead %s)", resident_id, opportunity_id, interest_id
    )
    return InterestResult(InterestStatus.NEW, interest_id, notified)


async def of_resident(db: Database, resident_id: int, *, limit: int) -> list[Lead]:
    """Their leads in open roles: roles they started in first, then their interests."""
    async with db.read() as conn:
        return await store.of_resident(resident_id, limit=limit, conn=conn)


async def withdraw(db: Database, *, lead_id: int, resident_id: int) -> bool:
    """The resident takes their interest back: the lead goes, and so does every notice about it
    that has not gone out yet (a reminder that lists it drops it when it is sent)."""
    async with db.transaction() as conn:
        gone = await store.withdraw(lead_id, resident_id, conn=conn)
        if gone:
            await outbox.cancel_pending(conn, key_prefix=f"{ROLE_INTEREST}:{lead_id}:")
    if gone:
        log.info("resident %s withdrew lead %s", resident_id, lead_id)
    return gone


async def count_for_resident(db: Database, resident_id: int) -> int:
    async with db.read() as conn:
        return await store.count_for_resident(resident_id, conn=conn)


# -- the reminder ----------------------------------------------------------------------------------
async def remind_waiting(db: Database, now: datetime, admin_ids: Iterable[int]) -> int:
    """Leads left new for 7 days: one reminder per person told (see :func:`told_about`) listing
    the organisation's waiting leads, planned in the outbox; each lead is reminded of once.
    Returns how many messages were planned."""
    admins = frozenset(admin_ids)
    planned = 0
    async with db.transaction() as conn:
        waiting = await store.left_new(now - REMIND_AFTER, conn=conn)
        for organisation_id, group in groupby(waiting, key=lambda w: w.organisation_id):
            lead_ids = [w.lead_id for w in group]
            planned += await notices.tell_coordinators(
                conn,
                organisation_id,
                admins,
                kind=LEAD_REMINDER,
                about=lead_ids[0],
                payload={"leads": lead_ids},
                now=now,
            )
            await store.mark_reminded(lead_ids, now, conn=conn)
            log.info(
                "organisation %s reminded of %s leads left new", organisation_id, len(lead_ids)
            )
    return planned
