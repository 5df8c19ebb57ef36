"""Where the network reaches people, end to end in the chat: an administrator sets the
neighbourhoods, residents sign up and say where they live (or skip), the coordinator marks who
came, and "📈 Deelname" shows people and hours per neighbourhood, a neighbourhood nobody came
from as 0, and the resident finds their choice in /mydata."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_shift, tap
from tests.support.people import ADMIN, make_resident

PEOPLE = {201: "Anna", 202: "Bram", 203: "Cem 🌷", 204: "Dewi <&>", 205: "Eva", 206: "Fien"}


async def test_residents_say_where_they_live_and_the_figures_show_the_reach(
    harness: BotHarness, clock: ManualClock
) -> None:
    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/neighbourhoods")
    assert "of plak een kolom uit een spreadsheet" in admin.last_text()
    await admin.click("➕ Toevoegen")
    await admin.send("Wijk\r\nCentrum\t\r\nNoord \r\n")  # a column pasted from a spreadsheet
    assert "✔️ Toegevoegd: Centrum, Noord." in admin.last_text()
    assert admin.buttons()[:2] == ["Centrum", "Noord"]

    await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(timedelta(days=2), timedelta(hours=2), 10)]
    )
    for resident_id, name in PEOPLE.items():
        person = await make_resident(harness, resident_id, name, "nl")
        await open_shift(person)
        await person.click("Ja, meld me aan")
        await person.click("✔️ Klaar")  # the kinds of work they like: none
        assert "in welke wijk woon je?" in person.last_text()
        assert person.buttons() == ["Centrum", "Noord", "⏭ Overslaan"]
        await tap(person, "⏭ Overslaan" if resident_id == 206 else "Centrum")

    clock.advance(timedelta(days=2, hours=1))  # the shift is under way
    await admin.send("/roster")
    await admin.click("(6/10)")
    for resident_id, name in PEOPLE.items():
        await tap(admin, f"❌ {name} was er niet" if resident_id == 206 else f"✅ {name} was er")
    clock.advance(timedelta(hours=2))

    await admin.send("/stats")
    await tap(admin, "📈 Deelname")
    text = visible(admin.last())
    for line in (
        "🙋 Mensen die meededen: 5",
        "⏱ Uren geholpen: 10",
        "Per wijk",
        "• Centrum — mensen: 5 · uren: 10",
        "• Noord — mensen: 0 · uren: 0",  # where the network does not reach anyone yet
        "• Niet opgegeven — mensen: 0 · uren: 0",  # Fien did not come
    ):
        assert line in text, line
    assert "Fien" not in text and "Anna" not in text  # figures, never names

    anna = harness.person(201, "Anna", "nl")
    await anna.send("/mydata")
    assert "Centrum" in "\n".join(visible(m) for m in anna.messages()[-3:])
