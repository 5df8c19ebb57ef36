"""/delete: what is stored is shown; one confirmation erases it; counts stay, anonymous."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import leads, signups
from bot.store import outbox
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.people import make_resident, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam


async def rows(harness: BotHarness, sql: str, *args: object) -> list[tuple[object, ...]]:
    async with harness.deps.db.read() as conn:
        async with conn.execute(sql, args) as cur:
            return [tuple(row) for row in await cur.fetchall()]


async def test_delete_erases_the_person_and_keeps_anonymous_counts(
    harness: BotHarness, clock: ManualClock
) -> None:
    """/delete erases the person, keeps anonymous counts; an old (stale) erase button after
    that erases nothing and breaks nothing."""
    db = harness.deps.db
    now = clock.now()
    past = await make_opportunity(
        db, now=now, title="Boekenmarkt", shifts=[(timedelta(days=-2), timedelta(hours=3), 5)]
    )
    coming = await make_opportunity(
        db, now=now, title="Voorlezen", shifts=[(SATURDAY[0], SATURDAY[1], 1)]
    )
    role = await make_opportunity(db, now=now, title="Taalmaatje", ongoing=True)
    anna = await make_resident(harness, 601, "Anna", "nl")
    ben = await make_resident(harness, 602, "Ben", "en")
    await signups.sign_up(
        db, rules=RULES, shift_id=past.shift_ids[0], resident_id=601, now=now - timedelta(3)
    )
    await signups.sign_up(db, rules=RULES, shift_id=coming.shift_ids[0], resident_id=601, now=now)
    await signups.sign_up(
        db, rules=RULES, shift_id=coming.shift_ids[0], resident_id=602, now=now, waitlist=True
    )
    await leads.express_interest(
        db, opportunity_id=role.opportunity_id, resident_id=601, coordinator_ids=[], now=now
    )
    async with db.transaction() as conn:  # something planned for Anna that is not a sign-up's
        await outbox.enqueue(
            conn,
            key="news:1:601",
            kind="news",
            recipient_id=601,
            due_at=now + timedelta(1),
            now=now,
        )
    harness.application.user_data[601]["draft"] = "half a search"
    await harness.application.update_persistence()
    assert await rows(harness, "SELECT user_id FROM ptb_user_data WHERE user_id = 601") == [(601,)]

    await anna.send("/delete")
    shown = anna.last_text()
    assert "Wat we over jou bewaren" in shown
    assert "Voornaam: Anna" in shown and "Taal: Nederlands" in shown
    # As /mine counts them: one still to come, one past (the trial found one number for both).
    assert "Aanmeldingen die nog komen: 1" in shown
    assert "Eerdere aanmeldingen (geweest of afgezegd): 1" in shown
    await anna.click("Ja, wis mijn gegevens")
    assert "Je gegevens zijn gewist" in anna.last_text() and "/start" in anna.last_text()

    assert await rows(harness, "SELECT id FROM residents WHERE id = 601") == []
    # The past sign-up stays as an anonymous count; the coming one was freed for Ben.
    assert await signups_of(harness, past.shift_ids[0]) == [(None, "confirmed")]
    assert await signups_of(harness, coming.shift_ids[0]) == [
        (None, "cancelled"),
        (602, "confirmed"),
    ]
    # Her interest in an ongoing role (a lead) goes with her: of no use without the person.
    assert await rows(harness, "SELECT resident_id FROM role_interests") == []
    pending = "SELECT key FROM outbox WHERE recipient_id = 601 AND status = 'pending'"
    assert await rows(harness, pending) == []
    assert await rows(harness, "SELECT user_id FROM ptb_user_data WHERE user_id = 601") == []
    assert not harness.application.user_data.get(601)
    await harness.run_job("outbox")
    assert any("Good news" in (m.get("text") or "") for m in ben.messages())
    # Anna is a stranger again: /mine asks for consent, /delete has nothing to show.
    await anna.send("/mine")
    assert "Eerst één vraag" in anna.last_text() and "Vind je dat goed?" in anna.last_text()
    await anna.send("/delete")
    assert "We bewaren niets over jou" in anna.last_text()
    # An old "erase" button now erases nothing and breaks nothing.
    await anna.click_data("1:dx")
    assert "Je gegevens zijn gewist" in anna.last_text()


async def test_delete_in_english_can_be_declined(harness: BotHarness, clock: ManualClock) -> None:
    stranger = harness.person(603, "Cleo", "en")
    await stranger.send("/delete")
    assert "We store nothing about you." in stranger.last_text()
    assert stranger.buttons() == ["🏠 Menu"]
    dirk = await make_resident(harness, 604, "Dirk", "en")
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    await signups.sign_up(
        harness.deps.db,
        rules=harness.deps.rules,
        shift_id=made.shift_ids[0],
        resident_id=604,
        now=clock.now(),
    )
    await dirk.send("/delete")
    assert "First name: Dirk" in dirk.last_text()
    assert "Language: English" in dirk.last_text()
    assert "Sign-ups still to come: 1" in dirk.last_text()
    assert "Earlier sign-ups (done or cancelled): 0" in dirk.last_text()
    await dirk.click("No, keep it")
    assert "What would you like to do?" in dirk.last_text()
    assert await rows(harness, "SELECT id FROM residents WHERE id = 604") == [(604,)]
    assert await signups_of(harness, made.shift_ids[0]) == [(604, "confirmed")]
    await dirk.send("/delete")
    await dirk.click("Yes, erase my data")
    assert "Your data has been erased" in dirk.last_text()
    await dirk.click("Start again")
    assert "Welcome to Meedoen" in dirk.last_text()
    assert await signups_of(harness, made.shift_ids[0]) == [(None, "cancelled")]
