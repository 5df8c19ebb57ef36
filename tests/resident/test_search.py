"""Search by word: ask, type, see what matches; cancel, timeout, and input that is not a word."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, STICKER
from tests.support.people import make_resident


async def catalogue(harness: BotHarness, clock: ManualClock) -> dict[str, int]:
    db, now = harness.deps.db, clock.now()
    made = {
        "reading": await make_opportunity(db, now=now, title="Voorlezen aan peuters"),
        "garden": await make_opportunity(
            db,
            now=now,
            title="Tuin van de buurt",
            category="Buiten",
            description="Onkruid wieden en planten water geven.",
            location="Buurttuin Éénhoorn",
        ),
        "board": await make_opportunity(
            db, now=now, title="Bestuurslid", category="Bestuur", ongoing=True
        ),
        "past": await make_opportunity(
            db,
            now=now,
            title="Voorlezen vorige week",
            shifts=[(timedelta(days=-7), timedelta(hours=2), 3)],
        ),
    }
    return {name: m.opportunity_id for name, m in made.items()}


async def test_search_by_word_in_dutch(harness: BotHarness, clock: ManualClock) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 301)
    await sam.send("/search")
    assert "Typ een woord" in sam.last_text()
    await sam.send("VOORLEZEN")
    text = sam.last_text()
    assert "1 resultaat" in text and "VOORLEZEN" in text
    assert sam.buttons()[0] == "Voorlezen aan peuters"
    assert "Voorlezen vorige week" not in sam.buttons()  # past shifts are not offered
    assert any("Menu" in b for b in sam.buttons())
    assert any("Zoek op woord" in b for b in sam.buttons())
    await sam.click("Voorlezen aan peuters")
    assert "Lees kinderen voor op woensdagmiddag." in sam.last_text()


async def test_search_matches_location_category_and_case(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    ben = await make_resident(harness, 302, language="en")
    await ben.send("/search")
    assert "Type a word" in ben.last_text()
    await ben.send("  éénHOORN ")
    assert "I found 1 opportunity" in ben.last_text()
    await ben.click("Tuin van de buurt")
    assert "Onkruid wieden en planten water geven." in ben.last_text()
    await ben.send("/search")
    await ben.send("bestuur")
    await ben.click("Bestuurslid")
    assert "Bestuurslid" in ben.last_text() and "ongoing role" in ben.last_text()


async def test_nothing_found_offers_categories_and_menu(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    ben = await make_resident(harness, 303, language="en")
    await ben.send("/search")
    await ben.send("<b>zebra</b> & co")
    assert "I found nothing for “zebra co”" in ben.last_text()  # its words, not the tags
    assert any("Menu" in b for b in ben.buttons())
    await ben.click("Find something to do")
    assert "Choose a theme" in ben.last_text()
    # The search has ended: a letter now gets the general pointer, not "two letters, please".
    await ben.send("z")
    assert "don't understand" in ben.last_text()


async def test_eight_results_a_page(harness: BotHarness, clock: ManualClock) -> None:
    for n in range(11):
        await make_opportunity(harness.deps.db, now=clock.now(), title=f"Klus {n:02d}")
    sam = await make_resident(harness, 304)
    await sam.send("/search")
    await sam.send("klus")
    assert "11 resultaten" in sam.last_text()
    assert "Pagina 1 van 2" in sam.last_text()
    opp_buttons = [b for b in sam.buttons() if b.startswith("Klus")]
    assert opp_buttons == [f"Klus {n:02d}" for n in range(8)]
    await sam.click("Volgende")
    assert "Pagina 2 van 2" in sam.last_text()
    assert [b for b in sam.buttons() if b.startswith("Klus")] == ["Klus 08", "Klus 09", "Klus 10"]


async def test_too_short_and_non_text_keep_waiting(harness: BotHarness, clock: ManualClock) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 305)
    await sam.send("/search")
    await sam.send("a")
    assert "minstens twee letters" in sam.last_text()
    await sam.send(sticker=STICKER)
    assert "alleen zoeken op getypte woorden" in sam.last_text()
    await sam.send(photo=PHOTO)
    assert "alleen zoeken op getypte woorden" in sam.last_text()
    await sam.send("tuin")
    await sam.click("Tuin van de buurt")
    assert "Onkruid wieden en planten water geven." in sam.last_text()


async def test_cancel_by_command_and_button(harness: BotHarness, clock: ManualClock) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 306)
    await sam.send("/search")
    await sam.send("/cancel")
    assert "Oké, niet zoeken" in sam.last_text()
    assert "Wat wil je doen?" in sam.last_text()
    await sam.send("t")  # the search has ended: no "two letters, please"
    assert "begrijp ik niet" in sam.last_text()
    await sam.send("/search")
    answer = await sam.click("Stoppen")
    assert answer is not None
    assert "Oké, niet zoeken" in sam.last_text()
    await sam.send("t")
    assert "begrijp ik niet" in sam.last_text()


async def test_other_button_or_command_ends_the_search(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    ben = await make_resident(harness, 307, language="en")
    await ben.send("/search")
    help_screen = (await ben.send("/help"))[-1]
    assert "What you can do here" in ben.last_text()
    await ben.send("t")  # the search has ended: no "two letters, please"
    assert "don't understand" in ben.last_text()
    await ben.send("/search")
    await ben.click("Menu", help_screen)  # a button of the screen above
    assert "What would you like to do?" in visible(help_screen)
    await ben.send("t")
    assert "don't understand" in ben.last_text()


async def test_timeout_says_so_kindly(harness: BotHarness, clock: ManualClock) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 308)
    await sam.send("/search")
    await harness.run_job("_trigger_timeout")
    assert "gestopt" in sam.last_text()
    assert any("Zoek op woord" in b for b in sam.buttons())
    await sam.send("t")
    assert "begrijp ik niet" in sam.last_text()


async def test_search_before_consent_stores_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Someone who has not consented may search: the question, then the word is searched as
    any typed word is, and no flow state is kept for them."""
    await catalogue(harness, clock)
    cas = harness.person(309, "Cas", "nl")
    await cas.send("/search")
    assert "Typ een woord" in cas.last_text()
    await cas.send("tuin")
    assert cas.buttons()[0] == "Tuin van de buurt"
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT COUNT(*) FROM ptb_conversations") as cur:
            row = await cur.fetchone()
    assert row is not None and row[0] == 0


async def test_the_category_screen_offers_the_word_search(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), title="Boekenmarkt opruimen")
    eva = await make_resident(harness, 880, "Eva", "en")
    await eva.send("/find")
    await eva.click("Search by word")
    await eva.send("boekenmarkt")
    assert "Boekenmarkt opruimen" in eva.buttons()[0]
