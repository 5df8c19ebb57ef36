"""/find: categories → opportunities (paged) → one opportunity → its shifts → sign up, with .ics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.store import catalogue
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import confirmation, open_dates, parse_ics
from tests.support.people import make_resident, signups_of


async def test_find_and_sign_up_in_dutch(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 201, "Anna", "nl")
    await anna.send("/find")
    assert "Kies een onderwerp" in anna.last_text()
    await anna.click("Voorlezen (1)")
    assert anna.buttons()[0] == "Voorlezen in de bibliotheek · 3 vrij"
    await anna.click("Voorlezen in de bibliotheek")
    screen = anna.last_text()
    assert "Lees kinderen voor op woensdagmiddag." in screen
    assert "Bibliotheek Midden" in screen and "Stationsplein 1" in screen
    assert "zaterdag 28 november, 14:00–16:00" in screen
    assert anna.buttons()[0] == "za 28 nov 14:00–16:00 · 3 vrij"
    await anna.click("za 28 nov")
    assert "Wil je je hiervoor aanmelden?" in anna.last_text()
    await anna.click("Ja, meld me aan")
    confirmed, document = confirmation(anna)
    seen = confirmed["text"]
    assert "Je bent aangemeld!" in seen
    assert "zaterdag 28 november, 14:00–16:00" in seen
    assert document["document"]["file_name"] == f"meedoen-{made.shift_ids[0]}.ics"
    assert "agenda" in document["caption"]
    ics = parse_ics(anna.file(document))
    assert ics["start"] == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
    assert ics["end"] == datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    assert "Voorlezen in de bibliotheek" in str(ics["summary"])
    assert "Stationsplein 1" in str(ics["location"])
    assert await signups_of(harness, made.shift_ids[0]) == [(201, "confirmed")]
    # The list now says so, and the free places went down.
    await anna.send("/find")
    await anna.click("Voorlezen (1)")
    assert anna.buttons()[0] == "Voorlezen in de bibliotheek · 2 vrij"
    await anna.click("Voorlezen in de bibliotheek")
    assert anna.buttons()[0].startswith("✅ za 28 nov 14:00–16:00 · je bent aangemeld")


async def test_find_and_sign_up_in_english(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    ben = await make_resident(harness, 202, "Ben", "en")
    await ben.click("Find something to do")
    assert "Choose a theme" in ben.last_text()
    await ben.click("Reading aloud (1)")  # the kind of work in his language
    assert ben.buttons()[0] == "Voorlezen in de bibliotheek · 3 free"
    await ben.click("Voorlezen in de bibliotheek")
    assert "Saturday 28 November, 14:00–16:00" in ben.last_text()
    await ben.click("Sat 28 Nov 14:00–16:00")
    assert "Do you want to sign up for this?" in ben.last_text()
    await ben.click("Yes, sign me up")
    confirmed, document = confirmation(ben)
    assert "You are signed up!" in confirmed["text"]
    assert "Saturday 28 November, 14:00–16:00" in confirmed["text"]
    assert "calendar" in document["caption"]
    ics = parse_ics(ben.file(document))
    assert ics["start"] == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
    assert await signups_of(harness, made.shift_ids[0]) == [(202, "confirmed")]
    # After a first sign-up the interests screen is offered once (conversations.interests).
    assert ben.last() is not document
    assert not any("went wrong" in (m.get("text") or "") for m in ben.messages())


async def test_more_than_eight_opportunities_are_paged(
    harness: BotHarness, clock: ManualClock
) -> None:
    for number in range(1, 11):
        await make_opportunity(
            harness.deps.db,
            now=clock.now(),
            title=f"Klus {number:02d}",
            category="Klussen",
            shifts=[(timedelta(days=number), timedelta(hours=2), number)],
        )
    cas = await make_resident(harness, 203, "Cas", "nl")
    await cas.send("/find")
    await cas.click("Klussen (10)")
    first = cas.buttons()
    assert [b for b in first if b.startswith("Klus")] == [
        f"Klus {n:02d} · {n} vrij" for n in range(1, 9)
    ]
    assert "Volgende ▶️" in first and not any("Vorige" in b for b in first)
    assert "Pagina 1 van 2" in cas.last_text()
    await cas.click("Volgende")
    second = cas.buttons()
    assert [b for b in second if b.startswith("Klus")] == ["Klus 09 · 9 vrij", "Klus 10 · 10 vrij"]
    assert "◀️ Vorige" in second and not any("Volgende" in b for b in second)
    await cas.click("Vorige")
    assert "Klus 01 · 1 vrij" in cas.buttons()
    # Back and Menu are on every screen.
    await cas.click("Terug")
    assert "Kies een onderwerp" in cas.last_text()
    await cas.click("Menu")
    assert "Wat wil je doen?" in cas.last_text()


async def test_past_shifts_and_closed_offers_are_never_offered(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Past shifts and closed offers are not listed, and forged buttons for them change nothing."""
    db = harness.deps.db
    mixed = await make_opportunity(
        db,
        now=clock.now(),
        title="Opruimen in het park",
        category="Buiten",
        shifts=[
            (timedelta(days=-1), timedelta(hours=2), 5),
            (timedelta(hours=-1), timedelta(hours=3), 5),  # started an hour ago
            (timedelta(days=4), timedelta(hours=2), 5),
        ],
    )
    over = await make_opportunity(
        db,
        now=clock.now(),
        title="Kerstmarkt",
        category="Feest",
        shifts=[(timedelta(days=-3), timedelta(hours=2), 5)],
    )
    closed = await make_opportunity(db, now=clock.now(), title="Gesloten", category="Feest")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE opportunities SET status = 'closed' WHERE id = ?", (closed.opportunity_id,)
        )
    dina = await make_resident(harness, 204, "Dina", "nl")
    await dina.send("/find")
    assert dina.buttons() == ["Buiten (1)", "🔤 Zoek op woord", "🏠 Menu"]
    await dina.click("Buiten (1)")
    await dina.click("Opruimen in het park")
    dates = [b for b in dina.buttons() if "vrij" in b]
    assert dates == ["zo 29 nov 10:00–12:00 · 5 vrij"]
    # A forged or old button for a past shift changes nothing.
    await dina.click_data(f"1:su:{mixed.shift_ids[0]}")
    assert "niet meer beschikbaar" in dina.last_text()
    await dina.click_data(f"1:sc:{mixed.shift_ids[1]}")
    assert "niet meer beschikbaar" in dina.last_text()
    assert await signups_of(harness, mixed.shift_ids[0]) == []
    assert await signups_of(harness, mixed.shift_ids[1]) == []
    # An opportunity whose dates are all past says so kindly, with a way back.
    await dina.send(f"/start opp_{over.opportunity_id}")
    assert "geen data gepland" in dina.last_text()
    assert "⬅️ Terug" in dina.buttons() and "🏠 Menu" in dina.buttons()
    # A closed one is no longer available.
    await dina.send(f"/start opp_{closed.opportunity_id}")
    assert "niet meer beschikbaar" in dina.last_text()
    # And a shift that was open goes away once it starts.
    clock.advance(timedelta(days=5))
    await dina.send("/find")
    assert "Er staat nu niets open" in dina.last_text()


