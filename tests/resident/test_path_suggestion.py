"""A path to stay: after the third shift marked *came*, an ongoing role in the same category,
once, not for someone who has a role; "I'm interested" is a lead the coordinator sees in /leads,
"No thanks" is kind and changes nothing else; forged buttons change nothing; /mydata and /delete.

The shifts are on the days after Wednesday 25 November 2026, from 10:00 in Amsterdam; the
thank-you comes an hour after a shift ends, the suggestion an hour after that.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import SettingsError, load_settings
from bot.sandbox.harness import BotHarness, visible
from bot.store import to_db
from conversations import actions
from tests.support.chat import open_opportunity, tap
from tests.support.outbox import deliver_at, outbox_rows
from tests.support.path import (
    DAYS_NL,
    LIBRARY,
    SUGGESTED,
    as_now,
    came_after_thanks,
    came_in_roster,
    message_with,
    shifts_on_coming_days,
    taalmaatje,
    texts_with,
    voorleesmaatje,
)
from tests.support.people import make_coordinator, make_resident, one, sign_up
from tests.support.traces import traces_of

STALE_NL = "Deze knop werkt niet meer. Typ /start om opnieuw te beginnen."


async def answer_of(harness: BotHarness, resident_id: int) -> str | None:
    row = await one(
        harness, "SELECT answer FROM role_suggestions WHERE resident_id = ?", resident_id
    )
    return row[0] if row else "(none)"


async def leads_of(harness: BotHarness, resident_id: int) -> list[str]:
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT o.title FROM role_interests i JOIN opportunities o ON o.id = i.opportunity_id"
            " WHERE i.resident_id = ? ORDER BY i.id"
        )
        async with conn.execute(sql, (resident_id,)) as cur:
            return [row[0] for row in await cur.fetchall()]


async def test_after_the_third_shift_a_role_once_and_interest_is_a_lead(
    harness: BotHarness, clock: ManualClock
) -> None:
    shifts = await shifts_on_coming_days(harness, 3, 3, 3, 3)
    role = await voorleesmaatje(harness)
    await taalmaatje(harness)  # another category: not for her
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    anna = await make_resident(harness, 101, "Anna")
    for shift_id, _ in shifts:
        await sign_up(harness, shift_id, anna)

    # Two shifts: nothing yet.
    for _, end in shifts[:2]:
        await came_after_thanks(harness, clock, anna, end)
    await deliver_at(harness, clock, shifts[1][1] + timedelta(hours=5))
    assert texts_with(anna, SUGGESTED["nl"]) == []
    assert await outbox_rows(harness, "role_suggestion") == []

    # The third: planned an hour after the thank-you, sent then.
    third_end = shifts[2][1]
    await came_after_thanks(harness, clock, anna, third_end)
    [row] = await outbox_rows(harness, "role_suggestion")
    assert (row.recipient_id, row.due_at) == (101, to_db(third_end + timedelta(hours=2)))
    await deliver_at(harness, clock, third_end + timedelta(hours=1, minutes=59))
    assert texts_with(anna, SUGGESTED["nl"]) == []
    await deliver_at(harness, clock, third_end + timedelta(hours=2))
    text = anna.last_text()
    assert text.startswith("🌱 Je hebt 3 keer geholpen. Dank je wel!"), text
    assert "Wil je vaker helpen? Bibliotheek Midden zoekt iemand voor langere tijd:" in text
    assert "Voorleesmaatje\nLees elke week een uur voor aan een kind thuis." in text
    assert "Interesse? Dan stuurt een coördinator je hier een bericht." in text
    assert "Taalmaatje" not in text
    assert anna.buttons() == ["🙋 Ik heb interesse", "Nee, dank je"]
    suggestion = anna.last()

    # The fourth: no second suggestion; 12 hours given bring the thank-you for 10.
    await came_after_thanks(harness, clock, anna, shifts[3][1])
    await deliver_at(harness, clock, shifts[3][1] + timedelta(hours=3))
    assert len(texts_with(anna, SUGGESTED["nl"])) == 1
    assert len(await outbox_rows(harness, "role_suggestion")) == 1
    assert len(texts_with(anna, "🎉 10 uur gegeven!")) == 1
    await anna.send("/mine")
    assert "Je hebt dit jaar 12 uur geholpen. Dank je wel!\n🎯 Volgend doel: 25 uur." in (
        anna.last_text()
    )

    # "I'm interested": a lead, as "I am interested" makes one; the coordinator hears of it.
    await anna.click("Ik heb interesse", suggestion)
    assert "👍 Dank je wel! We hebben het doorgegeven." in as_now(anna, suggestion)
    assert await leads_of(harness, 101) == ["Voorleesmaatje"]
    assert await answer_of(harness, 101) == "interested"
    await harness.run_job("outbox")
    assert "🙋 Anna wil graag meedoen met Voorleesmaatje" in coco.last_text()
    await coco.send("/leads")
    assert "Anna" in coco.last_text() and "Voorleesmaatje" in coco.last_text()
    # A second tap on the old message: she said so already, no second lead.
    await anna.click_data(actions.SUGGESTED_ROLE.data(role, "y"), suggestion)
    assert "Je had al laten weten dat je interesse hebt." in as_now(anna, suggestion)
    assert await leads_of(harness, 101) == ["Voorleesmaatje"]

    # /mydata lists the suggestion and the milestone; /delete leaves nothing of either.
    await anna.send("/mydata")
    file = anna.file(anna.documents()[-1]).decode("utf-8")
    assert "Jouw weg als vrijwilliger" in file
    assert "- We stelden je een vaste taak voor (zaterdag 28 november): je zei dat je" in file
    assert "- 10 uur gegeven, bereikt op zondag 29 november" in file
    await anna.send("/delete")
    await tap(anna, "🗑 Ja, wis mijn gegevens")
    assert await traces_of(harness, 101, "Anna") == []


async def test_no_thanks_is_kind_and_changes_nothing_else(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Marked in the roster by the coordinator; read in English."""
    shifts = await shifts_on_coming_days(harness, 2, 2, 2)
    await voorleesmaatje(harness)
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    ben = await make_resident(harness, 102, "Ben", "en")
    for shift_id, _ in shifts:
        await sign_up(harness, shift_id, ben)
    last_end = shifts[-1][1]
    clock.set(last_end + timedelta(minutes=30))
    for day in DAYS_NL[:2]:
        await came_in_roster(coco, day, "Ben")
    assert await outbox_rows(harness, "role_suggestion") == []
    await came_in_roster(coco, DAYS_NL[2], "Ben")
    [row] = await outbox_rows(harness, "role_suggestion")
    assert row.due_at == to_db(last_end + timedelta(hours=2))  # after the thank-you
    await deliver_at(harness, clock, last_end + timedelta(hours=2))
    suggestion = message_with(ben, SUGGESTED["en"])
    text = visible(suggestion)
    assert text.startswith("🌱 You have helped 3 times. Thank you!"), text
    assert "Bibliotheek Midden is looking for someone for longer:" in text
    assert ben.buttons(suggestion) == ["🙋 I'm interested", "No thanks"]

    told_before = len(await outbox_rows(harness))
    _, no_thanks = ben.find_button("No thanks", suggestion)
    await ben.click_data(no_thanks, suggestion)
    assert as_now(ben, suggestion) == (
        "👍 That is fine. Thank you for all you do!\n\n"
        "Would you like to do something else some time? Have a look under /find."
    )
    assert ben.buttons(message_with(ben, "That is fine")) == ["🔎 Find something to do", "🏠 Menu"]
    assert await answer_of(harness, 102) == "no_thanks"
    assert await leads_of(harness, 102) == []
    assert len(await outbox_rows(harness)) == told_before  # nobody is told anything
    # Again, from the screen as it was (a double tap): the same screen, nothing more.
    await ben.click_data(no_thanks, suggestion)
    assert as_now(ben, suggestion).startswith("👍 That is fine.")
    assert await answer_of(harness, 102) == "no_thanks" and await leads_of(harness, 102) == []
    # /mine: hours and the next goal, in English.
    await ben.send("/mine")
    assert "You have helped 6 hours this year. Thank you!\n🎯 Next goal: 10 hours." in (
        ben.last_text()
    )
    # A forged "I'm interested" for a role that does not exist: kindly, no lead.
    await ben.click_data(actions.SUGGESTED_ROLE.data(99999, "y"), suggestion)
    assert "Sorry, this is no longer available." in as_now(ben, suggestion)
    assert await leads_of(harness, 102) == [] and await answer_of(harness, 102) == "no_thanks"


