"""Quiet hours (22:00-08:00 local): a reminder goes before they begin, nothing is sent during them.

The clock starts on Wednesday 25 November 2026, 10:00 in Amsterdam (UTC+1).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import time, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.outbox.timing import QuietHours, plan_reminders, thanks_moment
from bot.sandbox.harness import BotHarness
from bot.store import to_db
from tests.support.catalogue import make_opportunity
from tests.support.clock import AMSTERDAM, QUIET, local
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import make_resident, sign_up


@asynccontextmanager
async def harness_with(
    db_path: Path, clock: ManualClock, **settings: str
) -> AsyncIterator[BotHarness]:
    """A bot with other settings than the default harness's (bounded start and stop)."""
    harness = BotHarness(db_path, clock=clock, settings=settings)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop(stop_api=True)


def test_the_window_crosses_midnight() -> None:
    assert QUIET.contains(local(2026, 11, 27, 22, 0))
    assert QUIET.contains(local(2026, 11, 28, 3, 0))
    assert QUIET.contains(local(2026, 11, 28, 7, 59))
    assert not QUIET.contains(local(2026, 11, 28, 8, 0))
    assert not QUIET.contains(local(2026, 11, 27, 21, 59))
    # Moved before: the last minute before 22:00 of the evening the window began.
    assert QUIET.before(local(2026, 11, 28, 6, 30)) == local(2026, 11, 27, 21, 59)
    assert QUIET.before(local(2026, 11, 27, 23, 0)) == local(2026, 11, 27, 21, 59)
    assert QUIET.before(local(2026, 11, 27, 12, 0)) == local(2026, 11, 27, 12, 0)
    # Moved after: the end of the window.
    assert QUIET.after(local(2026, 11, 27, 22, 30)) == local(2026, 11, 28, 8, 0)
    assert QUIET.after(local(2026, 11, 28, 1, 0)) == local(2026, 11, 28, 8, 0)
    # A window within one day works too.
    siesta = QuietHours(time(13, 0), time(15, 0), AMSTERDAM)
    assert siesta.contains(local(2026, 11, 27, 14, 0))
    assert not siesta.contains(local(2026, 11, 27, 23, 0))
    assert siesta.before(local(2026, 11, 27, 14, 0)) == local(2026, 11, 27, 12, 59)


def test_a_2h_reminder_for_an_0830_shift_goes_the_evening_before() -> None:
    starts = local(2026, 11, 28, 8, 30)
    planned = plan_reminders(
        starts,
        (timedelta(hours=24), timedelta(hours=2)),
        now=local(2026, 11, 25, 10, 0),
        zone=AMSTERDAM,
        quiet=QUIET,
    )
    assert [(p.label, p.due_at) for p in planned] == [
        ("24h", local(2026, 11, 27, 8, 30)),
        ("2h", local(2026, 11, 27, 21, 59)),
    ]
    # Offsets that land in one night give one reminder, not two at 21:59.
    planned = plan_reminders(
        starts,
        (timedelta(hours=10), timedelta(hours=2)),
        now=local(2026, 11, 25, 10, 0),
        zone=AMSTERDAM,
        quiet=QUIET,
    )
    assert [(p.label, p.due_at) for p in planned] == [("10h", local(2026, 11, 27, 21, 59))]
    # A thank-you that would come at night waits for the morning.
    assert thanks_moment(local(2026, 11, 28, 21, 30), timedelta(hours=1), QUIET) == local(
        2026, 11, 29, 8, 0
    )