async def test_nothing_open_says_so_in_english(harness: BotHarness) -> None:
    eve = await make_resident(harness, 205, "Eve", "en")
    await eve.send("/find")
    assert "There is nothing open right now" in eve.last_text()
    assert eve.buttons() == ["🏠 Menu"]


async def test_without_consent_find_browses_and_a_sign_up_asks_first(
    harness: BotHarness, clock: ManualClock
) -> None:
    """/find without consent browses; a (stale or forged) sign-up tap asks for consent first."""
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    fay = harness.person(206, "Fay", "nl")
    await fay.send("/find")
    assert "Kies een onderwerp" in fay.last_text()
    # An old button from someone who has not (or no longer) consented: the question first.
    await fay.click_data(f"1:sc:{made.shift_ids[0]}")
    assert "Eerst één vraag" in fay.last_text() and "Vind je dat goed?" in fay.last_text()
    assert await signups_of(harness, made.shift_ids[0]) == []
    gus = harness.person(207, "Gus", "en")
    await gus.send("/mine")
    assert "One question first" in gus.last_text() and "Do you agree?" in gus.last_text()


async def test_texts_from_the_spreadsheet_are_escaped(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        title="<b>Taal & koffie</b>",
        organisation="Stichting <Samen>",
        description="Praat mee <script>alert(1)</script> & drink koffie.",
        location="Zaal 'A' > B",
        category="Taal & cultuur",
        shifts=[SATURDAY],
    )
    hans = await make_resident(harness, 208, "Hans", "nl")
    await hans.send("/find")
    await hans.click("Taal & cultuur")
    await hans.click("<b>Taal & koffie</b>")
    shown = hans.last_text()
    assert "<b>Taal & koffie</b>" in shown
    assert "<script>alert(1)</script> & drink koffie." in shown
    assert "Stichting <Samen>" in shown and "Zaal 'A' > B" in shown
    await hans.click("za 28 nov")
    await hans.click("Ja, meld me aan")
    assert "Je bent aangemeld!" in confirmation(hans)[0]["text"]


