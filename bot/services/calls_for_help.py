"""Calls for help: one tap asks the residents who like a shift's kind of work to come.

Who is asked: residents interested in the shift's category who get news (``broadcasts_on``),
have no place on the shift yet and were not asked for this shift before (the ``calls`` table).
Each call is an outbox row ``call:<shift>:<resident>`` with a button that signs them up; a
resident can use that button only for a shift they were called for. A call plans its rows and
records who was asked with two set-based statements over the same query of candidates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.outbox.kinds import CALL_FOR_HELP as KIND
from bot.services.roles import Role
from bot.store import Database, outbox
from bot.store import calls as store
from bot.store.calls import Need

log = logging.getLogger(__name__)

HORIZON = timedelta(days=7)

__all__ = ["Need", "NotAllowed", "Unavailable"]


class NotAllowed(Exception):
    """Not a coordinator of the shift's organisation."""


class Unavailable(Exception):
    """The shift is gone, has started or is full: nobody needs to be asked."""


def call_key(shift_id: int, resident_id: int) -> str:
    return f"{_call_prefix(shift_id)}{resident_id}"


def _call_prefix(shift_id: int) -> str:
    return f"call:{shift_id}:"


async def shifts_needing_help(db: Database, role: Role, now: datetime) -> list[Need]:
    """The coordinator's shifts in the coming week that still have a free place."""
    if not role.is_coordinator:
        raise NotAllowed
    scope = None if role.is_admin else role.organisation_ids
    async with db.read() as conn:
        return await store.needing_help(scope, now, now + HORIZON, conn=conn)


@dataclass(frozen=True)
class CallPreview:
    need: Need
    people: int


async def _checked(conn: aiosqlite.Connection, role: Role, shift_id: int, now: datetime) -> Need:
    found = await store.need(shift_id, conn=conn)
    if found is None:
        raise Unavailable
    if not role.manages(found.organisation_id):
        raise NotAllowed
    if not found.can_be_called(now):
        raise Unavailable
    return found


async def preview(db: Database, role: Role, shift_id: int, now: datetime) -> CallPreview:
    """The shift and how many people a call would reach now."""
    async with db.read() as conn:
        found = await _checked(conn, role, shift_id, now)
        return CallPreview(found, await store.count_candidates(found, conn=conn))


async def call(db: Database, role: Role, shift_id: int, now: datetime) -> CallPreview:
    """Ask everyone who matches now; each is recorded so nobody is asked twice for a shift."""
    async with db.transaction() as conn:
        found = await _checked(conn, role, shift_id, now)
        # The messages first: recording the calls takes the candidates out of the query.
        await outbox.enqueue_bulk(
            conn,
            store.candidates_query(found),
            key_prefix=_call_prefix(shift_id),
            kind=KIND,
            due_at=now,
            now=now,
            payload={"shift": shift_id},
        )
        people = await store.record_all(found, now, role.user_id, conn=conn)
    log.info("call for help for shift %s by %s: %s asked", shift_id, role.user_id, people)
    return CallPreview(found, people)


async def was_called(db: Database, shift_id: int, resident_id: int) -> bool:
    async with db.read() as conn:
        return await store.was_called(shift_id, resident_id, conn=conn)
