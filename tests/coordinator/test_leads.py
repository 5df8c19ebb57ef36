"""Leads for ongoing roles: "I am interested" is stored, /leads shows it oldest first, the
coordinator marks it contacted, started or not now (with a reason); started counts as a
volunteer in /mine and /stats; another organisation's coordinator is refused; a notice that
fails (403) and a restart lose nothing; a lead left new for 7 days reminds once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.services import leads
from bot.store import Database, database
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_opportunity
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import (
    ADMIN,
    OTHER_ORG_EN,
    REFUSED_EN,
    make_coordinator,
    make_resident,
    one,
)

WELZIJN = "Welzijn Samen"
INTERESTED = {"nl": "Ik heb interesse", "en": "I am interested"}


async def taalmaatje(harness: BotHarness, clock: ManualClock, organisation: str = WELZIJN) -> int:
    made = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        title="Taalmaatje",
        organisation=organisation,
        category="Taal",
        description="Praat elke week een uur met iemand die Nederlands leert.",
        ongoing=True,
    )
    return made.opportunity_id


async def say_interested(person: Person, language: str = "nl", title: str = "Taalmaatje") -> None:
    """/find, Taal, the role, "I am interested": as a resident does it."""
    await open_opportunity(person, title, "Taal")
    await person.click(INTERESTED[language])


async def lead_of(harness: BotHarness, resident_id: int) -> tuple[int, str, str | None, int | None]:
    """(id, status, reason, changed_by) of this resident's lead."""
    row = await one(
        harness,
        "SELECT id, status, reason, changed_by FROM role_interests WHERE resident_id = ?",
        resident_id,
    )
    assert row is not None, f"no lead of {resident_id}"
    return row[0], row[1], row[2], row[3]


def texts(person: Person) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in person.messages()]


async def test_a_lead_is_listed_oldest_first_and_marked_contacted_not_now_and_started(
    harness: BotHarness, clock: ManualClock
) -> None:
    await taalmaatje(harness, clock)
    coco, _ = await make_coordinator(harness, 901, WELZIJN, "en", name="Coco")
    mo = await make_resident(harness, 303, "Mo <&>", "nl")
    nia = await make_resident(harness, 304, "Nia", "en")
    await say_interested(mo)
    assert "Wat gebeurt er nu?" in mo.last_text()
    clock.advance(timedelta(hours=1))
    await say_interested(nia, "en")
    # The organisation's own coordinator is told (a link to chat, a way to /leads), in the
    # default language as they are no resident; the administrators are not told, as the
    # organisation has a coordinator.
    await harness.run_job("outbox")
    notices = [m for m in coco.messages() if "wil graag meedoen" in (m.get("text") or "")]
    assert len(notices) == 2
    assert '<a href="tg://user?id=303">Mo &lt;&amp;&gt;</a>' in notices[0]["text"]
    assert "🙋 Geïnteresseerden" in coco.buttons(notices[0])
    assert [r.recipient_id for r in await outbox_rows(harness, "role_interest")] == [901, 901]

    # /leads from the notice: oldest first, each name a link to chat, when it came in.
    await coco.click("🙋 Geïnteresseerden", notices[0])
    shown = coco.last_text()
    assert "Interested people" in shown and shown.index("1. Mo <&>") < shown.index("2. Nia")
    assert "came in Wed 25 Nov, 10:00 · 🆕 new" in shown
    assert "came in Wed 25 Nov, 11:00 · 🆕 new" in shown
    assert '<a href="tg://user?id=304">Nia</a>' in coco.last()["text"]
    assert coco.buttons()[:2] == ["1. Mo <&> · Taalmaatje", "2. Nia · Taalmaatje"]

    # Contacted: it stays on the list, marked so; Mo reads it in plain words in /mine.
    await coco.click("1. Mo")
    assert "Came in: Wednesday 25 November 2026, 10:00" in coco.last_text()
    clock.advance(timedelta(days=1))
    await coco.click("💬 Contacted")
    assert "✔️ Mo <&>: contacted." in coco.last_text()
    assert "💬 contacted on Thu 26 Nov" in coco.last_text()
    assert (await lead_of(harness, 303))[1:] == ("contacted", None, 901)
    await mo.send("/mine")
    assert "Een coördinator heeft contact met je gehad." in mo.last_text()

    # Not now: asks why; a reason that is too long is refused kindly and changes nothing.
    await coco.click("2. Nia")
    await coco.click("⏸ Not now")
    assert "Why not now?" in coco.last_text() and "⏭ Skip" in coco.buttons()
    await coco.send("x" * 201)
    assert "That is too long" in coco.last_text()
    assert (await lead_of(harness, 304))[1] == "new"
    await coco.send("  Wants to start   in spring ")
    assert "✔️ Nia: not now." in coco.last_text()
    assert "2. Nia" not in coco.last_text()
    assert (await lead_of(harness, 304))[1:] == ("not_now", "Wants to start in spring", 901)
    await nia.send("/mine")
    assert "Not right now. Thank you for offering!" in nia.last_text()
    assert "Wants to start" not in nia.last_text()  # the reason is the coordinators' own note

    # Started: Mo volunteers in the role; it shows in his /mine and in the figures.
    await coco.click("1. Mo")
    await coco.click("✅ Started")
    assert "Mo <&> now volunteers as Taalmaatje" in coco.last_text()
    assert "Nobody is waiting" in coco.last_text()
    assert (await lead_of(harness, 303))[1] == "started"
    await mo.send("/mine")
    assert "Mijn vaste taken" in mo.last_text() and "Taalmaatje – Welzijn Samen" in mo.last_text()
    assert not any("Toch niet" in label for label in mo.buttons())
    await coco.send("/stats")
    assert any("🤝 Volunteers in ongoing roles: 1" in text for text in texts(coco))
    # A marked lead cannot be marked again from an old screen.
    answer = await coco.click_data(f"1:klm:{(await lead_of(harness, 304))[0]}:s")
    assert "no longer open" in answer["text"]
    assert (await lead_of(harness, 304))[1] == "not_now"


