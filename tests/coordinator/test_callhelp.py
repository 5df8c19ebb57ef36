"""Call for help: only residents who like the category, are not signed up and were not asked
before get it; its button signs them up (or offers the waitlist); refusals for residents and for
coordinators of another organisation, forged buttons included."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident, sign_up, signups_of

LIBRARY = "Bibliotheek Midden"


async def test_call_reaches_only_matching_residents_and_signs_up_with_one_tap(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        organisation=LIBRARY,
        category="Voorlezen",
        shifts=[(timedelta(days=2), timedelta(hours=2), 3)],
    )
    [shift_id] = made.shift_ids
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await make_opportunity(  # so that there is a second kind of work to like
        harness.deps.db,
        now=clock.now(),
        title="Moestuin",
        organisation="Groen Doen",
        category="Tuinieren",
        ongoing=True,
    )
    ans = await make_resident(harness, 101, "Ans", "nl", likes=("Voorlezen",))
    bob = await make_resident(harness, 102, "Bob", likes=("Voorlezen",))  # signed up already
    cor = await make_resident(harness, 103, "Cor", likes=("Tuinieren",))  # likes something else
    dirk = await make_resident(harness, 104, "Dirk", likes=("Voorlezen",), news=False)  # news off
    eva = await make_resident(harness, 105, "Eva", "en", likes=("Voorlezen",))
    await sign_up(harness, shift_id, 102, status="confirmed")

    await coord.send("/callhelp")
    assert "Diensten in de komende 7 dagen met vrije plekken" in coord.last_text()
    await coord.click("2 vrij")
    assert "2 van de 3 plekken vrij" in coord.last_text()
    assert "Een oproep gaat naar 2 mensen" in coord.last_text()
    await coord.click("Vraag 2 mensen")
    assert "2 mensen zijn om hulp gevraagd" in coord.last_text()
    await harness.run_job("outbox")

    assert bob.new_messages() == [] and cor.new_messages() == [] and dirk.new_messages() == []
    assert "Kun jij helpen?" in ans.last_text() and "Er zijn nog 2 plekken vrij" in ans.last_text()
    assert "Can you help?" in eva.last_text() and "2 places are still free" in eva.last_text()
    call = ans.last()
    await ans.click("Ja, meld me aan")
    assert "Je bent aangemeld!" in visible(ans.api._find(101, call["message_id"]))
    assert len(ans.documents()) == 1  # the calendar file, as for any sign-up
    assert (101, "confirmed") in await signups_of(harness, shift_id)

    # Asked again: everyone who matches is signed up or was asked already.
    await coord.send("/callhelp")
    await coord.click("1 vrij")
    assert "Er is nu niemand om te vragen" in coord.last_text()
    # Someone new who likes it is asked; nobody is asked twice.
    fien = await make_resident(harness, 106, "Fien", likes=("Voorlezen",))
    await coord.send("/callhelp")
    await coord.click("1 vrij")
    await coord.click("Vraag 1 persoon")
    await harness.run_job("outbox")
    assert "Kun jij helpen?" in fien.last_text()
    assert len(eva.new_messages()) == 1 and len(fien.new_messages()) == 1  # one call each
    assert len(await outbox_rows(harness, f"call:{shift_id}:")) == 3


async def test_a_full_shift_offers_the_waitlist(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        organisation=LIBRARY,
        shifts=[(timedelta(days=1), timedelta(hours=2), 1)],
    )
    [shift_id] = made.shift_ids
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en", likes=("Voorlezen",))
    bob = await make_resident(harness, 102, "Bob", "en", likes=("Voorlezen",))
    await coord.send("/callhelp")
    await coord.click("1 free")
    await coord.click("Ask 2 people")
    assert "2 people were asked for help" in coord.last_text()
    await harness.run_job("outbox")
    call_to_bob = bob.last()
    await ans.click("Yes, sign me up")
    await bob.click("Yes, sign me up", call_to_bob)
    assert "full" in bob.last_text()
    await bob.click("waitlist")
    assert await signups_of(harness, shift_id) == [(101, "confirmed"), (102, "waitlisted")]
    # The shift is full now: /callhelp has nothing left to ask for.
    await coord.send("/callhelp")
    assert "are full" in coord.last_text()


async def test_refusals_for_residents_other_organisations_and_forged_buttons(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    [shift_id] = made.shift_ids
    other, _ = await make_coordinator(harness, 600, "Buurthuis De Brug", "en")
    sam = await make_resident(harness, 101, "Sam", "en", likes=("Voorlezen",))

    await sam.send("/callhelp")
    assert "only for coordinators" in sam.last_text()
    answer = await sam.click_data(f"1:hc:{shift_id}")
    assert answer.get("show_alert") and "only for coordinators" in answer["text"]

    await other.send("/callhelp")
    assert "are full" in other.last_text()  # none of theirs
    for data in (f"1:h:{shift_id}", f"1:hc:{shift_id}"):
        answer = await other.click_data(data)
        assert answer.get("show_alert") and "not allowed" in answer["text"]
    answer = await other.click_data("1:hc:99999")
    assert "no longer exists" in answer["text"]
    assert await outbox_rows(harness, "call:") == []

    # A resident who was not called cannot use the call's sign-up button.
    answer = await sam.click_data(f"1:hs:{shift_id}")
    assert "no longer works" in answer["text"]
    assert await signups_of(harness, shift_id) == []
