"""A full shift offers the waitlist; a freed place goes to the first in line, told at once."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import cancellations, signups
from bot.services.cancellations import CancelStatus
from bot.services.signups import SignUpStatus
from tests.support.catalogue import make_opportunity
from tests.support.chat import arrives, open_dates, open_shift
from tests.support.people import make_resident, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

ONE_PLACE = (timedelta(days=3, hours=4), timedelta(hours=2), 1)


async def test_full_shift_waitlist_and_promotion(harness: BotHarness, clock: ManualClock) -> None:
    # The regular outbox tick is paused: only the kick after the cancel can deliver at once.
    [tick] = harness.application.job_queue.get_jobs_by_name("outbox")  # type: ignore[union-attr]
    tick.enabled = False
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[ONE_PLACE])
    [shift_id] = made.shift_ids
    anna = await make_resident(harness, 401, "Anna", "nl")
    ben = await make_resident(harness, 402, "Ben", "en")
    cas = await make_resident(harness, 403, "Cas", "nl")
    await open_shift(anna)
    await anna.click("Ja, meld me aan")
    # Ben sees it is full, and is offered the waitlist.
    await open_dates(ben)
    assert ben.buttons()[0] == "⏳ Sat 28 Nov 14:00–16:00 · full"
    assert "full; you can go on the waitlist" in ben.last_text()
    await ben.click("Sat 28 Nov")
    assert "This date is full" in ben.last_text()
    await ben.click("Put me on the waitlist")
    assert "You are on the waitlist (number 1)" in ben.last_text()
    assert not ben.documents()  # no calendar file for a waitlist place
    await open_shift(cas)
    await cas.click("Zet me op de wachtlijst")
    assert "Je staat op de wachtlijst (nummer 2)" in cas.last_text()
    assert await signups_of(harness, shift_id) == [
        (401, "confirmed"),
        (402, "waitlisted"),
        (403, "waitlisted"),
    ]
    # Anna cancels in /mine: Ben, first in line, gets her place and is told at once.
    await anna.send("/mine")
    await anna.click("Afmelden")
    await anna.click("Ja, meld me af")
    assert await signups_of(harness, shift_id) == [
        (401, "cancelled"),
        (402, "confirmed"),
        (403, "waitlisted"),
    ]
    await arrives(ben, "Good news! A place came free.")  # delivered by the kick
    await harness.run_job("outbox")  # nothing is sent twice
    told = [m for m in ben.messages() if "Good news" in (m.get("text") or "")]
    assert len(told) == 1
    assert "Saturday 28 November, 14:00–16:00" in told[0]["text"]
    # Cas is now first in line.
    await cas.send("/mine")
    assert "Op de wachtlijst, nummer 1" in cas.last_text()


async def test_a_promotion_no_longer_valid_is_not_sent(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    made = await make_opportunity(db, now=clock.now(), shifts=[ONE_PLACE])
    [shift_id] = made.shift_ids
    dina = await make_resident(harness, 404, "Dina", "nl")
    eva = await make_resident(harness, 405, "Eva", "nl")
    now = clock.now()
    first = await signups.sign_up(db, rules=RULES, shift_id=shift_id, resident_id=404, now=now)
    assert first.status is SignUpStatus.CONFIRMED
    full = await signups.sign_up(db, rules=RULES, shift_id=shift_id, resident_id=405, now=now)
    assert full.status is SignUpStatus.FULL
    waiting = await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=405, now=now, waitlist=True
    )
    assert waiting.status is SignUpStatus.WAITLISTED and waiting.waitlist_position == 1
    assert first.signup_id is not None and waiting.signup_id is not None
    # Dina's place is cancelled by a coordinator (no resident id): Eva moves up ...
    result = await cancellations.cancel(
        db, rules=RULES, signup_id=first.signup_id, resident_id=None, now=now
    )
    assert result.status is CancelStatus.CANCELLED and result.promoted == [waiting.signup_id]
    # ... and cancels before the message went out: it goes with her place, unsent.
    left = await cancellations.cancel(
        db, rules=RULES, signup_id=waiting.signup_id, resident_id=405, now=now
    )
    assert left.status is CancelStatus.CANCELLED and left.promoted == []
    await harness.run_job("outbox")
    assert not any("Goed nieuws" in (m.get("text") or "") for m in eva.messages())
    assert not any("Goed nieuws" in (m.get("text") or "") for m in dina.messages())
    async with db.read() as conn:
        async with conn.execute("SELECT key FROM outbox WHERE kind = 'promoted'") as cur:
            assert [row[0] for row in await cur.fetchall()] == []  # signup_ended removed it
    again = await cancellations.cancel(
        db, rules=RULES, signup_id=waiting.signup_id, resident_id=405, now=now
    )
    assert again.status is CancelStatus.ALREADY


async def test_leaving_the_waitlist_promotes_nobody(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    made = await make_opportunity(db, now=clock.now(), shifts=[ONE_PLACE])
    [shift_id] = made.shift_ids
    await make_resident(harness, 406, "Fer", "nl")
    gijs = await make_resident(harness, 407, "Gijs", "en")
    now = clock.now()
    await signups.sign_up(db, rules=RULES, shift_id=shift_id, resident_id=406, now=now)
    await open_shift(gijs)
    await gijs.click("Put me on the waitlist")
    await gijs.send("/mine")
    assert "On the waitlist, number 1" in gijs.last_text()
    await gijs.click("Leave waitlist")
    assert "Do you want to leave the waitlist" in gijs.last_text()
    await gijs.click("Yes, leave the waitlist")
    assert "You are off the waitlist." in gijs.last_text()
    assert await signups_of(harness, shift_id) == [(406, "confirmed"), (407, "cancelled")]


async def test_a_later_waitlisted_person_waits_behind_the_first(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Promotion goes by time on the waitlist, not by id or name."""
    db = harness.deps.db
    made = await make_opportunity(db, now=clock.now(), shifts=[ONE_PLACE])
    [shift_id] = made.shift_ids
    for person in (411, 412, 413):
        await make_resident(harness, person, f"P{person}", "nl")
    holder = await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=411, now=clock.now()
    )
    early = await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=413, now=clock.now(), waitlist=True
    )
    clock.advance(timedelta(minutes=5))
    await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=412, now=clock.now(), waitlist=True
    )
    assert holder.signup_id is not None
    result = await cancellations.cancel(
        db, rules=RULES, signup_id=holder.signup_id, resident_id=411, now=clock.now()
    )
    assert result.promoted == [early.signup_id]
