"""The thank-you after a shift: "Were you there?", a score, a line of feedback, and hours given.

The shift is on Saturday 28 November 2026, 14:00-16:00 in Amsterdam; the thank-you comes at 17:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.ext import ConversationHandler

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from bot.store import followups, residents
from bot.wiring.handlers import FEEDBACK
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import STICKER, double_tap
from tests.support.clock import SATURDAY_1700
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import make_resident, sign_up


async def attendance_of(harness: BotHarness, signup_id: int) -> tuple[Any, ...]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT attendance, rating, comment FROM signups WHERE id = ?"
        async with conn.execute(sql, (signup_id,)) as cur:
            row = await cur.fetchone()
    assert row is not None
    return tuple(row)


async def thanked(harness: BotHarness, clock: ManualClock, person: Person) -> int:
    """Signed up for Saturday's shift, and thanked at 17:00; returns the sign-up id."""
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    signup_id = await sign_up(harness, made.shift_ids[0], person)
    await deliver_at(harness, clock, SATURDAY_1700)
    return signup_id


async def test_yes_a_score_and_a_comment_in_dutch(harness: BotHarness, clock: ManualClock) -> None:
    anna = await make_resident(harness, 801, "Anna", "nl")
    signup_id = await thanked(harness, clock, anna)
    text = anna.last_text()
    assert "Dank je wel voor je hulp bij Voorlezen in de bibliotheek op zaterdag 28 november!" in (
        text
    )
    assert "Was je erbij?" in text
    assert anna.buttons() == ["✅ Ja, ik was er", "❌ Nee, ik kon niet"]
    answered = await anna.click("Ja, ik was er")
    assert answered["text"] == "Dank je wel!"
    assert "Hoe ging het? Geef een cijfer van 1 (niet goed) tot 5 (heel goed)." in anna.last_text()
    assert anna.buttons() == ["1", "2", "3", "4", "5", "Overslaan"]
    await anna.click("4")
    assert "Schrijf één zin, of tik op Overslaan." in anna.last_text()
    await anna.send("Het was heel leuk!\n\nDe kinderen   luisterden goed.")
    assert "Dank je wel voor je reactie!" in anna.last_text()
    assert "Je hebt dit jaar 2 uur geholpen. Dank je wel!" in anna.last_text()
    assert await attendance_of(harness, signup_id) == (
        "came",
        4,
        "Het was heel leuk! De kinderen luisterden goed.",
    )
    # /mine shows the past shift and the hours.
    await anna.send("/mine")
    mine = anna.last_text()
    assert "Eerder gedaan" in mine and "✅ Voorlezen in de bibliotheek – za 28 nov" in mine
    assert "Je hebt dit jaar 2 uur geholpen. Dank je wel!" in mine


async def test_no_is_recorded_kindly_in_english(harness: BotHarness, clock: ManualClock) -> None:
    ben = await make_resident(harness, 802, "Ben", "en")
    signup_id = await thanked(harness, clock, ben)
    assert "Thank you for helping at Voorlezen in de bibliotheek on Saturday 28 November!" in (
        ben.last_text()
    )
    await ben.click("No, I couldn't come")
    assert "Thank you for letting us know. We hope to see you another time!" in ben.last_text()
    assert ben.buttons() == ["🏠 Menu"]
    assert await attendance_of(harness, signup_id) == ("no_show", None, None)
    await ben.send("/mine")
    assert "Done before" in ben.last_text() and "• Voorlezen in de bibliotheek" in ben.last_text()
    assert "hours" not in ben.last_text()


