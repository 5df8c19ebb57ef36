"""Importing a corrected spreadsheet again updates what it describes, all or nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.catalogue.writing import CatalogueConflict, ImportSummary, write_catalogue
from bot.clock import ManualClock
from bot.outbox.planning import thanks_key
from bot.outbox.timing import Rules, thanks_moment
from bot.sandbox.harness import BotHarness
from bot.services import signups
from bot.services.signups import SignUpStatus
from bot.store import Database, from_db
from bot.store import signups as signup_rows
from tests.support.cli import run_main, write_csv
from tests.support.clock import AMSTERDAM as ZONE
from tests.support.people import make_resident, signups_of
from tests.support.spreadsheet import GOOD, ORG, csv_text, ok

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the harness clock starts here too
TITLE = "Voorlezen op woensdag"
LATER = GOOD.replace("12-02", "12-09")  # a second shift of the same opportunity, 3 places
TABLES = ("organisations", "categories", "opportunities", "shifts", "signups", "outbox")


async def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import may touch, to compare before and after."""
    found = {}
    async with db.read() as conn:
        for table in TABLES:
            async with conn.execute(f"SELECT * FROM {table} ORDER BY id") as cur:
                found[table] = [tuple(row) for row in await cur.fetchall()]
    return found


async def write(db: Database, *rows: str, now: datetime = NOW) -> ImportSummary:
    return await write_catalogue(db, ok(csv_text(*rows)), now, RULES)


async def shift_ids(db: Database) -> dict[str, int]:
    """Shift ids by their local start date, e.g. {'12-02': 1}."""
    async with db.read() as conn:
        async with conn.execute("SELECT id, starts_at FROM shifts") as cur:
            rows = await cur.fetchall()
    return {from_db(r[1]).astimezone(ZONE).strftime("%m-%d"): r[0] for r in rows}


async def test_corrected_details_are_updated_and_residents_see_them(harness: BotHarness) -> None:
    db = harness.deps.db
    await write(db, GOOD, LATER)
    corrected = [
        row.replace("Lees voor aan kinderen", '"Lees voor aan kinderen, 4-6 jaar"')
        .replace("Centrale bibliotheek", "Filiaal Oost")
        .replace(",Voorlezen,", ",Jeugd,")
        for row in (GOOD, LATER)
    ]
    summary = await write(db, *corrected)
    assert summary.describe() == (
        "Added 0 organisations, 1 category, 0 opportunities, 0 shifts."
        " Updated 1 opportunity, 0 shifts. Already there: 0 opportunities, 2 shifts."
    )
    again = await write(db, *corrected)
    assert again.describe() == (
        "Nothing new, nothing changed: all 1 opportunity and 2 shifts were already there."
    )
    for user_id, language in ((501, "nl"), (502, "en")):
        anna = await make_resident(harness, user_id, "Anna", language)
        await anna.send("/find")
        assert anna.buttons()[0] == "Jeugd (1)"  # "Voorlezen" has nothing any more
        await anna.click("Jeugd")
        await anna.click(TITLE)
        seen = anna.last_text()
        assert "Lees voor aan kinderen, 4-6 jaar" in seen and "Filiaal Oost" in seen
        assert "Centrale bibliotheek" not in seen


async def test_unchanged_file_changes_nothing(db_path: Path) -> None:
    async with Database(db_path) as db:
        await write(db, GOOD, LATER)
        before = await dump(db)
        summary = await write(db, GOOD, LATER)
        assert summary.nothing_new and summary.nothing_changed
        assert summary.describe() == (
            "Nothing new, nothing changed: all 1 opportunity and 2 shifts were already there."
        )
        assert await dump(db) == before


