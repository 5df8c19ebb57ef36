"""Bringing someone along: a party takes 1 + n places, shows in the roster, /mine and /export,
frees them all when cancelled, moves up from the waitlist whole, and never over-books a shift,
not even under 20 taps at once."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.services import cancellations, signups
from bot.services.signups import SignUpStatus
from tests.support.catalogue import make_opportunity
from tests.support.chat import arrives, open_dates, open_shift, tap
from tests.support.people import make_coordinator, make_resident, one

# Saturday 28 November 2026, 14:00-16:00 in Amsterdam, with (a number of) places.
SATURDAY = (timedelta(days=3, hours=4), timedelta(hours=2))


async def _shift(harness: BotHarness, places: int) -> int:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[(*SATURDAY, places)])
    return made.shift_ids[0]


async def held(harness: BotHarness, shift_id: int) -> dict[int | None, tuple[str, int]]:
    """resident → (status, places) of the shift's active sign-ups."""
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT resident_id, status, places FROM signups WHERE shift_id = ?"
            " AND status IN ('confirmed', 'waitlisted') ORDER BY id"
        )
        async with conn.execute(sql, (shift_id,)) as cur:
            return {r[0]: (r[1], r[2]) for r in await cur.fetchall()}


async def places_taken(harness: BotHarness, shift_id: int) -> int:
    sql = "SELECT COALESCE(SUM(places), 0) FROM signups WHERE shift_id = ? AND status = 'confirmed'"
    return int((await one(harness, sql, shift_id))[0])


