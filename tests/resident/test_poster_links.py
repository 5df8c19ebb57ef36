"""A poster's QR code, scanned: ``/start opp_<id>`` opens the opportunity and ``/start org_<id>``
the organisation's offers at once, for someone new too (with a welcome line; consent is asked
when they sign up); a forged, unknown or expired link gets a kind answer and the menu."""

from __future__ import annotations

from datetime import timedelta

from bot.sandbox.harness import BotHarness, visible
from bot.services import publishing
from bot.services.posters import OPERATOR
from bot.store import residents
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import tap
from tests.support.files import poster_from_edit, read_qr
from tests.support.people import make_coordinator, make_resident

LIBRARY = "Bibliotheek Midden"
GONE_NL = "Sorry, dit is niet meer beschikbaar. Kijk eens wat er nog meer is!"


async def test_scanning_an_opportunity_poster_opens_it_at_once(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    _, _, png = await poster_from_edit(coco, "Voorlezen in de bibliotheek")
    link = read_qr(coco.file(png))
    start = link.removeprefix("https://t.me/meedoen_test_bot?start=")
    assert start == f"opp_{made.opportunity_id}"

    anna = harness.person(101, "Anna", "nl")
    await anna.send(f"/start {start}")
    assert anna.last_text().startswith("👋 Welkom bij Meedoen!")
    assert "Voorlezen in de bibliotheek" in anna.last_text()
    async with harness.deps.db.read() as conn:
        assert await residents.get(101, conn=conn) is None
    # Its one date is a tap away; consent is asked at the sign-up, which then goes on.
    await anna.click("za 28 nov")
    assert "Wil je je hiervoor aanmelden?" in anna.last_text()
    await anna.click("Ja, meld me aan")
    await anna.click("Ja, ik doe mee")
    assert any("Je bent aangemeld" in visible(m) for m in anna.messages())


async def test_scanning_an_organisation_poster_shows_its_offers_at_once(
    harness: BotHarness,
) -> None:
    coco, organisation_id = await make_coordinator(harness, 501, LIBRARY)
    await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    await make_opportunity(harness.deps.db, now=harness.now(), title="Taalmaatje", ongoing=True)
    await make_opportunity(harness.deps.db, now=harness.now(), organisation="Elders", title="Nee")
    await coco.send("/roster")
    await coco.click("🧰 Menu voor coördinatoren")
    await tap(coco, "🖨 Posters")
    await tap(coco, f"🏢 {LIBRARY}")
    start = read_qr(coco.file(coco.documents()[-1])).rsplit("=", 1)[1]
    assert start == f"org_{organisation_id}"

    # Someone new (whose Telegram speaks English): the offers at once, under a welcome line.
    ben = harness.person(102, "Ben", "en")
    await ben.send(f"/start {start}")
    assert ben.last_text().startswith("👋 Welcome to Meedoen!")
    assert LIBRARY in ben.last_text()
    offers = [b for b in ben.buttons() if "·" in b]
    assert [b.split(" · ")[0] for b in offers] == ["Voorlezen in de bibliotheek", "Taalmaatje"]
    assert "🏠 Menu" in ben.buttons()
    await ben.click("Taalmaatje")
    assert ben.last_text().startswith("Taalmaatje")

    # A resident who scans it later gets the offers at once, as a new message.
    sam = await make_resident(harness, 103)
    [shown] = await sam.send(f"/start {start}")
    assert visible(shown).startswith(LIBRARY)
    assert any(b.startswith("Taalmaatje") for b in sam.buttons(shown))


async def test_a_forged_unknown_or_expired_link_gets_a_kind_answer_and_the_menu(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    sam = await make_resident(harness, 101)
    for start in ("opp_999999", "org_999", "opp_x<b>&", "org_", "opp_0"):
        [reply] = await sam.send(f"/start {start}")
        assert visible(reply) == GONE_NL, start
        assert "🏠 Menu" in sam.buttons(reply)
    # An organisation with nothing open (any more): said so, with other offers and the menu.
    _, empty = await make_coordinator(harness, 501, "Buurthuis Leeg")
    [reply] = await sam.send(f"/start org_{empty}")
    assert visible(reply) == (
        "Er is nu niets open bij Buurthuis Leeg. Kijk eens naar het andere aanbod!"
    )
    assert sam.buttons(reply) == ["🔎 Iets anders zoeken", "🏠 Menu"]
    # An opportunity that was cancelled after the poster was printed.
    await publishing.cancel_opportunity(
        harness.deps.db, OPERATOR, made.opportunity_id, harness.now()
    )
    [reply] = await sam.send(f"/start opp_{made.opportunity_id}")
    assert visible(reply) == GONE_NL

    # Someone new with an unknown or a mangled link: the kind answer and the menu, at once.
    for uid, start in ((102, "org_999"), (103, "opp_<script>")):
        new = harness.person(uid, "Nina", "nl")
        await new.send(f"/start {start}")
        assert new.last_text() == GONE_NL, start
        await new.click("🏠 Menu")
        assert "Wat wil je doen?" in new.last_text()
        async with harness.deps.db.read() as conn:
            assert await residents.get(uid, conn=conn) is None


async def test_an_organisation_offers_page_pages(harness: BotHarness) -> None:
    days = timedelta(days=3)
    for i in range(10):
        await make_opportunity(
            harness.deps.db,
            now=harness.now(),
            title=f"Klus {i:02}",
            shifts=[(days + timedelta(hours=i), timedelta(hours=1), 2)],
        )
    _, organisation_id = await make_coordinator(harness, 501, LIBRARY)
    sam = await make_resident(harness, 101)
    await sam.send(f"/start org_{organisation_id}")
    assert "Pagina 1 van 2" in sam.last_text()
    await tap(sam, "Volgende ▶️")
    assert "Pagina 2 van 2" in sam.last_text()
    assert [b.split(" · ")[0] for b in sam.buttons() if "·" in b] == ["Klus 08", "Klus 09"]