async def test_reminder_before_quiet_hours_and_nothing_sent_during_them(
    harness: BotHarness, clock: ManualClock
) -> None:
    early = (local(2026, 11, 28, 8, 30) - clock.now(), timedelta(hours=2), 3)
    late = (local(2026, 11, 28, 20, 30) - clock.now(), timedelta(hours=2), 3)
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[early, late])
    anna = await make_resident(harness, 601, "Anna", "nl")
    ben = await make_resident(harness, 602, "Ben", "en")
    anna_signup = await sign_up(harness, made.shift_ids[0], anna)
    ben_signup = await sign_up(harness, made.shift_ids[1], ben)
    assert (f"reminder:{anna_signup}:2h", to_db(local(2026, 11, 27, 21, 59)), "pending") in [
        (r.key, r.due_at, r.status) for r in await outbox_rows(harness, recipient=anna.id)
    ]
    # Ben's shift ends at 22:30: his thank-you waits until 08:00 on Sunday.
    assert (f"thanks:{ben_signup}", to_db(local(2026, 11, 29, 8, 0)), "pending") in [
        (r.key, r.due_at, r.status) for r in await outbox_rows(harness, recipient=ben.id)
    ]
    await deliver_at(harness, clock, local(2026, 11, 27, 8, 30))  # the 24h one
    await deliver_at(harness, clock, local(2026, 11, 27, 21, 58))
    assert len(sent_to(harness, anna.id)) == 1
    await deliver_at(harness, clock, local(2026, 11, 27, 21, 59))  # the 2h one
    assert len(sent_to(harness, anna.id)) == 2
    assert "zaterdag 28 november, 08:30–10:30" in anna.last_text()
    # The bot was busy or down at 21:59: at 22:10 the quiet hours hold a due row back...
    async with harness.deps.db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET status = 'pending', due_at = ? WHERE key = ?",
            (to_db(local(2026, 11, 27, 21, 59)), f"reminder:{anna_signup}:2h"),
        )
    await deliver_at(harness, clock, local(2026, 11, 27, 22, 10))
    await deliver_at(harness, clock, local(2026, 11, 28, 7, 59))
    assert len(sent_to(harness, anna.id)) == 2
    # ...until 08:00, when the shift has not started yet: it goes then.
    await deliver_at(harness, clock, local(2026, 11, 28, 8, 0))
    assert len(sent_to(harness, anna.id)) == 3
    # Ben's thank-you: not at 23:00, at 08:00.
    await deliver_at(harness, clock, local(2026, 11, 28, 23, 0))
    assert sent_to(harness, ben.id, "🙏") == []
    await deliver_at(harness, clock, local(2026, 11, 29, 8, 0))
    assert len(sent_to(harness, ben.id, "🙏")) == 1


async def test_signing_up_late_in_the_evening_for_an_early_shift(
    harness: BotHarness, clock: ManualClock
) -> None:
    """At 21:59:30 the evening before, the 2h reminder (07:30, moved before the quiet hours to
    21:59) has just passed: it still goes, at once, before 22:00 (the trial found it dropped).
    The 24h one's own moment has passed: it is not planned."""
    early = (local(2026, 11, 28, 8, 30) - clock.now(), timedelta(hours=2), 3)
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[early])
    anna = await make_resident(harness, 603, "Anna", "nl")
    clock.set(local(2026, 11, 27, 21, 59, 30))
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    assert [(r.key, r.due_at) for r in await outbox_rows(harness, recipient=anna.id)] == [
        (f"reminder:{signup_id}:2h", to_db(local(2026, 11, 27, 21, 59, 30))),
        (f"thanks:{signup_id}", to_db(local(2026, 11, 28, 11, 30))),
    ]
    await deliver_at(harness, clock, local(2026, 11, 27, 21, 59, 40))
    [reminder] = sent_to(harness, anna.id)
    assert "zaterdag 28 november, 08:30–10:30" in reminder


async def test_signing_up_in_the_quiet_hours_for_an_early_shift(
    harness: BotHarness, clock: ManualClock
) -> None:
    """At 23:00, the 2h reminder waits for the end of the quiet hours: 08:00, before 08:30."""
    early = (local(2026, 11, 28, 8, 30) - clock.now(), timedelta(hours=2), 3)
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[early])
    anna = await make_resident(harness, 605, "Anna", "nl")
    clock.set(local(2026, 11, 27, 23, 0))
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    reminders = [r for r in await outbox_rows(harness, recipient=anna.id) if "reminder" in r.key]
    assert [(r.key, r.due_at) for r in reminders] == [
        (f"reminder:{signup_id}:2h", to_db(local(2026, 11, 28, 8, 0)))
    ]
    await deliver_at(harness, clock, local(2026, 11, 28, 7, 59))
    assert sent_to(harness, anna.id) == []
    await deliver_at(harness, clock, local(2026, 11, 28, 8, 0))
    assert len(sent_to(harness, anna.id)) == 1


async def test_other_quiet_hours_or_none(db_path: Path, clock: ManualClock) -> None:
    async with harness_with(db_path, clock, QUIET_HOURS="off", REMINDER_OFFSETS="2h") as harness:
        early = (local(2026, 11, 28, 8, 30) - clock.now(), timedelta(hours=2), 3)
        made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[early])
        anna = await make_resident(harness, 604, "Anna", "nl")
        signup_id = await sign_up(harness, made.shift_ids[0], anna)
        assert [(r.key, r.due_at) for r in await outbox_rows(harness, recipient=anna.id)] == [
            (f"reminder:{signup_id}:2h", to_db(local(2026, 11, 28, 6, 30))),
            (f"thanks:{signup_id}", to_db(local(2026, 11, 28, 11, 30))),
        ]
        await deliver_at(harness, clock, local(2026, 11, 28, 6, 30))
        assert len(sent_to(harness, anna.id)) == 1
