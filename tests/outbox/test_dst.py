"""Daylight saving time: reminders and quiet hours around the switches in Europe/Amsterdam.

Spring: Sunday 29 March 2026, 02:00 CET (UTC+1) becomes 03:00 CEST (UTC+2).
Autumn: Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET.
"A 24h reminder" means the same local time a day earlier (23 or 25 real hours then); the 2h
reminder is two real hours; quiet hours are local time on either side of the switch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.outbox.timing import plan_reminders, reminder_moment, thanks_moment
from bot.sandbox.harness import BotHarness
from bot.store import to_db
from tests.support.catalogue import make_opportunity
from tests.support.clock import AMSTERDAM, QUIET, local
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import make_resident, sign_up

OFFSETS = (timedelta(hours=24), timedelta(hours=2))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[arg-type, misc]


@pytest.mark.parametrize(
    ("starts", "day_before", "two_hours_before", "real_hours"),
    [
        # Spring: Sunday 10:00 CEST is 08:00 UTC; Saturday 10:00 CET is 09:00 UTC: 23 hours.
        (utc(2026, 3, 29, 8, 0), utc(2026, 3, 28, 9, 0), utc(2026, 3, 29, 6, 0), 23),
        # Autumn: Sunday 10:00 CET is 09:00 UTC; Saturday 10:00 CEST is 08:00 UTC: 25 hours.
        (utc(2026, 10, 25, 9, 0), utc(2026, 10, 24, 8, 0), utc(2026, 10, 25, 7, 0), 25),
    ],
)
def test_a_day_before_is_the_same_local_time(
    starts: datetime, day_before: datetime, two_hours_before: datetime, real_hours: int
) -> None:
    assert starts.astimezone(AMSTERDAM).hour == 10
    assert reminder_moment(starts, timedelta(hours=24), AMSTERDAM) == day_before
    assert day_before.astimezone(AMSTERDAM).hour == 10
    assert starts - day_before == timedelta(hours=real_hours)
    assert reminder_moment(starts, timedelta(hours=2), AMSTERDAM) == two_hours_before
    assert two_hours_before.astimezone(AMSTERDAM).hour == 8  # not quiet: 08:00 is the end


def test_quiet_hours_follow_local_time_across_the_switch() -> None:
    # Spring: 05:30 UTC is 07:30 CEST (quiet); 06:00 UTC is 08:00 CEST (not).
    assert QUIET.contains(utc(2026, 3, 29, 5, 30))
    assert not QUIET.contains(utc(2026, 3, 29, 6, 0))
    assert QUIET.after(utc(2026, 3, 29, 1, 30)) == utc(2026, 3, 29, 6, 0)
    # The night began at 22:00 CET on Saturday (21:00 UTC), an hour "longer" in UTC terms.
    assert QUIET.before(utc(2026, 3, 29, 4, 30)) == utc(2026, 3, 28, 20, 59)
    # Autumn: 06:59 UTC is 07:59 CET (quiet); 07:00 UTC is 08:00 CET (not).
    assert QUIET.contains(utc(2026, 10, 25, 6, 59))
    assert not QUIET.contains(utc(2026, 10, 25, 7, 0))
    # 22:00 CEST on Saturday is 20:00 UTC.
    assert QUIET.before(utc(2026, 10, 25, 4, 30)) == utc(2026, 10, 24, 19, 59)
    assert QUIET.contains(utc(2026, 10, 24, 20, 0))
    assert not QUIET.contains(utc(2026, 10, 24, 19, 59))


def test_an_early_shift_on_the_switch_day_is_reminded_the_evening_before() -> None:
    # 08:30 CEST on 29 March; 2h before is 06:30 CEST, quiet: 21:59 CET on Saturday.
    spring = plan_reminders(
        local(2026, 3, 29, 8, 30),
        OFFSETS,
        now=local(2026, 3, 25, 12, 0),
        zone=AMSTERDAM,
        quiet=QUIET,
    )
    assert [(p.label, p.due_at) for p in spring] == [
        ("24h", utc(2026, 3, 28, 7, 30)),  # Saturday 08:30 CET
        ("2h", utc(2026, 3, 28, 20, 59)),  # Saturday 21:59 CET
    ]
    # 08:30 CET on 25 October; 2h before is 06:30 CET, quiet: 21:59 CEST on Saturday.
    autumn = plan_reminders(
        local(2026, 10, 25, 8, 30),
        OFFSETS,
        now=local(2026, 10, 21, 12, 0),
        zone=AMSTERDAM,
        quiet=QUIET,
    )
    assert [(p.label, p.due_at) for p in autumn] == [
        ("24h", utc(2026, 10, 24, 6, 30)),  # Saturday 08:30 CEST
        ("2h", utc(2026, 10, 24, 19, 59)),  # Saturday 21:59 CEST
    ]
    # A night shift ending at 01:30 CET: one hour later is 02:30, an hour that does not exist
    # that night; the thank-you waits until 08:00 CEST.
    assert thanks_moment(utc(2026, 3, 29, 0, 30), timedelta(hours=1), QUIET) == utc(
        2026, 3, 29, 6, 0
    )


@pytest.mark.parametrize(
    ("now", "starts", "day_before", "two_before", "shown_nl", "shown_en"),
    [
        (
            utc(2026, 3, 25, 11, 0),
            utc(2026, 3, 29, 8, 0),
            utc(2026, 3, 28, 9, 0),
            utc(2026, 3, 29, 6, 0),
            "zondag 29 maart, 10:00–12:00",
            "Sunday 29 March, 10:00–12:00",
        ),
        (
            utc(2026, 10, 21, 10, 0),
            utc(2026, 10, 25, 9, 0),
            utc(2026, 10, 24, 8, 0),
            utc(2026, 10, 25, 7, 0),
            "zondag 25 oktober, 10:00–12:00",
            "Sunday 25 October, 10:00–12:00",
        ),
    ],
)
async def test_reminders_around_the_switch_through_the_bot(
    harness: BotHarness,
    clock: ManualClock,
    now: datetime,
    starts: datetime,
    day_before: datetime,
    two_before: datetime,
    shown_nl: str,
    shown_en: str,
) -> None:
    clock.set(now)
    shift = (starts - now, timedelta(hours=2), 3)
    made = await make_opportunity(harness.deps.db, now=now, shifts=[shift])
    anna = await make_resident(harness, 701, "Anna", "nl")
    ben = await make_resident(harness, 702, "Ben", "en")
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    await sign_up(harness, made.shift_ids[0], ben)
    assert [(r.key, r.due_at) for r in await outbox_rows(harness, recipient=anna.id)][:2] == [
        (f"reminder:{signup_id}:24h", to_db(day_before)),
        (f"reminder:{signup_id}:2h", to_db(two_before)),
    ]
    await deliver_at(harness, clock, day_before - timedelta(seconds=1))
    assert sent_to(harness, anna.id) == []
    await deliver_at(harness, clock, day_before)
    assert shown_nl in anna.last_text() and shown_en in ben.last_text()
    await deliver_at(harness, clock, two_before)
    assert len(sent_to(harness, anna.id)) == 2 and len(sent_to(harness, ben.id)) == 2
    assert shown_nl in anna.last_text()