async def test_skip_gives_not_now_without_a_reason_and_back_leaves_it_open(
    harness: BotHarness, clock: ManualClock
) -> None:
    await taalmaatje(harness, clock)
    coco, _ = await make_coordinator(harness, 901, WELZIJN, "nl", name="Coco")
    sam = await make_resident(harness, 305, "Sam", "nl")
    await say_interested(sam)
    await harness.run_job("outbox")  # the notice first, so the screens below stay the newest
    await coco.send("/leads")
    assert "Geïnteresseerden" in coco.last_text()
    await coco.click("1. Sam")
    await coco.click("⏸ Nu niet")
    await coco.click("⬅️ Terug")  # changed their mind: the lead stays open
    assert (await lead_of(harness, 305))[1] == "new"
    await coco.click("⏸ Nu niet")
    await coco.click("⏭ Overslaan")
    assert "Sam: nu niet" in coco.last_text()
    assert (await lead_of(harness, 305))[1:] == ("not_now", None, 901)
    # Typing after the step ended is no reason for anything.
    await coco.send("te laat")
    assert (await lead_of(harness, 305))[2] is None


async def test_another_organisation_is_refused_and_the_administrator_sees_all(
    harness: BotHarness, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await taalmaatje(harness, clock)
    await make_coordinator(harness, 901, WELZIJN, "en", name="Coco")
    dirk, _ = await make_coordinator(harness, 902, "Bibliotheek Midden", "en", name="Dirk")
    mo = await make_resident(harness, 303, "Mo", "en")
    await say_interested(mo, "en")
    lead_id = (await lead_of(harness, 303))[0]
    # Dirk does not see it, and forged buttons for it are refused kindly; nothing changes.
    await dirk.send("/leads")
    assert "Nobody is waiting" in dirk.last_text() and "Mo" not in dirk.last_text()
    caplog.set_level(logging.INFO)
    for data in (f"1:kld:{lead_id}", f"1:klm:{lead_id}:c", f"1:klm:{lead_id}:s"):
        answer = await dirk.click_data(data)
        assert OTHER_ORG_EN in answer["text"], data
    answer = await dirk.click_data(f"1:kls:{lead_id}")
    assert OTHER_ORG_EN in answer["text"]
    answer = await dirk.click_data(f"1:kln:{lead_id}")
    assert OTHER_ORG_EN in answer["text"]
    await dirk.send("Not interested")  # no reason step was opened for him
    assert await lead_of(harness, 303) == (lead_id, "new", None, None)
    assert "refused lead_started for user 902" in caplog.text
    assert f"user 902 may not lead_started lead {lead_id}" in caplog.text
    assert "Mo" not in caplog.text  # ids only
    # Mangled and unknown leads: "this no longer exists"; a resident is no coordinator.
    for data in (f"1:klm:{lead_id}:x", "1:klm:99999:c", "1:kld:99999"):
        answer = await dirk.click_data(data)
        assert "no longer exists" in answer["text"], data
    answer = await mo.click_data(f"1:klm:{lead_id}:s")
    assert REFUSED_EN in answer["text"]
    await mo.send("/leads")
    assert REFUSED_EN in mo.last_text()
    assert await lead_of(harness, 303) == (lead_id, "new", None, None)
    # The administrator sees every organisation's leads and may mark them.
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/leads")
    assert "1. Mo" in admin.last_text() and WELZIJN in admin.last_text()
    await admin.click("1. Mo")
    await admin.click("💬 Contacted")
    assert (await lead_of(harness, 303))[1:] == ("contacted", None, ADMIN)


async def test_a_long_list_of_leads_comes_a_page_at_a_time(
    harness: BotHarness, clock: ManualClock
) -> None:
    opportunity_id = await taalmaatje(harness, clock)
    coco, _ = await make_coordinator(harness, 901, WELZIJN, "en", name="Coco")
    for i in range(9):
        await make_resident(harness, 400 + i, f"P{i + 1}", "nl")
        await leads.express_interest(
            harness.deps.db,
            opportunity_id=opportunity_id,
            resident_id=400 + i,
            coordinator_ids=[],
            now=clock.now() + timedelta(minutes=i),
        )
    await harness.run_job("outbox")  # the notices first, so the screens below stay the newest
    await coco.send("/leads")
    assert "8. P8" in coco.last_text() and "P9" not in coco.last_text()
    assert coco.buttons()[-3:-1] == ["1/2", "▶"]
    await coco.click("▶")
    assert "9. P9" in coco.last_text() and "1. P1" not in coco.last_text()
    assert "9. P9 · Taalmaatje" in coco.buttons()
    await coco.click("◀")
    assert "1. P1" in coco.last_text()


async def test_the_administrators_hear_of_a_lead_only_when_nobody_coordinates_it(
    harness: BotHarness, clock: ManualClock
) -> None:
    await taalmaatje(harness, clock, organisation="Buurthuis De Brug")
    await make_opportunity(
        harness.deps.db, now=clock.now(), title="Bestuurslid", category="Taal", ongoing=True
    )
    await make_coordinator(harness, 902, "Bibliotheek Midden", "en", name="Dirk")
    mo = await make_resident(harness, 303, "Mo", "nl")
    await say_interested(mo)  # Buurthuis De Brug has no coordinator
    await say_interested(mo, title="Bestuurslid")  # Bibliotheek Midden has Dirk
    rows = await outbox_rows(harness, "role_interest")
    assert sorted(r.recipient_id for r in rows) == [ADMIN, 902]


async def test_a_lead_survives_a_403_and_a_restart(harness: BotHarness, clock: ManualClock) -> None:
    await taalmaatje(harness, clock)
    coco, _ = await make_coordinator(harness, 901, WELZIJN, "en", name="Coco")
    harness.api.blocked.add(901)  # Telegram answers 403 for Coco
    mo = await make_resident(harness, 303, "Mo", "nl")
    await say_interested(mo)
    await harness.run_job("outbox")
    [notice] = await outbox_rows(harness, "role_interest")
    assert (notice.status, notice.note) == ("failed", "blocked")
    assert coco.messages() == []
    await harness.restart()
    harness.api.blocked.discard(901)
    await coco.send("/leads")
    assert "1. Mo" in coco.last_text()
    assert coco.buttons()[0] == "1. Mo · Taalmaatje"


async def test_a_lead_left_new_for_a_week_reminds_the_coordinators_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    start = clock.now()
    await taalmaatje(harness, clock)
    coco, _ = await make_coordinator(harness, 901, WELZIJN, "en", name="Coco")
    mo = await make_resident(harness, 303, "Mo", "nl")
    nia = await make_resident(harness, 304, "Nia", "nl")
    await say_interested(mo)
    await say_interested(nia)
    await harness.run_job("outbox")
    # Nia's lead is answered in time; Mo's is left new.
    await coco.send("/leads")
    await coco.click("2. Nia")
    await coco.click("💬 Contacted")

    async def reminders_at(moment_after: timedelta) -> list[str]:
        clock.set(start + moment_after)
        await harness.run_job("lead-reminders")
        await deliver_at(harness, clock, clock.now())
        return sent_to(harness, 901, "⏰")

    assert await reminders_at(timedelta(days=6, hours=23)) == []
    [reminder] = await reminders_at(timedelta(days=7, hours=1))
    assert "1 persoon wacht op een bericht" in reminder  # the default language: no resident
    assert '<a href="tg://user?id=303">Mo</a>' in reminder and "Nia" not in reminder
    assert "(sinds wo 25 nov)" in reminder
    assert "🙋 Geïnteresseerden" in coco.buttons()
    assert len(await reminders_at(timedelta(days=7, hours=2))) == 1
    assert len(await reminders_at(timedelta(days=14, hours=1))) == 1
    assert len(await reminders_at(timedelta(days=15, hours=1))) == 1
    assert [r.recipient_id for r in await outbox_rows(harness, "lead_reminder")] == [901]


async def test_interest_stored_before_leads_becomes_leads_without_a_burst_of_reminders(
    tmp_path: Path,
) -> None:
    """The migration keeps interest of people who are still there (as new leads, reminded of
    already), drops that of people who erased their data, and never reuses an id."""
    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute(
            "CREATE TABLE schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, sql in database._migrations():
            if version >= 11:
                continue
            for statement in database._statements(sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')",
                (version, name),
            )
        await conn.executescript(
            "INSERT INTO organisations (id, name) VALUES (1, 'Welzijn Samen');"
            "INSERT INTO categories (id, name) VALUES (1, 'Taal');"
            "INSERT INTO opportunities (id, organisation_id, category_id, title, kind, created_at)"
            " VALUES (1, 1, 1, 'Taalmaatje', 'ongoing', '2026-01-01T00:00:00Z');"
            "INSERT INTO residents (id, first_name, language, consented_at)"
            " VALUES (303, 'Mo', 'nl', '2026-01-01T00:00:00Z');"
            "INSERT INTO role_interests (id, opportunity_id, resident_id, created_at)"
            " VALUES (4, 1, NULL, '2026-01-02T00:00:00Z'), (7, 1, 303, '2026-01-03T00:00:00Z');"
        )
        await conn.commit()
    async with Database(path) as db:
        async with db.read() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, resident_id, status, reminded_at IS NOT NULL FROM role_interests"
            )
            assert [tuple(r) for r in rows] == [(7, 303, "new", 1)]
        now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        assert await leads.remind_waiting(db, now, [ADMIN]) == 0
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM role_interests WHERE id = 7")
            cursor = await conn.execute(
                "INSERT INTO role_interests (opportunity_id, resident_id, created_at)"
                " VALUES (1, 303, '2026-11-25T09:00:00Z')"
            )
            assert cursor.lastrowid == 8
