"""Residents: consent, their language and their on/off choices.

A resident row exists only after consent. Turning reminders or thank-yous on or off re-plans
what the outbox holds for their upcoming shifts, in the same transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.outbox import planning
from bot.outbox.timing import Rules
from bot.store import Database
from bot.store import residents as store
from bot.store.residents import PREFERENCES, Resident

log = logging.getLogger(__name__)

__all__ = ["PREFERENCES", "Resident", "consent", "get", "preferences", "set_language"]

MAX_FIRST_NAME = 64  # Telegram allows 64 characters


async def get(db: Database, resident_id: int) -> Resident | None:
    """The resident, or None for someone who has not consented (or erased their data)."""
    async with db.read() as conn:
        return await store.get(resident_id, conn=conn)


def tidy_first_name(name: str | None) -> str:
    """A first name as lists show it: trimmed, at most 64 characters, never empty."""
    return (name or "").strip()[:MAX_FIRST_NAME] or "?"


async def consent(
    db: Database, resident_id: int, first_name: str | None, language: str, now: datetime
) -> Resident:
    """Consent given: the resident is stored (a second tap changes nothing)."""
    async with db.transaction() as conn:
        resident = await store.add(
            resident_id, tidy_first_name(first_name), language, now, conn=conn
        )
    log.info("resident %s consented", resident_id)
    return resident


async def set_language(db: Database, resident_id: int, language: str) -> None:
    async with db.transaction() as conn:
        await store.set_language(resident_id, language, conn=conn)


async def preferences(db: Database, resident_id: int) -> dict[str, bool]:
    """Each on/off choice (reminders, thank-yous, news); empty for someone unknown."""
    async with db.read() as conn:
        return await store.preferences(resident_id, conn=conn)


async def set_preference(
    db: Database, resident_id: int, name: str, on: bool, *, now: datetime, rules: Rules
) -> None:
    """Turn one choice on or off; reminders and thank-yous follow it, also for sign-ups made
    before (turning them off works without this too: the renderers check at send time)."""
    async with db.transaction() as conn:
        await store.set_preference(resident_id, name, on, conn=conn)
        await planning.preferences_changed(conn, resident_id, now, rules)
