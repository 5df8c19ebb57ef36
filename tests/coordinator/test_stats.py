"""/stats: the figures of the last 12 weeks on a small known dataset, in Dutch and English, the
chart a valid PNG, administrators see all and can narrow, others are refused."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from bot.services import figures as stats
from bot.services.roles import role_of
from tests.support.catalogue import make_opportunity
from tests.support.people import ADMIN, make_coordinator, make_resident, sign_up

LIBRARY = "Bibliotheek Midden"
HOUSE = "Buurthuis De Brug"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def known_dataset(harness: BotHarness) -> dict[str, int]:
    """Two organisations; the library's figures are worked out by hand in the test below."""
    now = harness.now()
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    reading = await make_opportunity(
        harness.deps.db,
        now=now,
        organisation=LIBRARY,
        title="Voorlezen",
        category="Voorlezen",
        shifts=[
            (timedelta(days=-120), timedelta(hours=2), 5),  # before the 12 weeks
            (timedelta(days=-14), timedelta(minutes=75), 5),  # 1.25 hours
            (timedelta(days=2), timedelta(hours=2), 5),  # still to come
        ],
    )
    old, s1, future = reading.shift_ids
    garden = await make_opportunity(
        harness.deps.db,
        now=now,
        organisation=LIBRARY,
        title="Moestuin",
        category="Tuinieren",
        shifts=[(timedelta(days=-7), timedelta(hours=3), 5)],
    )
    [s2] = garden.shift_ids
    house = await make_opportunity(
        harness.deps.db,
        now=now,
        organisation=HOUSE,
        title="Koffie schenken",
        category="Ontmoeten",
        shifts=[(timedelta(days=-5), timedelta(hours=1), 5)],
    )
    await make_resident(harness, 101, "Ans", consented_at=days(200))
    for user_id in range(102, 107):
        await make_resident(harness, user_id, f"R{user_id}", consented_at=days(20))
    # 101 returns: came before the period and in it.
    await sign_up(harness, old, 101, created_at=days(121), attendance="came")
    await sign_up(harness, s1, 101, created_at=days(20), attendance="came")
    # 102 and 103 are new; 102 did not come to the garden.
    await sign_up(harness, s1, 102, created_at=days(15), attendance="came")
    await sign_up(harness, s2, 102, created_at=days(10), attendance="no_show")
    await sign_up(harness, s2, 103, created_at=days(9), attendance="came")
    # 104 signed up for a shift still to come; 105 cancelled.
    await sign_up(harness, future, 104, created_at=days(1))
    await sign_up(harness, s1, 105, status="cancelled", created_at=days(30), cancelled_at=days(16))
    # Someone who erased their data: counted, but not as a person.
    await sign_up(harness, s2, None, created_at=days(8), attendance="came")
    # The other organisation.
    await sign_up(harness, house.shift_ids[0], 106, created_at=days(6), attendance="came")
    return {"library": reading.opportunity_id}


def figures_and_chart(person: Person) -> tuple[str, bytes]:
    text_message, photo_message = person.messages()[-2:]
    assert "photo" in photo_message
    return visible(text_message), person.file(photo_message)


async def test_figures_of_one_organisation_in_dutch_and_english(
    harness: BotHarness, clock: ManualClock
) -> None:
    await known_dataset(harness)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await coord.send("/stats")
    text, png = figures_and_chart(coord)
    assert "Cijfers: Bibliotheek Midden" in text
    assert "7 sep tot en met 25 nov 2026 (12 weken)" in text
    assert "Nieuwe bewoners bij Meedoen: 5 (in totaal 6 doen mee)" in text
    assert "Actieve vrijwilligers: 3 (2 nieuw, 1 terug)" in text
    assert "Aanmeldingen: 7 · afgezegd: 1" in text
    assert "Opkomst: 80% (4 kwamen, 1 kwamen niet)" in text
    assert "Uren geholpen: 8,5" in text
    assert "Tuinieren: 3 aanmeldingen, 6 uur" in text
    assert "Voorlezen: 4 aanmeldingen, 2,5 uur" in text
    assert "Ontmoeten" not in text
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (800, 450)
    assert "Aanmeldingen en uren per week" in visible(coord.last())

    ben, _ = await make_coordinator(harness, 501, LIBRARY, "en")
    await ben.send("/stats")
    text, _ = figures_and_chart(ben)
    assert "Figures: Bibliotheek Midden" in text
    assert "Show rate: 80% (4 came, 1 did not come)" in text
    assert "Hours given: 8.5" in text
    assert "Active volunteers: 3 (2 new, 1 returning)" in text


async def test_administrators_see_all_and_can_narrow_others_are_refused(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Administrators see every organisation; a coordinator forging another one's figures
    button is refused, a resident too."""
    await known_dataset(harness)
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/stats")
    text, _ = figures_and_chart(admin)
    assert "Figures: all organisations" in text
    assert "Sign-ups: 8 · cancelled: 1" in text and "Hours given: 9.5" in text
    assert "Active volunteers: 4 (3 new, 1 returning)" in text
    await admin.click(LIBRARY)
    text, _ = figures_and_chart(admin)
    assert "Figures: Bibliotheek Midden" in text and "Hours given: 8.5" in text
    assert "📊 All together" in admin.buttons()

    house, _ = await make_coordinator(harness, 600, HOUSE, "en")
    await house.send("/stats")
    text, _ = figures_and_chart(house)
    assert "Figures: Buurthuis De Brug" in text and "Sign-ups: 1 · cancelled: 0" in text
    await make_coordinator(harness, 500, LIBRARY, "en")
    [library_id] = (await role_of(harness.deps.db, 500, frozenset())).organisation_ids
    answer = await house.click_data(f"1:t:{library_id}")
    assert answer.get("show_alert") and "not allowed" in answer["text"]

    sam = await make_resident(harness, 151, "Sam", "en")
    await sam.send("/stats")
    assert "only for coordinators" in sam.last_text()


def test_weeks_add_up_to_the_totals() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.store.figures import SignUpRow

    zone = ZoneInfo("Europe/Amsterdam")
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    start = stats.period_start(now, zone)
    rows = [
        SignUpRow(i, "confirmed", now - timedelta(days=i * 6), None, "came",
                  now - timedelta(days=i * 6), now - timedelta(days=i * 6, hours=-2), "X")
        for i in range(1, 16)
    ]  # fmt: skip
    figures = stats.count(rows, start, now, zone)
    assert len(figures.weeks) == 12
    assert sum(w.signups for w in figures.weeks) == figures.signups == 13
    assert sum(w.hours for w in figures.weeks) == figures.hours == 26
    assert figures.show_rate == 1.0