async def test_raised_capacity_moves_the_first_waitlisted_up_and_tells_them(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    one_place = GOOD.replace(",3", ",1")
    await write(db, one_place, now=clock.now())
    shift_id = (await shift_ids(db))["12-02"]
    anna = await make_resident(harness, 511, "Anna", "nl")
    ben = await make_resident(harness, 512, "Ben", "en")
    cas = await make_resident(harness, 513, "Cas", "nl")
    assert (
        await signups.sign_up(db, rules=RULES, shift_id=shift_id, resident_id=511, now=clock.now())
    ).status is SignUpStatus.CONFIRMED
    for person in (512, 513):  # Ben waits longest
        clock.advance(timedelta(minutes=1))
        waiting = await signups.sign_up(
            db, rules=RULES, shift_id=shift_id, resident_id=person, now=clock.now(), waitlist=True
        )
        assert waiting.status is SignUpStatus.WAITLISTED
    await harness.run_job("outbox")
    summary = await write(db, one_place.replace(",1", ",2"), now=clock.now())
    assert summary.describe() == (
        "Nothing new. Updated 0 opportunities, 1 shift. 1 sign-up moved up from a waitlist."
        " Already there: 1 opportunity, 0 shifts."
    )
    assert await signups_of(harness, shift_id) == [
        (511, "confirmed"),
        (512, "confirmed"),
        (513, "waitlisted"),
    ]
    await harness.run_job("outbox")
    told = [m for m in ben.messages() if "Good news! A place came free." in (m.get("text") or "")]
    assert len(told) == 1 and "Wednesday 2 December, 14:00–16:00" in told[0]["text"]
    assert not any("Goed nieuws" in (m.get("text") or "") for m in anna.messages())
    assert not any("Goed nieuws" in (m.get("text") or "") for m in cas.messages())
    # Ben's place is a real one: his reminders and thank-you are planned like anyone's.
    [promoted] = summary.promoted
    async with db.read() as conn:
        sql = "SELECT key FROM outbox WHERE signup_id = ? AND status = 'pending'"
        async with conn.execute(sql, (promoted,)) as cur:
            keys = {row[0] for row in await cur.fetchall()}
    assert thanks_key(promoted) in keys and any(k.startswith("reminder:") for k in keys)
    await cas.send("/mine")
    assert "Op de wachtlijst, nummer 1" in cas.last_text()


async def test_capacity_below_the_signed_up_is_refused_and_nothing_is_written(
    db_path: Path,
) -> None:
    async with Database(db_path) as db:
        await write(db, GOOD, LATER)
        ids = await shift_ids(db)
        async with db.transaction() as conn:
            for _ in range(2):  # two places taken (anonymous, as the demo does)
                await signup_rows.add(ids["12-09"], None, "confirmed", NOW, conn=conn)  # type: ignore[arg-type]
        before = await dump(db)
        new_shift = GOOD.replace("12-02", "12-16")
        better = GOOD.replace("Lees voor aan kinderen", "Lees voor")
        new_shift = new_shift.replace("Lees voor aan kinderen", "")
        with pytest.raises(CatalogueConflict) as refused:
            await write(
                db,
                better,
                LATER.replace(",3", ",1").replace("Lees voor aan kinderen", ""),
                new_shift,
            )
        assert [str(e) for e in refused.value.errors] == [
            "line 3, column capacity: 1 place, but 2 people signed up already; write at least 2"
        ]
        assert await dump(db) == before
        # As many places as people signed up is fine.
        summary = await write(
            db, better, LATER.replace(",3", ",2").replace("Lees voor aan kinderen", ""), new_shift
        )
        assert (summary.opportunities_updated, summary.shifts_updated, summary.shifts) == (1, 1, 1)


async def test_shifts_not_in_the_file_are_left_alone(db_path: Path) -> None:
    async with Database(db_path) as db:
        await write(db, GOOD, LATER)
        before = await dump(db)
        summary = await write(db, LATER.replace(",3", ",5"))
        assert summary.describe() == (
            "Nothing new. Updated 0 opportunities, 1 shift. Already there: 1 opportunity, 0 shifts."
        )
        after = await dump(db)
        ids = await shift_ids(db)
        assert len(after["shifts"]) == 2
        [kept] = [row for row in after["shifts"] if row[0] == ids["12-02"]]
        assert kept in before["shifts"]  # the December 2 shift, not in the file: as it was
        [changed] = [row for row in after["shifts"] if row[0] == ids["12-09"]]
        assert changed[4] == 5  # capacity


async def test_a_started_shift_is_left_as_it_was_with_a_note(db_path: Path) -> None:
    async with Database(db_path) as db:
        await write(db, GOOD, LATER)
        ids = await shift_ids(db)
        async with db.transaction() as conn:
            for _ in range(3):
                await signup_rows.add(ids["12-02"], None, "confirmed", NOW, conn=conn)  # type: ignore[arg-type]
        before = await dump(db)
        during = datetime(2026, 12, 2, 13, 30, tzinfo=UTC)  # 14:30 in Amsterdam
        summary = await write(
            db,
            GOOD.replace(",3", ",1").replace("2026-12-02 16:00", "2026-12-02 17:00"),
            LATER.replace(",3", ",4"),
            now=during,
        )
        # Not refused (3 people on 1 place): a shift that happened is not the file's to change.
        assert [str(note) for note in summary.left_alone] == [
            "line 2: this shift has already started; left as it was"
            " (the new ends_at and capacity not applied)"
        ]
        assert summary.shifts_updated == 1
        after = await dump(db)
        [kept] = [row for row in after["shifts"] if row[0] == ids["12-02"]]
        assert kept in before["shifts"]


async def test_a_later_end_replans_the_thank_you(harness: BotHarness, clock: ManualClock) -> None:
    db = harness.deps.db
    await write(db, GOOD, now=clock.now())
    shift_id = (await shift_ids(db))["12-02"]
    await make_resident(harness, 521, "Dina", "nl")
    done = await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=521, now=clock.now()
    )
    assert done.signup_id is not None

    async def thanks_due() -> datetime:
        async with db.read() as conn:
            sql = "SELECT due_at FROM outbox WHERE key = ? AND status = 'pending'"
            async with conn.execute(sql, (thanks_key(done.signup_id),)) as cur:
                row = await cur.fetchone()
        assert row is not None
        return from_db(row[0])

    first = await thanks_due()
    summary = await write(db, GOOD.replace("2026-12-02 16:00", "2026-12-02 17:30"), now=clock.now())
    assert summary.shifts_updated == 1
    new_end = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
    rules = harness.deps.rules
    expected = thanks_moment(new_end, rules.thanks_delay, rules.quiet)
    assert await thanks_due() == expected and expected > first


