"""A series in the chat: /new makes a weekly one (its end tapped or typed, a bad end refused
kindly), /edit changes the times and places of every coming date, each person told once."""

from __future__ import annotations

import re

from bot.sandbox.harness import BotHarness, Person
from tests.support.chat import describe, tap
from tests.support.people import OTHER_ORG_NL, make_coordinator, make_resident, one


async def shifts_of(harness: BotHarness, opportunity_id: int) -> list[tuple[str, int, int]]:
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT starts_at, capacity, series_id IS NOT NULL FROM shifts"
            " WHERE opportunity_id = ? ORDER BY starts_at",
            (opportunity_id,),
        ) as cur:
            return [tuple(r) for r in await cur.fetchall()]  # type: ignore[misc]


async def first_date(
    person: Person, texts: tuple[str, ...], day: str, times: tuple[str, str], places: str
) -> None:
    """/new up to the first shift: the texts, shifts on set days, a typed day, times, places."""
    await person.send("/new")
    await describe(person, texts)
    await person.click("Diensten op vaste dagen")
    await person.send(day)
    await tap(person, times[0])
    await tap(person, times[1])
    await person.send(places)


async def test_new_makes_a_weekly_series_and_edit_changes_all_its_dates(
    harness: BotHarness,
) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    texts = ("Gastvrouw of -heer", "Ontvang bezoekers bij de ingang.", "Gastvrijheid", "Oost")
    await first_date(coco, texts, "1-12", ("14:00", "16:00"), "2")  # Tuesday 1 December
    assert "🔁 Elke week" in coco.buttons() and "🔁 Om de week" in coco.buttons()
    await tap(coco, "🔁 Elke week")
    assert "elke dinsdag, 14:00–16:00, vanaf dinsdag 1 december." in coco.last_text()
    # A last day before the first, and one over a year ahead: refused kindly, nothing changes.
    await coco.send("30-11-2026")
    assert coco.last_text().startswith("De laatste datum moet na de eerste komen.")
    await coco.send("1-12-2028")
    assert coco.last_text().startswith("Een reeks duurt hoogstens een jaar.")
    await coco.send("morgen")
    assert coco.last_text().startswith("Tik op een dag, of typ hem zo: 27-11.")
    await coco.send("29-12")
    shown = coco.last_text()
    assert (
        "🔁 elke dinsdag, 14:00–16:00, van dinsdag 1 december tot en met dinsdag 29 december"
        in shown
    )
    assert "🔁 Elke week" not in coco.buttons()  # the last shift repeats already
    await coco.click("Laat het voorbeeld zien")
    assert "🗓 🔁 elke dinsdag, 14:00–16:00" in coco.last_text()
    await coco.click("Plaatsen")
    opportunity_id = int(re.search(r"start=opp_(\d+)", coco.last_text()).group(1))  # type: ignore[union-attr]
    assert await shifts_of(harness, opportunity_id) == [
        ("2026-12-01T13:00:00Z", 2, 1),
        ("2026-12-08T13:00:00Z", 2, 1),
        ("2026-12-15T13:00:00Z", 2, 1),
        ("2026-12-22T13:00:00Z", 2, 1),
        ("2026-12-29T13:00:00Z", 2, 1),
    ]

    # Two residents take every date.
    for uid, name in ((101, "Anna"), (102, "Bo")):
        person = await make_resident(harness, uid, name)
        await person.send(f"/start opp_{opportunity_id}")
        await tap(person, "🔁 elke dinsdag, 14:00–16:00")
        await tap(person, "✅ Ja, elke keer")
        assert "Je hebt een plek op 5 data." in person.last_text()
    carl = await make_resident(harness, 103, "Carl")
    await carl.send(f"/start opp_{opportunity_id}")
    await tap(carl, "🔁 elke dinsdag, 14:00–16:00")
    await tap(carl, "✅ Ja, elke keer")
    assert "5 data zijn vol: je staat op de wachtlijst" in carl.last_text()

    # /edit: the series' screen, new times for all dates: each person told once.
    await coco.send("/edit")
    await coco.click("Gastvrouw of -heer")
    await tap(coco, "🔁 elke dinsdag, 14:00–16:00 · 5 data")
    assert "Nog 5 data, tot en met dinsdag 29 december." in coco.last_text()
    await tap(coco, "🕒 Tijden")
    await coco.send("15:00")
    await coco.send("17:00")
    assert "✅ Nieuwe tijden voor 5 data. 3 aangemelde mensen krijgen een bericht." in (
        coco.last_text()
    )
    assert (await shifts_of(harness, opportunity_id))[0] == ("2026-12-01T14:00:00Z", 2, 1)
    await harness.run_job("outbox")
    anna = harness.person(101)
    notices = [m for m in anna.messages() if "Nieuwe tijden" in (m.get("text") or "")]
    assert len(notices) == 1 and "elke dinsdag, 15:00–17:00" in notices[0]["text"]

    # Fewer places than taken on a date: refused; more: Carl moves up on every date.
    await tap(coco, "🔁 elke dinsdag, 15:00–17:00 · 5 data")
    await tap(coco, "👥 Plekken")
    await coco.send("1")
    assert coco.last_text().startswith("Op sommige data zijn al meer mensen aangemeld.")
    for bad in ("0", "-3", "twaalf", "600"):
        await coco.send(bad)
        assert coco.last_text().startswith("Typ alsjeblieft een heel getal van 1 tot en met 500")
    await coco.send("3")
    assert "✅ Opgeslagen: 3 plekken op elke volgende datum." in coco.last_text()
    assert "Op 5 data kreeg iemand van de wachtlijst een plek en een bericht." in coco.last_text()
    [taken] = await one(
        harness,
        "SELECT COUNT(*) FROM signups WHERE resident_id = 103 AND status = 'confirmed'",
    )
    assert taken == 5


