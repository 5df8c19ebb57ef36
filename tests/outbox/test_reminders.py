"""Reminders: planned with the sign-up, delivered when due, with buttons that work.

The clock starts on Wednesday 25 November 2026, 10:00 in Amsterdam (09:00 UTC); the shift is on
Saturday 28 November, 14:00-16:00 local (13:00-15:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import cancellations, signups
from bot.store import catalogue, residents, to_db
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import arrives
from tests.support.clock import SATURDAY_1700
from tests.support.outbox import Row, deliver_at, outbox_rows, sent_to
from tests.support.people import make_resident, sign_up, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

FRIDAY_1400 = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # the 24h reminder
SATURDAY_1200 = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)  # the 2h reminder
STARTS, ENDS = datetime(2026, 11, 28, 13, 0, tzinfo=UTC), datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


async def test_a_sign_up_plans_two_reminders_and_a_thank_you(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 301, "Anna", "nl")
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    rows = await outbox_rows(harness, recipient=anna.id)
    assert [(r.key, r.due_at, r.status, r.note) for r in rows] == [
        (f"reminder:{signup_id}:24h", to_db(FRIDAY_1400), "pending", ""),
        (f"reminder:{signup_id}:2h", to_db(SATURDAY_1200), "pending", ""),
        (f"thanks:{signup_id}", to_db(SATURDAY_1700), "pending", ""),
    ]
    # Planning again (a double tap, a restart) changes nothing.
    async with harness.deps.db.transaction() as conn:
        await plans.signup_confirmed(conn, signup_id, clock.now(), RULES)
    assert len(await outbox_rows(harness, recipient=anna.id)) == 3


async def test_reminder_says_what_where_when_and_whom_in_dutch_and_english(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 302, "Anna", "nl")
    ben = await make_resident(harness, 303, "Ben", "en")
    await sign_up(harness, made.shift_ids[0], anna)
    await sign_up(harness, made.shift_ids[0], ben)
    await deliver_at(harness, clock, FRIDAY_1400 - timedelta(minutes=1))
    assert not sent_to(harness, anna.id)  # not yet
    await deliver_at(harness, clock, FRIDAY_1400)
    text = anna.last_text()
    assert "Even een herinnering: je hebt je aangemeld voor Voorlezen in de bibliotheek." in text
    assert "zaterdag 28 november, 14:00–16:00" in text
    assert "Centrale bibliotheek, Stationsplein 1" in text
    assert "Vragen? Neem contact op met Bibliotheek Midden." in text
    assert anna.buttons() == ["✅ Ik kom", "❌ Ik kan niet"]
    text = ben.last_text()
    assert "A reminder: you are signed up for Voorlezen in de bibliotheek." in text
    assert "Saturday 28 November, 14:00–16:00" in text
    assert "Questions? Contact Bibliotheek Midden." in text
    assert ben.buttons() == ["✅ I'll be there", "❌ I can't come"]
    # The 2h reminder at its moment; each goes once, however often the job runs.
    await harness.run_job("outbox")
    await deliver_at(harness, clock, SATURDAY_1200)
    await harness.run_job("outbox")
    assert len(sent_to(harness, anna.id)) == 2 and len(sent_to(harness, ben.id)) == 2


async def test_cancel_removes_and_a_moved_shift_is_planned_again(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    anna = await make_resident(harness, 304, "Anna", "nl")
    ben = await make_resident(harness, 305, "Ben", "en")
    anna_signup = await sign_up(harness, shift_id, anna)
    ben_signup = await sign_up(harness, shift_id, ben)
    result = await cancellations.cancel(
        harness.deps.db,
        rules=harness.deps.rules,
        signup_id=anna_signup,
        resident_id=anna.id,
        now=clock.now(),
    )
    assert result.status is cancellations.CancelStatus.CANCELLED
    assert await outbox_rows(harness, recipient=anna.id) == []
    # The 24h reminder goes out, then the coordinator moves the shift a week later.
    await deliver_at(harness, clock, FRIDAY_1400)
    assert len(sent_to(harness, ben.id)) == 1
    week = timedelta(days=7)
    async with harness.deps.db.transaction() as conn:
        await conn.execute(
            "UPDATE shifts SET starts_at = ?, ends_at = ? WHERE id = ?",
            (to_db(STARTS + week), to_db(ENDS + week), shift_id),
        )
        await plans.shift_moved(conn, shift_id, clock.now(), RULES)
    rows = await outbox_rows(harness, recipient=ben.id)
    plan = [(r.key, r.due_at, r.status) for r in rows]
    assert (f"reminder:{ben_signup}:24h#{_id_of(rows)}", to_db(FRIDAY_1400), "sent") in plan
    assert (f"reminder:{ben_signup}:24h", to_db(FRIDAY_1400 + week), "pending") in plan
    assert (f"reminder:{ben_signup}:2h", to_db(SATURDAY_1200 + week), "pending") in plan
    # At the old 2h moment nothing goes; a week later it does, with the new date.
    await deliver_at(harness, clock, SATURDAY_1200)
    assert len(sent_to(harness, ben.id)) == 1
    await deliver_at(harness, clock, FRIDAY_1400 + week)
    assert "Saturday 5 December, 14:00–16:00" in ben.last_text()
    # A cancelled shift: nothing more for it.
    async with harness.deps.db.transaction() as conn:
        await plans.shift_cancelled(conn, shift_id)
    assert [r for r in await outbox_rows(harness, recipient=ben.id) if r.status == "pending"] == []


def _id_of(rows: list[Row]) -> str:
    [old] = [r.key for r in rows if "#" in r.key]
    return old.split("#")[1]


async def test_a_sign_up_after_a_reminders_moment_gets_no_stale_reminder(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 306, "Anna", "nl")
    clock.set(FRIDAY_1400 + timedelta(hours=1))  # a day before: the 24h moment has passed
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    keys = [row.key for row in await outbox_rows(harness, recipient=anna.id)]
    assert keys == [f"reminder:{signup_id}:2h", f"thanks:{signup_id}"]
    await harness.run_job("outbox")
    assert sent_to(harness, anna.id) == []


async def test_ill_be_there_and_i_cant_come_which_promotes_the_waitlist(
    harness: BotHarness, clock: ManualClock
) -> None:
    """The reminder's two answers; "I can't come" promotes the waitlist, and its confirm button,
    tapped again later from the old screen (a stale tap), is answered kindly."""
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(SATURDAY[0], SATURDAY[1], 1)]
    )
    [shift_id] = made.shift_ids
    anna = await make_resident(harness, 307, "Anna", "nl")
    ben = await make_resident(harness, 308, "Ben", "en")
    anna_signup = await sign_up(harness, shift_id, anna)
    waiting = await signups.sign_up(
        harness.deps.db,
        rules=RULES,
        shift_id=shift_id,
        resident_id=ben.id,
        now=clock.now(),
        waitlist=True,
    )
    assert waiting.status is signups.SignUpStatus.WAITLISTED
    await deliver_at(harness, clock, FRIDAY_1400)
    reminder = anna.last()
    answered = await anna.click("Ik kom", reminder)
    assert answered["text"] == "Fijn, tot dan!"
    assert "✅ Fijn, tot dan!" in anna.last_text()
    assert anna.buttons() == ["❌ Ik kan niet"]  # changing one's mind stays possible
    await anna.click("Ik kan niet", reminder)
    assert "Wil je je afmelden voor Voorlezen in de bibliotheek op zaterdag 28 november" in (
        anna.last_text()
    )
    await anna.click("Nee, ik kom toch")  # back: nothing changed
    assert "Kom je?" in anna.last_text()
    assert await signups_of(harness, shift_id) == [(anna.id, "confirmed"), (ben.id, "waitlisted")]
    await anna.click("Ik kan niet")
    await anna.click("Ja, meld me af")
    assert "Je bent afgemeld voor Voorlezen in de bibliotheek." in anna.last_text()
    assert anna.buttons() == ["🏠 Menu"]
    assert await signups_of(harness, shift_id) == [(anna.id, "cancelled"), (ben.id, "confirmed")]
    # Ben is told at once (the kick), and gets Anna's reminder plan from now on.
    await arrives(ben, "A place came free")
    assert [r.key.split(":")[0] for r in await outbox_rows(harness, recipient=anna.id)] == [
        "reminder"
    ]
    # The confirm button again: already done, said kindly.
    await anna.click_data(f"1:rm:{anna_signup}:nc", reminder)
    assert "Je had je hiervoor al afgemeld." in anna.last_text()


async def test_forged_reminder_buttons_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    anna = await make_resident(harness, 309, "Anna", "nl")
    eve = await make_resident(harness, 310, "Eve", "en")
    anna_signup = await sign_up(harness, shift_id, anna)
    for data in [
        f"1:rm:{anna_signup}:nc",
        f"1:rm:{anna_signup}:y",
        "1:rm:99999:nc",
        f"1:rm:{anna_signup}:zz",
        "1:rm:x",
        f"1:ty:{anna_signup}:y",
        f"1:fr:{anna_signup}:5",
    ]:
        answered = await eve.click_data(data)
        assert answered.get("show_alert") is True
        assert "no longer works" in answered["text"]
    assert await signups_of(harness, shift_id) == [(anna.id, "confirmed")]


async def test_reminders_off_in_settings_is_honoured_when_planning_and_sending(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    anna = await make_resident(harness, 311, "Anna", "nl")
    ben = await make_resident(harness, 312, "Ben", "en")
    cas = await make_resident(harness, 315, "Cas", "nl")
    await sign_up(harness, shift_id, ben)  # planned while reminders were on
    await sign_up(harness, shift_id, cas)
    # Anna turns reminders off in /settings before she signs up: none are planned.
    await anna.send("/settings")
    await anna.click("Herinneringen: Zet uit")
    anna_signup = await sign_up(harness, shift_id, anna)
    assert [r.key for r in await outbox_rows(harness, recipient=anna.id)] == [
        f"thanks:{anna_signup}"
    ]
    # Ben turns them off after: his planned reminders go at once.
    await ben.send("/settings")
    await ben.click("Reminders: Turn off")
    assert [r.key.split(":")[0] for r in await outbox_rows(harness, recipient=ben.id)] == ["thanks"]
    # Cas's choice changes by another way than /settings: checked again when sending.
    async with harness.deps.db.transaction() as conn:
        await residents.set_preference(cas.id, "reminders_on", False, conn=conn)
    await deliver_at(harness, clock, SATURDAY_1200)
    assert [sent_to(harness, p.id) for p in (anna, ben, cas)] == [[], [], []]
    assert {
        r.note for r in await outbox_rows(harness, recipient=cas.id) if r.status == "dropped"
    } == {"reminders off"}
    # Thank-yous stay on unless turned off too.
    await deliver_at(harness, clock, SATURDAY_1700)
    assert "Was je erbij?" in anna.last_text()
    async with harness.deps.db.read() as conn:
        assert (await residents.preferences(anna.id, conn=conn))["thanks_on"] is True


async def test_unknown_catalogue_changes_do_not_break_planning(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A shift added later in the same opportunity is planned on its own."""
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    async with harness.deps.db.transaction() as conn:
        second, _ = await catalogue.shift(
            opportunity_id=made.opportunity_id,
            starts_at=FRIDAY_1400 + timedelta(days=8),
            ends_at=FRIDAY_1400 + timedelta(days=8, hours=2),
            capacity=2,
            conn=conn,
        )
    anna = await make_resident(harness, 313, "Anna", "nl")
    await sign_up(harness, made.shift_ids[0], anna)
    await sign_up(harness, second, anna)
    assert len(await outbox_rows(harness, recipient=anna.id)) == 6