def test_the_command_prints_what_it_updated_and_what_it_left(
    operator: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [
        f"{ORG};Voorlezen;Lees voor;Voorlezen;Hal;2030-12-04 14:00;2030-12-04 16:00;3",
        f"{ORG};Voorlezen;;;;2030-12-11 14:00;2030-12-11 16:00;3",
        f"{ORG};Voorlezen;;;;2020-12-02 14:00;2020-12-02 16:00;3",  # long past
    ]
    file = write_csv(tmp_path / "aanbod.csv", *rows)
    assert run_main("import", str(file)) == 0
    capsys.readouterr()
    corrected = [rows[0].replace("Hal", "Zaal 2"), rows[1].replace(";3", ";6"), rows[2] + "0"]
    assert run_main("import", str(write_csv(file, *corrected))) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        f"{file}: Nothing new. Updated 1 opportunity, 1 shift."
        " Already there: 0 opportunities, 2 shifts.",
        f"{file}: note: line 4: this shift has already started; left as it was"
        " (the new capacity not applied)",
    ]
    assert run_main("import", str(file)) == 0
    assert capsys.readouterr().out.startswith(
        f"{file}: Nothing new, nothing changed: all 1 opportunity and 3 shifts"
    )
    # Two people take places on December 11; a file leaving one place is refused whole.
    with sqlite3.connect(operator) as conn:
        [(shift_id,)] = conn.execute("SELECT id FROM shifts WHERE capacity = 6").fetchall()
        for _ in range(2):
            conn.execute(
                "INSERT INTO signups (shift_id, status, created_at, updated_at)"
                " VALUES (?, 'confirmed', '2026-11-25T09:00:00Z', '2026-11-25T09:00:00Z')",
                (shift_id,),
            )
    before = _dump_file(operator)
    fewer = [corrected[0].replace("Zaal 2", "Zaal 3"), corrected[1].replace(";6", ";1")]
    assert run_main("import", str(write_csv(file, *fewer))) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{file}: line 3, column capacity: 1 place, but 2 people signed up already;"
        " write at least 2",
        f"{file}: nothing was imported; correct the file and try again.",
    ]
    assert _dump_file(operator) == before


def _dump_file(path: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES]
