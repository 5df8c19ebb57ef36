"""A small known dataset for the participation figures and the quarterly report, worked out by
hand in the tests (tests/coordinator/test_participation.py, test_report.py).

The clock is Wednesday 25 November 2026 (Q4 so far: 1 October to now). The library has shifts
in May, August, October and November (and one still to come), a weekly language café that one
resident comes to "every time", and an ongoing role; the community centre one shift in October.
Everything is written as the flows leave it (attendance marked, a lead marked started).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.harness import BotHarness
from bot.store import themes
from bot.store.database import from_db, to_db
from tests.support.catalogue import make_opportunity
from tests.support.people import make_resident, one, sign_up

LIBRARY = "Bibliotheek Midden"
HOUSE = "Buurthuis De Brug"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(month: int, day: int, hour: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class Dataset:
    library_id: int
    reading_id: int  # the opportunity an idea became


async def execute(harness: BotHarness, sql: str, *args: object) -> int:
    async with harness.deps.db.transaction() as conn:
        cursor = await conn.execute(sql, args)
        return int(cursor.lastrowid or 0)


async def known_dataset(harness: BotHarness) -> Dataset:
    """By hand, for the library in Q4 2026 (so far):
    took part 7: residents 101-105 and 107, and Gerrit (no phone); 106 did not come, 108 only
    signed up for a coming shift.
    first time 5: 103, Gerrit (October 10), 105 (October 15), 107 (in a role, October 5) and
    104 (November 7): October 4, November 1. 101 came in August, 102 in May.
    came again within 3 months 2: 101 (August 20 -> October 10), 103 (October 10 -> November
    7); 102 (May 2 -> November 7) is too late.
    ongoing 2: 107 (role), 105 (every time); one-off 5.
    hours 16: October 10, 2 h x 4 (101, 103, Gerrit, someone erased); November 7, 1.5 h x 4
    places (102, 103, 104 with a friend); October 15, 2 h (105). October 10 h, November 6 h.
    value at 15 an hour: 240.00.
    The community centre: 101 on October 20, 1 hour (all: 17 hours, 255.00).
    Themes: reading (taking part, development) 101, 102, 103, 104, Gerrit, 14 hours; the café
    (taking part) 105, 2 hours; the role (development) 107: taking part 6 people, 16 hours;
    development 6 people, 14 hours. The community centre's coffee (health): 101, 1 hour.
    Ideas: 2 shared in Q4 (one on health, one without a theme); one of September taken up as
    the library's reading opportunity on October 30."""
    now = harness.now()
    db = harness.deps.db

    def at(moment: datetime, hours: float) -> tuple[timedelta, timedelta, int]:
        return (moment - now, timedelta(hours=hours), 6)

    reading = await make_opportunity(
        db,
        now=now,
        organisation=LIBRARY,
        title="Voorlezen",
        shifts=[
            at(local(5, 2, 14), 2),
            at(local(8, 20, 14), 2),
            at(local(10, 10, 14), 2),
            at(local(11, 7, 10), 1.5),
            at(local(11, 28, 14), 2),
        ],
    )
    may, august, october, november, coming = reading.shift_ids
    cafe = await make_opportunity(
        db,
        now=now,
        organisation=LIBRARY,
        title="Taalcafé",
        category="Taal",
        shifts=[at(local(10, 15, 10), 2), at(local(11, 12, 10), 2)],
    )
    role = await make_opportunity(
        db, now=now, organisation=LIBRARY, title="Taalmaatje", category="Taal", ongoing=True
    )
    house = await make_opportunity(
        db,
        now=now,
        organisation=HOUSE,
        title="Koffie schenken",
        category="Ontmoeten",
        shifts=[at(local(10, 20, 10), 1)],
    )
    async with db.transaction() as conn:
        await themes.replace(reading.opportunity_id, ["taking_part", "development"], conn=conn)
        await themes.replace(cafe.opportunity_id, ["taking_part"], conn=conn)
        await themes.replace(role.opportunity_id, ["development"], conn=conn)
        await themes.replace(house.opportunity_id, ["health"], conn=conn)
    for user_id in range(101, 109):
        await make_resident(harness, user_id, f"R{user_id}", consented_at=local(4, 1, 12))

    async def came(shift_id: int, who: int | None, days_before: int = 5) -> int:
        start = from_db(
            (await one(harness, "SELECT starts_at FROM shifts WHERE id = ?", shift_id))[0]
        )
        return await sign_up(
            harness, shift_id, who, created_at=start - timedelta(days=days_before),
            attendance="came",
        )  # fmt: skip

    await came(august, 101)
    await came(october, 101)
    await came(house.shift_ids[0], 101)
    await came(may, 102)
    await came(november, 102)
    await came(october, 103)
    await came(november, 103)
    with_friend = await came(november, 104)
    await execute(harness, "UPDATE signups SET places = 2 WHERE id = ?", with_friend)
    await came(cafe.shift_ids[0], 105)
    await sign_up(
        harness, november, 106, created_at=local(11, 1, 9), attendance="no_show"
    )  # fmt: skip
    await sign_up(harness, coming, 108, created_at=local(11, 20, 9))
    await sign_up(
        harness, october, 108, status="cancelled", created_at=local(10, 1, 9),
        cancelled_at=local(10, 2, 9),
    )  # fmt: skip
    await came(october, None)  # someone who erased their data since
    [library_id] = await one(harness, "SELECT id FROM organisations WHERE name = ?", LIBRARY)
    guest = await execute(
        harness,
        "INSERT INTO guests (organisation_id, first_name, added_by, added_at)"
        " VALUES (?, 'Gerrit', 900, ?)",
        library_id,
        to_db(local(10, 1, 9)),
    )
    await execute(
        harness,
        "INSERT INTO signups (shift_id, guest_id, status, created_at, updated_at, attendance)"
        " VALUES (?, ?, 'confirmed', ?, ?, 'came')",
        october,
        guest,
        to_db(local(10, 1, 9)),
        to_db(local(10, 1, 9)),
    )
    # 105 comes to the language café every week.
    series = await execute(
        harness,
        "INSERT INTO series (opportunity_id, every_weeks, first_day, until_day, starts, ends,"
        " capacity, created_at) VALUES (?, 1, '2026-10-15', '2027-03-25', '10:00', '12:00', 6,"
        " ?)",
        cafe.opportunity_id,
        to_db(local(10, 1, 9)),
    )
    await execute(
        harness,
        "UPDATE shifts SET series_id = ? WHERE opportunity_id = ?",
        series,
        cafe.opportunity_id,
    )
    await execute(
        harness,
        "INSERT INTO standing_signups (series_id, resident_id, created_at) VALUES (?, 105, ?)",
        series,
        to_db(local(10, 2, 9)),
    )
    # 107 started as a language buddy on October 5 (and never came to a shift).
    await execute(
        harness,
        "INSERT INTO role_interests (opportunity_id, resident_id, created_at, status,"
        " changed_at, changed_by) VALUES (?, 107, ?, 'started', ?, 900)",
        role.opportunity_id,
        to_db(local(9, 28, 9)),
        to_db(local(10, 5, 9)),
    )
    await _idea(harness, 103, "health", local(10, 12, 9))
    await _idea(harness, 104, None, local(11, 1, 9))
    taken = await _idea(harness, 102, "taking_part", local(9, 10, 9))
    await execute(
        harness,
        "UPDATE ideas SET opportunity_id = ?, taken_up_at = ? WHERE id = ?",
        reading.opportunity_id,
        to_db(local(10, 30, 9)),
        taken,
    )
    return Dataset(library_id, reading.opportunity_id)


async def _idea(harness: BotHarness, who: int, theme: str | None, at: datetime) -> int:
    return await execute(
        harness,
        "INSERT INTO ideas (resident_id, text, theme, created_at) VALUES (?, 'Een idee', ?, ?)",
        who,
        theme,
        to_db(at),
    )