async def test_not_for_someone_with_a_role_and_taken_back_with_the_mark(
    harness: BotHarness, clock: ManualClock
) -> None:
    shifts = await shifts_on_coming_days(harness, 2, 2, 2)
    await voorleesmaatje(harness)
    await taalmaatje(harness)
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    cas = await make_resident(harness, 103, "Cas")
    dee = await make_resident(harness, 104, "Dee")
    eva = await make_resident(harness, 105, "Eva")
    # Cas is interested in a role already (another one, of another organisation).
    await open_opportunity(cas, "Taalmaatje", "Taal")
    await cas.click("Ik heb interesse")
    for person in (cas, dee, eva):
        for shift_id, _ in shifts:
            await sign_up(harness, shift_id, person)
    last_end = shifts[-1][1]
    clock.set(last_end + timedelta(minutes=30))
    for day in DAYS_NL[:3]:
        for name in ("Cas", "Dee", "Eva"):
            await came_in_roster(coco, day, name)
    rows = await outbox_rows(harness, "role_suggestion")
    assert sorted(r.recipient_id for r in rows) == [104, 105]  # not Cas

    # Eva's third mark is taken back before the suggestion went out: so is the suggestion.
    await came_in_roster(coco, DAYS_NL[2], "Eva", came=False)
    assert [r.recipient_id for r in await outbox_rows(harness, "role_suggestion")] == [104]
    assert await answer_of(harness, 105) == "(none)"
    await came_in_roster(coco, DAYS_NL[2], "Eva")  # and marked again: planned again, once
    assert len(await outbox_rows(harness, "role_suggestion", recipient=105)) == 1

    # Dee finds a role herself before the suggestion goes out: it is not sent.
    await open_opportunity(dee, "Taalmaatje", "Taal")
    await dee.click("Ik heb interesse")
    await deliver_at(harness, clock, last_end + timedelta(hours=2))
    [dropped] = await outbox_rows(harness, "role_suggestion", recipient=104)
    assert (dropped.status, dropped.note) == ("dropped", "has a role")
    assert texts_with(dee, SUGGESTED["nl"]) == [] and texts_with(cas, SUGGESTED["nl"]) == []
    assert len(texts_with(eva, SUGGESTED["nl"])) == 1


