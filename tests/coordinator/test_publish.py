"""Publishing in the chat: /new with a calendar of buttons, a preview, Back and Cancel; /edit
moves and cancels shifts and tells the people signed up; other organisations are refused."""

from __future__ import annotations

import logging
import re

import pytest

from bot.sandbox.harness import BotHarness, visible
from bot.store import catalogue
from tests.support.catalogue import make_opportunity
from tests.support.chat import removal_of, tap
from tests.support.outbox import outbox_rows
from tests.support.people import OTHER_ORG_NL, make_coordinator, make_resident, one, sign_up


async def test_a_coordinator_publishes_an_opportunity_with_two_shifts(
    harness: BotHarness,
) -> None:
    # A category exists already (from another organisation's opportunity).
    await make_opportunity(harness.deps.db, now=harness.now(), organisation="Buurthuis B")
    coco, org_a = await make_coordinator(harness, 501, "Bibliotheek A")

    await coco.send("/new")
    assert "Wat is de titel?" in coco.last_text()
    assert coco.buttons() == ["✖️ Stoppen"]  # the first step has nowhere to go back to
    await coco.send("Taalcafé <voor> iedereen & meer")
    assert "Taalcafé <voor> iedereen & meer" in coco.last_text()
    assert "Taalcafé &lt;voor&gt; iedereen &amp; meer" in coco.last()["text"]
    # Back, and forward again: the answers so far stay.
    await tap(coco, "⬅️ Terug")
    assert "Wat is de titel?" in coco.last_text()
    await coco.send("Taalcafé <voor> iedereen & meer")
    await coco.send("Praat Nederlands met nieuwe buren.\nKoffie staat klaar.")
    assert "Welke soort past?" in coco.last_text()
    await tap(coco, "Voorlezen")
    await coco.send("Bibliotheek, Stationsplein 1")
    # One organisation: that step is skipped.
    assert "Diensten op vaste dagen" in " ".join(coco.buttons())
    await coco.click("Diensten op vaste dagen")

    # The calendar: November 2026, today (Wednesday 25th) and later can be tapped.
    assert "Welke dag?" in coco.last_text()
    labels = coco.buttons()
    assert "november 2026" in labels and "ma" in labels
    assert "24" not in labels and "25" in labels and "30" in labels
    await tap(coco, "27")
    assert "vrijdag 27 november" in coco.last_text()
    await coco.send("25:99")
    assert coco.last_text().startswith("Tik op een tijd, of typ hem zo: 14:30.")
    assert "Hoe laat begint het?" in coco.last_text()
    await tap(coco, "14:00")
    assert "Hoe laat is het klaar?" in coco.last_text()
    assert "14:00" not in coco.buttons() and "14:30" in coco.buttons()
    await tap(coco, "16:30")
    await tap(coco, "3")
    assert "Diensten tot nu toe" in coco.last_text()
    assert "vrijdag 27 november, 14:00–16:30 – 3 plekken" in coco.last_text()

    # A second shift in December, with typed times and capacity.
    await coco.click("Nog een dienst")
    assert "Dienst 2" in coco.last_text()
    await tap(coco, "▶")
    assert "december 2026" in coco.buttons()
    await tap(coco, "3")
    await coco.send("9.30")
    await coco.send("08:00")
    assert coco.last_text().startswith("Het einde moet na het begin zijn.")
    await coco.send("12:00")
    await coco.send("12")
    assert "donderdag 3 december, 09:30–12:00 – 12 plekken" in coco.last_text()

    await coco.click("Laat het voorbeeld zien")
    preview = coco.last_text()
    assert "Voorbeeld – zo zien bewoners het" in preview
    for part in (
        "Taalcafé <voor> iedereen & meer",
        "Praat Nederlands met nieuwe buren.",
        "🏢 Bibliotheek A",
        "📍 Bibliotheek, Stationsplein 1",
        "🏷 Voorlezen",
        "🗓 vrijdag 27 november, 14:00–16:30 – 3 plekken",
        "🗓 donderdag 3 december, 09:30–12:00 – 12 plekken",
    ):
        assert part in preview
    await tap(coco, "⬅️ Terug")
    assert "Diensten tot nu toe" in coco.last_text()
    await coco.click("Laat het voorbeeld zien")
    await coco.click("Plaatsen")
    done = coco.last_text()
    assert "Geplaatst: Taalcafé <voor> iedereen & meer" in done
    link = re.search(r"start=opp_(\d+)", done)
    assert link

    opportunity_id = int(link.group(1))
    stored = await one(
        harness,
        "SELECT organisation_id, title, kind, status FROM opportunities WHERE id = ?",
        opportunity_id,
    )
    assert tuple(stored) == (org_a, "Taalcafé <voor> iedereen & meer", "episodic", "open")
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT starts_at, ends_at, capacity FROM shifts WHERE opportunity_id = ?"
            " ORDER BY starts_at",
            (opportunity_id,),
        ) as cur:
            shifts = [tuple(r) for r in await cur.fetchall()]
    # Entered in Amsterdam time, stored in UTC.
    assert shifts == [
        ("2026-11-27T13:00:00Z", "2026-11-27T15:30:00Z", 3),
        ("2026-12-03T08:30:00Z", "2026-12-03T11:00:00Z", 12),
    ]

    # A resident finds it through the link on a poster.
    anna = await make_resident(harness, 101, "Anna")
    await anna.send(f"/start opp_{opportunity_id}")
    assert "Taalcafé <voor> iedereen & meer" in anna.last_text()
    assert "27 november" in anna.last_text()


