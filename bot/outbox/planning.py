"""What a change to a sign-up or a shift means for the messages planned in the outbox.

The sign-up service calls these inside its own transaction, so a sign-up and its reminders are
stored together or not at all. A confirmed sign-up gets one reminder per ``REMINDER_OFFSETS`` and
a thank-you after the shift (keys ``reminder:<signup id>:<offset>`` and ``thanks:<signup id>``);
the moments follow :mod:`bot.outbox.timing` (quiet hours, daylight saving time, no stale reminder).
Re-planning is safe at any time: a pending row is moved, and what already went out for the same
shift time is never planned again.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.outbox.kinds import REMINDER, THANKS
from bot.outbox.timing import Rules, plan_reminders, thanks_moment
from bot.store import followups, outbox, to_db

KINDS = (REMINDER, THANKS)
# Dropped for a reason that may pass: planned again when the reason has gone.
REVIVE = frozenset({"reminders off", "thanks off", "cancelled", "blocked", "unreachable"})


def reminder_key(signup_id: int, label: str) -> str:
    return f"{REMINDER}:{signup_id}:{label}"


def thanks_key(signup_id: int) -> str:
    return f"{THANKS}:{signup_id}"


async def signup_confirmed(
    conn: aiosqlite.Connection, signup_id: int, now: datetime, rules: Rules
) -> None:
    """A confirmed sign-up (new, or promoted from the waitlist): plan reminders and thank-you."""
    await _plan(conn, signup_id, now, rules, keep_overdue=False)


async def signup_ended(conn: aiosqlite.Connection, signup_id: int) -> None:
    """A sign-up cancelled or waitlist place left: its planned messages go."""
    await outbox.cancel_pending(conn, signup_id=signup_id)


async def checked_in(conn: aiosqlite.Connection, signup_id: int) -> None:
    """Checked in at the door: they are there, so its reminders go (the thank-you stays)."""
    await outbox.cancel_pending(conn, signup_id=signup_id, kinds=(REMINDER,))


async def shift_moved(
    conn: aiosqlite.Connection, shift_id: int, now: datetime, rules: Rules
) -> None:
    """A shift's time changed: re-plan the messages of everyone confirmed on it."""
    for signup_id in await followups.confirmed_on_shift(shift_id, conn=conn):
        await _plan(conn, signup_id, now, rules, keep_overdue=False)


async def shift_cancelled(conn: aiosqlite.Connection, shift_id: int) -> None:
    """A shift was cancelled: its reminders and thank-yous do not go out any more.

    (Other messages about the shift, such as the notice that it was cancelled, stay planned.)
    """
    for signup_id in await followups.confirmed_on_shift(shift_id, conn=conn):
        await outbox.cancel_pending(conn, signup_id=signup_id, kinds=KINDS)


async def preferences_changed(
    conn: aiosqlite.Connection, resident_id: int, now: datetime, rules: Rules
) -> None:
    """Reminders or thank-yous turned on or off in /settings: plan what is now wanted.

    (Turning them off also works without this: the renderers check at send time.)
    """
    for signup_id in await followups.upcoming_confirmed(now, resident_id=resident_id, conn=conn):
        await _plan(conn, signup_id, now, rules, keep_overdue=True)


async def reachable_again(
    conn: aiosqlite.Connection, resident_id: int, now: datetime, rules: Rules
) -> None:
    """Someone who had blocked the bot wrote to it again: messages may reach them once more, and
    what was dropped for their upcoming shifts is planned again."""
    await outbox.mark_reachable(conn, resident_id)
    await preferences_changed(conn, resident_id, now, rules)


async def rules_unchanged(conn: aiosqlite.Connection, rules: Rules) -> bool:
    """Whether the upcoming sign-ups were planned with these rules (the last start's)."""
    return await followups.planned_rules(conn=conn) == rules.fingerprint()


async def upcoming(conn: aiosqlite.Connection, now: datetime) -> list[int]:
    """Every confirmed sign-up for a shift still to come, soonest shift first."""
    return await followups.upcoming_confirmed(now, conn=conn)


async def replan(
    conn: aiosqlite.Connection, signup_ids: list[int], now: datetime, rules: Rules
) -> None:
    """These sign-ups' plans follow ``rules``. Rows that became due while the bot was down are
    kept: the postman sends or drops them."""
    for signup_id in signup_ids:
        await _plan(conn, signup_id, now, rules, keep_overdue=True)


async def rules_applied(conn: aiosqlite.Connection, rules: Rules, now: datetime) -> None:
    """Every upcoming sign-up now follows ``rules``: the next start need not re-plan."""
    await followups.save_planned_rules(rules.fingerprint(), now, conn=conn)


async def _plan(
    conn: aiosqlite.Connection,
    signup_id: int,
    now: datetime,
    rules: Rules,
    *,
    keep_overdue: bool,
) -> None:
    info = await followups.followup(signup_id, conn=conn)
    if info is None or not info.confirmed or info.shift_cancelled:
        await outbox.cancel_pending(conn, signup_id=signup_id, kinds=KINDS)
        return
    assert info.resident_id is not None
    shift_time = {"starts_at": to_db(info.starts_at), "ends_at": to_db(info.ends_at)}
    wanted: dict[str, tuple[str, datetime]] = {}
    if info.reminders_on:
        for planned in plan_reminders(
            info.starts_at, rules.offsets, now=now, zone=rules.zone, quiet=rules.quiet
        ):
            wanted[reminder_key(signup_id, planned.label)] = (REMINDER, planned.due_at)
    if info.thanks_on:
        due = thanks_moment(info.ends_at, rules.thanks_delay, rules.quiet)
        wanted[thanks_key(signup_id)] = (THANKS, due)
    for key, due_at in await outbox.pending_of_signup(conn, signup_id, KINDS):
        if key in wanted or (keep_overdue and due_at <= now):
            continue
        # No longer wanted (an offset gone, or its moment passed before it was planned).
        await outbox.delete_pending(conn, key)
    for key, (kind, due_at) in wanted.items():
        await outbox.put(
            conn,
            key=key,
            kind=kind,
            recipient_id=info.resident_id,
            due_at=due_at,
            now=now,
            payload=shift_time,
            signup_id=signup_id,
            revive=REVIVE,
        )
