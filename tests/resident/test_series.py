"""Recurring shifts: a weekly series from the spreadsheet, "every time" in one tap with a full
date in the middle, reminders per date, stopping it, and a coordinator's change told once."""

from __future__ import annotations

from datetime import date

from bot.catalogue.writing import write_catalogue
from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import series
from bot.services.roles import Role
from tests.support.chat import open_opportunity
from tests.support.clock import local
from tests.support.outbox import outbox_rows
from tests.support.people import make_resident, one
from tests.support.spreadsheet import HEADER, ORG, csv_text, parse

RULES = Rules()
SERIES_HEADER = HEADER + ",repeat,until"
# Tuesdays 14:00-16:00 from 1 December 2026 (the harness clock: Wednesday 25 November 2026).
WEEKLY = (
    f"{ORG},Taalcafé,Samen Nederlands praten,Taal,Bibliotheek Oost,"
    "2026-12-01 14:00,2026-12-01 16:00,1,weekly,2027-01-05"
)
TUESDAYS = ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29", "2027-01-05"]


def read(*rows: str, today: date = date(2026, 11, 25)) -> list[str]:
    from bot.catalogue.reading import parse_catalogue
    from tests.support.clock import AMSTERDAM

    parsed = parse_catalogue(csv_text(*rows, header=SERIES_HEADER), AMSTERDAM, today)
    return [str(e) for e in parsed.errors]


def test_a_series_row_becomes_one_shift_per_tuesday_at_the_same_wall_clock_time() -> None:
    parsed = parse(csv_text(WEEKLY, header=SERIES_HEADER))
    assert parsed.errors == []
    [opportunity] = parsed.opportunities
    starts = [s.starts_at.astimezone(local(2026, 1, 1).tzinfo) for s in opportunity.shifts]
    assert [s.strftime("%Y-%m-%d") for s in starts] == TUESDAYS
    assert {(s.series.repeat.every_weeks if s.series else 0) for s in opportunity.shifts} == {1}


def test_a_bad_series_row_names_its_line_and_column() -> None:
    base = f"{ORG},Taalcafé,x,Taal,Oost,2026-12-01 14:00,2026-12-01 16:00,2"
    assert read(base + ",weekly,2026-11-24") == [
        "line 2, column until: 2026-11-24 lies before the first date, 2026-12-01"
    ]
    assert read(base + ",weekly,2028-01-05") == [
        "line 2, column until: 2028-01-05 is more than a year ahead; at most a year"
    ]
    assert read(base + ",weekly,") == [
        "line 2, column until: empty; a series needs both repeat and until"
    ]
    assert read(base + ",daily,2027-01-05") == [
        "line 2, column repeat: 'daily': write weekly or fortnightly"
    ]
    assert read(base + ",weekly,5 januari") == [
        "line 2, column until: '5 januari' is not a date; write it as YYYY-MM-DD"
    ]
    # A good row beside a bad one: nothing of the file is taken.
    parsed_errors = read(
        base + ",fortnightly,2027-01-05", base.replace("Taalcafé", "Leesclub") + ",weekly,"
    )
    assert len(parsed_errors) == 1 and parsed_errors[0].startswith("line 3")


async def import_weekly(harness: BotHarness, clock: ManualClock) -> int:
    parsed = parse(csv_text(WEEKLY, header=SERIES_HEADER))
    await write_catalogue(harness.deps.db, parsed.opportunities, clock.now(), RULES)
    return int((await one(harness, "SELECT id FROM series"))[0])


