"""What reminders, thank-yous, attendance and hours need to read and write about a sign-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.translations import language_of, localised

# What a coordinator or the volunteer marked about a sign-up (signups.attendance).
CAME = "came"
NO_SHOW = "no_show"
# Who said so (signups.attendance_by): a coordinator's word wins, then the door's, then the
# volunteer's own (NULL, marked before this was stored, counts as the volunteer's).
BY_VOLUNTEER = "volunteer"
BY_DOOR = "door"
BY_COORDINATOR = "coordinator"
_WEIGHT = {BY_VOLUNTEER: 1, BY_DOOR: 2, BY_COORDINATOR: 3}


def outranks(by: str | None, than: str | None) -> bool:
    """Whether a mark by ``by`` may replace one made by ``than`` (the same: yes)."""
    return _WEIGHT.get(by or BY_VOLUNTEER, 1) >= _WEIGHT.get(than or BY_VOLUNTEER, 1)


@dataclass(frozen=True)
class FollowUp:
    """One sign-up with its shift, opportunity, organisation and the resident's choices."""

    signup_id: int
    status: str
    resident_id: int | None
    language: str | None
    reminders_on: bool
    thanks_on: bool
    attendance: str | None
    rating: int | None
    shift_id: int
    starts_at: datetime
    ends_at: datetime
    shift_status: str
    opportunity_status: str
    title: str
    location: str
    organisation: str
    attendance_by: str | None = None  # who said so: BY_VOLUNTEER, BY_DOOR or BY_COORDINATOR

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed" and self.resident_id is not None

    @property
    def shift_cancelled(self) -> bool:
        # Cancelling an opportunity cancels its upcoming shifts; those that had started went on
        # (their thank-yous and hours count), so the shift's own status decides.
        return self.shift_status != "open"


# Read for the sign-up's resident: the title in their language (bot.store.translations).
_FOLLOWUP = (
    "SELECT g.id, g.status, g.resident_id, r.language, r.reminders_on, r.thanks_on,"
    " g.attendance, g.rating, s.id AS shift_id, s.starts_at, s.ends_at, s.status AS shift_status,"
    " o.status AS opportunity_status,"
    f" {localised('title', 'o', 'r.language')} AS title, o.location, org.name AS organisation,"
    " g.attendance_by FROM signups g JOIN shifts s ON s.id = g.shift_id"
    " JOIN opportunities o ON o.id = s.opportunity_id"
    " JOIN organisations org ON org.id = o.organisation_id"
    " LEFT JOIN residents r ON r.id = g.resident_id"
)


def _followup(row: aiosqlite.Row) -> FollowUp:
    return FollowUp(
        signup_id=row["id"],
        status=row["status"],
        resident_id=row["resident_id"],
        language=row["language"],
        reminders_on=bool(row["reminders_on"]),
        thanks_on=bool(row["thanks_on"]),
        attendance=row["attendance"],
        rating=row["rating"],
        shift_id=row["shift_id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        shift_status=row["shift_status"],
        opportunity_status=row["opportunity_status"],
        title=row["title"],
        location=row["location"],
        organisation=row["organisation"],
        attendance_by=row["attendance_by"],
    )


async def followup(signup_id: int, *, conn: aiosqlite.Connection) -> FollowUp | None:
    row = await fetch_one(conn, f"{_FOLLOWUP} WHERE g.id = ?", (signup_id,))
    return _followup(row) if row else None


async def confirmed_on_shift(shift_id: int, *, conn: aiosqlite.Connection) -> list[int]:
    sql = "SELECT id FROM signups WHERE shift_id = ? AND status = 'confirmed' ORDER BY id"
    return [row[0] for row in await fetch_all(conn, sql, (shift_id,))]


async def upcoming_confirmed(
    now: datetime, *, resident_id: int | None = None, conn: aiosqlite.Connection
) -> list[int]:
    """Confirmed sign-ups for shifts that have not started (of one resident, or everyone's)."""
    sql = (
        "SELECT g.id FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE g.status = 'confirmed' AND g.resident_id IS NOT NULL AND s.starts_at > ?"
        " AND (? IS NULL OR g.resident_id = ?) ORDER BY s.starts_at, g.id"
    )
    return [row[0] for row in await fetch_all(conn, sql, (to_db(now), resident_id, resident_id))]


# -- attendance and feedback ----------------------------------------------------------------------
async def set_attendance(
    signup_id: int,
    attendance: str,
    now: datetime,
    *,
    by: str = BY_VOLUNTEER,
    conn: aiosqlite.Connection,
) -> None:
    """'came' or 'no_show', and who said so; a no-show has no rating or comment."""
    await conn.execute(
        "UPDATE signups SET attendance = ?, attendance_at = ?, attendance_by = ?,"
        " rating = CASE WHEN ? = 'came' THEN rating END,"
        " comment = CASE WHEN ? = 'came' THEN comment END WHERE id = ?",
        (attendance, to_db(now), by, attendance, attendance, signup_id),
    )


async def set_rating(signup_id: int, rating: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE signups SET rating = ? WHERE id = ?", (rating, signup_id))


async def set_comment(signup_id: int, comment: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE signups SET comment = ? WHERE id = ?", (comment, signup_id))


@dataclass(frozen=True)
class PastShift:
    signup_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    attendance: str | None

    @property
    def hours(self) -> float:
        """The shift's length in hours: what it counts for in hours given."""
        return (self.ends_at - self.starts_at).total_seconds() / 3600


async def attended(resident_id: int, *, conn: aiosqlite.Connection) -> list[PastShift]:
    """Every shift the resident came to (attendance 'came'), oldest first."""
    return await _past(conn, "g.attendance = 'came'", (resident_id,), None)


async def past_shifts(
    resident_id: int, now: datetime, *, limit: int, conn: aiosqlite.Connection
) -> list[PastShift]:
    """The resident's confirmed sign-ups for shifts that have ended, newest first."""
    return await _past(conn, "s.ends_at <= ?", (resident_id, to_db(now)), limit)


async def _past(
    conn: aiosqlite.Connection, where: str, args: tuple[object, ...], limit: int | None
) -> list[PastShift]:
    sql = (
        f"SELECT g.id, {localised('title', 'o', language_of('g.resident_id'))} AS title,"
        " s.starts_at, s.ends_at, g.attendance"
        " FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " JOIN opportunities o ON o.id = s.opportunity_id"
        f" WHERE g.resident_id = ? AND g.status = 'confirmed' AND s.status = 'open' AND {where}"
    )
    if limit is None:
        sql += " ORDER BY s.starts_at"
    else:
        sql += f" ORDER BY s.starts_at DESC LIMIT {int(limit)}"
    rows = await fetch_all(conn, sql, args)
    return [
        PastShift(
            r["id"], r["title"], from_db(r["starts_at"]), from_db(r["ends_at"]), r["attendance"]
        )
        for r in rows
    ]


# -- the rules the plans follow -------------------------------------------------------------------
async def planned_rules(*, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT rules FROM plan_rules WHERE id = 1")
    return str(row[0]) if row else None


async def save_planned_rules(rules: str, now: datetime, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "INSERT INTO plan_rules (id, rules, planned_at) VALUES (1, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, planned_at = excluded.planned_at",
        (rules, to_db(now)),
    )
