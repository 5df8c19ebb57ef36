"""What a resident likes: the categories that drive calls for help, alerts and broadcasts."""

from __future__ import annotations

from datetime import datetime

from bot.store import Database, residents
from bot.store import interests as store
from bot.store.interests import Choice

__all__ = ["Choice", "choices", "offer_once", "toggle"]


async def choices(db: Database, resident_id: int) -> list[Choice]:
    async with db.read() as conn:
        return await store.choices(resident_id, conn=conn)


async def toggle(db: Database, resident_id: int, category_id: int) -> bool | None:
    """Flip one category; None when the person is not a resident or the category is unknown."""
    async with db.transaction() as conn:
        if await residents.get(resident_id, conn=conn) is None:
            return None
        if not await store.category_exists(category_id, conn=conn):
            return None
        return await store.toggle(resident_id, category_id, conn=conn)


async def offer_once(db: Database, resident_id: int, now: datetime) -> bool:
    """Whether to offer the interests screen now: once, to a resident who chose none yet."""
    async with db.transaction() as conn:
        return await store.claim_offer(resident_id, now, conn=conn)
