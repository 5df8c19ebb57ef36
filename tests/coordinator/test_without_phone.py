"""People without a phone: a coordinator signs one up from the roster. They take a place like
anyone (the waitlist included), show in the roster and the export, count in the figures, get no
messages, and can be taken off and erased; another organisation's coordinator is refused."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.services import figures as stats
from bot.services.roles import Role
from tests.support.catalogue import make_opportunity
from tests.support.chat import STICKER, open_shift, tap
from tests.support.clock import AMSTERDAM
from tests.support.outbox import outbox_rows
from tests.support.people import OTHER_ORG_EN, make_coordinator, make_resident, one, sign_up

ADDED = "(toegevoegd door coördinator)"
SATURDAY = (timedelta(days=3, hours=4), timedelta(hours=2))  # Sat 28 Nov 14:00-16:00


async def _shift(harness: BotHarness, places: int) -> int:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[(*SATURDAY, places)])
    return made.shift_ids[0]


async def guest_signups(harness: BotHarness, shift_id: int) -> list[tuple[str | None, str, str]]:
    """(first name, phone, status) of the guests' sign-ups on a shift, oldest first."""
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT u.first_name, u.phone, g.status FROM signups g"
            " LEFT JOIN guests u ON u.id = g.guest_id"
            " WHERE g.shift_id = ? AND g.resident_id IS NULL ORDER BY g.id"
        )
        async with conn.execute(sql, (shift_id,)) as cur:
            return [(r[0], r[1], r[2]) for r in await cur.fetchall()]


async def add_guest(coco: Person, label: str, name: str, phone: str | None) -> None:
    """/roster, the shift whose button has ``label``, ➕, the name, the phone number (or Skip)."""
    await coco.send("/roster")
    await coco.click(label)
    await tap(coco, "➕ Iemand zonder Telegram")
    assert "Wat is de voornaam?" in coco.last_text()
    await coco.send(name)
    assert "Telefoonnummer van" in coco.last_text()
    if phone is None:
        await tap(coco, "⏭ Overslaan")
    else:
        await coco.send(phone)


