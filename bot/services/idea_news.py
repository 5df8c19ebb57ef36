"""Who hears what about an idea, planned in the outbox inside the caller's transaction.

- a new idea: every coordinator of the network and every administrator (not its author), once;
- a coordinator's answer: the resident, once per answer;
- a new status (considering, planned, not now): the resident, once per change;
- the opportunity made from it, published: the resident, once, with a button to sign up first.

Called by :mod:`bot.services.ideas` and by publishing (which must not import that module: it
imports publishing). The payload carries ids, never text; the renderers
(:mod:`bot.outbox.messages.ideas`) read the rest at send time and drop what has gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.outbox.kinds import IDEA_ANSWER, IDEA_NEW, IDEA_PUBLISHED, IDEA_STATUS
from bot.services.notices import notice
from bot.store import ideas as store
from bot.store import to_db


async def new_idea(
    conn: aiosqlite.Connection,
    idea_id: int,
    author_id: int,
    administrators: Iterable[int],
    now: datetime,
) -> int:
    """Tell the coordinators of the network and the administrators; returns how many."""
    people = set(await store.network_coordinators(conn=conn)) | set(administrators)
    people.discard(author_id)
    payload: dict[str, object] = {"idea": idea_id}
    told = [await notice(conn, IDEA_NEW, f"{idea_id}:{p}", p, now, payload) for p in sorted(people)]
    return sum(told)


async def answered(
    conn: aiosqlite.Connection, idea_id: int, answer_id: int, resident_id: int, now: datetime
) -> None:
    payload: dict[str, object] = {"idea": idea_id, "answer": answer_id}
    await notice(conn, IDEA_ANSWER, str(answer_id), resident_id, now, payload)


async def status_changed(
    conn: aiosqlite.Connection, idea_id: int, resident_id: int, status: str, now: datetime
) -> None:
    """One message per change (the caller plans it only when the status did change)."""
    key = f"{idea_id}:{status}:{to_db(now)}"
    payload: dict[str, object] = {"idea": idea_id, "status": status}
    await notice(conn, IDEA_STATUS, key, resident_id, now, payload)


async def taken_up(
    conn: aiosqlite.Connection, idea_id: int, opportunity_id: int, now: datetime
) -> bool:
    """The opportunity made from the idea was published: link them, and tell the resident who
    had the idea. False (nothing done) when the idea is gone or became an opportunity before."""
    if not await store.take_up(idea_id, opportunity_id, now=now, conn=conn):
        return False
    found = await store.get(idea_id, conn=conn)
    assert found is not None
    payload: dict[str, object] = {"idea": idea_id, "opportunity": opportunity_id}
    return await notice(conn, IDEA_PUBLISHED, str(idea_id), found.resident_id, now, payload)