async def test_back_and_cancel_in_english_and_an_ongoing_role(harness: BotHarness) -> None:
    ben, org_a = await make_coordinator(harness, 502, "Library A", language="en")
    await make_coordinator(harness, 502, "Library B", language="en")

    await ben.send("/new")
    await ben.send("Board member")
    assert "Describe it in a few short sentences" in ben.last_text()
    await ben.send("Think along about the library's plans.")
    await ben.send("Governance")  # a new category, typed
    await ben.send("Library A, first floor")
    assert "Which organisation offers it?" in ben.last_text()
    assert ben.buttons()[:2] == ["Library A", "Library B"]
    await tap(ben, "Library A")
    assert "an ongoing role" in ben.last_text()
    await tap(ben, "⬅️ Back")
    assert "Which organisation offers it?" in ben.last_text()
    await tap(ben, "Library A")
    await ben.click("An ongoing role")
    preview = ben.last_text()
    assert "Preview – this is how residents will see it" in preview
    assert "🔁 An ongoing role: you help regularly, for example every week." in preview
    assert "🏷 Governance" in preview and "🗓" not in preview
    await tap(ben, "⬅️ Back")
    assert "an ongoing role" in ben.last_text()
    await tap(ben, "✖️ Cancel")
    assert "Throw away this draft?" in ben.last_text()  # it has content: asked once
    await tap(ben, "🗑 Yes, throw it away")
    assert "Stopped. Nothing was published." in ben.last_text()
    assert await one(harness, "SELECT 1 FROM opportunities WHERE title = 'Board member'") is None
    assert await one(harness, "SELECT 1 FROM categories WHERE name = 'Governance'") is None

    # /cancel works at any step too; and a title in use is refused with a reason.
    await ben.send("/new")
    await ben.send("Something")
    [stopped] = await ben.send("/cancel")
    assert "Stopped. Nothing was published." in stopped["text"]
    await ben.send("/new")
    for answer in ("Board member", "Plans.", "Governance", "Somewhere"):
        await ben.send(answer)
    await tap(ben, "Library A")
    await ben.click("An ongoing role")
    await ben.click("Publish")
    assert "Published: Board member" in ben.last_text()
    await ben.send("/new")
    for answer in ("Board member", "Plans.", "Governance", "Somewhere"):
        await ben.send(answer)
    await tap(ben, "Library A")
    await ben.click("An ongoing role")
    answer = await ben.click("Publish")
    assert "There is already an opportunity with this title" in answer["text"]
    stored = await one(
        harness, "SELECT COUNT(*) FROM opportunities WHERE organisation_id = ?", org_a
    )
    assert stored[0] == 1