async def test_attendance_buttons_are_idempotent_and_only_for_the_volunteer(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A double tap, buttons forged by someone else, and stale taps on the old thank-you."""
    anna = await make_resident(harness, 803, "Anna", "en")
    eve = await make_resident(harness, 804, "Eve", "en")
    signup_id = await thanked(harness, clock, anna)
    thanks = anna.last()
    await double_tap(anna, "Yes, I was there", thanks)
    async with harness.deps.db.read() as conn:
        first = await followups.followup(signup_id, conn=conn)
    assert "How did it go?" in anna.last_text()
    assert await attendance_of(harness, signup_id) == ("came", None, None)
    # Eve forges Anna's buttons: refused politely, nothing changes.
    for data in [f"1:ty:{signup_id}:n", f"1:fr:{signup_id}:1", f"1:fc:{signup_id}:s"]:
        answered = await eve.click_data(data)
        assert answered["show_alert"] is True and "no longer works" in answered["text"]
    assert await attendance_of(harness, signup_id) == ("came", None, None)
    # A score is only asked of someone who came; a change of answer clears it.
    await anna.click("5")
    await anna.click_data(f"1:ty:{signup_id}:n", thanks)
    assert await attendance_of(harness, signup_id) == ("no_show", None, None)
    answered = await anna.click_data(f"1:fr:{signup_id}:5", thanks)
    assert "no longer signed up" in answered["text"]
    assert first is not None and first.attendance == "came"


async def test_not_before_the_shift(harness: BotHarness, clock: ManualClock) -> None:
    """A forged thank-you answer before the shift (no thank-you was sent yet) is refused."""
    anna = await make_resident(harness, 805, "Anna", "nl")
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    answered = await anna.click_data(f"1:ty:{signup_id}:y")
    assert answered["text"] == "Dat kun je na de dienst laten weten."
    assert await attendance_of(harness, signup_id) == (None, None, None)


async def test_skip_cancel_stickers_and_long_comments(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Skip, /cancel, a sticker, a long comment; each new round starts with a stale tap on the
    old thank-you message (its buttons are gone once answered)."""
    ben = await make_resident(harness, 806, "Ben", "en")
    signup_id = await thanked(harness, clock, ben)
    thanks = ben.last()
    await ben.click("Yes, I was there")
    await ben.click("Skip")  # no score
    assert "Write one line, or tap Skip." in ben.last_text()
    await ben.send(sticker=STICKER)
    assert ben.last_text() == "Please write one line of text, or tap Skip."
    await ben.send("/cancel")
    assert ben.last_text() == "All right, no comment. Thank you!"
    await ben.send("Just a chat")  # no longer taken as a comment: searched, as typed words are
    assert "I found nothing for “Just chat”" in ben.last_text()
    # Again, now with a long comment: one line, at most 300 characters.
    await ben.click_data(f"1:ty:{signup_id}:y", thanks)
    await ben.click("3")
    await ben.send("Lovely afternoon. " * 30)
    _, rating, comment = await attendance_of(harness, signup_id)
    assert rating == 3 and len(comment) == 300 and comment.endswith("…") and "\n" not in comment
    assert "You have helped 2 hours this year. Thank you!" in ben.last_text()
    # Skip on the comment question.
    await ben.click_data(f"1:ty:{signup_id}:y", thanks)
    await ben.click("Skip")
    await ben.click("Skip")
    assert visible(thanks).startswith("Thank you!\n\nYou have helped 2 hours")


async def test_the_feedback_survives_a_restart_and_times_out(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A restart mid-feedback, then (after a stale tap on the old thank-you) a time-out."""
    anna = await make_resident(harness, 807, "Anna", "nl")
    signup_id = await thanked(harness, clock, anna)
    await anna.click("Ja, ik was er")
    await anna.click("5")
    await harness.restart()
    await anna.send("Top!")
    assert await attendance_of(harness, signup_id) == ("came", 5, "Top!")
    # Half an hour of quiet ends the question without a word.
    await anna.click_data(f"1:ty:{signup_id}:y")
    await anna.click("Overslaan")
    [handler] = [h for h in harness.application.handlers[FEEDBACK]]
    assert isinstance(handler, ConversationHandler)
    [job] = handler.timeout_jobs.values()
    seen = len(anna.messages())
    await job.run(harness.application)
    assert len(anna.messages()) == seen
    await anna.send("Nog iets")
    assert await attendance_of(harness, signup_id) == ("came", 5, "Top!")
    assert "Ik vond niets voor “Nog iets”" in anna.last_text()  # searched, not a comment


async def test_hours_this_year_and_in_total_with_decimals(
    harness: BotHarness, clock: ManualClock
) -> None:
    last_year = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
    anna = await make_resident(harness, 808, "Anna", "nl")
    ben = await make_resident(harness, 809, "Ben", "en")
    clock.set(last_year)
    one_and_a_half = (timedelta(days=2), timedelta(hours=1, minutes=30), 5)
    old = await make_opportunity(
        harness.deps.db, now=last_year, title="Opruimen", shifts=[one_and_a_half]
    )
    old_ids = [await sign_up(harness, old.shift_ids[0], p) for p in (anna, ben)]
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    new = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        shifts=[(timedelta(days=3, hours=4), timedelta(hours=1, minutes=30), 5)],
    )
    new_ids = [await sign_up(harness, new.shift_ids[0], p) for p in (anna, ben)]
    async with harness.deps.db.transaction() as conn:
        for signup_id in old_ids + new_ids:
            await followups.set_attendance(signup_id, "came", clock.now(), conn=conn)
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    await anna.send("/mine")
    assert "Je hebt dit jaar 1,5 uur geholpen. Dank je wel! In totaal: 3 uur." in anna.last_text()
    await ben.send("/mine")
    assert "You have helped 1.5 hours this year. Thank you! In total: 3 hours." in ben.last_text()
    # In the new year only the total is left to tell.
    clock.set(datetime(2027, 1, 2, 9, 0, tzinfo=UTC))
    await ben.send("/mine")
    assert "You have helped 3 hours in total. Thank you!" in ben.last_text()


async def test_marked_by_the_coordinator_or_turned_off(
    harness: BotHarness, clock: ManualClock
) -> None:
    anna = await make_resident(harness, 810, "Anna", "en")
    ben = await make_resident(harness, 811, "Ben", "en")
    cas = await make_resident(harness, 812, "Cas", "nl")
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(SATURDAY[0], SATURDAY[1], 5)]
    )
    ids = [await sign_up(harness, made.shift_ids[0], p) for p in (anna, ben, cas)]
    dirk = await make_resident(harness, 813, "Dirk", "nl")
    await dirk.send("/settings")
    await dirk.click("Bedankje: Zet uit")
    dirk_signup = await sign_up(harness, made.shift_ids[0], dirk)
    assert [r.key for r in await outbox_rows(harness, recipient=dirk.id)] == [
        f"reminder:{dirk_signup}:24h",
        f"reminder:{dirk_signup}:2h",
    ]
    async with harness.deps.db.transaction() as conn:  # as if turned off after planning
        await residents.set_preference(cas.id, "thanks_on", False, conn=conn)
    clock.set(SATURDAY_1700 - timedelta(minutes=30))
    async with harness.deps.db.transaction() as conn:
        await followups.set_attendance(ids[0], "came", clock.now(), conn=conn)
        await followups.set_attendance(ids[1], "no_show", clock.now(), conn=conn)
    await deliver_at(harness, clock, SATURDAY_1700)
    # Anna came (said the coordinator): thanked and asked only how it went.
    assert "How did it go?" in anna.last_text() and anna.buttons()[0] == "1"
    assert "Were you there?" not in anna.last_text()
    # Ben did not come: no thank-you; Cas turned them off.
    assert sent_to(harness, ben.id, "🙏") == [] and sent_to(harness, cas.id, "🙏") == []
    notes = {r.key: r.note for r in await outbox_rows(harness) if r.key.startswith("thanks")}
    assert notes == {
        f"thanks:{ids[0]}": "",
        f"thanks:{ids[1]}": "no show",
        f"thanks:{ids[2]}": "thanks off",
    }
