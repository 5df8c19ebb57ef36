"""Interests: chosen in /settings and offered once after a first sign-up; new opportunities in a
liked category bring an alert, bundled, at most one a day per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from bot.services import publishing
from bot.services.roles import role_of
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_shift
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident

LIBRARY = "Bibliotheek Midden"


async def liked(harness: BotHarness, resident_id: int) -> list[str]:
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT c.name FROM interests i JOIN categories c ON c.id = i.category_id"
            " WHERE i.resident_id = ? ORDER BY c.name"
        )
        async with conn.execute(sql, (resident_id,)) as cur:
            return [row[0] for row in await cur.fetchall()]


async def test_offered_once_after_the_first_sign_up(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), category="Voorlezen")
    await make_opportunity(harness.deps.db, now=clock.now(), title="Moestuin", category="Tuinieren")
    kim = await make_resident(harness, 101, "Kim", "nl")
    await kim.send("/start")
    await open_shift(kim)
    await kim.click("Ja, meld me aan")
    assert "Wil je een bericht als er nieuw vrijwilligerswerk is" in kim.last_text()
    assert kim.buttons() == ["⬜ Tuinieren", "⬜ Voorlezen", "✔️ Klaar"]
    answer = await kim.click("⬜ Voorlezen")
    assert answer["text"] == "Bewaard ✅"
    assert kim.buttons()[:2] == ["⬜ Tuinieren", "✅ Voorlezen"]
    await kim.click("Klaar")
    assert "We laten het je weten" in kim.last_text()
    assert await liked(harness, 101) == ["Voorlezen"]
    # A second sign-up: no offer again.
    offers = len(kim.messages())
    await open_shift(kim, title="Moestuin", category="Tuinieren")
    await kim.click("Ja, meld me aan")
    assert all("Wil je een bericht" not in visible(m) for m in kim.messages()[offers:])


async def test_chosen_in_settings_with_a_way_back(harness: BotHarness, clock: ManualClock) -> None:
    """Ticked and unticked in /settings, with a way back; forged toggles change nothing."""
    await make_opportunity(harness.deps.db, now=clock.now(), category="Voorlezen")
    ben = await make_resident(harness, 102, "Ben", "en", likes=("Voorlezen",))
    await ben.send("/settings")
    assert "What I like" in ben.last_text()
    await ben.click("❤️ What I like")
    assert "What do you like to do?" in ben.last_text()
    assert "✅ Reading aloud" in ben.buttons()  # the kind of work in his language
    answer = await ben.click("✅ Reading aloud")
    assert answer["text"] == "Removed" and "⬜ Reading aloud" in ben.buttons()
    assert await liked(harness, 102) == []
    await ben.click("⬅️ Back")
    assert "Settings" in ben.last_text()
    # Forged: an unknown category, a strange origin, someone who never consented.
    for data in ("1:it:99999:s", "1:it:1:x", "1:it"):
        answer = await ben.click_data(data)
        assert "no longer works" in answer["text"]
    stranger = harness.person(103, "Stan", "en")
    await stranger.send("/start")
    answer = await stranger.click_data("1:it:1:s")
    assert "no longer works" in answer["text"]
    assert await liked(harness, 103) == []


async def publish(harness: BotHarness, coordinator_id: int, title: str, category: str) -> int:
    role = await role_of(harness.deps.db, coordinator_id, frozenset())
    [org_id] = role.organisation_ids
    now = harness.now()
    draft = publishing.Draft(
        title=title,
        description="Kom je helpen?",
        location="Stationsplein 1",
        organisation_id=org_id,
        kind="episodic",
        category_name=category,
        shifts=[publishing.ShiftPlan(now + timedelta(days=3), now + timedelta(days=3, hours=2), 4)],
    )
    return await publishing.publish(harness.deps.db, role, draft, now, harness.deps.settings.zone)


async def test_alerts_are_bundled_and_at_most_one_a_day(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_coordinator(harness, 500, LIBRARY, "nl")
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    await make_opportunity(  # so that there is a second kind of work to like
        harness.deps.db,
        now=clock.now(),
        title="Moestuin",
        organisation="Groen Doen",
        category="Tuinieren",
        ongoing=True,
    )
    ans = await make_resident(harness, 101, "Ans", "nl", likes=("Voorlezen",))
    bob = await make_resident(harness, 102, "Bob", likes=("Tuinieren",))
    eva = await make_resident(harness, 104, "Eva", "en", likes=("Voorlezen",))
    co = await make_resident(harness, 500, "Co", likes=("Voorlezen",))  # the coordinator: no alerts

    # 10:00 and 10:10 in Amsterdam: two new ones, one message at 10:30.
    await publish(harness, 500, "Prentenboeken voorlezen", "Voorlezen")
    clock.advance(timedelta(minutes=10))
    await publish(harness, 500, "Voorleesontbijt", "Voorlezen")
    await harness.run_job("outbox")
    assert ans.new_messages() == []  # not yet: it waits a little for more
    clock.advance(timedelta(minutes=25))
    await harness.run_job("outbox")
    [alert] = ans.new_messages()
    text = visible(alert)
    assert "Nieuw vrijwilligerswerk dat je misschien leuk vindt" in text
    assert "Prentenboeken voorlezen" in text and "Voorleesontbijt" in text
    assert "Je krijgt dit omdat je Voorlezen leuk vindt." in text
    assert ans.buttons(alert) == [
        "Prentenboeken voorlezen",
        "Voorleesontbijt",
        "⚙️ Wat ik leuk vind",
    ]
    assert "New volunteer work you may like" in eva.last_text()
    assert bob.new_messages() == [] and co.new_messages() == []

    # A third one the same day waits for tomorrow morning, 09:00 Amsterdam.
    await publish(harness, 500, "Voorlezen in het Fries", "Voorlezen")
    clock.advance(timedelta(hours=2))
    await harness.run_job("outbox")
    assert ans.new_messages() == []
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    await harness.run_job("outbox")
    assert len(ans.new_messages()) == 1
    assert "Voorlezen in het Fries" in ans.last_text() and "Voorleesontbijt" not in ans.last_text()
    keys = [row.key for row in await outbox_rows(harness, "alert:101:")]
    assert keys == ["alert:101:2026-11-25", "alert:101:2026-11-26"]

    # Published in the evening: sent the next morning, not at night.
    clock.set(datetime(2026, 11, 26, 20, 30, tzinfo=UTC))  # 21:30 in Amsterdam
    await publish(harness, 500, "Avondvertelling", "Voorlezen")
    clock.advance(timedelta(hours=2))
    await harness.run_job("outbox")
    assert ans.new_messages() == []
    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    await harness.run_job("outbox")
    assert "Avondvertelling" in ans.last_text()
