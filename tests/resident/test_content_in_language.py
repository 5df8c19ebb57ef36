"""An opportunity in the reader's language: imported translations (``title_en``, ``title_ar``)
reach each resident in theirs, everywhere they read it, and everyone else the original.
Coordinators see the original. Known kinds of work are shown translated too.

The clock starts on Wednesday 25 November 2026, 10:00 in Amsterdam; the shift is on Saturday
28 November, 14:00-16:00 local.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.catalogue.reading import COLUMNS
from bot.catalogue.writing import write_catalogue
from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness, Person, visible
from bot.services import cancellations, publishing
from bot.services.roles import role_of
from tests.support.chat import confirmation, parse_ics, shown_category
from tests.support.clock import SATURDAY_1700
from tests.support.outbox import deliver_at
from tests.support.people import make_coordinator, make_resident, one, resident_in, sign_up
from tests.support.spreadsheet import ORG, csv_text, ok

RULES = Rules()
FRIDAY_1400 = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # the 24h reminder

ORIGINAL = "Voorlezen op zaterdag"
ENGLISH = "Reading <b>aloud</b> & fun 📚"  # markup, an ampersand and an emoji: shown as written
ENGLISH_ABOUT = "Read picture books to children & their parents."
ARABIC = "القراءة للأطفال 📚"
HEADER = ",".join([*COLUMNS, "title_en", "description_en", "title_ar"])
ROW = (
    f"{ORG},{ORIGINAL},Lees prentenboeken voor aan kinderen.,Voorlezen,Centrale bibliotheek,"
    f'2026-11-28 14:00,2026-11-28 16:00,3,"{ENGLISH}",{ENGLISH_ABOUT},{ARABIC}'
)


async def translated_catalogue(harness: BotHarness) -> None:
    """The opportunity, imported with an English and an Arabic title."""
    await write_catalogue(harness.deps.db, ok(csv_text(ROW, header=HEADER)), harness.now(), RULES)


async def open_card(person: Person, title: str) -> str:
    """/find, the kind of work (in the reader's language), the opportunity: the card's text."""
    await person.send("/find")
    await person.click(f"{shown_category(person, 'Voorlezen')} (1)")
    await person.click(title)
    return person.last_text()


async def test_each_reader_gets_their_language_else_the_original(harness: BotHarness) -> None:
    await translated_catalogue(harness)
    ben = await make_resident(harness, 301, "Ben", "en")
    amal = await resident_in(harness, 302, "Amal", "ar")
    tarik = await resident_in(harness, 303, "Tarık", "tr")
    anna = await make_resident(harness, 304, "Anna", "nl")

    # English: the kind of work, the list and the card in English, the markup shown as typed.
    await ben.send("/find")
    assert "Reading aloud (1)" in ben.buttons()
    await ben.click("Reading aloud (1)")
    assert ben.buttons()[0] == f"{ENGLISH} · 3 free"
    card = await open_card(ben, ENGLISH)
    assert ENGLISH in card and ENGLISH_ABOUT in card
    assert ORIGINAL not in card
    assert "Reading &lt;b&gt;aloud&lt;/b&gt; &amp; fun 📚" in ben.last()["text"]  # escaped

    # Arabic: the kind of work and the title in Arabic, the description (not translated) as
    # the original.
    await amal.send("/find")
    assert "القراءة بصوت عالٍ (1)" in amal.buttons()
    card = await open_card(amal, ARABIC)
    assert ARABIC in card and "Lees prentenboeken voor aan kinderen." in card
    assert ORIGINAL not in card

    # Turkish has no translation: the original title, the kind of work in Turkish.
    await tarik.send("/find")
    assert "Sesli okuma (1)" in tarik.buttons()
    card = await open_card(tarik, ORIGINAL)
    assert ORIGINAL in card and "Lees prentenboeken voor aan kinderen." in card

    # Dutch: the original, as typed.
    card = await open_card(anna, ORIGINAL)
    assert ORIGINAL in card and ENGLISH not in card


async def test_sign_up_calendar_mine_and_reminder_and_thanks_in_the_readers_language(
    harness: BotHarness, clock: ManualClock
) -> None:
    await translated_catalogue(harness)
    ben = await make_resident(harness, 301, "Ben", "en")
    amal = await resident_in(harness, 302, "Amal", "ar")
    tarik = await resident_in(harness, 303, "Tarık", "tr")

    await open_card(ben, ENGLISH)
    await ben.click("Sat 28 Nov 14:00–16:00")  # its one date
    assert ENGLISH in ben.last_text()
    await ben.click("Yes, sign me up")
    confirmed, document = confirmation(ben)
    assert "You are signed up!" in visible(confirmed) and ENGLISH in visible(confirmed)
    ics = parse_ics(ben.file(document))
    assert str(ics["summary"]).startswith(ENGLISH)  # the calendar entry too
    await ben.send("/mine")
    assert ENGLISH in ben.last_text() and ORIGINAL not in ben.last_text()

    shift_id = (await one(harness, "SELECT id FROM shifts ORDER BY id LIMIT 1"))[0]
    await sign_up(harness, shift_id, amal)
    await sign_up(harness, shift_id, tarik)
    await deliver_at(harness, clock, FRIDAY_1400)
    assert f"you are signed up for {ENGLISH}" in ben.last_text()
    assert ARABIC in amal.last_text() and ORIGINAL not in amal.last_text()
    assert ORIGINAL in tarik.last_text()
    # And the thank-you after it.
    await deliver_at(harness, clock, SATURDAY_1700)
    assert f"Thank you for helping at {ENGLISH}" in ben.last_text()
    assert ORIGINAL in tarik.last_text() and ARABIC in amal.last_text()


async def test_search_matches_the_readers_words_and_shows_their_title(
    harness: BotHarness,
) -> None:
    await translated_catalogue(harness)
    ben = await make_resident(harness, 301, "Ben", "en")
    await ben.send("/search")
    await ben.send("picture books")
    assert ben.buttons()[0] == ENGLISH
    anna = await make_resident(harness, 302, "Anna", "nl")
    await anna.send("/search")
    await anna.send("prentenboeken")
    assert anna.buttons()[0] == ORIGINAL


async def test_notices_alerts_and_calls_in_the_readers_language(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, _ = await make_coordinator(harness, 500, ORG, "en")
    ben = await make_resident(harness, 301, "Ben", "en")
    await translated_catalogue(harness)
    shift_id = (await one(harness, "SELECT id FROM shifts ORDER BY id LIMIT 1"))[0]
    await sign_up(harness, shift_id, ben)
    ben.new_messages()

    # The coordinator sees the original in /edit; cancelling tells Ben in English.
    await coco.send("/edit")
    assert ORIGINAL in coco.buttons()[0]
    role = await role_of(harness.deps.db, 500, frozenset())
    await publishing.cancel_shift(harness.deps.db, role, shift_id, clock.now())
    await harness.run_job("outbox")
    [notice] = ben.new_messages()
    assert "Cancelled:" in visible(notice) and ENGLISH in visible(notice)

    # A new one in a kind of work Ben likes: the alert names it, and the kind, in English.
    await ben.send("/interests")
    await ben.click("⬜ Reading aloud")
    second = ROW.replace(ORIGINAL, "Voorlezen op zondag").replace(ENGLISH, "Reading on Sunday")
    second = second.replace("2026-11-28", "2026-11-29")
    await write_catalogue(
        harness.deps.db, ok(csv_text(second, header=HEADER)), harness.now(), RULES
    )
    ben.new_messages()
    clock.advance(timedelta(hours=1))
    await harness.run_job("outbox")
    alert = ben.last_text()
    assert "Reading on Sunday" in alert and "Voorlezen op zondag" not in alert
    assert "because you like Reading aloud" in alert

    # A call for help for it: in English too; the coordinator's list shows the original.
    await coco.send("/callhelp")
    assert any("Voorlezen op zondag" in label for label in coco.buttons())
    await coco.click("3 free")
    await coco.click("Ask 1 person")
    await harness.run_job("outbox")
    call = ben.last_text()
    assert "Can you help?" in call and "Reading on Sunday" in call
    assert "because you like Reading aloud" in call


async def test_a_place_from_the_waitlist_is_told_in_the_readers_language(
    harness: BotHarness, clock: ManualClock
) -> None:
    one_place = ROW.replace("16:00,3,", "16:00,1,")
    await write_catalogue(
        harness.deps.db, ok(csv_text(one_place, header=HEADER)), harness.now(), RULES
    )
    shift_id = (await one(harness, "SELECT id FROM shifts ORDER BY id LIMIT 1"))[0]
    anna = await make_resident(harness, 301, "Anna", "nl")
    ben = await make_resident(harness, 302, "Ben", "en")
    first = await sign_up(harness, shift_id, anna)
    await sign_up(harness, shift_id, ben, waitlist=True)
    ben.new_messages()
    await cancellations.cancel(
        harness.deps.db, signup_id=first, resident_id=anna.id, now=clock.now(), rules=RULES
    )
    await harness.run_job("outbox")
    promoted = ben.last_text()
    assert "Good news!" in promoted and ENGLISH in promoted and ORIGINAL not in promoted
