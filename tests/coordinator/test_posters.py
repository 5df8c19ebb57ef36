"""Posters: "🖨 Poster" in /edit and on the roster sends a PDF to print and a PNG for screens; the
PDF says the title, when, where and the plain line, and the PNG's QR code is the deep link.
Also: a series, an ongoing role and many dates; an Arabic title and emoji; the organisation's
poster from the coordinator menu; and who may not have one.

The harness clock is Wednesday 25 November 2026, 10:00 in Amsterdam; the shift is on Saturday
28 November, 14:00-16:00.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.catalogue.writing import write_catalogue
from bot.clock import ManualClock
from bot.files import poster as paper
from bot.i18n import Translator
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness, visible
from bot.services import posters, publishing
from bot.services.posters import OPERATOR
from bot.services.publishing import Invalid
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import tap
from tests.support.files import pdf_text, poster_files, poster_from_edit, read_qr
from tests.support.people import ADMIN, OTHER_ORG_NL, make_coordinator, make_resident
from tests.support.spreadsheet import HEADER, ORG, csv_text, parse

LIBRARY = "Bibliotheek Midden"
BOT = "meedoen_test_bot"
CALL_NL = "Scan met je telefoon en meld je aan"


def flat(text: str) -> str:
    """Text as one line: what the poster says, wherever its lines were broken."""
    return " ".join(text.split())


async def test_a_poster_from_edit_is_a_pdf_to_print_and_a_png_with_the_deep_link(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    answer, pdf, png = await poster_from_edit(coco, "Voorlezen in de bibliotheek")
    assert answer["text"] == "Even geduld: de poster wordt gemaakt."
    assert pdf["document"]["file_name"] == (
        f"poster-{made.opportunity_id}-voorlezen-in-de-bibliotheek.pdf"
    )
    assert visible(pdf) == "🖨 De poster om te printen (A4)."
    assert visible(png) == "🖼 Dezelfde poster als plaatje, voor een scherm."

    lines = pdf_text(coco.file(pdf)).splitlines()
    # In print order; the title in large letters, over two lines.
    assert lines == [
        LIBRARY,
        "Voorlezen in de",
        "bibliotheek",
        "Wanneer",
        "Zaterdag 28 november, 14:00–16:00",
        "Waar",
        "Centrale bibliotheek, Stationsplein 1",
        CALL_NL,
        f"t.me/{BOT}?start=opp_{made.opportunity_id}",
    ]
    assert read_qr(coco.file(png)) == f"https://t.me/{BOT}?start=opp_{made.opportunity_id}"
    # The /edit screen is still there, and still works.
    await coco.click("✏️ Titel")
    assert any("Typ de nieuwe titel" in visible(m) for m in coco.messages())


async def test_a_poster_from_the_roster(harness: BotHarness) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    await coco.send("/roster")
    await coco.click("(0/3)")
    await tap(coco, "🖨 Poster")
    _, png = poster_files(coco, 0)
    assert read_qr(coco.file(png)) == f"https://t.me/{BOT}?start=opp_{made.opportunity_id}"


async def test_who_may_not_have_a_poster_and_what_has_none(harness: BotHarness) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=[SATURDAY])
    data = f"1:kpo:{made.opportunity_id}"
    # Another organisation's coordinator, forging the button: refused, no file.
    stranger, _ = await make_coordinator(harness, 602, "Buurthuis B")
    await stranger.send("/edit")
    answer = await stranger.click_data(data)
    assert OTHER_ORG_NL in answer["text"]
    # A resident forging it: only for coordinators.
    sam = await make_resident(harness, 101)
    answer = await sam.click_data(data)
    assert "alleen voor coördinatoren" in answer["text"]
    # No such opportunity; one without coming dates; one cancelled: a short answer each.
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    await coco.send("/edit")
    answer = await coco.click_data("1:kpo:999999")
    assert answer["text"] == "Dit bestaat niet meer."
    empty = await make_opportunity(harness.deps.db, now=harness.now(), title="Leeg", shifts=[])
    answer = await coco.click_data(f"1:kpo:{empty.opportunity_id}")
    assert answer["text"] == "Voeg eerst minstens één dienst toe."
    admin = OPERATOR
    await publishing.cancel_opportunity(harness.deps.db, admin, made.opportunity_id, harness.now())
    answer = await coco.click_data(data)
    assert answer["text"] == "Dit is al gesloten of afgelast."
    for person in (stranger, sam, coco):
        assert person.documents() == []


async def test_an_organisation_poster_from_the_coordinator_menu(harness: BotHarness) -> None:
    coco, organisation_id = await make_coordinator(harness, 501, LIBRARY)
    await make_coordinator(harness, 501, "Buurthuis B")
    await make_opportunity(harness.deps.db, now=harness.now(), organisation="Welzijn Elders")
    await coco.send("/roster")
    await coco.click("🧰 Menu voor coördinatoren")
    await tap(coco, "🖨 Posters")
    text = coco.last_text()
    assert "Een poster voor je organisatie: tik op de naam." in text
    assert "tik op 🖨 Poster onder ✏️ Wijzigen of afzeggen" in text
    # Only the person's own organisations.
    assert [b for b in coco.buttons() if b.startswith("🏢")] == [
        "🏢 Bibliotheek Midden",
        "🏢 Buurthuis B",
    ]
    await tap(coco, "🏢 Bibliotheek Midden")
    pdf, png = poster_files(coco, 0)
    assert pdf["document"]["file_name"] == f"poster-org-{organisation_id}-bibliotheek-midden.pdf"
    text = flat(pdf_text(coco.file(pdf)))
    assert "Vrijwilligerswerk" in text and LIBRARY in text
    assert "Doe mee als vrijwilliger! Er is voor iedereen iets te doen." in text
    assert CALL_NL in text
    assert read_qr(coco.file(png)) == f"https://t.me/{BOT}?start=org_{organisation_id}"
    # Another organisation's, forged: refused.
    other = await one_id(harness, "SELECT id FROM organisations WHERE name = 'Welzijn Elders'")
    answer = await coco.click_data(f"1:kpg:{other}")
    assert OTHER_ORG_NL in answer["text"]
    assert len(coco.documents()) == 2


async def one_id(harness: BotHarness, sql: str) -> int:
    async with harness.deps.db.read() as conn:
        cursor = await conn.execute(sql)
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


# -- what a poster says ---------------------------------------------------------------------------
async def poster_of(harness: BotHarness, opportunity_id: int, language: str = "nl") -> str:
    """The text of an opportunity's PDF in ``language``, made as the chat makes it."""
    t = Translator(language, harness.deps.languages.zone)
    made = await posters.for_opportunity(
        harness.deps.db, OPERATOR, opportunity_id, harness.now(), t, BOT
    )
    return pdf_text(paper.pdf(made.poster))


