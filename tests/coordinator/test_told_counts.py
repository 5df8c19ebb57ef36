"""The counts a coordinator reads agree: the cancel screen and its result both count people
(the trial: a party of three was '3 people will be told', then '1 person was told')."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from bot.services import signups
from tests.support.catalogue import make_opportunity
from tests.support.people import make_coordinator, make_resident


async def test_cancelling_a_shift_with_a_party_counts_people_not_places(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await make_resident(harness, 101, "Anna", "nl")
    await signups.sign_up(
        harness.deps.db,
        shift_id=made.shift_ids[0],
        resident_id=101,
        now=harness.now(),
        rules=harness.deps.rules,
        brought=2,  # Anna and two others: three places, one person to tell
    )
    await coco.send("/edit")
    await coco.click("Voorlezen in de bibliotheek")
    await coco.click("❌ Afzeggen")
    assert "1 aangemelde persoon krijgt een bericht." in coco.last_text()
    await coco.click("Ja, dienst afzeggen")
    assert "1 aangemelde persoon krijgt een bericht." in coco.last_text()


async def test_cancelling_the_opportunity_says_how_many_people_before_and_after(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    for uid, name in ((101, "Anna"), (102, "Ben")):
        await make_resident(harness, uid, name, "nl")
        await signups.sign_up(
            harness.deps.db,
            shift_id=made.shift_ids[0],
            resident_id=uid,
            now=harness.now(),
            rules=harness.deps.rules,
            waitlist=uid == 102,  # one place, one waiting: both are told
        )
    await coco.send("/edit")
    await coco.click("Voorlezen in de bibliotheek")
    await coco.click("Dit vrijwilligerswerk afzeggen")
    assert "2 aangemelde mensen krijgen een bericht." in coco.last_text()
    await coco.click("Ja, afzeggen")
    assert "2 aangemelde mensen krijgen een bericht." in coco.last_text()
