"""/mine: upcoming sign-ups and waitlist places, each with a cancel button that asks once."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness, visible
from bot.services import signups
from conversations.resident import mine
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import confirmation, double_tap, open_shift, removal_of, screen_text
from tests.support.people import make_resident, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam


async def test_mine_lists_and_cancels_after_asking_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    reading = await make_opportunity(db, now=clock.now(), shifts=[SATURDAY])
    park = await make_opportunity(
        db,
        now=clock.now(),
        title="Opruimen in het park",
        category="Buiten",
        shifts=[
            (timedelta(days=-2), timedelta(hours=2), 4),  # past: not listed
            (timedelta(days=6), timedelta(hours=3), 1),
        ],
    )
    kees = await make_resident(harness, 501, "Kees", "nl")
    await make_resident(harness, 502, "Lies", "nl")
    now = clock.now()
    await signups.sign_up(
        db, rules=RULES, shift_id=park.shift_ids[0], resident_id=501, now=now - timedelta(days=3)
    )
    await signups.sign_up(db, rules=RULES, shift_id=park.shift_ids[1], resident_id=502, now=now)
    await signups.sign_up(
        db, rules=RULES, shift_id=park.shift_ids[1], resident_id=501, now=now, waitlist=True
    )
    await kees.send("/mine")
    assert "Je bent nog nergens voor aangemeld" not in kees.last_text()
    await open_shift(kees)
    await kees.click("Ja, meld me aan")
    await kees.send("/mine")
    screen = kees.last_text()
    assert "Mijn aanmeldingen" in screen
    assert "✅ Voorlezen in de bibliotheek" in screen
    assert "zaterdag 28 november, 14:00–16:00" in screen
    assert "⏳ Opruimen in het park" in screen and "Op de wachtlijst, nummer 1" in screen
    assert "maandag 23 november" not in screen  # the past shift
    assert kees.buttons() == [
        "❌ Afmelden: za 28 nov · Voorlezen in de bibliotheek",
        "📅",  # the calendar file again (tests/test_calendar_button.py); none for the waitlist
        "❌ Van wachtlijst af: di 1 dec · Opruimen in het park",
        "🏠 Menu",
    ]
    # Asked once; "No" keeps it.
    await kees.click("Afmelden: za 28 nov")
    assert "Weet je zeker dat je je wilt afmelden?" in kees.last_text()
    await kees.click("Nee, niet doen")
    assert "✅ Voorlezen in de bibliotheek" in kees.last_text()
    assert (501, "confirmed") in await signups_of(harness, reading.shift_ids[0])
    # "Yes" frees the place.
    await kees.click("Afmelden: za 28 nov")
    await kees.click("Ja, meld me af")
    assert "Je plek is weer vrij" in screen_text(kees)
    # Below the screen, the file that takes the date out of the calendar: the same entry (UID)
    # as the file sent at sign-up, a cancellation.
    [event] = removal_of(kees.last(), kees).walk("VEVENT")
    assert "Tik op het bestand om deze datum uit je agenda te halen" in kees.last_text()
    assert str(event.get("uid")).startswith("signup-")
    assert "Voorlezen in de bibliotheek" not in screen_text(kees)
    assert await signups_of(harness, reading.shift_ids[0]) == [(501, "cancelled")]


async def test_mine_in_english_and_empty(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    mia = await make_resident(harness, 503, "Mia", "en")
    await mia.click("My sign-ups")
    assert "You are not signed up for anything yet." in screen_text(mia)
    assert mia.buttons() == ["🔎 Find something to do", "🏠 Menu"]
    await open_shift(mia)
    await mia.click("Yes, sign me up")
    await mia.click("My sign-ups")  # on the confirmation, above the calendar file
    assert "Saturday 28 November, 14:00–16:00" in visible(confirmation(mia)[0])
    await mia.send("/mine")
    assert "Saturday 28 November, 14:00–16:00" in mia.last_text()
    await mia.click("Cancel: Sat 28 Nov")
    assert "Are you sure you want to cancel?" in mia.last_text()
    await mia.click("Yes, cancel")
    assert "Your place is free again" in screen_text(mia)
    assert "You are not signed up for anything yet." in screen_text(mia)


async def test_forged_cancel_buttons_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    made = await make_opportunity(db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    nora = await make_resident(harness, 504, "Nora", "nl")
    otto = await make_resident(harness, 505, "Otto", "en")
    noras = await signups.sign_up(
        db, rules=RULES, shift_id=shift_id, resident_id=504, now=clock.now()
    )
    # Otto forges the buttons with Nora's sign-up id, and with ids that do not exist.
    for data in (f"1:mc:{noras.signup_id}", f"1:mx:{noras.signup_id}", "1:mx:99999", "1:mc:x"):
        answer = await otto.click_data(data)
        assert "can no longer be changed" in answer["text"]
        assert "You are not signed up for anything yet." in otto.last_text()
    assert await signups_of(harness, shift_id) == [(504, "confirmed")]
    # A cancel that comes twice (an old "Yes" button) changes nothing the second time.
    await open_shift(otto)
    await otto.click("Yes, sign me up")
    await otto.send("/mine")
    await otto.click("Cancel: Sat 28 Nov")
    await double_tap(otto, "Yes, cancel")
    assert "This was cancelled already." in screen_text(otto)
    assert await signups_of(harness, shift_id) == [(504, "confirmed"), (505, "cancelled")]
    # After the shift started, Nora cannot cancel it here any more.
    clock.advance(timedelta(days=3, hours=5))
    answer = await nora.click_data(f"1:mx:{noras.signup_id}")
    assert "kun je niet meer veranderen" in answer["text"]
    assert await signups_of(harness, shift_id) == [(504, "confirmed"), (505, "cancelled")]


async def test_mine_is_built_from_its_sections_in_order(harness: BotHarness) -> None:
    """The sections are listed once, in order: what is coming, what comes every time, ongoing
    roles and interest in them, then what was done."""
    assert (
        mine.upcoming_section,
        mine.series_section,
        mine.ongoing_section,
        mine.history_section,
    ) == mine.SECTIONS
    pia = await make_resident(harness, 506, "Pia", "en")
    await pia.send("/mine")
    assert "You are not signed up" in pia.last_text()
    assert pia.buttons()[-1] == "🏠 Menu"