async def test_a_series_an_ongoing_role_and_many_dates(
    harness: BotHarness, clock: ManualClock
) -> None:
    weekly = (
        f"{ORG},Taalcafé,Samen praten,Taal,Bibliotheek Oost,"
        "2026-12-01 14:00,2026-12-01 16:00,4,weekly,2027-01-05"
    )
    parsed = parse(csv_text(weekly, header=HEADER + ",repeat,until"))
    await write_catalogue(harness.deps.db, parsed.opportunities, clock.now(), Rules())
    taalcafe = await one_id(harness, "SELECT opportunity_id FROM series")
    text = await poster_of(harness, taalcafe)
    assert "Elke dinsdag, 14:00–16:00" in text.splitlines(), text
    assert "datum" not in text and "data" not in text  # its six dates are one line

    role = await make_opportunity(
        harness.deps.db, now=harness.now(), title="Taalmaatje", ongoing=True, location=""
    )
    text = await poster_of(harness, role.opportunity_id)
    assert "Een vaste taak: je helpt vaker, bijvoorbeeld elke week." in flat(text)
    assert "Waar" not in text.splitlines()  # no place given: no "where"

    days = [(timedelta(days=d, hours=4), timedelta(hours=2), 3) for d in (3, 5, 7, 9, 11)]
    many = await make_opportunity(harness.deps.db, now=harness.now(), title="Boeken", shifts=days)
    lines = (await poster_of(harness, many.opportunity_id)).splitlines()
    assert "Zaterdag 28 november, 14:00–16:00" in lines
    assert "Maandag 30 november, 14:00–16:00" in lines
    assert "Woensdag 2 december, 14:00–16:00" in lines
    assert "en nog 2 data" in lines
    assert "Vrijdag 4 december, 14:00–16:00" not in lines


