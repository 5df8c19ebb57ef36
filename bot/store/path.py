"""A path to stay: the suggestion of an ongoing role and the milestones of hours given, each told
once (0022_path.sql), and which role fits a volunteer.

Both tables go with the person (ON DELETE CASCADE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db

INTERESTED, NO_THANKS = "interested", "no_thanks"


@dataclass(frozen=True)
class Suggestion:
    planned_at: datetime
    answer: str | None  # INTERESTED, NO_THANKS, or None: neither (yet)
    answered_at: datetime | None


@dataclass(frozen=True)
class Milestone:
    hours: int
    reached_at: datetime


# -- who has a role, and which role fits ----------------------------------------------------------
async def has_role(resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    """Whether they volunteer in an open ongoing role, or wait to hear about one (a lead that is
    new or contacted)."""
    sql = (
        "SELECT 1 FROM role_interests i JOIN opportunities o ON o.id = i.opportunity_id"
        " WHERE i.resident_id = ? AND i.status IN ('new', 'contacted', 'started')"
        " AND o.status = 'open' LIMIT 1"
    )
    return await fetch_one(conn, sql, (resident_id,)) is not None


# The opportunities of the shifts whose hours count (as bot.store.followups.attended reads them).
_CAME = (
    "SELECT p.id AS opportunity_id, p.category_id, p.organisation_id, s.starts_at"
    " FROM signups g JOIN shifts s ON s.id = g.shift_id"
    " JOIN opportunities p ON p.id = s.opportunity_id"
    " WHERE g.resident_id = :resident AND g.status = 'confirmed' AND s.status = 'open'"
    " AND g.attendance = 'came'"
)
# When a role (alias r) fits a shift they came to (alias c): the same category, or a theme of
# the shift's opportunity.
_FITS = (
    "(c.category_id = r.category_id OR EXISTS (SELECT 1 FROM opportunity_themes a"
    " JOIN opportunity_themes b ON b.theme = a.theme WHERE a.opportunity_id = c.opportunity_id"
    " AND b.opportunity_id = r.id))"
)


async def fitting_role(resident_id: int, *, conn: aiosqlite.Connection) -> int | None:
    """The open ongoing role that fits the shifts they came to best, or None.

    A role fits a shift in the same category or theme (:data:`_FITS`); the role that fits
    the most of their shifts comes first, then one of the organisation they came to last, then
    the oldest. Roles they said anything about before (any lead, also *not now*) are left out.
    """
    sql = (
        f"WITH came AS ({_CAME})"
        " SELECT id FROM (SELECT r.id,"
        f" (SELECT COUNT(*) FROM came c WHERE {_FITS}) AS fit,"
        " r.organisation_id = (SELECT organisation_id FROM came ORDER BY starts_at DESC LIMIT 1)"
        " AS own FROM opportunities r"
        " WHERE r.kind = 'ongoing' AND r.status = 'open' AND NOT EXISTS (SELECT 1 FROM"
        " role_interests i WHERE i.opportunity_id = r.id AND i.resident_id = :resident))"
        " WHERE fit > 0 ORDER BY fit DESC, own DESC, id LIMIT 1"
    )
    row = await fetch_one(conn, sql, {"resident": resident_id})
    return int(row[0]) if row else None


# -- the suggestion -------------------------------------------------------------------------------
async def suggestion(resident_id: int, *, conn: aiosqlite.Connection) -> Suggestion | None:
    sql = "SELECT planned_at, answer, answered_at FROM role_suggestions WHERE resident_id = ?"
    row = await fetch_one(conn, sql, (resident_id,))
    if row is None:
        return None
    return Suggestion(from_db(row[0]), row[1], from_db(row[2]) if row[2] else None)


async def add_suggestion(resident_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """Note that a role is suggested to them; False when one was before."""
    cursor = await conn.execute(
        "INSERT INTO role_suggestions (resident_id, planned_at) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING",
        (resident_id, to_db(now)),
    )
    return cursor.rowcount == 1


async def remove_suggestion(resident_id: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("DELETE FROM role_suggestions WHERE resident_id = ?", (resident_id,))


async def answer_suggestion(
    resident_id: int, answer: str, now: datetime, *, conn: aiosqlite.Connection
) -> bool:
    """Their answer; "interested" counts over "no thanks" (the lead stays), not the other way
    round. False when nothing was suggested to them (or the answer stands already)."""
    cursor = await conn.execute(
        "UPDATE role_suggestions SET answer = ?, answered_at = ? WHERE resident_id = ?"
        " AND (answer IS NULL OR (? = 'interested' AND answer <> 'interested'))",
        (answer, to_db(now), resident_id, answer),
    )
    return cursor.rowcount == 1


# -- milestones -----------------------------------------------------------------------------------
async def milestones(resident_id: int, *, conn: aiosqlite.Connection) -> list[Milestone]:
    """The milestones they reached, smallest first."""
    sql = "SELECT hours, reached_at FROM hours_milestones WHERE resident_id = ? ORDER BY hours"
    rows = await fetch_all(conn, sql, (resident_id,))
    return [Milestone(int(r[0]), from_db(r[1])) for r in rows]


async def add_milestone(
    resident_id: int, hours: int, now: datetime, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute(
        "INSERT INTO hours_milestones (resident_id, hours, reached_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (resident_id, hours, to_db(now)),
    )


async def remove_milestone(resident_id: int, hours: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "DELETE FROM hours_milestones WHERE resident_id = ? AND hours = ?", (resident_id, hours)
    )