async def test_reminders_turned_on_again_are_planned_for_existing_sign_ups(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    ben = await make_resident(harness, 314, "Ben", "en")
    await ben.send("/settings")
    await ben.click("Reminders: Turn off")
    signup_id = await sign_up(harness, made.shift_ids[0], ben)
    assert [r.key for r in await outbox_rows(harness, recipient=ben.id)] == [f"thanks:{signup_id}"]
    clock.set(FRIDAY_1400 + timedelta(hours=1))  # the day before: only the 2h one is still ahead
    await ben.click("Reminders: Turn on")
    assert [r.key for r in await outbox_rows(harness, recipient=ben.id)] == [
        f"reminder:{signup_id}:2h",
        f"thanks:{signup_id}",
    ]
    await deliver_at(harness, clock, SATURDAY_1200)
    assert len(sent_to(harness, ben.id)) == 1


async def test_the_reminder_buttons_in_english(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    ben = await make_resident(harness, 316, "Ben", "en")
    await sign_up(harness, made.shift_ids[0], ben)
    await deliver_at(harness, clock, FRIDAY_1400)
    answered = await ben.click("I'll be there")
    assert answered["text"] == "Great, see you then!"
    assert "✅ Great, see you then!" in ben.last_text()
    await ben.click("I can't come")
    assert "Do you want to cancel your place for Voorlezen in de bibliotheek on Saturday" in (
        ben.last_text()
    )
    assert ben.buttons() == ["Yes, cancel my place", "No, I'll come after all"]
    await ben.click("Yes, cancel my place")
    assert "You are no longer signed up for Voorlezen in de bibliotheek." in ben.last_text()
    assert await signups_of(harness, made.shift_ids[0]) == [(ben.id, "cancelled")]
    # Once the shift has started, cancelling here is no longer possible.
    dora = await make_resident(harness, 317, "Dora", "en")
    await sign_up(harness, made.shift_ids[0], dora)
    await deliver_at(harness, clock, SATURDAY_1200)  # her two-hours-before reminder
    clock.set(STARTS + timedelta(minutes=5))
    await dora.click("I can't come")
    await dora.click("Yes, cancel my place")
    assert "already started" in dora.last_text() and "Bibliotheek Midden" in dora.last_text()
