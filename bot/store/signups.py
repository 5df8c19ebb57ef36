"""Sign-ups and waitlist places: the SQL.

The rules (capacity, who is promoted, what is planned) live in ``bot.services.signups`` and
``bot.services.cancellations``; these functions only read and write rows, inside the caller's
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.translations import language_of, localised

ACTIVE = ("confirmed", "waitlisted")
# How many places the confirmed sign-ups of the shift aliased ``s`` take (a party of a resident
# and the people they bring takes one place each): the one count that places are taken from
# (free places, full shifts, calls for help, the import). Correlated, so it takes no parameters.
CONFIRMED_COUNT = (
    "(SELECT COALESCE(SUM(taken.places), 0) FROM signups taken WHERE taken.shift_id = s.id"
    " AND taken.status = 'confirmed')"
)
# The most people a resident may bring along (family, a friend): a party takes 1 + that many.
MAX_BROUGHT = 3


@dataclass(frozen=True)
class SignUp:
    id: int
    shift_id: int
    resident_id: int | None
    status: str
    created_at: datetime
    places: int = 1  # the person and the people they bring along
    guest_id: int | None = None  # someone without Telegram, signed up by a coordinator

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def person_left(self) -> bool:
        """Whether someone is behind it still (a resident or a guest; not an erased count)."""
        return self.resident_id is not None or self.guest_id is not None


@dataclass(frozen=True)
class MySignUp:
    """One line of a resident's own list: the sign-up, its shift and opportunity."""

    id: int
    status: str
    shift_id: int
    starts_at: datetime
    ends_at: datetime
    opportunity_id: int
    title: str
    location: str
    organisation: str
    waitlist_position: int | None
    places: int = 1


def _signup(row: aiosqlite.Row) -> SignUp:
    return SignUp(
        row["id"],
        row["shift_id"],
        row["resident_id"],
        row["status"],
        from_db(row["created_at"]),
        row["places"],
        row["guest_id"],
    )


_SIGNUP = "SELECT id, shift_id, resident_id, status, created_at, places, guest_id FROM signups"


async def get(signup_id: int, *, conn: aiosqlite.Connection) -> SignUp | None:
    row = await fetch_one(conn, f"{_SIGNUP} WHERE id = ?", (signup_id,))
    return _signup(row) if row else None


async def active_for(
    shift_id: int, resident_id: int, *, conn: aiosqlite.Connection
) -> SignUp | None:
    """The resident's confirmed or waitlisted sign-up for this shift, if any."""
    sql = (
        f"{_SIGNUP} WHERE shift_id = ? AND resident_id = ?"
        " AND status IN ('confirmed', 'waitlisted')"
    )
    row = await fetch_one(conn, sql, (shift_id, resident_id))
    return _signup(row) if row else None


async def count_confirmed(shift_id: int, *, conn: aiosqlite.Connection) -> int:
    """The places taken on the shift (a party counts each of its people)."""
    sql = f"SELECT {CONFIRMED_COUNT} FROM shifts s WHERE s.id = ?"
    row = await fetch_one(conn, sql, (shift_id,))
    return int(row[0]) if row else 0


async def first_waitlisted(
    shift_id: int, *, most_places: int, conn: aiosqlite.Connection
) -> SignUp | None:
    """Who waited longest on this shift's waitlist (of those who still exist) among those whose
    whole party fits in ``most_places``."""
    sql = (
        f"{_SIGNUP} WHERE shift_id = ? AND status = 'waitlisted' AND places <= ?"
        " AND (resident_id IS NOT NULL OR guest_id IS NOT NULL)"
        " ORDER BY created_at, id LIMIT 1"
    )
    row = await fetch_one(conn, sql, (shift_id, most_places))
    return _signup(row) if row else None


async def waitlist_position(signup: SignUp, *, conn: aiosqlite.Connection) -> int:
    """1 for the first in line."""
    sql = (
        "SELECT COUNT(*) FROM signups WHERE shift_id = ? AND status = 'waitlisted'"
        " AND (created_at < ? OR (created_at = ? AND id <= ?))"
    )
    created = to_db(signup.created_at)
    row = await fetch_one(conn, sql, (signup.shift_id, created, created, signup.id))
    return int(row[0]) if row else 1


async def add(
    shift_id: int,
    resident_id: int | None,
    status: str,
    now: datetime,
    *,
    places: int = 1,
    guest_id: int | None = None,
    conn: aiosqlite.Connection,
) -> int:
    """A new sign-up of a resident or a guest, taking ``places``; the unique indexes refuse a
    second active one of the same person for the same shift."""
    cursor = await conn.execute(
        "INSERT INTO signups (shift_id, resident_id, guest_id, status, places, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (shift_id, resident_id, guest_id, status, places, to_db(now), to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def set_status(
    signup_id: int, status: str, now: datetime, *, conn: aiosqlite.Connection
) -> None:
    cancelled_at = to_db(now) if status == "cancelled" else None
    await conn.execute(
        "UPDATE signups SET status = ?, updated_at = ?, cancelled_at = COALESCE(?, cancelled_at)"
        " WHERE id = ?",
        (status, to_db(now), cancelled_at, signup_id),
    )


