"""Where people live, if they want: the neighbourhoods of the area and the one a resident chose.

Administrators set the list (in the chat, or from a spreadsheet with ``python -m bot
neighbourhoods FILE``); everyone else is refused on the server. A resident may choose theirs in
/settings, or answer the one-time question after a sign-up, or skip it: never required, and only
offered while there are neighbourhoods. Removing one leaves its residents without one.

Two names that differ only in capitals (or accents' capitals: "Élysée", "élysée") are one
neighbourhood, in the chat and in the import alike (:func:`same`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bot.limits import MAX_NEIGHBOURHOOD
from bot.services.pages import Page, read_page
from bot.services.publishing import Invalid, NotAllowed
from bot.services.roles import Role
from bot.store import Database
from bot.store import neighbourhoods as store
from bot.store import residents as resident_store
from bot.store.neighbourhoods import Neighbourhood

log = logging.getLogger(__name__)

__all__ = ["MAX_NEIGHBOURHOOD", "Invalid", "Neighbourhood", "NotAllowed"]


def clean_name(text: str | None) -> str:
    """A name as typed or imported: on one line, spaces tidied, within the limit; raises
    Invalid('empty') or Invalid('too_long', limit, the name)."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise Invalid("empty")
    if len(cleaned) > MAX_NEIGHBOURHOOD:
        raise Invalid("too_long", MAX_NEIGHBOURHOOD, cleaned)
    return cleaned


def same(name: str) -> str:
    """What two names must share to be one neighbourhood."""
    return name.casefold()


def check(neighbourhood: Neighbourhood) -> str:
    """A short mark of the name a resident's button showed: a button of a neighbourhood that was
    removed or renamed since (even when a new one got its number) no longer chooses anything."""
    return format(zlib.crc32(same(neighbourhood.name).encode()) & 0xFFFFF, "x")


def _admin(role: Role, action: str) -> None:
    if not role.is_admin:
        raise NotAllowed(action)


# -- the administrator's list ----------------------------------------------------------------------
@dataclass(frozen=True)
class Added:
    """What adding names did: the ones added, and the ones that were there already."""

    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


async def page(db: Database, page_number: int, size: int) -> Page[Neighbourhood]:
    """One page of the list, alphabetical (what residents choose from, and admins manage)."""
    return await read_page(
        db,
        page_number,
        size,
        count=lambda conn: store.count(conn=conn),
        fetch=lambda conn, offset, limit: store.listed(offset, limit, conn=conn),
    )


async def managed_page(
    db: Database, role: Role, page_number: int, size: int
) -> Page[Neighbourhood]:
    _admin(role, "neighbourhoods")
    return await page(db, page_number, size)


async def one(db: Database, role: Role, neighbourhood_id: int) -> Neighbourhood:
    _admin(role, "neighbourhoods")
    async with db.read() as conn:
        found = await store.get(neighbourhood_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    return found


# A column's heading, as a spreadsheet has it above the names (the file import skips it too).
HEADERS = ("neighbourhood", "neighborhood", "neighbourhoods", "name", "wijk", "buurt", "naam")


def names_in(text: str | None) -> list[str]:
    """The names in what an administrator typed: one, or one a line (a column pasted from a
    spreadsheet: its heading left out); each checked (the first bad one raises, so nothing of
    it is added)."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].strip().casefold() in HEADERS:
        lines = lines[1:]
    if not lines:
        raise Invalid("empty")
    return [clean_name(line) for line in lines]


async def _add_names(db: Database, names: Iterable[str], now: datetime) -> Added:
    result = Added()
    async with db.transaction() as conn:
        known = {same(n.name): n.name for n in await store.every(conn=conn)}
        for name in names:
            there = known.get(same(name))
            if there is None:
                await store.add(name, now, conn=conn)
                known[same(name)] = name
                result.added.append(name)
            elif there not in result.added and there not in result.already:
                result.already.append(there)
    return result


async def add(db: Database, role: Role, text: str | None, now: datetime) -> Added:
    """The names typed (one, or one a line); a name that is there already is not added twice."""
    _admin(role, "neighbourhoods")
    result = await _add_names(db, names_in(text), now)
    log.info("user %s added %s neighbourhood(s)", role.user_id, len(result.added))
    return result


async def import_names(db: Database, names: Iterable[str], now: datetime) -> Added:
    """Names checked by the spreadsheet import (``python -m bot neighbourhoods``), in one
    transaction; those there already are left as they are."""
    result = await _add_names(db, names, now)
    log.info("import added %s neighbourhood(s)", len(result.added))
    return result


async def rename(
    db: Database, role: Role, neighbourhood_id: int, text: str | None
) -> Neighbourhood:
    """A new name (residents who chose it keep it); Invalid('taken') when another has it."""
    _admin(role, "neighbourhoods")
    name = clean_name(text)
    async with db.transaction() as conn:
        others = [n for n in await store.every(conn=conn) if n.id != neighbourhood_id]
        if any(same(n.name) == same(name) for n in others):
            raise Invalid("taken")
        if not await store.rename(neighbourhood_id, name, conn=conn):
            raise Invalid("missing")
    log.info("user %s renamed neighbourhood %s", role.user_id, neighbourhood_id)
    return Neighbourhood(neighbourhood_id, name)


async def remove(db: Database, role: Role, neighbourhood_id: int) -> Neighbourhood:
    """Removed; the residents who chose it are left without one."""
    _admin(role, "neighbourhoods")
    async with db.transaction() as conn:
        found = await store.get(neighbourhood_id, conn=conn)
        if found is None or not await store.remove(neighbourhood_id, conn=conn):
            raise Invalid("missing")
    log.info("user %s removed neighbourhood %s", role.user_id, neighbourhood_id)
    return found


# -- the resident's choice -------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """A resident's neighbourhood (None: none chosen), and whether there are any to choose."""

    chosen: Neighbourhood | None
    offered: bool


async def choice_of(db: Database, resident_id: int) -> Choice:
    async with db.read() as conn:
        chosen = await store.of_resident(resident_id, conn=conn)
        offered = await store.count(conn=conn) > 0
    return Choice(chosen, offered)


async def choose(
    db: Database, resident_id: int, neighbourhood_id: int, mark: str, now: datetime
) -> Neighbourhood | None:
    """The resident's choice, stored; None (nothing changed) for a neighbourhood that is gone or
    renamed since the button was made (``mark``: :func:`check`), or someone not a resident."""
    async with db.transaction() as conn:
        found = await store.get(neighbourhood_id, conn=conn)
        if found is None or check(found) != mark:
            return None
        if not await store.choose(resident_id, found.id, now, conn=conn):
            return None
    log.info("resident %s chose a neighbourhood", resident_id)
    return found


async def rather_not_say(db: Database, resident_id: int, now: datetime) -> bool:
    """No neighbourhood (the one chosen before is cleared), and the question is not asked again;
    False for someone not a resident."""
    async with db.transaction() as conn:
        if await resident_store.get(resident_id, conn=conn) is None:
            return False
        await store.choose(resident_id, None, now, conn=conn)
    log.info("resident %s gave no neighbourhood", resident_id)
    return True


async def ask_once(db: Database, resident_id: int, now: datetime) -> bool:
    """Whether to ask now: once per resident, who has none, while there are neighbourhoods."""
    async with db.transaction() as conn:
        return await store.claim_question(resident_id, now, conn=conn)