async def test_an_arabic_title_and_emoji_print(harness: BotHarness) -> None:
    arabic = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        title="القراءة للأطفال 📚",
        location="المكتبة المركزية",
        shifts=[SATURDAY],
    )
    text = await poster_of(harness, arabic.opportunity_id, "ar")
    assert "القراءة للأطفال" in text, text
    assert "المكتبة المركزية" in text
    assert "امسح الرمز بهاتفك وسجّل" in text  # the plain line, in the poster's language
    assert "متى" in text.splitlines() and "أين" in text.splitlines()

    festive = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        title="👨‍👩‍👧 Feest & <b>tuin</b> 🌻🌻 ✨",
        shifts=[SATURDAY],
    )
    t = Translator("nl", harness.deps.languages.zone)
    made = await posters.for_opportunity(
        harness.deps.db, OPERATOR, festive.opportunity_id, harness.now(), t, BOT
    )
    text = pdf_text(paper.pdf(made.poster))
    assert "Feest & <b>tuin</b>" in flat(text)  # as typed: a PDF has no markup to escape
    assert "\u200d" not in text  # the family emoji's joiners went with it
    png = paper.png(made.poster)
    assert read_qr(png) == f"https://t.me/{BOT}?start=opp_{festive.opportunity_id}"


async def test_a_title_of_emoji_only_and_a_very_long_one_still_make_a_poster(
    harness: BotHarness,
) -> None:
    long_title = "Voorlezen " * 12
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), title=long_title.strip(), shifts=[SATURDAY]
    )
    text = await poster_of(harness, made.opportunity_id)
    assert "…" in text  # cut to four lines, not off the page
    assert CALL_NL in text
    emoji = await make_opportunity(
        harness.deps.db, now=harness.now(), title="🎉🎉", shifts=[SATURDAY]
    )
    assert CALL_NL in await poster_of(harness, emoji.opportunity_id)


# -- the deployment's language --------------------------------------------------------------------
@pytest.fixture
async def english_desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotHarness]:
    """A bot whose organisation writes English (DEFAULT_LOCALE=en)."""
    settings = {"COORDINATOR_IDS": str(ADMIN), "DEFAULT_LOCALE": "en"}
    h = BotHarness(tmp_path / "en.sqlite3", clock=clock, settings=settings)
    await h.start()
    try:
        yield h
    finally:
        await h.stop(stop_api=True)


async def test_the_poster_is_in_the_organisations_language_the_captions_in_yours(
    english_desk: BotHarness,
) -> None:
    await make_opportunity(english_desk.deps.db, now=english_desk.now(), shifts=[SATURDAY])
    coco, _ = await make_coordinator(english_desk, 501, LIBRARY)  # reads Dutch
    _, pdf, _ = await poster_from_edit(coco, "Voorlezen in de bibliotheek")
    assert visible(pdf) == "🖨 De poster om te printen (A4)."
    text = pdf_text(coco.file(pdf))
    assert "Scan with your phone and sign up" in text
    assert "Saturday 28 November, 14:00–16:00" in text


def test_a_forged_start_parameter_is_read_as_no_poster_link() -> None:
    assert posters.read_link(None) is None
    assert posters.read_link("inv_abc") is None
    assert posters.read_link("opp_12") == posters.Link("opp", 12)
    assert posters.read_link("org_3") == posters.Link("org", 3)
    assert posters.read_link("opp_") == posters.Link("opp", 0)
    assert posters.read_link("org_<b>&") == posters.Link("org", 0)
    assert posters.read_link("opp_1234567890") == posters.Link("opp", 0)


async def test_invalid_is_raised_for_an_unknown_organisation(harness: BotHarness) -> None:
    t = Translator("nl", harness.deps.languages.zone)
    with pytest.raises(Invalid):
        await posters.for_organisation(harness.deps.db, OPERATOR, 999, t, BOT)
