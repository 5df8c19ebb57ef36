"""Notices to the people signed up when a coordinator moves or cancels a shift or an opportunity.

Planned by :mod:`bot.services.notices` in the same transaction as the change, rendered at send
time in the recipient's language (the title too, where translated). The payload carries ids,
and the old times, never text.
A notice whose reason has gone (the sign-up ended, the shift moved again) is dropped.
"""

from __future__ import annotations

import aiosqlite

from bot.files import calendar as calendar_file
from bot.i18n import N_, esc
from bot.outbox.letters import Desk, Drop, Outgoing
from bot.outbox.messages.buttons import calendar_button, find_button, mine_button
from bot.store import browsing, from_db, managing, to_db
from bot.store import signups as signup_rows
from bot.store.outbox import Pending

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


async def _still_on(conn: aiosqlite.Connection, row: Pending, shift_id: int) -> str | None:
    """The status of the row's sign-up if it still counts ('confirmed' or 'waitlisted')."""
    active = await managing.active_signups(shift_id, conn=conn)
    return next((a.status for a in active if a.signup_id == row.signup_id), None)


async def render_moved(desk: Desk, row: Pending) -> Outgoing | Drop:
    """The shift has a new time; the old one is in their calendar, so 📅 comes along."""
    conn = desk.conn
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    shift = await browsing.shift(int(row.payload["shift_id"]), language=t.locale, conn=conn)
    if shift is None or shift.status != "open":
        return Drop("shift gone")
    if to_db(shift.starts_at) != row.payload.get("starts_at"):
        return Drop("moved again")
    status = await _still_on(conn, row, shift.id)
    if status is None:
        return Drop("sign-up ended")
    old = t.when(from_db(row.payload["old_starts_at"]), from_db(row.payload["old_ends_at"]))
    text = t._(MOVED_TEXT).format(
        title=esc(shift.opportunity.title),
        when=t.when(shift.starts_at, shift.ends_at),
        old=old,
        location=esc(shift.opportunity.location),
    )
    buttons = [[mine_button(t)]]
    if status == "confirmed" and row.signup_id is not None:  # the old time is in their calendar
        buttons.insert(0, [calendar_button(t, row.signup_id)])
    return Outgoing(f"{text}\n\n{t._(MOVED_HINT)}", buttons)


async def render_shift_cancelled(desk: Desk, row: Pending) -> Outgoing | Drop:
    """A shift they were on does not go ahead."""
    conn = desk.conn
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    shift = await browsing.shift(int(row.payload["shift_id"]), language=t.locale, conn=conn)
    if shift is None:
        return Drop("shift gone")
    if not await _still_on(conn, row, shift.id):
        return Drop("sign-up ended")
    text = t._(SHIFT_CANCELLED_TEXT).format(
        title=esc(shift.opportunity.title), when=t.when(shift.starts_at, shift.ends_at)
    )
    removal = await _removal(desk, row.recipient_id, [shift.id], t.locale)
    return Outgoing(f"{text}\n\n{t._(FIND_OTHER)}", [[find_button(t)]], document=removal)


async def render_opportunity_cancelled(desk: Desk, row: Pending) -> Outgoing | Drop:
    """An opportunity they were signed up for does not go ahead any more."""
    conn = desk.conn
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    opportunity_id = int(row.payload["opportunity_id"])
    found = await browsing.opportunity(opportunity_id, language=t.locale, conn=conn)
    if found is None:
        return Drop("opportunity gone")
    text = t._(OPPORTUNITY_CANCELLED_TEXT).format(title=esc(found.title))
    shift_ids = [int(i) for i in row.payload.get("shift_ids", [])]
    removal = await _removal(desk, row.recipient_id, shift_ids, t.locale)
    return Outgoing(f"{text}\n\n{t._(FIND_OTHER)}", [[find_button(t)]], document=removal)


async def _removal(
    desk: Desk, resident_id: int, shift_ids: list[int], language: str
) -> tuple[str, bytes] | None:
    """The calendar file that takes the resident's places on these cancelled shifts out of
    their calendar (each place got a file at sign-up), as the notice's attachment."""
    entries = []
    for shift_id in shift_ids:
        place = await signup_rows.active_for(shift_id, resident_id, conn=desk.conn)
        shift = await browsing.shift(shift_id, language=language, conn=desk.conn)
        if place is not None and place.status == "confirmed" and shift is not None:
            entries.append(calendar_file.entry(shift, place.id, place.created_at))
    if not entries:
        return None
    content = calendar_file.cancelled_calendar(entries, now=desk.now)
    return calendar_file.filename(entries[0].shift_id), content
