"""Notices to the people signed up when a coordinator moves or cancels a shift or an opportunity.

Planned by :mod:`bot.publishing` in the same transaction as the change, rendered at send time in
the recipient's language. The payload carries ids, and the old times, never text.
A notice whose reason has gone (the sign-up ended, the shift moved again) is dropped.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.files import calendar as calendar_file
from bot.i18n import N_, Translator, esc, reader
from bot.outbox import postman as outbox
from bot.outbox.postman import Button, Drop, Outgoing, Pending
from bot.store import from_db, managing, residents, to_db
from conversations.actions import pack

MOVED = "notice_shift_moved"
SHIFT_CANCELLED = "notice_shift_cancelled"
OPPORTUNITY_CANCELLED = "notice_opportunity_cancelled"

MOVED_TEXT = N_(
    "🕒 <b>Changed time</b> for <b>{title}</b>.\nNew: {when}\nWas: {old}\n📍 {location}"
)
MOVED_HINT = N_("You are still signed up. Can't come at the new time? Cancel with /mine.")
SHIFT_CANCELLED_TEXT = N_(
    "❌ <b>Cancelled:</b> {title} on {when} does not go ahead. Sorry!\n"
    "You don't need to do anything."
)
OPPORTUNITY_CANCELLED_TEXT = N_(
    "❌ <b>Cancelled:</b> {title} does not go ahead any more. Sorry!\n"
    "Your sign-ups for it have ended. You don't need to do anything."
)
FIND_OTHER = N_("Look for something else with /find.")


async def _notice(
    conn: aiosqlite.Connection,
    kind: str,
    key: str,
    recipient_id: int,
    now: datetime,
    payload: dict[str, object],
    signup_id: int | None = None,
) -> None:
    await outbox.enqueue(
        conn,
        key=f"{kind}:{key}",
        kind=kind,
        recipient_id=recipient_id,
        due_at=now,
        now=now,
        payload=payload,
        signup_id=signup_id,
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
        await _notice(conn, MOVED, key, person.resident_id, now, payload, person.signup_id)
    return len(people)


async def plan_shift_cancelled(conn: aiosqlite.Connection, shift_id: int, now: datetime) -> int:
    """Tell everyone on a cancelled shift; returns how many."""
    payload: dict[str, object] = {"shift_id": shift_id}
    people = await managing.active_signups(shift_id, conn=conn)
    for person in people:
        await _notice(
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
    payload: dict[str, object] = {"opportunity_id": opportunity_id}
    told: set[int] = set()
    for shift_id in shift_ids:
        for person in await managing.active_signups(shift_id, conn=conn):
            if person.resident_id not in told:
                told.add(person.resident_id)
                key = f"{opportunity_id}:{person.resident_id}"
                await _notice(conn, OPPORTUNITY_CANCELLED, key, person.resident_id, now, payload)
    return len(told)


async def _reader(conn: aiosqlite.Connection, row: Pending) -> Translator | None:
    found = await residents.get(row.recipient_id, conn=conn)
    if found is None:
        return None
    return reader(found.language)


async def _still_on(conn: aiosqlite.Connection, row: Pending, shift_id: int) -> str | None:
    """The status of the row's sign-up if it still counts ('confirmed' or 'waitlisted')."""
    active = await managing.active_signups(shift_id, conn=conn)
    return next((a.status for a in active if a.signup_id == row.signup_id), None)


def _buttons(t: Translator, action: str, label: str) -> list[list[Button]]:
    return [[Button(t._(label), pack(action))]]


@outbox.renderer(MOVED)
async def render_moved(conn: aiosqlite.Connection, row: Pending, now: datetime) -> Outgoing | Drop:
    shift = await managing.shift(int(row.payload["shift_id"]), conn=conn)
    if shift is None or shift.status != "open":
        return Drop("shift gone")
    if to_db(shift.starts_at) != row.payload.get("starts_at"):
        return Drop("moved again")
    status = await _still_on(conn, row, shift.id)
    if status is None:
        return Drop("sign-up ended")
    t = await _reader(conn, row)
    if t is None:
        return Drop("no resident")
    old = t.when(from_db(row.payload["old_starts_at"]), from_db(row.payload["old_ends_at"]))
    text = t._(MOVED_TEXT).format(
        title=esc(shift.title),
        when=t.when(shift.starts_at, shift.ends_at),
        old=old,
        location=esc(shift.location),
    )
    buttons = _buttons(t, "mine", N_("📋 My sign-ups"))
    if status == "confirmed" and row.signup_id is not None:  # the old time is in their calendar
        buttons.insert(0, [calendar_file.button(t, row.signup_id)])
    return Outgoing(f"{text}\n\n{t._(MOVED_HINT)}", buttons)


@outbox.renderer(SHIFT_CANCELLED)
async def render_shift_cancelled(
    conn: aiosqlite.Connection, row: Pending, now: datetime
) -> Outgoing | Drop:
    shift = await managing.shift(int(row.payload["shift_id"]), conn=conn)
    if shift is None:
        return Drop("shift gone")
    if not await _still_on(conn, row, shift.id):
        return Drop("sign-up ended")
    t = await _reader(conn, row)
    if t is None:
        return Drop("no resident")
    text = t._(SHIFT_CANCELLED_TEXT).format(
        title=esc(shift.title), when=t.when(shift.starts_at, shift.ends_at)
    )
    return Outgoing(
        f"{text}\n\n{t._(FIND_OTHER)}", _buttons(t, "cat", N_("🔎 Find something to do"))
    )


@outbox.renderer(OPPORTUNITY_CANCELLED)
async def render_opportunity_cancelled(
    conn: aiosqlite.Connection, row: Pending, now: datetime
) -> Outgoing | Drop:
    found = await managing.opportunity(int(row.payload["opportunity_id"]), conn=conn)
    if found is None:
        return Drop("opportunity gone")
    t = await _reader(conn, row)
    if t is None:
        return Drop("no resident")
    text = t._(OPPORTUNITY_CANCELLED_TEXT).format(title=esc(found.title))
    return Outgoing(
        f"{text}\n\n{t._(FIND_OTHER)}", _buttons(t, "cat", N_("🔎 Find something to do"))
    )
