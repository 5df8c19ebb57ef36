"""Signing up: a double tap, forged buttons, interest in an ongoing role, the calendar file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.files.calendar import CalendarEntry, shift_calendar
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import signups
from bot.services.signups import SignUpStatus
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import double_tap, open_opportunity, open_shift, parse_ics
from tests.support.people import make_resident, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam


async def role_interests(harness: BotHarness) -> list[tuple[int, int | None]]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT opportunity_id, resident_id FROM role_interests ORDER BY id"
        async with conn.execute(sql) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]


async def test_a_double_tap_on_confirm_signs_up_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A second tap on the old confirm screen, and a forged waitlist tap for the same shift,
    change nothing."""
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    kim = await make_resident(harness, 301, "Kim", "nl")
    await open_shift(kim)
    confirm_screen = kim.last()
    _, second = await double_tap(kim, "Ja, meld me aan")
    assert "al aangemeld" in second["text"] and second.get("show_alert")
    assert await signups_of(harness, shift_id) == [(301, "confirmed")]
    assert len(kim.documents()) == 1
    # A forged tap to the waitlist of a shift you hold a place on changes nothing either.
    again = await kim.click_data(f"1:sw:{shift_id}", confirm_screen)
    assert "al aangemeld" in again["text"]
    assert await signups_of(harness, shift_id) == [(301, "confirmed")]
    # The confirm screen of a shift you are on says so, with a way to /mine.
    await open_shift(kim)
    assert "Je bent al aangemeld voor deze datum" in kim.last_text()
    assert "📋 Mijn aanmeldingen" in kim.buttons()


async def test_forged_and_stale_sign_up_buttons_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    lot = await make_resident(harness, 302, "Lot", "en")
    for data in ("1:sc:99999", "1:sw:0", "1:su:abc", "1:sc", "1:sc:99999:2:3", "1:sc:<b>"):
        await lot.click_data(data)
        assert "no longer available" in lot.last_text()
    # Data nobody here made goes to the stale-button answer.
    answer = await lot.click_data("2:sc:1")
    assert "no longer works" in answer["text"]
    assert await signups_of(harness, shift_id) == []
    # The shift starts while the confirm screen is open: the tap is refused kindly.
    await open_shift(lot)
    clock.advance(timedelta(days=4))
    await lot.click("Yes, sign me up")
    assert "no longer available" in lot.last_text()
    assert await signups_of(harness, shift_id) == []


async def test_interest_in_an_ongoing_role_reaches_the_coordinator(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        title="Taalmaatje",
        category="Taal",
        description="Praat elke week een uur met iemand die Nederlands leert.",
        ongoing=True,
    )
    coordinator = harness.person(900, "Cora", "en")
    mo = await make_resident(harness, 303, "Mo <&>", "nl")
    await mo.send("/find")
    await mo.click("Taal (1)")
    assert mo.buttons()[0] == "Taalmaatje · vaste taak"
    await mo.click("Taalmaatje")
    assert "vaste taak" in mo.last_text()
    await mo.click("Ik heb interesse")
    assert "Wat gebeurt er nu?" in mo.last_text()
    assert "Bibliotheek Midden" in mo.last_text()
    await harness.run_job("outbox")
    [notice] = coordinator.messages()
    assert '<a href="tg://user?id=303">Mo &lt;&amp;&gt;</a>' in notice["text"]
    # A coordinator who is no resident reads the default language (nl).
    assert "Mo <&> wil graag meedoen met Taalmaatje (Bibliotheek Midden)" in coordinator.last_text()
    assert await role_interests(harness) == [(made.opportunity_id, 303)]
    # Once per person: asking again (the screen opened anew) tells them so; nobody is told twice.
    await mo.send("/find")
    await mo.click("Taal (1)")
    await mo.click("Taalmaatje")
    await mo.click("Ik heb interesse")
    assert "Je had al laten weten" in mo.last_text()
    await harness.run_job("outbox")
    assert len(coordinator.messages()) == 1
    assert await role_interests(harness) == [(made.opportunity_id, 303)]


async def test_interest_in_english_and_a_coordinator_who_never_started_the_bot(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Interest told to a coordinator who cannot be reached; a forged interest button for an
    episodic opportunity changes nothing."""
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), title="Bestuurslid", category="Bestuur", ongoing=True
    )
    # Coordinator 900 never wrote to the bot: Telegram says 403, the postman copes.
    nia = await make_resident(harness, 304, "Nia", "en")
    await open_opportunity(nia, "Bestuurslid", "Bestuur")
    assert "An ongoing role" in nia.last_text()
    await nia.click("I am interested")
    assert "What happens next?" in nia.last_text()
    assert "A coordinator of Bibliotheek Midden" in nia.last_text()
    await harness.run_job("outbox")
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT status FROM outbox WHERE kind = 'role_interest'") as cur:
            assert [row[0] for row in await cur.fetchall()] == ["failed"]
    # An episodic opportunity has no "interested" button; a forged one changes nothing.
    episodic = await make_opportunity(
        harness.deps.db, now=clock.now(), title="Eenmalig", shifts=[SATURDAY]
    )
    await nia.click_data(f"1:ri:{episodic.opportunity_id}")
    assert "no longer available" in nia.last_text()
    assert await role_interests(harness) == [(made.opportunity_id, 304)]


async def test_the_calendar_file_has_a_stable_uid_per_sign_up() -> None:
    entry = CalendarEntry(
        signup_id=41,
        shift_id=7,
        title="Voorlezen; met, komma's",
        organisation="Bibliotheek",
        location="Plein 1, Utrecht",
        description="Regel een\nRegel twee",
        starts_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # the night the clocks go forward
        ends_at=datetime(2026, 3, 29, 3, 0, tzinfo=UTC),
    )
    now = datetime(2026, 3, 1, tzinfo=UTC)
    first, second = (
        parse_ics(shift_calendar(entry, now=now)),
        parse_ics(shift_calendar(entry, now=now)),
    )
    assert first["uid"] == second["uid"] == "signup-41@meedoen.bot"
    assert first["start"] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert "Voorlezen; met, komma's" in str(first["summary"])
    assert first["location"] == "Plein 1, Utrecht"


async def test_the_service_refuses_what_cannot_be_chosen(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    made = await make_opportunity(
        db, now=clock.now(), shifts=[SATURDAY, (timedelta(hours=-2), timedelta(hours=1), 3)]
    )
    await make_resident(harness, 305, "Olga", "nl")
    now = clock.now()
    past = await signups.sign_up(
        db, rules=RULES, shift_id=made.shift_ids[1], resident_id=305, now=now
    )
    assert past.status is SignUpStatus.CLOSED
    missing = await signups.sign_up(db, rules=RULES, shift_id=12345, resident_id=305, now=now)
    assert missing.status is SignUpStatus.CLOSED
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE shifts SET status = 'cancelled' WHERE id = ?", (made.shift_ids[0],)
        )
    cancelled = await signups.sign_up(
        db, rules=RULES, shift_id=made.shift_ids[0], resident_id=305, now=now
    )
    assert cancelled.status is SignUpStatus.CLOSED
    assert await signups_of(harness, made.shift_ids[0]) == []