async def test_forged_suggestion_buttons_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    role = await voorleesmaatje(harness)
    fay = await make_resident(harness, 107, "Fay")
    await fay.send("/mine")
    for data in (
        actions.SUGGESTED_ROLE.data(role, "y"),  # nothing was suggested to her
        actions.SUGGESTED_ROLE.data(role, "n"),
        f"1:pr:{role}:x",  # an answer that is none
        "1:pr:abc:y",  # no role number
    ):
        answered = await fay.click_data(data)
        assert answered["text"] == STALE_NL, data
    assert await leads_of(harness, 107) == [] and await answer_of(harness, 107) == "(none)"
    assert await outbox_rows(harness) == []
    # Someone who never agreed to anything gets the welcome; nothing is stored.
    stranger = harness.person(108, "Gus", "nl")
    await stranger.send("/help")
    await stranger.click_data(actions.SUGGESTED_ROLE.data(role, "y"))
    assert await leads_of(harness, 108) == [] and await answer_of(harness, 108) == "(none)"
    assert await traces_of(harness, 108) == []


def test_the_setting_is_a_number_of_shifts_or_off() -> None:
    assert load_settings().role_suggestion_after == 3
    assert load_settings(ROLE_SUGGESTION_AFTER="5").role_suggestion_after == 5
    assert load_settings(ROLE_SUGGESTION_AFTER="off").role_suggestion_after == 0
    for bad in ("drie", "-1", "101", "2.5"):
        with pytest.raises(SettingsError, match=r"^ROLE_SUGGESTION_AFTER: "):
            load_settings(ROLE_SUGGESTION_AFTER=bad)


@pytest.fixture
async def after_one(db_path: Path, clock: ManualClock) -> AsyncIterator[BotHarness]:
    """The bot with ROLE_SUGGESTION_AFTER=1."""
    h = BotHarness(
        db_path, clock=clock, settings={"COORDINATOR_IDS": "900", "ROLE_SUGGESTION_AFTER": "1"}
    )
    await h.start()
    try:
        yield h
    finally:
        await h.stop(stop_api=True)


async def test_the_setting_counts_and_a_shared_theme_fits(
    after_one: BotHarness, clock: ManualClock
) -> None:
    """A role of another category that shares a theme with the shift's opportunity fits."""
    harness = after_one
    [(shift_id, end)] = await shifts_on_coming_days(harness, 2)
    await taalmaatje(harness)  # category Taal, not Voorlezen
    async with harness.deps.db.transaction() as conn:
        await conn.execute(
            "INSERT OR IGNORE INTO opportunity_themes SELECT id, 'taking_part' FROM opportunities"
        )
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    hana = await make_resident(harness, 109, "Hana")
    await sign_up(harness, shift_id, hana)
    clock.set(end)
    await came_in_roster(coco, DAYS_NL[0], "Hana")  # one shift is enough here
    await deliver_at(harness, clock, end + timedelta(hours=2))
    suggestion = message_with(hana, SUGGESTED["nl"])
    assert "🌱 Je hebt 1 keer geholpen." in visible(suggestion)
    assert "Taalmaatje" in visible(suggestion)
    assert "Welzijn Samen zoekt iemand" in visible(suggestion)
    await hana.click("Ik heb interesse", suggestion)
    assert await leads_of(harness, 109) == ["Taalmaatje"]
