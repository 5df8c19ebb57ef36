"""When a volunteer says "I can't come" within 48 hours of the start (from the reminder or
from /mine), the organisation's coordinators hear who, which shift, the places free now and who
moved up; a free place comes with a call for help in one tap. Earlier cancellations disturb
nobody. The roster and the figures count late cancellations."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import screen_text, tap
from tests.support.outbox import deliver_at, outbox_rows
from tests.support.people import ADMIN, make_coordinator, make_resident, one, sign_up

TITLE = "Voorlezen in de bibliotheek"
CALL = "🙋 Oproep voor hulp"


def _texts(person: object) -> str:
    return "\n".join(m.get("text") or "" for m in person.messages())  # type: ignore[attr-defined]


async def test_a_cancellation_from_the_reminder_two_hours_before_tells_the_coordinator(
    harness: BotHarness, clock: ManualClock
) -> None:
    # Today 15:00–17:00 in Amsterdam (14:00 UTC), two places.
    made = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        shifts=[(timedelta(hours=5), timedelta(hours=2), 2)],
    )
    shift = made.shift_ids[0]
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    admin = harness.person(ADMIN, "Ad", "nl")
    await make_resident(harness, 301, "Wim", likes=("Voorlezen",))  # someone a call could reach
    anna = await make_resident(harness, 101, "Anna")
    await sign_up(harness, shift, 101)

    # The reminder two hours before; Anna can't come after all.
    await deliver_at(harness, clock, harness.now() + timedelta(hours=3))
    await anna.click("❌ Ik kan niet")
    await anna.click("Ja, meld me af")
    assert "Je bent afgemeld voor Voorlezen" in anna.last_text()
    assert (await one(harness, "SELECT cancelled_late FROM signups WHERE shift_id = ?", shift))[
        0
    ] == 1

    await harness.run_job("outbox")
    notice = coco.last_text()
    assert "Anna kan niet komen naar Voorlezen in de bibliotheek." in notice
    assert "vrijdag" not in notice and "woensdag 25 november, 15:00–17:00" in notice
    assert "Er stond niemand op de wachtlijst." in notice
    assert "Er zijn nu 2 plekken vrij (0/2)." in notice
    assert coco.buttons() == [CALL, "👥 Wie komt er"]
    # The organisation has a coordinator: the administrators are not disturbed.
    assert "kan niet komen" not in _texts(admin)

    # One tap: the call for help for that very shift.
    await tap(coco, CALL)
    preview = coco.last_text()
    assert TITLE in preview and "2 van de 2 plekken vrij" in preview
    assert "Een oproep gaat naar 1 persoon" in preview
    await coco.click("Vraag 1 persoon")
    assert "1 persoon is om hulp gevraagd" in coco.last_text()

    # The roster and the figures count it, without a name.
    await coco.send("/roster")
    await coco.click("Voorlezen")
    assert "⚠️ Laat afgezegd: 1" in coco.last_text()
    clock.set(harness.now() + timedelta(minutes=1))  # the figures count up to now
    await coco.send("/stats")
    figures = next(
        m["text"] for m in reversed(coco.messages()) if "Aanmeldingen" in (m.get("text") or "")
    )
    assert "afgezegd: 1 (waarvan laat: 1)" in figures
    assert "Anna" not in figures


async def test_a_cancellation_in_mine_with_a_waitlist_says_who_moved_up(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        shifts=[(timedelta(hours=3), timedelta(hours=2), 1)],  # today 13:00–15:00, one place
    )
    shift = made.shift_ids[0]
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    anna = await make_resident(harness, 101, "Anna")
    ben = await make_resident(harness, 102, "Ben")
    await sign_up(harness, shift, 101)
    await sign_up(harness, shift, 102, waitlist=True)

    await anna.send("/mine")
    await anna.click("Afmelden: wo 25 nov")
    await anna.click("Ja, meld me af")
    assert "Je plek is weer vrij." in screen_text(anna)

    await harness.run_job("outbox")
    notice = coco.last_text()
    assert "Anna kan niet komen naar Voorlezen in de bibliotheek." in notice
    assert "Van de wachtlijst doorgeschoven: Ben." in notice
    assert "Alle plekken zijn bezet (1/1)." in notice
    assert CALL not in coco.buttons()  # nothing to call for
    assert coco.buttons() == ["👥 Wie komt er"]
    assert "Goed nieuws! Er is een plek vrij gekomen." in ben.last_text()


async def test_a_cancellation_three_days_before_disturbs_nobody(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[(timedelta(days=3), timedelta(hours=2), 2)]
    )
    shift = made.shift_ids[0]
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    anna = await make_resident(harness, 101, "Anna")
    await sign_up(harness, shift, 101)

    await anna.send("/mine")
    await anna.click("Afmelden: za 28 nov")
    await anna.click("Ja, meld me af")
    assert "Je plek is weer vrij." in screen_text(anna)
    await harness.run_job("outbox")
    assert await outbox_rows(harness, "late_cancellation:") == []
    assert "kan niet komen" not in _texts(coco)
    stored = await one(harness, "SELECT status, cancelled_late FROM signups WHERE id > 0")
    assert tuple(stored) == ("cancelled", 0)
    await coco.send("/roster")
    await coco.click("Voorlezen")
    assert "Laat afgezegd" not in coco.last_text()


async def test_without_coordinators_the_administrators_hear_of_it(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[(timedelta(hours=30), timedelta(hours=2), 2)]
    )
    admin = harness.person(ADMIN, "Ad", "nl")
    await make_coordinator(harness, 502, "Buurthuis B")  # another organisation's: not told
    anna = await make_resident(harness, 101, "Anna")
    await sign_up(harness, made.shift_ids[0], 101)

    await anna.send("/mine")
    await anna.click("Afmelden: do 26 nov")
    await anna.click("Ja, meld me af")
    await harness.run_job("outbox")
    rows = await outbox_rows(harness, "late_cancellation:")
    assert [r.recipient_id for r in rows] == [ADMIN]
    assert "Anna kan niet komen" in admin.last_text()


async def test_a_forged_call_for_help_of_another_organisation_is_refused(
    harness: BotHarness, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[(timedelta(hours=5), timedelta(hours=2), 2)]
    )
    shift = made.shift_ids[0]
    await make_coordinator(harness, 501, "Bibliotheek Midden")
    bram, _ = await make_coordinator(harness, 602, "Buurthuis B")
    await make_resident(harness, 301, "Wim", likes=("Voorlezen",))
    await bram.send("/start")  # a chat with the bot, as after an invite

    caplog.set_level(logging.INFO)
    for data in (f"1:h:{shift}", f"1:hc:{shift}"):
        answer = await bram.click_data(data)
        assert answer["text"] == "Sorry, dat mag je niet doen.", data
    assert "refused callhelp preview for user 602" in caplog.text
    assert "refused callhelp send for user 602" in caplog.text
    assert await outbox_rows(harness, "call:") == []
    assert await one(harness, "SELECT 1 FROM calls") is None