async def test_forged_browse_buttons_get_a_polite_answer(harness: BotHarness) -> None:
    ivo = await make_resident(harness, 209, "Ivo", "nl")
    await ivo.click_data("1:opp:99999")
    assert "niet meer beschikbaar" in ivo.last_text()
    await ivo.click_data("1:sh:abc:0")
    assert "niet meer beschikbaar" in ivo.last_text()
    await ivo.click_data("1:ol:424242:7")
    assert "Er staat nu niets open in dit onderwerp" in ivo.last_text()
    answer = await ivo.click_data("1:ri:99999")
    assert answer  # every tap is answered
    assert "niet meer beschikbaar" in ivo.last_text()


async def test_shift_list_is_paged_too(harness: BotHarness, clock: ManualClock) -> None:
    shifts = [(timedelta(days=d, hours=1), timedelta(hours=1), 2) for d in range(1, 11)]
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=shifts)
    jan = await make_resident(harness, 210, "Jan", "en")
    await open_dates(jan)
    assert len([b for b in jan.buttons() if "free" in b]) == 8
    await jan.click("Next")
    assert len([b for b in jan.buttons() if "free" in b]) == 2
    assert "Page 2 of 2" in jan.last_text()
    async with harness.deps.db.transaction() as conn:
        await catalogue.shift(
            opportunity_id=made.opportunity_id,
            starts_at=clock.now() + timedelta(hours=5),
            ends_at=clock.now() + timedelta(hours=6),
            capacity=1,
            conn=conn,
        )
    await jan.click("Previous")
    assert jan.buttons()[0].startswith("Wed 25 Nov 15:00–16:00")


async def test_a_deep_link_opens_the_opportunity_at_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A deep link shows its opportunity at once, also to someone new (consent is asked at the
    sign-up); an old welcome's consent button that carries an opportunity still leads there."""
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    kai = harness.person(211, "Kai", "en")
    await kai.send(f"/start opp_{made.opportunity_id}")
    assert "Welcome to Meedoen" in kai.last_text()
    assert "Voorlezen in de bibliotheek" in kai.last_text()
    assert "Next time: Saturday 28 November, 14:00–16:00" in kai.last_text()
    await kai.click("Sat 28 Nov")
    await kai.click("Yes, sign me up")
    assert await signups_of(harness, made.shift_ids[0]) == []
    await kai.click("Yes, I agree")
    assert await signups_of(harness, made.shift_ids[0]) == [(211, "confirmed")]
    # A welcome sent before look-first, whose "Yes" carries the opportunity: there after consent.
    lea = harness.person(212, "Lea", "nl")
    await lea.send("/start")
    await lea.click_data(f"1:ok:nl:{made.opportunity_id}")
    assert "Voorlezen in de bibliotheek" in lea.last_text()
