"""A resident's interest in an ongoing role, seen from their side: in /mine in plain words,
withdrawn with one tap (the coordinators are not bothered again), erased with /delete."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_opportunity
from tests.support.clock import local
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import make_coordinator, make_resident, one


async def leads_of(harness: BotHarness, resident_id: int) -> list[tuple[int, str]]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT id, status FROM role_interests WHERE resident_id = ? ORDER BY id"
        async with conn.execute(sql, (resident_id,)) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]


async def test_interest_shows_in_mine_and_is_withdrawn_with_one_tap(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        title="Taalmaatje",
        organisation="Welzijn Samen",
        category="Taal",
        ongoing=True,
    )
    coco, _ = await make_coordinator(harness, 901, "Welzijn Samen", "nl")
    sam = await make_resident(harness, 305, "Sam", "en")
    kim = await make_resident(harness, 306, "Kim", "nl")
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: the notice waits in the outbox
    await open_opportunity(sam, "Taalmaatje", "Taal")
    await sam.click("I am interested")
    [(lead_id, status)] = await leads_of(harness, 305)
    assert status == "new"
    await sam.send("/mine")
    shown = sam.last_text()
    assert "Roles I am interested in" in shown and "Taalmaatje – Welzijn Samen" in shown
    assert "A coordinator will send you a message here." in shown
    assert "❌ Withdraw: Taalmaatje" in sam.buttons()

    # Someone else's withdraw button (forged) changes nothing.
    answer = await kim.click_data(f"1:rw:{lead_id}")
    assert "kun je niet meer veranderen" in answer["text"]
    assert await leads_of(harness, 305) == [(lead_id, "new")]

    # One tap, no question: the lead is gone, and so is the notice that had not gone out yet.
    await sam.click("❌ Withdraw: Taalmaatje")
    assert "You are off the list for this role" in sam.last_text()
    assert "Roles I am interested in" not in sam.last_text()
    assert await leads_of(harness, 305) == []
    assert await outbox_rows(harness, "role_interest") == []
    await deliver_at(harness, clock, local(2026, 11, 26, 9, 0))
    assert coco.messages() == []
    await coco.send("/leads")
    assert "Er wacht niemand" in coco.last_text()
    # A week later no reminder comes either.
    clock.advance(timedelta(days=8))
    await harness.run_job("lead-reminders")
    await harness.run_job("outbox")
    assert sent_to(harness, 901, "⏰") == []
    # The same old button again: kindly refused.
    answer = await sam.click_data(f"1:rw:{lead_id}")
    assert "can no longer be changed" in answer["text"]
    # Changing their mind again makes a new lead, and the coordinator hears of it.
    await open_opportunity(sam, "Taalmaatje", "Taal")
    await sam.click("I am interested")
    [(new_id, status)] = await leads_of(harness, 305)
    assert status == "new"
    assert new_id != lead_id  # an old button or notice never names the new lead
    await harness.run_job("outbox")
    assert "Sam wil graag meedoen met Taalmaatje" in coco.last_text()


async def test_delete_shows_and_erases_the_leads(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(
        harness.deps.db, now=clock.now(), title="Bestuurslid", category="Bestuur", ongoing=True
    )
    noor = await make_resident(harness, 307, "Noor", "nl")
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: the notice waits in the outbox
    await open_opportunity(noor, "Bestuurslid", "Bestuur")
    await noor.click("Ik heb interesse")
    await noor.send("/delete")
    assert "Vaste taken en interesse daarin: 1" in noor.last_text()
    await noor.click("Ja, wis mijn gegevens")
    assert await leads_of(harness, 307) == []
    # The notice to the administrators that had not gone yet is dropped when it is due.
    await deliver_at(harness, clock, local(2026, 11, 26, 9, 0))
    row = await one(harness, "SELECT status, note FROM outbox WHERE kind = 'role_interest'")
    assert tuple(row) == ("dropped", "interest withdrawn, erased or answered")
