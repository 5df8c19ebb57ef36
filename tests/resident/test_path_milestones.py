"""A path to stay: a thank-you from the organisation at 10, 25, 50 and 100 hours given, once each,
never in quiet hours, through the roster or the door; /mine shows the next goal.

The shifts are on the days after Wednesday 25 November 2026, from 10:00 in Amsterdam.
"""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.store import to_db
from tests.support.clock import local
from tests.support.outbox import deliver_at, outbox_rows
from tests.support.path import (
    DAYS_NL,
    LIBRARY,
    came_after_thanks,
    came_in_roster,
    check_in_link,
    message_with,
    shifts_on_coming_days,
    texts_with,
)
from tests.support.people import make_coordinator, make_resident, sign_up

TEN = "🎉 10 uur gegeven!"
TWENTY_FIVE = "🎉 25 uur gegeven!"


async def milestones_of(harness: BotHarness, resident_id: int) -> list[int]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT hours FROM hours_milestones WHERE resident_id = ? ORDER BY hours"
        async with conn.execute(sql, (resident_id,)) as cur:
            return [row[0] for row in await cur.fetchall()]


async def test_ten_hours_once_not_again_at_eleven_then_twenty_five(
    harness: BotHarness, clock: ManualClock
) -> None:
    shifts = await shifts_on_coming_days(harness, 5, 5, 1, 7, 7)  # Thursday to Monday
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    anna = await make_resident(harness, 101, "Anna")
    for shift_id, _ in shifts:
        await sign_up(harness, shift_id, anna)

    # Friday 23:30: the coordinator marks the first two shifts. 10 hours: the thank-you waits
    # for the end of the quiet hours.
    clock.set(local(2026, 11, 27, 23, 30))
    for day in DAYS_NL[:2]:
        await came_in_roster(coco, day, "Anna")
    [row] = await outbox_rows(harness, "hours_milestone")
    assert (row.recipient_id, row.due_at) == (101, to_db(local(2026, 11, 28, 8, 0)))
    await deliver_at(harness, clock, local(2026, 11, 27, 23, 45))
    assert texts_with(anna, TEN) == []
    await deliver_at(harness, clock, local(2026, 11, 28, 8, 0))
    thanks = message_with(anna, TEN)
    assert anna.buttons(thanks) == ["📋 Mijn aanmeldingen", "🔎 Iets vinden om te doen"]
    assert thanks["text"] == (
        "🎉 <b>10 uur gegeven!</b>\n\n"
        "Heel erg bedankt voor je tijd en je hulp. Het maakt echt verschil.\n\n"
        "Hartelijke groet,\nBibliotheek Midden"
    )
    assert await milestones_of(harness, 101) == [10]

    # Saturday: one hour more, 11 in all, through the thank-you: nothing new.
    await came_after_thanks(harness, clock, anna, shifts[2][1])
    await deliver_at(harness, clock, shifts[2][1] + timedelta(hours=3))
    assert len(texts_with(anna, TEN)) == 1
    assert len(await outbox_rows(harness, "hours_milestone")) == 1
    await anna.send("/mine")
    assert "Je hebt dit jaar 11 uur geholpen. Dank je wel!\n🎯 Volgend doel: 25 uur." in (
        anna.last_text()
    )

    # Sunday through the roster (18 hours), Monday at the door: 25 hours, after its thank-you.
    clock.set(shifts[3][1])
    await came_in_roster(coco, DAYS_NL[3], "Anna")
    assert len(await outbox_rows(harness, "hours_milestone")) == 1
    start = await check_in_link(coco, DAYS_NL[4])
    monday_end = shifts[4][1]
    clock.set(monday_end - timedelta(hours=7))  # the shift starts
    await anna.send(f"/start {start}")
    row = (await outbox_rows(harness, "hours_milestone"))[-1]
    assert row.due_at == to_db(monday_end + timedelta(hours=1, minutes=10))
    await deliver_at(harness, clock, monday_end + timedelta(hours=1, minutes=10))
    assert len(texts_with(anna, TWENTY_FIVE)) == 1 and len(texts_with(anna, TEN)) == 1
    assert await milestones_of(harness, 101) == [10, 25]
    await anna.send("/mine")
    assert "🎯 Volgend doel: 50 uur." in anna.last_text()
    # No ongoing role fits: no suggestion, however many shifts.
    assert await outbox_rows(harness, "role_suggestion") == []


async def test_a_mark_taken_back_takes_its_thank_you_back_and_several_at_once_bring_one(
    harness: BotHarness, clock: ManualClock
) -> None:
    shifts = await shifts_on_coming_days(harness, 12, 1)  # Thursday 10:00-22:00, Friday
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    ben = await make_resident(harness, 102, "Ben", "en")
    cas = await make_resident(harness, 103, "Cas", "en")
    for shift_id, _ in shifts:
        await sign_up(harness, shift_id, ben)
    await sign_up(harness, shifts[0][0], cas)
    # Cas has 26 hours from before (they were in the table before this was built) and came on
    # Thursday: 38 hours, 10 and 25 reached at once, one thank-you (for 25).
    async with harness.deps.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO shifts (opportunity_id, starts_at, ends_at, capacity)"
            " SELECT opportunity_id, '2026-10-01T08:00:00Z', '2026-10-02T10:00:00Z', 5"
            " FROM shifts WHERE id = ?",
            (shifts[0][0],),
        )
        await conn.execute(
            "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at,"
            " attendance) VALUES (last_insert_rowid(), 103, 'confirmed', ?, ?, 'came')",
            ("2026-09-30T08:00:00Z", "2026-09-30T08:00:00Z"),
        )
    clock.set(shifts[0][1] - timedelta(hours=1))
    await came_in_roster(coco, DAYS_NL[0], "Ben")
    await came_in_roster(coco, DAYS_NL[0], "Cas")
    milestones = await outbox_rows(harness, "hours_milestone")
    assert [(r.recipient_id, r.payload["hours"]) for r in milestones] == [(102, 10), (103, 25)]
    assert await milestones_of(harness, 103) == [10, 25]
    # The coordinator made a mistake about Ben: the thank-you had not gone out, so it goes.
    await came_in_roster(coco, DAYS_NL[0], "Ben", came=False)
    assert [r.recipient_id for r in await outbox_rows(harness, "hours_milestone")] == [103]
    assert await milestones_of(harness, 102) == []
    await deliver_at(harness, clock, local(2026, 11, 27, 9, 0))
    assert texts_with(ben, "hours given!") == []
    assert texts_with(cas, "🎉 25 hours given!") and not texts_with(cas, "🎉 10 hours given!")
    # Thank-yous turned off in /settings: the milestone is not sent either (but it was reached).
    await came_in_roster(coco, DAYS_NL[0], "Ben")
    await ben.send("/settings")
    await ben.click("Thank-you: Turn off")
    await deliver_at(harness, clock, local(2026, 11, 27, 9, 30))
    [row] = await outbox_rows(harness, "hours_milestone", recipient=102)
    assert (row.status, row.note) == ("dropped", "thanks off")
    assert texts_with(ben, "hours given!") == []
    assert await milestones_of(harness, 102) == [10]
