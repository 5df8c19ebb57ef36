"""What a change to a sign-up or a shift means for the messages planned in the outbox.

The sign-up service calls these inside its own transaction, so a sign-up and its reminders are
stored together or not at all. Reminders and thank-yous are planned here (issue #3).
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot import outbox


async def signup_confirmed(conn: aiosqlite.Connection, signup_id: int, now: datetime) -> None:
    """A confirmed sign-up (new, or promoted from the waitlist): plan reminders and thank-you."""


async def signup_ended(conn: aiosqlite.Connection, signup_id: int) -> None:
    """A sign-up cancelled or waitlist place left: its planned messages go."""
    await outbox.cancel_pending(conn, signup_id=signup_id)


async def shift_moved(conn: aiosqlite.Connection, shift_id: int, now: datetime) -> None:
    """A shift's time changed: re-plan the messages of everyone confirmed on it."""


async def shift_cancelled(conn: aiosqlite.Connection, shift_id: int) -> None:
    """A shift was cancelled: nothing planned for it goes out any more."""
    await conn.execute(
        "DELETE FROM outbox WHERE status = 'pending'"
        " AND signup_id IN (SELECT id FROM signups WHERE shift_id = ?)",
        (shift_id,),
    )