def read_csv(person: Person) -> list[list[str]]:
    content = person.file(person.documents()[-1])
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_a_party_of_two_takes_three_places_and_shows_everywhere(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id = await _shift(harness, 5)
    kim = await make_resident(harness, 301, "Kim")
    await open_shift(kim)
    text = kim.last_text()
    assert "Neem je iemand mee (familie, een vriend)? Tik op +1, +2 of +3." in text
    assert kim.buttons()[:4] == ["✅ Ja, meld me aan", "👥 +1", "👥 +2", "👥 +3"]

    await tap(kim, "👥 +2")
    assert await held(harness, shift_id) == {301: ("confirmed", 3)}
    assert len(kim.documents()) == 1  # the calendar file, as for anyone
    confirmation = next(m for m in reversed(kim.messages()) if "Je bent aangemeld" in str(m))
    assert "Je neemt 2 mensen mee. We houden 3 plekken voor jullie vrij." in confirmation["text"]

    # Residents see the places that are left; Kim's /mine shows the party.
    sam = await make_resident(harness, 302, "Sam")
    await open_dates(sam)
    assert any(b.endswith("· 2 vrij") for b in sam.buttons()), sam.buttons()
    await kim.send("/mine")
    assert "Je neemt 2 mensen mee." in kim.last_text()

    # The coordinator counts places: 3 of 5, and sees the party in the roster and the export.
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/roster")
    await coco.click("(3/5)")
    assert "Komen (3/5)" in coco.last_text()
    assert "1. Kim (+2 personen)" in coco.last_text()
    await coco.send("/export")
    await coco.click("Deze maand")
    rows = read_csv(coco)
    assert rows[0][-2:] == ["plekken", "toegevoegd door coördinator"]
    assert rows[1][5] == "Kim" and rows[1][-2:] == ["3", ""]

    # A second tap (with another party) changes nothing.
    answer = await kim.click_data(f"1:sc:{shift_id}:1")
    assert "al aangemeld" in answer["text"]
    assert await held(harness, shift_id) == {301: ("confirmed", 3)}


async def test_a_party_that_does_not_fit_is_offered_the_waitlist_whole(
    harness: BotHarness,
) -> None:
    shift_id = await _shift(harness, 2)
    lot = await make_resident(harness, 303, "Lot", "en")
    await open_shift(lot)
    answer = await tap(lot, "👥 +3")
    assert answer["text"] == "Sorry, there are not enough places left for 4 people."
    assert "Only 2 places are left: not enough for 4 people." in lot.last_text()
    assert await held(harness, shift_id) == {}
    await tap(lot, "⏳ Waitlist for us all")
    assert await held(harness, shift_id) == {303: ("waitlisted", 4)}
    assert "You are on the waitlist (number 1)" in lot.last_text()
    assert "You bring 3 people along. You move up when there is room for all of you." in (
        lot.last_text()
    )
    assert await places_taken(harness, shift_id) == 0
    # Forged parties (more than 3, or not a number) change nothing.
    for data in (f"1:sc:{shift_id}:4", f"1:sw:{shift_id}:9", f"1:sc:{shift_id}:x"):
        await lot.click_data(data)
    assert await held(harness, shift_id) == {303: ("waitlisted", 4)}


async def test_cancelling_a_party_frees_every_place_and_the_waitlist_moves_up_by_places(
    harness: BotHarness, clock: ManualClock
) -> None:
    """4 places: Kim +1, Piet and Jo are on; Ann +1 and then Bo wait. Piet cancels: one place,
    too few for Ann's party of two, so Bo (behind her) moves up. Kim cancels her party of two
    in the chat: both places go to Ann's party, which keeps its turn."""
    shift_id = await _shift(harness, 4)
    db, rules = harness.deps.db, harness.deps.rules
    kim = await make_resident(harness, 301, "Kim")
    for resident_id, name in ((302, "Piet"), (303, "Jo"), (304, "Ann"), (305, "Bo")):
        await make_resident(harness, resident_id, name)
    now = clock.now()

    async def sign(resident_id: int, brought: int = 0) -> int:
        result = await signups.sign_up(
            db,
            shift_id=shift_id,
            resident_id=resident_id,
            now=now,
            rules=rules,
            waitlist=True,
            brought=brought,
        )
        assert result.signup_id is not None
        return result.signup_id

    await open_shift(kim)
    await tap(kim, "👥 +1")
    piet = await sign(302)
    await sign(303)
    await sign(304, brought=1)
    await sign(305)
    assert await held(harness, shift_id) == {
        301: ("confirmed", 2),
        302: ("confirmed", 1),
        303: ("confirmed", 1),
        304: ("waitlisted", 2),
        305: ("waitlisted", 1),
    }

    result = await cancellations.cancel(db, signup_id=piet, resident_id=302, now=now, rules=rules)
    assert len(result.promoted) == 1
    assert (await held(harness, shift_id))[305] == ("confirmed", 1)
    assert (await held(harness, shift_id))[304] == ("waitlisted", 2)
    assert await places_taken(harness, shift_id) == 4

    await kim.send("/mine")
    await kim.click("Afmelden: za 28 nov")
    await kim.click("Ja, meld me af")
    assert await held(harness, shift_id) == {
        303: ("confirmed", 1),
        304: ("confirmed", 2),
        305: ("confirmed", 1),
    }
    assert await places_taken(harness, shift_id) == 4
    ann = harness.person(304, "Ann", "nl")
    await harness.run_job("outbox")
    await arrives(ann, "Er is een plek vrij gekomen")

    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/roster")
    await coco.click("(4/4)")
    assert "Ann (+1 persoon)" in coco.last_text()
    assert "Wachtlijst" not in coco.last_text()


async def test_twenty_taps_with_parties_for_three_places_never_over_book(
    harness: BotHarness,
) -> None:
    shift_id = await _shift(harness, 3)
    labels = ("✅", "👥 +1", "👥 +2")  # parties of 1, 2 and 3
    people = [await make_resident(harness, 700 + n, f"P{n}") for n in range(20)]
    for person in people:
        await open_shift(person)
    taps = [
        harness.api.user_click(p.id, p.last(), p.find_button(labels[n % 3])[1])[0]
        for n, p in enumerate(people)
    ]
    await asyncio.gather(*(harness.handled(update_id) for update_id in taps))
    taken = await places_taken(harness, shift_id)
    assert 1 <= taken <= 3
    confirmed = {r for r, (status, _) in (await held(harness, shift_id)).items()}
    for person in people:
        if person.id in confirmed:
            assert len(person.documents()) == 1
        else:  # offered the waitlist, for their whole party
            assert not person.documents()
            assert any(b.startswith("⏳") for b in person.buttons()), person.buttons()

    # Those who did not fit all go for the waitlist at once.
    losers = [p for p in people if p.id not in confirmed]
    taps = [harness.api.user_click(p.id, p.last(), p.find_button("⏳")[1])[0] for p in losers]
    await asyncio.gather(*(harness.handled(update_id) for update_id in taps))
    now_held = await held(harness, shift_id)
    assert len(now_held) == 20
    assert await places_taken(harness, shift_id) == taken <= 3
    assert all(status == "waitlisted" for r, (status, _) in now_held.items() if r not in confirmed)
    assert all(places == 1 + (r - 700) % 3 for r, (_, places) in now_held.items() if r)

    # The roster counts the same places as the database.
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/roster")
    await coco.click(f"({taken}/3)")
    assert f"Komen ({taken}/3)" in coco.last_text()
    assert f"Wachtlijst ({20 - len(confirmed)})" in coco.last_text()


async def test_the_service_holds_places_under_twenty_concurrent_parties(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id = await _shift(harness, 3)
    for n in range(20):
        await make_resident(harness, 750 + n, f"Q{n}")
    db, rules, now = harness.deps.db, harness.deps.rules, clock.now()
    results = await asyncio.gather(
        *(
            signups.sign_up(
                db,
                shift_id=shift_id,
                resident_id=750 + n,
                now=now,
                rules=rules,
                waitlist=True,
                brought=(n * 7) % 3,
            )
            for n in range(20)
        )
    )
    confirmed = [r for r in results if r.status is SignUpStatus.CONFIRMED]
    assert sum(r.places for r in confirmed) == await places_taken(harness, shift_id) <= 3
    assert len(confirmed) + sum(r.status is SignUpStatus.WAITLISTED for r in results) == 20