async def upcoming_active_ids(
    resident_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> list[int]:
    """The resident's confirmed and waitlisted sign-ups for shifts that have not started."""
    sql = (
        "SELECT g.id FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE g.resident_id = ? AND g.status IN ('confirmed', 'waitlisted') AND s.starts_at > ?"
        " ORDER BY s.starts_at, g.id"
    )
    return [row[0] for row in await fetch_all(conn, sql, (resident_id, to_db(now)))]


# A resident's own sign-ups, with titles in their language (bot.store.translations).
_MINE = (
    "SELECT g.id, g.status, g.shift_id, g.created_at, g.places, s.starts_at, s.ends_at,"
    f" o.id AS opportunity_id, {localised('title', 'o', language_of('g.resident_id'))} AS title,"
    " o.location, r.name AS organisation,"
    " CASE WHEN g.status = 'waitlisted' THEN (SELECT COUNT(*) FROM signups w"
    "   WHERE w.shift_id = g.shift_id AND w.status = 'waitlisted'"
    "   AND (w.created_at < g.created_at OR (w.created_at = g.created_at AND w.id <= g.id)))"
    " END AS position"
    " FROM signups g JOIN shifts s ON s.id = g.shift_id"
    " JOIN opportunities o ON o.id = s.opportunity_id"
    " JOIN organisations r ON r.id = o.organisation_id"
)


def _mine(row: aiosqlite.Row) -> MySignUp:
    return MySignUp(
        id=row["id"],
        status=row["status"],
        shift_id=row["shift_id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        opportunity_id=row["opportunity_id"],
        title=row["title"],
        location=row["location"],
        organisation=row["organisation"],
        waitlist_position=row["position"],
        places=row["places"],
    )


async def upcoming_for_resident(
    resident_id: int, now: datetime, *, limit: int = 50, conn: aiosqlite.Connection
) -> list[MySignUp]:
    """Confirmed sign-ups and waitlist places for shifts that have not started, soonest first."""
    sql = (
        f"{_MINE} WHERE g.resident_id = ? AND g.status IN ('confirmed', 'waitlisted')"
        " AND s.starts_at > ? AND s.status = 'open' ORDER BY s.starts_at, g.id LIMIT ?"
    )
    return [_mine(row) for row in await fetch_all(conn, sql, (resident_id, to_db(now), limit))]


async def one_of_resident(
    signup_id: int, resident_id: int, *, conn: aiosqlite.Connection
) -> MySignUp | None:
    """One sign-up, only if it is this resident's own."""
    sql = f"{_MINE} WHERE g.id = ? AND g.resident_id = ?"
    row = await fetch_one(conn, sql, (signup_id, resident_id))
    return _mine(row) if row else None


async def forget_comments(resident_id: int, *, conn: aiosqlite.Connection) -> None:
    """Their words go with them; the score stays, as an anonymous number."""
    await conn.execute("UPDATE signups SET comment = NULL WHERE resident_id = ?", (resident_id,))


async def count_for_resident(
    resident_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> tuple[int, int]:
    """Sign-ups stored with this resident's id: (still to come, as /mine lists them; earlier
    ones: past, cancelled, of shifts that were cancelled)."""
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(g.status IN ('confirmed', 'waitlisted')"
        " AND s.starts_at > ? AND s.status = 'open'), 0)"
        " FROM signups g JOIN shifts s ON s.id = g.shift_id WHERE g.resident_id = ?"
    )
    row = await fetch_one(conn, sql, (to_db(now), resident_id))
    total, to_come = (int(row[0]), int(row[1])) if row else (0, 0)
    return to_come, total - to_come


# -- late cancellations --------------------------------------------------------------------------
async def mark_cancelled_late(signup_id: int, *, conn: aiosqlite.Connection) -> None:
    """The volunteer gave up this confirmed place close to the start (counted, never named)."""
    await conn.execute("UPDATE signups SET cancelled_late = 1 WHERE id = ?", (signup_id,))


async def first_name_of(signup_id: int, *, conn: aiosqlite.Connection) -> str | None:
    """The first name of the sign-up's resident; None when unknown or erased."""
    sql = (
        "SELECT r.first_name FROM signups g JOIN residents r ON r.id = g.resident_id WHERE g.id = ?"
    )
    row = await fetch_one(conn, sql, (signup_id,))
    return row[0] if row else None


async def confirmed_first_names(signup_ids: list[int], *, conn: aiosqlite.Connection) -> list[str]:
    """The first names of those of these sign-ups that are still confirmed, in this order."""
    if not signup_ids:
        return []
    marks = ",".join("?" * len(signup_ids))
    sql = (
        "SELECT g.id, r.first_name FROM signups g JOIN residents r ON r.id = g.resident_id"
        f" WHERE g.id IN ({marks}) AND g.status = 'confirmed'"
    )
    names = {row[0]: row[1] for row in await fetch_all(conn, sql, signup_ids)}
    return [names[i] for i in signup_ids if i in names]
