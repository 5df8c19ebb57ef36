"""/stats and /export read in SQL, on a snapshot: the same numbers as the Python count they
replace (kept below as the reference), only the period's rows read, and no wait for the lock.

The dataset is made to trip the counting up: moments a second either side of the Monday
midnights that start the weeks (also across the summer-time switches), of the period's start
and of ``now``; waitlist places, cancellations, came and did not come in every status; residents
who erased their data; people who volunteered before the period, some with another organisation
only; shifts of odd lengths; several organisations and categories.
"""

from __future__ import annotations

import asyncio
import csv
import io
import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from bot.i18n import Translator
from bot.services import export
from bot.services import figures as stats
from bot.services.figures import CategoryFigures, Figures, Week
from bot.services.roles import Role
from bot.store import Database, from_db, roster, to_db
from bot.store import broadcasts as organisations_store
from bot.store import figures as figures_store
from bot.store.database import fetch_all, fetch_one
from bot.store.figures import SignUpRow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ORGANISATIONS = ("Bibliotheek Midden", "Buurthuis De Brug", "Voedselbank Oost")
CATEGORIES = ("Voorlezen", "tuinieren", "Ontmoeten", "Émigrés helpen", "koffie")
# Minutes, so that hours have awkward fractions (1/60 is no binary fraction).
LENGTHS = (7, 50, 60, 75, 90, 121, 180, 241)
NOWS = (
    datetime(2026, 4, 8, 10, 0, 0, 500_000, tzinfo=UTC),  # 12 weeks over the spring switch
    datetime(2026, 11, 25, 9, 0, tzinfo=UTC),  # over the autumn switch
    datetime(2026, 3, 29, 22, 15, 30, 250_000, tzinfo=UTC),  # Monday 00:15, just after spring
    datetime(2026, 10, 25, 23, 0, tzinfo=UTC),  # Monday 00:00 in Amsterdam: a new week begins
    datetime(2026, 2, 1, 12, 0, tzinfo=UTC),  # a Sunday, with sign-ups made after it
)


# -- the reference: the code of /stats before it was SQL (git show of the commit before) ---------
async def old_signups(
    organisation_ids: frozenset[int] | None, *, conn: aiosqlite.Connection
) -> list[SignUpRow]:
    """Every sign-up for the organisations' shifts (None: all organisations), ever."""
    sql = (
        "SELECT s.resident_id, s.status, s.created_at, s.cancelled_at, s.attendance,"
        " h.starts_at, h.ends_at, c.name AS category"
        " FROM signups s JOIN shifts h ON h.id = s.shift_id"
        " JOIN opportunities o ON o.id = h.opportunity_id"
        " JOIN categories c ON c.id = o.category_id"
    )
    args: list[object] = []
    if organisation_ids is not None:
        sql += f" WHERE o.organisation_id IN ({','.join('?' for _ in organisation_ids) or 'NULL'})"
        args.extend(sorted(organisation_ids))
    rows = await fetch_all(conn, sql, args)
    return [
        SignUpRow(
            resident_id=row["resident_id"],
            status=row["status"],
            created_at=from_db(row["created_at"]),
            cancelled_at=from_db(row["cancelled_at"]) if row["cancelled_at"] else None,
            attendance=row["attendance"],
            starts_at=from_db(row["starts_at"]),
            ends_at=from_db(row["ends_at"]),
            category=row["category"],
        )
        for row in rows
    ]


async def old_residents(since: datetime, *, conn: aiosqlite.Connection) -> tuple[int, int]:
    sql = "SELECT COUNT(*), COALESCE(SUM(consented_at >= ?), 0) FROM residents"
    row = await fetch_one(conn, sql, (to_db(since),))
    assert row is not None
    return int(row[1]), int(row[0])


def _old_hours(row: SignUpRow) -> float:
    return (row.ends_at - row.starts_at).total_seconds() / 3600