async def test_another_organisations_coordinator_cannot_open_a_series(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    texts = ("Taalcafé", "Samen praten.", "Taal", "Buurthuis")
    await first_date(coco, texts, "3-12", ("10:00", "12:00"), "4")
    await tap(coco, "🔁 Om de week")
    await tap(coco, "3 maanden")
    await coco.click("Laat het voorbeeld zien")
    await coco.click("Plaatsen")
    [series_id] = await one(harness, "SELECT id FROM series")
    [count] = await one(harness, "SELECT COUNT(*) FROM shifts WHERE series_id = ?", series_id)
    assert count == 7  # 3 December, then every other Thursday until 3 March

    other, _ = await make_coordinator(harness, 502, "Buurthuis B")
    await other.send("/edit")
    for data in (f"1:kes:{series_id}", f"1:kesp:{series_id}", f"1:kest:{series_id}"):
        answer = await other.click_data(data)
        assert OTHER_ORG_NL in answer["text"], data
    assert "Je hebt niets open om te wijzigen." in other.last_text()  # the screen stays


async def test_someone_without_telegram_on_every_date_of_a_series(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    texts = ("Gastvrouw of -heer", "Ontvang bezoekers.", "Gastvrijheid", "Oost")
    await first_date(coco, texts, "1-12", ("14:00", "16:00"), "1")
    await tap(coco, "🔁 Elke week")
    await coco.send("29-12")
    await coco.click("Laat het voorbeeld zien")
    await coco.click("Plaatsen")
    # A resident takes the only place on 15 December.
    bo = await make_resident(harness, 102, "Bo")
    [third] = await one(harness, "SELECT id FROM shifts ORDER BY starts_at LIMIT 1 OFFSET 2")
    await bo.click_data(f"1:sc:{third}")

    [first] = await one(harness, "SELECT id FROM shifts ORDER BY starts_at LIMIT 1")
    await coco.click_data(f"1:krs:{first}")
    assert "➕ Iemand zonder Telegram, elke keer" in coco.buttons()
    await tap(coco, "➕ Iemand zonder Telegram, elke keer")
    await coco.send("Ans <b>&")
    await tap(coco, "⏭ Overslaan")
    text = coco.last_text()
    assert "✅ Ans <b>& is aangemeld voor 5 data." in text
    assert "⏳ 1 datum is vol: daar staat die persoon op de wachtlijst." in text
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT g.status FROM signups g JOIN shifts s ON s.id = g.shift_id"
            " WHERE g.guest_id IS NOT NULL ORDER BY s.starts_at"
        ) as cur:
            assert [r[0] for r in await cur.fetchall()] == [
                "confirmed",
                "confirmed",
                "waitlisted",
                "confirmed",
                "confirmed",
            ]
    # A shift that is not part of a series has no such button.
    await coco.send("/roster")
    assert all("elke keer" not in label for label in coco.buttons())
