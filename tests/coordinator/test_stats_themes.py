"""/stats counts per theme on a small known dataset: sign-ups made and hours given in the 12
weeks, an opportunity with two themes in both (and said so), nothing counted twice in the
totals; no query reads the sign-ups whole."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import aiosqlite

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from bot.services import figures as stats
from bot.store import figures as figures_store
from tests.support.catalogue import make_opportunity
from tests.support.people import make_coordinator, make_resident, sign_up

LIBRARY = "Bibliotheek Midden"


async def known_dataset(harness: BotHarness) -> None:
    """Reading aloud (taking part, development): 1.25 hours, two came, one signed up for later.
    The garden (health): 3 hours, one came, one did not, someone who erased their data came.
    Coffee (no theme): one came. An old shift before the 12 weeks counts nowhere."""
    now, db = harness.now(), harness.deps.db
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    reading = await make_opportunity(
        db,
        now=now,
        title="Voorlezen",
        category="Voorlezen",
        shifts=[
            (timedelta(days=-120), timedelta(hours=2), 5),
            (timedelta(days=-14), timedelta(minutes=75), 5),
            (timedelta(days=2), timedelta(hours=2), 5),
        ],
        themes=("taking_part", "development"),
    )
    old, s1, future = reading.shift_ids
    garden = await make_opportunity(
        db,
        now=now,
        title="Moestuin",
        category="Tuinieren",
        shifts=[(timedelta(days=-7), timedelta(hours=3), 5)],
        themes=("health",),
    )
    coffee = await make_opportunity(
        db,
        now=now,
        title="Koffie",
        category="Ontmoeten",
        shifts=[(timedelta(days=-5), timedelta(hours=1), 5)],
    )
    for user_id in range(101, 106):
        await make_resident(harness, user_id, f"R{user_id}", consented_at=days(200))
    await sign_up(harness, old, 101, created_at=days(121), attendance="came")  # before
    await sign_up(harness, s1, 101, created_at=days(20), attendance="came")
    await sign_up(harness, s1, 102, created_at=days(15), attendance="came")
    await sign_up(harness, future, 104, created_at=days(1))
    [garden_shift] = garden.shift_ids
    await sign_up(harness, garden_shift, 102, created_at=days(10), attendance="no_show")
    await sign_up(harness, garden_shift, 103, created_at=days(9), attendance="came")
    await sign_up(harness, garden_shift, None, created_at=days(8), attendance="came")
    await sign_up(harness, coffee.shift_ids[0], 105, created_at=days(6), attendance="came")


async def test_stats_show_sign_ups_and_hours_per_theme(
    harness: BotHarness, clock: ManualClock
) -> None:
    await known_dataset(harness)
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await coco.send("/stats")
    text = visible(coco.messages()[-2])
    assert "Aanmeldingen: 7 · afgezegd: 0" in text  # the totals count each sign-up once
    assert "Uren geholpen: 9,5" in text
    section = text.split("Per thema\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        "• 🤝 Meedoen: 3 aanmeldingen, 2,5 uur",
        "• 💪 Eigen kracht: 0 aanmeldingen, 0 uur",
        "• 🩺 Gezondheid: 3 aanmeldingen, 6 uur",
        "• 🌱 Persoonlijke ontwikkeling: 3 aanmeldingen, 2,5 uur",
        "Iets met twee thema's telt bij allebei mee.",
    ]

    ben, _ = await make_coordinator(harness, 501, LIBRARY, "en")
    await ben.send("/stats")
    text = visible(ben.messages()[-2])
    assert "• 🤝 Taking part: 3 sign-ups, 2.5 hours" in text
    assert "• 🩺 Health: 3 sign-ups, 6 hours" in text
    assert "An opportunity with two themes counts in both." in text


async def test_per_theme_reads_only_the_period(harness: BotHarness) -> None:
    await known_dataset(harness)
    db, now = harness.deps.db, harness.now()
    start = stats.period_start(now, harness.deps.settings.zone)
    async with db.snapshot() as real:
        found = await figures_store.per_theme(None, start, now, conn=real)
        assert {t.theme: (t.signups, t.seconds, t.came) for t in found} == {
            "taking_part": (3, 9000, 2),
            "development": (3, 9000, 2),
            "health": (3, 21600, 2),
        }
        assert await figures_store.per_theme(frozenset(), start, now, conn=real) == []
        queries: list[tuple[str, Any]] = []

        class Spy:
            async def execute_fetchall(self, sql: str, args: Any) -> Any:
                queries.append((sql, args))
                return await real.execute_fetchall(sql, args)

        await figures_store.per_theme(None, start, now, conn=cast(aiosqlite.Connection, Spy()))
        assert len(queries) == 2
        for sql, args in queries:
            plan = [r[3] for r in await real.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}", args)]
            assert not any(step.startswith("SCAN s") for step in plan), plan