async def test_a_time_that_has_passed_cannot_be_chosen(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    await coco.send("/new")
    for answer in ("Vandaag", "Iets.", "Nieuw", "Hier"):
        await coco.send(answer)
    await coco.click("Diensten op vaste dagen")
    await tap(coco, "25")  # today; it is 10:00 in Amsterdam
    # The picker offers no time that has passed (the trial found 08:00 offered at 10:00).
    assert "08:00" not in coco.buttons() and "10:00" not in coco.buttons()
    assert "10:30" in coco.buttons()
    # Typed (or an old button) it is still refused.
    [answer] = await coco.send("08:00")
    assert visible(answer).startswith("Dat moment is voorbij. Kies alsjeblieft een latere tijd.")
    assert "Hoe laat begint het?" in coco.last_text()  # still asking for the start


async def test_moving_a_shift_replans_reminders_and_tells_the_people_signed_up(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())  # Fri 27 Nov 10:00–12:00
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    anna = await make_resident(harness, 101, "Anna", "nl")
    ben = await make_resident(harness, 102, "Ben", "en")
    await sign_up(harness, made.shift_ids[0], 101)
    await sign_up(harness, made.shift_ids[0], 102)
    before = {r.key: r.due_at for r in await outbox_rows(harness, "reminder:")}
    assert before  # the reminder planner planned them

    await coco.send("/edit")
    await coco.click("Voorlezen in de bibliotheek")
    assert "Wat wil je veranderen?" in coco.last_text()
    await coco.click("🕒 vr 27 nov 10:00")
    assert "Dienst verzetten" in coco.last_text()
    await tap(coco, "28")
    await tap(coco, "15:00")
    await tap(coco, "17:00")
    confirm = coco.last_text()
    assert "Van: vrijdag 27 november, 10:00–12:00" in confirm
    assert "Naar: zaterdag 28 november, 15:00–17:00" in confirm
    assert "2 aangemelde mensen krijgen een bericht." in confirm
    await coco.click("Ja, verzetten")
    assert "Verzet naar zaterdag 28 november, 15:00–17:00" in coco.last_text()

    moved = await one(
        harness, "SELECT starts_at, ends_at FROM shifts WHERE id = ?", made.shift_ids[0]
    )
    assert tuple(moved) == ("2026-11-28T14:00:00Z", "2026-11-28T16:00:00Z")
    after = {r.key: r.due_at for r in await outbox_rows(harness, "reminder:")}
    assert after.keys() == before.keys()
    assert all(after[key] != before[key] for key in before)
    assert all(due < "2026-11-28T14:00:00Z" for due in after.values())

    await harness.run_job("outbox")
    assert "Andere tijd voor Voorlezen in de bibliotheek" in anna.last_text()
    assert "Nieuw: zaterdag 28 november, 15:00–17:00" in anna.last_text()
    assert "Eerst: vrijdag 27 november, 10:00–12:00" in anna.last_text()
    assert "Changed time" in ben.last_text()
    assert "New: Saturday 28 November, 15:00–17:00" in ben.last_text()
    # The button under the notice leads to their sign-ups, with the new time.
    await anna.click("Mijn aanmeldingen")
    assert "28 november" in anna.last_text()


async def test_editing_text_adding_and_cancelling_shifts_and_the_opportunity(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    anna = await make_resident(harness, 101, "Anna", "nl")
    ben = await make_resident(harness, 102, "Ben", "en")
    first_signup = await sign_up(harness, made.shift_ids[0], 101)

    await coco.send("/edit")
    await coco.click("Voorlezen in de bibliotheek")
    await coco.click("✏️ Titel")
    assert "Typ de nieuwe titel." in coco.last_text()
    await coco.send("Voorlezen op zaterdag")
    assert "✅ Opgeslagen." in coco.last_text()
    assert "Voorlezen op zaterdag" in coco.last_text()

    await coco.click("Dienst toevoegen")
    await tap(coco, "30")
    await tap(coco, "10:00")
    await tap(coco, "12:00")
    await tap(coco, "5")
    assert "✅ Dienst toegevoegd: maandag 30 november, 10:00–12:00." in coco.last_text()
    added = await one(
        harness,
        "SELECT id, capacity FROM shifts WHERE opportunity_id = ? AND starts_at = ?",
        made.opportunity_id,
        "2026-11-30T09:00:00Z",
    )
    assert added[1] == 5
    await sign_up(harness, added[0], 102)

    # Cancel the first shift: asked once, then the person on it is told.
    await coco.click("❌ Afzeggen")
    assert "Deze dienst afzeggen?" in coco.last_text()
    assert "1 aangemelde persoon krijgt een bericht." in coco.last_text()
    await coco.click("Ja, dienst afzeggen")
    assert "De dienst van vrijdag 27 november, 10:00–12:00 is afgezegd." in coco.last_text()
    status = await one(harness, "SELECT status FROM shifts WHERE id = ?", made.shift_ids[0])
    assert status[0] == "cancelled"
    pending = [
        r
        for r in await outbox_rows(harness, "reminder:")
        if r.key.startswith(f"reminder:{first_signup}:") and r.status == "pending"
    ]
    assert pending == []  # its reminders are gone
    await harness.run_job("outbox")
    assert "Afgelast: Voorlezen op zaterdag op vrijdag 27 november" in anna.last_text()

    # Cancel the whole opportunity: the other shift goes too, and Ben is told once.
    await coco.click("Dit vrijwilligerswerk afzeggen")
    assert "Voorlezen op zaterdag afzeggen?" in coco.last_text()
    await coco.click("Ja, afzeggen")
    assert "Voorlezen op zaterdag is afgezegd." in coco.last_text()
    stored = await one(
        harness, "SELECT status FROM opportunities WHERE id = ?", made.opportunity_id
    )
    assert stored[0] == "cancelled"
    status = await one(harness, "SELECT status FROM shifts WHERE id = ?", added[0])
    assert status[0] == "cancelled"
    await harness.run_job("outbox")
    assert "Cancelled: Voorlezen op zaterdag does not go ahead any more" in ben.last_text()
    assert len([m for m in ben.messages() if "Cancelled" in visible(m)]) == 1
    # The notice carries the file that takes Ben's date out of his calendar.
    [event] = removal_of(ben.last(), ben).walk("VEVENT")
    assert str(event.get("uid")).startswith("signup-")


async def test_a_coordinator_of_another_organisation_is_refused_with_forged_buttons(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())  # Bibliotheek Midden
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT organisation_id FROM opportunities") as cur:
            org_a = (await cur.fetchone())[0]
    await make_coordinator(harness, 602, "Buurthuis B")
    bram, _ = await make_coordinator(harness, 602, "Buurthuis C")
    shift = made.shift_ids[0]
    opp = made.opportunity_id
    await bram.send("/edit")
    assert "Voorlezen" not in " ".join(bram.buttons())  # not offered to begin with
    caplog.set_level(logging.INFO)
    for data, action in (
        (f"1:ke:{opp}", "edit"),
        (f"1:kef:{opp}:t", "edit"),
        (f"1:kea:{opp}", "add_shift"),
        (f"1:kem:{shift}", "move_shift"),
        (f"1:kec:{shift}", "cancel_shift"),
        (f"1:kecy:{shift}", "cancel_shift"),
        (f"1:keo:{opp}", "cancel_opportunity"),
        (f"1:keoy:{opp}", "cancel_opportunity"),
    ):
        answer = await bram.click_data(data)
        assert OTHER_ORG_NL in answer["text"], data
        assert f"refused {action} for user 602" in caplog.text

    # Publishing for an organisation one does not manage: refused at that step.
    await bram.send("/new")
    for text in ("Iets", "Iets.", "Nieuw", "Hier"):
        await bram.send(text)
    assert "Welke organisatie biedt het aan?" in bram.last_text()
    answer = await bram.click_data(f"1:ko:{org_a}")
    assert OTHER_ORG_NL in answer["text"]
    assert "Welke organisatie biedt het aan?" in bram.last_text()

    stored = await one(harness, "SELECT title, status FROM opportunities WHERE id = ?", opp)
    assert tuple(stored) == ("Voorlezen in de bibliotheek", "open")
    shift_row = await one(harness, "SELECT starts_at, status FROM shifts WHERE id = ?", shift)
    assert tuple(shift_row) == ("2026-11-27T09:00:00Z", "open")
    async with harness.deps.db.read() as conn:
        assert await catalogue.organisation("Bibliotheek Midden", conn=conn) == (org_a, False)


async def test_a_half_finished_draft_survives_a_restart(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    await coco.send("/new")
    await coco.send("Repair café")
    await coco.send("Samen spullen maken.")
    assert "Welke soort past?" in coco.last_text()

    await harness.restart()

    await coco.send("Techniek")  # a new category: the conversation goes on where it was
    assert "Waar is het?" in coco.last_text()
    await coco.send("Wijkcentrum")
    await coco.click("Een vaste taak")
    preview = coco.last_text()
    assert "Repair café" in preview and "Samen spullen maken." in preview
    assert "🏷 Techniek" in preview
