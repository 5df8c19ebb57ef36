"""/roster: filled / capacity, the people on a shift with links, and marking who came."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import tap
from tests.support.people import OTHER_ORG_EN, make_coordinator, make_resident, one, sign_up

JAN = "Jan <b> & Co"


async def _shift_with_people(harness: BotHarness) -> tuple[int, list[int]]:
    made = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        shifts=[(timedelta(days=2), timedelta(hours=2), 2)],  # Fri 27 Nov 10:00–12:00, 2 places
    )
    await make_resident(harness, 101, JAN)
    await make_resident(harness, 102, "Els")
    await make_resident(harness, 103, "Piet")
    signups = [
        await sign_up(harness, made.shift_ids[0], 101),
        await sign_up(harness, made.shift_ids[0], 102),
        await sign_up(harness, made.shift_ids[0], 103, waitlist=True),
    ]
    return made.shift_ids[0], signups


async def attendance(harness: BotHarness, signup_id: int) -> tuple[str | None, str | None]:
    sql = "SELECT attendance, attendance_at FROM signups WHERE id = ?"
    row = await one(harness, sql, signup_id)
    return row[0], row[1]


async def test_roster_shows_people_and_marks_who_came(
    harness: BotHarness, clock: ManualClock
) -> None:
    """The roster and marking who came; forged marks (before the start, for someone on the
    waitlist) are refused kindly."""
    _, (jan, els, piet) = await _shift_with_people(harness)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")

    await coco.send("/roster")
    assert "Jouw diensten" in coco.last_text()
    [label] = [b for b in coco.buttons() if "(2/2)" in b]
    assert label.startswith("vr 27 nov 10:00 · Voorlezen")
    await coco.click("(2/2)")
    text = coco.last_text()
    assert "Komen (2/2)" in text
    assert f"1. {JAN}" in text and "2. Els" in text
    assert "Wachtlijst (1)" in text and "1. Piet" in text
    assert '<a href="tg://user?id=101">Jan &lt;b&gt; &amp; Co</a>' in coco.last()["text"]
    assert '<a href="tg://user?id=103">Piet</a>' in coco.last()["text"]
    assert "Als de dienst begonnen is, kun je hier aangeven wie er was." in text
    assert not any("was er" in b for b in coco.buttons())

    # Before the start, marking (even with made-up data) is refused kindly.
    answer = await coco.click_data(f"1:kra:{jan}:c")
    assert "Als de dienst begonnen is" in answer["text"]
    assert await attendance(harness, jan) == (None, None)

    clock.advance(timedelta(days=2, hours=1))  # the shift is under way
    await coco.send("/roster")
    await coco.click("(2/2)")
    assert "Tik aan wie er was en wie niet." in coco.last_text()
    await tap(coco, f"✅ {JAN} was er")
    marked_at = harness.now()
    assert await attendance(harness, jan) == ("came", "2026-11-27T10:00:00Z")
    assert f"1. {JAN} – ✅ was er" in coco.last_text()
    await tap(coco, "❌ Els was er niet")
    assert await attendance(harness, els) == ("no_show", "2026-11-27T10:00:00Z")
    assert "2. Els – ❌ was er niet" in coco.last_text()

    # The same tap again changes nothing; another tap changes the answer.
    clock.advance(timedelta(minutes=5))
    answer = await tap(coco, f"✅ {JAN} was er")
    assert answer["text"] == "Opgeslagen."
    assert await attendance(harness, jan) == ("came", "2026-11-27T10:00:00Z")
    assert marked_at < harness.now()
    await tap(coco, f"❌ {JAN} was er niet")
    assert await attendance(harness, jan) == ("no_show", "2026-11-27T10:05:00Z")
    await tap(coco, f"✅ {JAN} was er")
    assert await attendance(harness, jan) == ("came", "2026-11-27T10:05:00Z")

    # Someone on the waitlist is not marked.
    answer = await coco.click_data(f"1:kra:{piet}:c")
    assert "staat niet meer aangemeld" in answer["text"]
    assert await attendance(harness, piet) == (None, None)

    # Back to the list, and a shift stays on it for two weeks after it ended.
    await tap(coco, "⬅️ Terug")
    assert "Jouw diensten" in coco.last_text()
    clock.advance(timedelta(days=15))
    await coco.send("/roster")
    assert "Je hebt geen komende diensten" in coco.last_text()

    # What was marked feeds the volunteer's hours.
    jan_person = harness.person(101, JAN, "nl")
    await jan_person.send("/mine")
    assert "2 uur" in jan_person.last_text()


async def test_roster_in_english_and_refused_for_another_organisation(
    harness: BotHarness, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The roster in English; another organisation's coordinator forging its buttons is refused
    (and logged); an administrator may mark anyone."""
    shift_id, (jan, els, _) = await _shift_with_people(harness)
    ann, _ = await make_coordinator(harness, 502, "Bibliotheek Midden", language="en")
    await ann.send("/roster")
    assert "Your shifts" in ann.last_text()
    await ann.click("(2/2)")
    assert "Coming (2/2)" in ann.last_text() and "Waitlist (1)" in ann.last_text()
    assert "Once the shift has started, you can mark here who came." in ann.last_text()

    clock.advance(timedelta(days=2, hours=1))
    other, _ = await make_coordinator(harness, 602, "Buurthuis B", language="en")
    await other.send("/roster")
    assert "(2/2)" not in " ".join(other.buttons())  # not even listed
    caplog.set_level(logging.INFO)
    for data in (f"1:krs:{shift_id}", f"1:kra:{jan}:c", f"1:kra:{els}:n"):
        answer = await other.click_data(data)
        assert OTHER_ORG_EN in answer["text"]
    assert "refused mark_attendance for user 602" in caplog.text
    assert "refused roster for user 602" in caplog.text
    assert await attendance(harness, jan) == (None, None)
    assert await attendance(harness, els) == (None, None)

    # An administrator sees every organisation's shifts.
    admin = harness.person(900, "Ada", "en")
    await admin.send("/roster")
    await admin.click("(2/2)")
    await tap(admin, f"✅ {JAN} came")
    assert await attendance(harness, jan) == ("came", "2026-11-27T10:00:00Z")


async def test_the_coordinator_menu_and_a_call_for_help_under_a_shift_with_room(
    harness: BotHarness,
) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())  # 3 places, nobody yet
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/roster")
    await coco.click("🧰 Menu voor coördinatoren")
    assert "Menu voor coördinatoren" in coco.last_text()
    labels = coco.buttons()
    assert "➕ Iets nieuws" in labels and "📄 Exporteren" in labels
    assert "🔗 Uitnodigen" not in labels  # for administrators only
    await coco.click("👥 Wie komt er")
    await coco.click("(0/3)")
    assert "Nog niemand." in coco.last_text()
    await coco.click("🙋")  # the call-for-help flow takes it from here
    assert "3 van de 3 plekken vrij" in coco.last_text()