async def test_every_time_in_one_tap_with_a_full_date_and_stopping_it(
    harness: BotHarness, clock: ManualClock
) -> None:
    series_id = await import_weekly(harness, clock)
    # Someone took the one place on 15 December already.
    third = int(
        (
            await one(
                harness,
                "SELECT id FROM shifts WHERE series_id = ? ORDER BY starts_at LIMIT 1 OFFSET 2",
                series_id,
            )
        )[0]
    )
    await make_resident(harness, 401, "Ans", "nl")
    await series.join(
        harness.deps.db,
        series_id=series_id,
        resident_id=401,
        now=clock.now(),
        rules=RULES,
        language="nl",
    )
    await series.leave(
        harness.deps.db, series_id=series_id, resident_id=401, now=clock.now(), rules=RULES
    )
    async with harness.deps.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at)"
            " VALUES (?, 401, 'confirmed', '2026-11-25T09:00:00Z', '2026-11-25T09:00:00Z')",
            (third,),
        )

    sam = await make_resident(harness, 402, "Sam", "nl")
    await open_opportunity(sam, "Taalcafé", "Taal")
    assert "🔁 elke dinsdag, 14:00–16:00" in sam.buttons()
    await sam.click("🔁 elke dinsdag, 14:00–16:00")
    assert "6 data, van dinsdag 1 december tot en met dinsdag 5 januari." in sam.last_text()
    await sam.click("✅ Ja, elke keer")
    text = sam.last_text()
    assert "Je hebt een plek op 5 data." in text
    assert "1 datum is vol: je staat op de wachtlijst (di 15 dec)" in text
    statuses = await harness_rows(harness, 402)
    assert statuses == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "confirmed",
        "confirmed",
        "confirmed",
    ]
    # A reminder per date with a place (24 h and 2 h before each).
    reminders = [r for r in await outbox_rows(harness, "reminder", recipient=402)]
    assert len(reminders) == 2 * 5

    # A second tap on Yes (a double tap) changes nothing.
    await sam.click_data(f"1:rsy:{series_id}")
    assert "Je hebt een plek op 5 data." in sam.last_text()
    assert await harness_rows(harness, 402) == statuses

    await sam.send("/mine")
    assert "Elke keer" in sam.last_text() and "elke dinsdag, 14:00–16:00" in sam.last_text()
    await sam.click("⏹ Stop: Taalcafé")
    await sam.click("Ja, stoppen")
    assert "Gestopt. 6 data zijn afgemeld." in sam.last_text()
    assert set(await harness_rows(harness, 402)) == {"cancelled"}
    assert "Elke keer" not in sam.last_text()
    # A forged or stale stop changes nothing and answers kindly.
    await sam.click_data("1:rslx:" + str(series_id))
    assert "al afgemeld" in sam.last_text()


async def harness_rows(harness: BotHarness, resident_id: int) -> list[str]:
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT g.status FROM signups g JOIN shifts s ON s.id = g.shift_id"
            " WHERE g.resident_id = ? ORDER BY s.starts_at"
        )
        async with conn.execute(sql, (resident_id,)) as cur:
            return [row[0] for row in await cur.fetchall()]


async def test_new_times_for_all_dates_are_told_once_per_person(
    harness: BotHarness, clock: ManualClock
) -> None:
    series_id = await import_weekly(harness, clock)
    sam = await make_resident(harness, 402, "Sam", "nl")
    await open_opportunity(sam, "Taalcafé", "Taal")
    await sam.click("🔁 elke dinsdag, 14:00–16:00")
    await sam.click("✅ Ja, elke keer")
    admin = Role(user_id=1, is_admin=True, organisation_ids=frozenset())
    changed = await series.change(
        harness.deps.db,
        admin,
        series_id,
        now=clock.now(),
        rules=RULES,
        zone=RULES.zone,
        starts="15:00",
        ends="17:00",
    )
    assert changed.dates == 6 and changed.told == 1
    await harness.run_job("outbox")
    notices = [m for m in sam.new_messages() if "Nieuwe tijden" in (m.get("text") or "")]
    assert len(notices) == 1
    assert "elke dinsdag, 15:00–17:00" in notices[0]["text"]
    [first] = await one(
        harness, "SELECT starts_at FROM shifts WHERE series_id = ? ORDER BY starts_at", series_id
    )
    assert first == "2026-12-01T14:00:00Z"  # 15:00 in Amsterdam in winter