async def test_a_person_without_a_phone_takes_the_last_place(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id = await _shift(harness, 2)
    await make_resident(harness, 101, "Els")
    await sign_up(harness, shift_id, 101)
    coco, organisation_id = await make_coordinator(harness, 501, "Bibliotheek Midden")

    await add_guest(coco, "(1/2)", "Ans", "06 1234 5678")
    text = coco.last_text()
    assert "✅ Ans is aangemeld. Vertel het zelf: Ans krijgt geen berichten." in text
    assert "Komen (2/2)" in text
    assert f"2. 📞 Ans {ADDED}" in text
    assert await guest_signups(harness, shift_id) == [("Ans", "06 1234 5678", "confirmed")]

    # The shift is full now: a resident is offered the waitlist, and goes on it.
    sam = await make_resident(harness, 102, "Sam")
    await open_shift(sam)
    assert "Deze datum is vol" in sam.last_text()
    await tap(sam, "⏳ Zet me op de wachtlijst")
    row = await one(harness, "SELECT status FROM signups WHERE resident_id = 102")
    assert row[0] == "waitlisted"

    # Only coordinators see the phone number, on the guest's screen.
    await coco.send("/roster")
    await coco.click("(2/2)")
    await tap(coco, "📞 Ans")
    assert "Telefoon: 06 1234 5678" in coco.last_text()
    assert "Ans krijgt geen berichten van Meedoen" in coco.last_text()

    # The export marks them; the figures count them once they came.
    await coco.send("/export")
    await coco.click("Deze maand")
    content = coco.file(coco.documents()[-1]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    [ans] = [r for r in rows if r[5] == "Ans"]
    assert ans[6] == "aangemeld" and ans[-2:] == ["1", "ja"]
    assert "06 1234" not in content  # the phone number is for the coordinator's own use

    clock.advance(timedelta(days=3, hours=5))  # the shift is under way
    await coco.send("/roster")
    await coco.click("(2/2)")
    await tap(coco, "✅ Ans was er")
    assert f"📞 Ans {ADDED} – ✅ was er" in coco.last_text()
    role = Role(501, False, frozenset({organisation_id}))
    found = await stats.figures(harness.deps.db, role, clock.now(), AMSTERDAM)
    assert (found.came, found.active) == (1, 2)  # Ans came; Els and Ans are active
    assert found.hours == 2.0

    # Nothing was ever planned or sent for the guest: every message went to a resident.
    clock.advance(timedelta(days=2))
    await harness.run_job("outbox")
    guest_signup = (await one(harness, "SELECT id FROM signups WHERE guest_id IS NOT NULL"))[0]
    rows_for_guest = await one(
        harness, "SELECT COUNT(*) FROM outbox WHERE signup_id = ?", guest_signup
    )
    assert rows_for_guest[0] == 0
    assert {r.recipient_id for r in await outbox_rows(harness)} <= {101, 102}
    assert {r.recipient_id for r in await outbox_rows(harness, "thanks")} == {101}


async def test_taking_them_off_moves_the_waitlist_up_and_erasing_forgets_them(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id = await _shift(harness, 1)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await add_guest(coco, "(0/1)", "Ans", None)
    assert "Komen (1/1)" in coco.last_text()

    # Full: the next one without a phone goes on the waitlist, said plainly; a resident too.
    await add_guest(coco, "(1/1)", "Wim", None)
    assert "Deze dienst is vol. Daarom staat Wim op de wachtlijst (nummer 1)." in coco.last_text()
    await make_resident(harness, 102, "Sam")
    await sign_up(harness, shift_id, 102, waitlist=True)
    assert await guest_signups(harness, shift_id) == [
        ("Ans", None, "confirmed"),
        ("Wim", None, "waitlisted"),
    ]

    # Taking Ans off frees the place: Wim (first in line) moves up, and is told nothing.
    await tap(coco, "📞 Ans")
    assert "Geen telefoonnummer." in coco.last_text()
    await tap(coco, "➖ Haal Ans van deze dienst af")
    text = coco.last_text()
    assert (
        "➖ Ans staat niet meer op deze dienst. 1 persoon is van de wachtlijst doorgeschoven."
        in (text)
    )
    assert f"1. 📞 Wim {ADDED}" in text and "Wachtlijst (1)" in text
    assert await guest_signups(harness, shift_id) == [
        ("Ans", None, "cancelled"),
        ("Wim", None, "confirmed"),
    ]
    assert await outbox_rows(harness, "promoted") == []

    # Erasing Wim: asked once; the place goes to Sam (told at once); the name is gone.
    await tap(coco, "📞 Wim")
    await tap(coco, "🗑 Wis de gegevens van Wim")
    assert "De naam en het telefoonnummer van Wim wissen?" in coco.last_text()
    await tap(coco, "🗑 Ja, wissen")
    assert "🗑 De gegevens van Wim zijn gewist." in coco.last_text()
    assert "Wim" not in coco.last_text().split("gewist.")[1]
    [promoted] = await outbox_rows(harness, "promoted")
    assert promoted.recipient_id == 102
    assert await guest_signups(harness, shift_id) == [
        ("Ans", None, "cancelled"),  # taken off, not erased
        (None, None, "cancelled"),  # Wim: erased, the sign-up stays without a person
    ]
    assert (await one(harness, "SELECT COUNT(*) FROM guests WHERE first_name = 'Wim'"))[0] == 0

    # Erasing after the shift: what happened stays, as an anonymous count.
    clock.advance(timedelta(days=3, hours=5))
    await coco.send("/roster")
    await coco.click("(1/1)")
    assert "📞 Ans" not in coco.buttons()  # taken off before: not on the roster any more


async def test_a_past_place_stays_as_an_anonymous_count(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id = await _shift(harness, 3)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await add_guest(coco, "(0/3)", "Ans", "0612345678")
    clock.advance(timedelta(days=3, hours=5))
    await coco.send("/roster")
    await coco.click("(1/3)")
    await tap(coco, "✅ Ans was er")
    await tap(coco, "📞 Ans")
    assert "➖" not in " ".join(coco.buttons())  # the shift has started: no taking off
    await tap(coco, "🗑 Wis de gegevens van Ans")
    await tap(coco, "🗑 Ja, wissen")
    assert await guest_signups(harness, shift_id) == [(None, None, "confirmed")]
    assert (await one(harness, "SELECT COUNT(*) FROM guests"))[0] == 0
    row = await one(
        harness, "SELECT attendance, guest_id FROM signups WHERE shift_id = ?", shift_id
    )
    assert tuple(row) == ("came", None)
    assert "Komen (1/3)" in coco.last_text() and "(gewist)" in coco.last_text()
    role = Role(900, True, frozenset())
    found = await stats.figures(harness.deps.db, role, clock.now(), AMSTERDAM)
    assert found.came == 1 and found.active == 0  # counted, but no longer a person


async def test_another_organisation_is_refused_and_nothing_changes(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    shift_id = await _shift(harness, 3)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await add_guest(coco, "(0/3)", "Ans", "06 1234 5678")
    signup_id = (await one(harness, "SELECT id FROM signups WHERE guest_id IS NOT NULL"))[0]
    other, _ = await make_coordinator(harness, 602, "Buurthuis B", language="en")
    await other.send("/roster")
    caplog.set_level(logging.INFO)
    for data in (
        f"1:kwa:{shift_id}",
        f"1:kwp:{signup_id}",
        f"1:kwr:{signup_id}",
        f"1:kwe:{signup_id}",
        f"1:kwey:{signup_id}",
    ):
        answer = await other.click_data(data)
        assert OTHER_ORG_EN in answer["text"], data
    for action in ("add_guest", "guest", "remove_guest", "erase_guest"):
        assert f"refused {action} for user 602" in caplog.text
    assert "Ans" not in caplog.text and "1234" not in caplog.text  # ids only
    assert await guest_signups(harness, shift_id) == [("Ans", "06 1234 5678", "confirmed")]
    # A resident is no coordinator at all; an administrator may.
    sam = await make_resident(harness, 102, "Sam")
    await sam.send("/mine")
    answer = await sam.click_data(f"1:kwr:{signup_id}")
    assert "alleen voor coördinatoren" in answer["text"]
    admin = harness.person(900, "Ada", "en")
    await admin.send("/roster")
    await admin.click_data(f"1:kwp:{signup_id}")
    assert "Phone: 06 1234 5678" in admin.last_text()


async def test_bad_input_gets_a_kind_answer_and_changes_nothing(harness: BotHarness) -> None:
    shift_id = await _shift(harness, 3)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/roster")
    await coco.click("(0/3)")
    await tap(coco, "➕ Iemand zonder Telegram")
    await coco.send("   ")
    assert coco.last_text().startswith("Typ alsjeblieft een voornaam.")
    await coco.send("A" * 65)
    assert coco.last_text().startswith("Die naam is te lang.")
    await coco.send(sticker=STICKER)
    assert "Wat is de voornaam?" in coco.last_text()
    await coco.send("<b>Ans & 🌷</b>")
    assert "Telefoonnummer van <b>Ans & 🌷</b>" not in coco.last()["text"]
    assert "Telefoonnummer van <b>&lt;b&gt;Ans &amp; 🌷&lt;/b&gt;</b>?" in coco.last()["text"]
    for wrong in ("twaalf", "12", "+31 6 1234 5678 9999 0000", "06-1234<5678>"):
        await coco.send(wrong)
        assert coco.last_text().startswith("Dat is geen telefoonnummer."), wrong
    assert await guest_signups(harness, shift_id) == []
    await coco.send("+31 6 1234 5678")
    raw = coco.last()["text"]
    assert "✅ &lt;b&gt;Ans &amp; 🌷&lt;/b&gt; is aangemeld." in raw
    assert f"1. 📞 &lt;b&gt;Ans &amp; 🌷&lt;/b&gt; {ADDED}" in raw
    assert await guest_signups(harness, shift_id) == [
        ("<b>Ans & 🌷</b>", "+31 6 1234 5678", "confirmed")
    ]

    # /cancel in the middle: nothing stored. A stale Skip or Cancel does no harm.
    await tap(coco, "➕ Iemand zonder Telegram")
    await coco.send("Bo")
    await coco.send("/cancel")
    assert "Er is niets bewaard" in coco.last_text()
    question, _ = coco.find_button("✖️ Stoppen")
    await tap(coco, "✖️ Stoppen")  # the Cancel of the old question: the roster again
    [shown] = [m for m in coco.messages() if m["message_id"] == question["message_id"]]
    assert "<b>Komen</b> (1/3)" in shown["text"]
    assert len(await guest_signups(harness, shift_id)) == 1