def old_count(rows: list[SignUpRow], start: datetime, end: datetime, zone: ZoneInfo) -> Figures:
    figures = Figures(start=start, end=end, organisations=[])
    first_start = start.astimezone(zone).date()
    week_signups = [0] * stats.WEEKS
    week_hours = [0.0] * stats.WEEKS
    per_category_signups: dict[str, int] = defaultdict(int)
    per_category_hours: dict[str, float] = defaultdict(float)
    first_signup: dict[int, datetime] = {}
    active: set[int] = set()

    def week_of(moment: datetime) -> int:
        days = (moment.astimezone(zone).date() - first_start).days
        return min(max(days // 7, 0), stats.WEEKS - 1)

    def in_period(moment: datetime) -> bool:
        return start <= moment < end

    for row in rows:
        if row.resident_id is not None:
            earlier = first_signup.get(row.resident_id)
            if earlier is None or row.created_at < earlier:
                first_signup[row.resident_id] = row.created_at
        if in_period(row.created_at):
            figures.signups += 1
            week_signups[week_of(row.created_at)] += 1
            per_category_signups[row.category] += 1
        if row.cancelled_at is not None and in_period(row.cancelled_at):
            figures.cancellations += 1
        if not in_period(row.starts_at):
            continue
        if row.attendance == "came":
            figures.came += 1
            figures.hours += _old_hours(row)
            week_hours[week_of(row.starts_at)] += _old_hours(row)
            per_category_hours[row.category] += _old_hours(row)
        elif row.attendance == "no_show":
            figures.no_show += 1
        if (
            row.resident_id is not None
            and row.attendance != "no_show"
            and (row.status == "confirmed" or row.attendance == "came")
            and row.starts_at < end
        ):
            active.add(row.resident_id)
    figures.active = len(active)
    figures.new = sum(1 for r in active if first_signup[r] >= start)
    figures.returning = figures.active - figures.new
    figures.weeks = [
        Week(first_start + timedelta(weeks=i), week_signups[i], round(week_hours[i], 2))
        for i in range(stats.WEEKS)
    ]
    names = sorted(set(per_category_signups) | set(per_category_hours), key=str.casefold)
    figures.categories = [
        CategoryFigures(name, per_category_signups[name], round(per_category_hours[name], 2))
        for name in names
    ]
    figures.hours = round(figures.hours, 2)
    return figures


async def old_figures(
    db: Database, scope: frozenset[int] | None, now: datetime, zone: ZoneInfo
) -> Figures:
    start = stats.period_start(now, zone)
    async with db.read() as conn:
        rows = await old_signups(scope, conn=conn)
        joined, total = await old_residents(start, conn=conn)
        names = await organisations_store.organisations(scope, conn=conn)
    result = old_count(rows, start, now, zone)
    result.residents_joined, result.residents_total = joined, total
    result.organisations = [] if scope is None else [name for _, name in names]
    return result


# -- the dataset ----------------------------------------------------------------------------------
def tricky_moments(zone: ZoneInfo) -> list[datetime]:
    """A second before, at and after each Monday midnight from autumn 2025 to the end of 2026,
    and around each ``now``."""
    day = datetime(2025, 9, 1).date()  # a Monday
    moments = []
    while day.year < 2027:
        midnight = datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)
        moments += [midnight - timedelta(seconds=1), midnight, midnight + timedelta(seconds=1)]
        day += timedelta(weeks=1)
    for now in NOWS:
        second = now.replace(microsecond=0)
        moments += [second - timedelta(seconds=1), second, second + timedelta(seconds=1)]
    return moments


async def seed(db: Database, zone: ZoneInfo, seed_value: int = 9) -> dict[str, int]:
    """The dataset; the organisations' ids by name."""
    rnd = random.Random(seed_value)
    tricky = tricky_moments(zone)
    span_start = datetime(2025, 9, 1, tzinfo=UTC)
    span = int((datetime(2027, 1, 1, tzinfo=UTC) - span_start).total_seconds())

    def moment() -> datetime:
        if rnd.random() < 0.5:
            return rnd.choice(tricky)
        return span_start + timedelta(minutes=rnd.randrange(span // 60))

    async with db.transaction() as conn:
        organisations = {}
        for name in ORGANISATIONS:
            cursor = await conn.execute("INSERT INTO organisations (name) VALUES (?)", (name,))
            organisations[name] = cast(int, cursor.lastrowid)
        categories = []
        for name in CATEGORIES:
            cursor = await conn.execute("INSERT INTO categories (name) VALUES (?)", (name,))
            categories.append(cursor.lastrowid)
        opportunities = []
        for i in range(8):
            cursor = await conn.execute(
                "INSERT INTO opportunities (organisation_id, category_id, title, kind, created_at)"
                " VALUES (?, ?, ?, 'episodic', ?)",
                (
                    organisations[ORGANISATIONS[i % 3]],
                    categories[i % len(categories)],
                    f"Kans {i}",
                    to_db(span_start),
                ),
            )
            opportunities.append(cursor.lastrowid)
        shifts = []
        for i in range(160):
            starts = moment()
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO shifts (opportunity_id, starts_at, ends_at, capacity,"
                " status) VALUES (?, ?, ?, 10, ?)",
                (
                    rnd.choice(opportunities),
                    to_db(starts),
                    to_db(starts + timedelta(minutes=rnd.choice(LENGTHS))),
                    "cancelled" if i % 17 == 0 else "open",
                ),
            )
            if cursor.rowcount:
                shifts.append(cursor.lastrowid)
        for resident_id in range(1, 61):
            await conn.execute(
                "INSERT INTO residents (id, first_name, language, consented_at)"
                " VALUES (?, ?, 'nl', ?)",
                (
                    resident_id,
                    rnd.choice(["Ans", "=SUM(A1)", "Đorđe", "محمد", "Piet"]),
                    to_db(moment()),
                ),
            )
        taken: set[tuple[int, int]] = set()
        for _ in range(1500):
            shift_id = rnd.choice(shifts)
            resident_id = None if rnd.random() < 0.1 else rnd.randrange(1, 61)
            status = rnd.choice(["confirmed", "confirmed", "waitlisted", "cancelled"])
            if resident_id is not None and status != "cancelled":
                if (shift_id, resident_id) in taken:
                    status = "cancelled"
                taken.add((shift_id, resident_id))
            created = moment()
            cancelled = max(created, moment()) if status == "cancelled" else None
            await conn.execute(
                "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at,"
                " cancelled_at, attendance) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    shift_id,
                    resident_id,
                    status,
                    to_db(created),
                    to_db(created),
                    to_db(cancelled) if cancelled else None,
                    rnd.choice([None, None, "came", "came", "no_show"]),
                ),
            )
    # Someone whose only earlier sign-up is with another organisation: returning for all of
    # Meedoen, new for the library.
    library, house = organisations[ORGANISATIONS[0]], organisations[ORGANISATIONS[1]]
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO residents (id, first_name, language, consented_at) VALUES (500, 'Jo',"
            " 'nl', '2025-01-01T10:00:00Z')"
        )
        for organisation, day in ((house, "2025-09-10"), (library, "2026-11-16")):
            [row] = await fetch_all(
                conn,
                "SELECT h.id FROM shifts h JOIN opportunities o ON o.id = h.opportunity_id"
                " WHERE o.organisation_id = ? LIMIT 1",
                (organisation,),
            )
            shift = await conn.execute(
                "INSERT INTO shifts (opportunity_id, starts_at, ends_at, capacity)"
                " SELECT opportunity_id, ?, ?, 3 FROM shifts WHERE id = ?",
                (f"{day}T10:00:00Z", f"{day}T12:00:00Z", row[0]),
            )
            await conn.execute(
                "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at)"
                " VALUES (?, 500, 'confirmed', ?, ?)",
                (shift.lastrowid, f"{day}T08:00:00Z", f"{day}T08:00:00Z"),
            )
        # For each period, someone whose first sign-up is just at its start (new), and someone
        # whose first is a second before it (returning), both confirmed on a shift in it.
        for i, now in enumerate(NOWS):
            start = stats.period_start(now, zone)
            for j, first in enumerate((start, start - timedelta(seconds=1))):
                resident_id = 600 + 2 * i + j
                await conn.execute(
                    "INSERT INTO residents (id, first_name, language, consented_at)"
                    " VALUES (?, 'Lou', 'nl', ?)",
                    (resident_id, to_db(first)),
                )
                shift = await conn.execute(
                    "INSERT INTO shifts (opportunity_id, starts_at, ends_at, capacity)"
                    " SELECT opportunity_id, ?, ?, 3 FROM shifts WHERE id = ?",
                    (
                        to_db(start + timedelta(hours=j + 1)),
                        to_db(start + timedelta(hours=3)),
                        row[0],
                    ),
                )
                await conn.execute(
                    "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at)"
                    " VALUES (?, ?, 'confirmed', ?, ?)",
                    (shift.lastrowid, resident_id, to_db(first), to_db(first)),
                )
    return organisations


@pytest.fixture
async def db(tmp_path: Path) -> Any:
    async with Database(tmp_path / "figures.sqlite3") as database:
        yield database


# -- the same numbers -----------------------------------------------------------------------------
@pytest.mark.parametrize("zone", [AMSTERDAM, ZoneInfo("America/New_York")], ids=str)
async def test_the_figures_are_the_numbers_of_the_python_count(
    db: Database, zone: ZoneInfo
) -> None:
    ids = await seed(db, zone)
    library, house, food = (ids[name] for name in ORGANISATIONS)
    admin = Role(1, True, frozenset())
    both = Role(2, False, frozenset({library, house}))
    interesting = defaultdict(int)
    for now in NOWS:
        cases: list[tuple[Role, int | None, frozenset[int] | None]] = [
            (admin, None, None),
            (admin, food, frozenset({food})),
            (both, None, frozenset({library, house})),
            (both, library, frozenset({library})),
            (Role(3, False, frozenset({house})), None, frozenset({house})),
        ]
        for role, organisation_id, scope in cases:
            expected = await old_figures(db, scope, now, zone)
            found = await stats.figures(db, role, now, zone, organisation_id=organisation_id)
            assert found == expected, (now, scope)
            for name in ("signups", "cancellations", "came", "no_show", "new", "returning"):
                interesting[name] += getattr(expected, name) > 0
            interesting["weeks"] += sum(w.signups > 0 for w in expected.weeks) > 3
            interesting["categories"] += len(expected.categories) > 2
    # The dataset does what it is for: every kind of number is there, often.
    assert all(count >= 10 for count in interesting.values()), interesting


async def test_jo_is_returning_for_meedoen_and_new_for_the_library(db: Database) -> None:
    ids = await seed(db, AMSTERDAM)
    library = ids[ORGANISATIONS[0]]
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    start = stats.period_start(now, AMSTERDAM)
    async with db.snapshot() as conn:
        everyone = await figures_store.volunteers(None, start, now, conn=conn)
        only = await figures_store.volunteers(frozenset({library}), start, now, conn=conn)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM signups WHERE resident_id = 500")
    async with db.snapshot() as conn:
        without_everyone = await figures_store.volunteers(None, start, now, conn=conn)
        without_only = await figures_store.volunteers(frozenset({library}), start, now, conn=conn)
    assert everyone == (without_everyone[0] + 1, without_everyone[1] + 1)
    assert only == (without_only[0] + 1, without_only[1])


async def test_the_count_of_rows_and_an_empty_scope_agree(db: Database) -> None:
    await seed(db, AMSTERDAM)
    for now in NOWS:
        start = stats.period_start(now, AMSTERDAM)
        async with db.read() as conn:
            rows = await old_signups(None, conn=conn)
        assert stats.count(rows, start, now, AMSTERDAM) == old_count(rows, start, now, AMSTERDAM)
        weeks = stats.week_starts(now, AMSTERDAM)
        async with db.snapshot() as conn:
            assert await figures_store.signups_made(frozenset(), weeks, now, conn=conn) == []
            assert await figures_store.attendance(frozenset(), weeks, now, conn=conn) == []
            assert await figures_store.cancellations(frozenset(), start, now, conn=conn) == 0
            assert await figures_store.volunteers(frozenset(), start, now, conn=conn) == (0, 0)


# -- the export ----------------------------------------------------------------------------------
def old_to_csv(rows: list[roster.ExportRow], t: Translator) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([t._(h) for h in export.HEADER])

    def local(moment: datetime) -> str:
        return t.local(moment).strftime("%Y-%m-%d %H:%M")

    for row in rows:
        status = "shift_cancelled" if row.shift_status == "cancelled" else row.status
        cells = [
            row.organisation,
            row.opportunity,
            row.category,
            local(row.starts_at),
            local(row.ends_at),
            row.first_name or "",
            t._(export.STATUS.get(status, status)),
            t._(export.ATTENDANCE[row.attendance]) if row.attendance in export.ATTENDANCE else "",
            local(row.signed_up_at),
            str(row.rating) if row.rating is not None else "",
            row.comment or "",
            str(row.places),  # #10: the party's places, and people added by a coordinator
            t._("yes") if row.guest else "",
        ]
        writer.writerow([export.neutralise(c) for c in cells])
    return buffer.getvalue().encode("utf-8-sig")


async def test_the_export_is_the_file_it_was(db: Database) -> None:
    ids = await seed(db, AMSTERDAM)
    library, house = ids[ORGANISATIONS[0]], ids[ORGANISATIONS[1]]
    t = Translator("nl", AMSTERDAM)
    for now in NOWS:
        for period in export.Period:
            starts_from, starts_before = export.bounds(period, now, AMSTERDAM)
            for role, scope in (
                (Role(1, True, frozenset()), None),
                (Role(2, False, frozenset({library, house})), [library, house]),
            ):
                sql = f"{roster._EXPORT} WHERE s.starts_at >= ? AND s.starts_at < ?"
                args: list[object] = [to_db(starts_from), to_db(starts_before)]
                if scope is not None:
                    sql += " AND p.organisation_id IN (?, ?)"
                    args += scope
                async with db.read() as conn:
                    expected = [
                        roster._export(r)
                        for r in await fetch_all(conn, sql + roster._EXPORT_ORDER, args)
                    ]
                found = []
                async with db.snapshot() as conn:
                    async for batch in roster.export_period(
                        scope, starts_from, starts_before, conn=conn, batch=7
                    ):
                        assert 0 < len(batch) <= 7
                        found += batch
                assert found == expected
                made = await export.for_period(db, role, period, now, t)
                assert made.rows == len(expected)
                assert made.content == old_to_csv(expected, t)
    assert len(expected) > 20


# -- only the period is read ----------------------------------------------------------------------
class Recorder:
    """A connection that notes every query it is asked to run."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.queries: list[tuple[str, Any]] = []

    async def execute_fetchall(self, sql: str, args: Any = ()) -> Any:
        self.queries.append((sql, args))
        return await self.conn.execute_fetchall(sql, args)

    def execute(self, sql: str, args: Any = ()) -> Any:
        self.queries.append((sql, args))
        return self.conn.execute(sql, args)


async def test_no_query_of_the_figures_or_the_export_reads_signups_whole(db: Database) -> None:
    ids = await seed(db, AMSTERDAM)
    now = NOWS[1]
    start = stats.period_start(now, AMSTERDAM)
    weeks = stats.week_starts(now, AMSTERDAM)
    starts_from, starts_before = export.bounds(export.Period.TWELVE_WEEKS, now, AMSTERDAM)
    async with db.snapshot() as real:
        spy = Recorder(real)
        conn = cast(aiosqlite.Connection, spy)
        for scope in (None, frozenset({ids[ORGANISATIONS[0]]})):
            await figures_store.signups_made(scope, weeks, now, conn=conn)
            await figures_store.attendance(scope, weeks, now, conn=conn)
            await figures_store.cancellations(scope, start, now, conn=conn)
            await figures_store.volunteers(scope, start, now, conn=conn)
            listed = None if scope is None else sorted(scope)
            async for _ in roster.export_period(listed, starts_from, starts_before, conn=conn):
                pass
        await figures_store.residents(start, conn=conn)
        plans = {}
        for sql, args in spy.queries:
            rows = await real.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}", args)
            plans[sql] = [row[3] for row in rows]
    assert len(plans) == 12  # 4 figures and the export, twice; 2 of residents
    for sql, plan in plans.items():
        scans = [step for step in plan if step.startswith("SCAN")]
        # "SCAN a": the active volunteers found through the shifts; residents: a count of all.
        allowed = ("SCAN a", "SCAN residents USING COVERING INDEX")
        assert all(step.startswith(allowed) for step in scans), (sql, plan)
        if "FROM signups s INDEXED BY signups_by_created" in sql:
            assert any("signups_by_created (created_at>? AND created_at<?)" in p for p in plan)
        if "FROM signups s INDEXED BY signups_by_cancelled" in sql:
            assert any(
                "signups_by_cancelled (cancelled_at>? AND cancelled_at<?)" in p for p in plan
            )
        if "h.starts_at >= :start" in sql or "s.starts_at >= ?" in sql:
            assert any("starts_at>? AND starts_at<?" in p for p in plan), (sql, plan)


# -- the snapshot ---------------------------------------------------------------------------------
async def test_a_snapshot_neither_waits_for_a_writer_nor_sees_it(db: Database) -> None:
    ids = await seed(db, AMSTERDAM)
    count = "SELECT COUNT(*) FROM signups"
    async with db.read() as conn:
        before = (await fetch_one(conn, count))[0]  # type: ignore[index]
    writing = asyncio.Event()
    done = asyncio.Event()

    async def writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM signups WHERE id = 1")
            writing.set()
            await done.wait()

    task = asyncio.create_task(writer())
    await writing.wait()
    # The writer holds the lock and has not committed: a snapshot runs, and sees the old state.
    async with asyncio.timeout(5), db.snapshot() as conn:
        assert (await fetch_one(conn, count))[0] == before  # type: ignore[index]
    found = await asyncio.wait_for(
        stats.figures(db, Role(1, True, frozenset()), NOWS[1], AMSTERDAM), timeout=5
    )
    assert found.signups > 0
    # Two at once, each on a connection of its own.
    async with db.snapshot() as one, db.snapshot() as two:
        assert one is not two
    # One snapshot is one state: a commit in the middle of it is not seen.
    async with db.snapshot() as conn:
        assert (await fetch_one(conn, count))[0] == before  # type: ignore[index]
        done.set()
        await task
        assert (await fetch_one(conn, count))[0] == before  # type: ignore[index]
    async with db.snapshot() as conn:
        assert (await fetch_one(conn, count))[0] == before - 1  # type: ignore[index]
        with pytest.raises(aiosqlite.OperationalError):
            await conn.execute("DELETE FROM signups")
    assert ids  # the dataset was there


async def test_a_database_in_memory_reads_its_snapshot_under_the_lock() -> None:
    async with Database(":memory:") as db, db.snapshot() as conn:
        assert conn is db.conn
        assert db._lock.locked()


async def test_closing_the_database_closes_its_readers(tmp_path: Path) -> None:
    db = Database(tmp_path / "closing.sqlite3")
    await db.open()
    async with db.snapshot() as conn:
        await conn.execute_fetchall("SELECT 1")
    await db.close()
    with pytest.raises(ValueError):
        await conn.execute_fetchall("SELECT 1")
