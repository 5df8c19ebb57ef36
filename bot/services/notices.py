"""Planning the notices to the people on a shift (or a series) a coordinator moved or cancelled,
and to an organisation's coordinators.

Called inside the caller's transaction (publishing, series, signups, leads); the outbox
renders them (:mod:`bot.outbox.messages`). The payload carries ids and the old times, never
text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.outbox.kinds import OPPORTUNITY_CANCELLED, SERIES_CHANGED, SHIFT_CANCELLED
from bot.outbox.kinds import SHIFT_MOVED as MOVED
from bot.services.roles import told_about
from bot.store import managing, outbox, to_db


async def notice(
    conn: aiosqlite.Connection,
    kind: str,
    key: str,
    recipient_id: int,
    now: datetime,
    payload: dict[str, object],
    signup_id: int | None = None,
) -> bool:
    """One message now, keyed ``<kind>:<key>``; a key planned before plans nothing (so a double
    tap tells once). Whether it was planned."""
    return await outbox.enqueue(
        conn,
        key=f"{kind}:{key}",
        kind=kind,
        recipient_id=recipient_id,
        due_at=now,
        now=now,
        payload=payload,
        signup_id=signup_id,
    )


async def tell_coordinators(
    conn: aiosqlite.Connection,
    organisation_id: int | None,
    administrators: Iterable[int],
    *,
    kind: str,
    about: object,
    payload: dict[str, object],
    now: datetime,
) -> int:
    """A message now to each who hears of what happens in the organisation (its coordinators,
    else the administrators: :func:`bot.services.roles.told_about`; ``None``: the
    administrators), once per ``about`` (the key); returns how many messages were planned
    (none twice for the same key)."""
    planned = 0
    for person in await told_about(conn, organisation_id, administrators):
        planned += await notice(conn, kind, f"{about}:{person}", person, now, payload)
    return planned


async def plan_series_changed(
    conn: aiosqlite.Connection, series_id: int, people: list[int], old: str, now: datetime
) -> None:
    """New times for every coming date of a series: each person on any of them is told once
    (``old``: the times it had, ``HH:MM-HH:MM``)."""
    payload: dict[str, object] = {"series_id": series_id, "old": old}
    for person in people:
        await notice(
            conn, SERIES_CHANGED, f"{series_id}:{person}:{to_db(now)}", person, now, payload
        )


async def plan_moved(
    conn: aiosqlite.Connection,
    shift_id: int,
    old_starts_at: datetime,
    old_ends_at: datetime,
    now: datetime,
) -> int:
    """Tell everyone on the shift (confirmed or waiting) its new time; returns how many."""
    shift = await managing.shift(shift_id, conn=conn)
    assert shift is not None
    payload = {
        "shift_id": shift_id,
        "starts_at": to_db(shift.starts_at),
        "old_starts_at": to_db(old_starts_at),
        "old_ends_at": to_db(old_ends_at),
    }
    people = await managing.active_signups(shift_id, conn=conn)
    for person in people:
        key = f"{person.signup_id}:{to_db(shift.starts_at)}:{to_db(now)}"
        await notice(conn, MOVED, key, person.resident_id, now, payload, person.signup_id)
    return len(people)


async def plan_shift_cancelled(conn: aiosqlite.Connection, shift_id: int, now: datetime) -> int:
    """Tell everyone on a cancelled shift; returns how many."""
    payload: dict[str, object] = {"shift_id": shift_id}
    people = await managing.active_signups(shift_id, conn=conn)
    for person in people:
        await notice(
            conn,
            SHIFT_CANCELLED,
            str(person.signup_id),
            person.resident_id,
            now,
            payload,
            person.signup_id,
        )
    return len(people)


async def plan_opportunity_cancelled(
    conn: aiosqlite.Connection,
    opportunity_id: int,
    shift_ids: list[int],
    now: datetime,
) -> int:
    """One notice per person, however many of the opportunity's shifts they were on."""
    # The shifts travel along: the notice carries the file that takes them out of calendars.
    payload: dict[str, object] = {"opportunity_id": opportunity_id, "shift_ids": shift_ids}
    told: set[int] = set()
    for shift_id in shift_ids:
        for person in await managing.active_signups(shift_id, conn=conn):
            if person.resident_id not in told:
                told.add(person.resident_id)
                key = f"{opportunity_id}:{person.resident_id}"
                await notice(conn, OPPORTUNITY_CANCELLED, key, person.resident_id, now, payload)
    return len(told)
