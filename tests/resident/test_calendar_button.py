"""📅: the calendar file again, from /mine and under the waitlist-place and moved-shift notices.

Only the resident's own confirmed sign-up for a shift still to come gets a file; anything else
(someone else's id, a cancelled or waitlisted one, a past shift, garbage) gets a short answer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness, Person
from bot.services import cancellations, publishing
from bot.services.roles import Role
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import open_shift
from tests.support.people import make_resident, sign_up

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

SAT_START = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)  # Saturday 14:00 in Amsterdam
SAT_END = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
GONE_NL = "Deze aanmelding is er niet meer."
GONE_EN = "This sign-up is no longer there."
TWO_PLACES = (SATURDAY[0], SATURDAY[1], 2)
ONE_PLACE_LATER = (timedelta(days=6), timedelta(hours=3), 1)  # Tuesday 1 December
ONE_PLACE_SOON = (timedelta(hours=2), timedelta(hours=1), 1)  # today, in two hours


async def shifts(harness: BotHarness, *wanted: tuple[timedelta, timedelta, int]) -> list[int]:
    """The ids of new shifts of one opportunity ("Voorlezen in de bibliotheek")."""
    made = await make_opportunity(harness.deps.db, now=harness.now(), shifts=list(wanted))
    return made.shift_ids


def event(person: Person, document: dict[str, Any]) -> dict[str, Any]:
    """The one event of a calendar file the person got."""
    [found] = Calendar.from_ical(person.file(document)).walk("VEVENT")
    return {
        "uid": str(found.get("uid")),
        "start": found.decoded("dtstart"),
        "end": found.decoded("dtend"),
        "stamp": found.decoded("dtstamp"),
        "sequence": int(found.get("sequence", 0)),
        "summary": str(found.get("summary")),
    }


def rows(message: dict[str, Any]) -> list[list[str]]:
    """The button labels of a message, row by row."""
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [[button["text"] for button in row] for row in keyboard]


def _data(message: dict[str, Any]) -> list[tuple[str, str]]:
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(button["text"], button.get("callback_data", "")) for row in keyboard for button in row]


def message_with(person: Person, text: str) -> dict[str, Any]:
    return next(m for m in reversed(person.messages()) if text in (m.get("text") or ""))


async def tap_calendar(person: Person, label: str, message: dict[str, Any]) -> dict[str, Any]:
    """Tap the calendar button; the answer must be silent and a file must follow."""
    before = len(person.documents())
    answered = await person.click(label, message)
    assert not answered.get("text"), answered
    assert len(person.documents()) == before + 1
    return person.documents()[-1]


async def refused(
    person: Person, data: str, text: str, message: dict[str, Any] | None = None
) -> None:
    """Tapping (forged or stale) ``data`` gets the short answer ``text`` and no file."""
    before = len(person.documents())
    answered = await person.click_data(data, message)
    assert answered["text"] == text
    assert len(person.documents()) == before


async def test_mine_sends_the_calendar_file_again_in_dutch(
    harness: BotHarness, clock: ManualClock
) -> None:
    [shift_id] = await shifts(harness, SATURDAY)
    anna = await make_resident(harness, 601, "Anna", "nl")
    await open_shift(anna)
    await anna.click("Ja, meld me aan")
    [first] = anna.documents()
    await anna.send("/mine")
    screen = anna.last()
    assert rows(screen) == [
        ["❌ Afmelden: za 28 nov · Voorlezen in de bibliotheek", "📅"],
        ["🏠 Menu"],
    ]
    assert "Tik op 📅 om de datum in je agenda te zetten." in anna.last_text()
    clock.advance(timedelta(minutes=30))
    again = await tap_calendar(anna, "📅", screen)
    assert again["document"]["file_name"] == f"meedoen-{shift_id}.ics"
    assert "agenda" in again["caption"]
    entry, original = event(anna, again), event(anna, first)
    assert (entry["start"], entry["end"]) == (SAT_START, SAT_END)
    assert "Voorlezen in de bibliotheek" in entry["summary"]
    assert entry["uid"] == original["uid"]  # one entry in the phone's calendar, not two
    assert entry["sequence"] > original["sequence"] and entry["stamp"] > original["stamp"]
    # The /mine screen stays as it was; a second tap sends a second copy, without error.
    await tap_calendar(anna, "📅", screen)
    assert rows(anna.messages()[-3]) == rows(screen)


async def test_mine_in_english_and_no_calendar_for_a_waitlist_place(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    saturday, tuesday = await shifts(harness, SATURDAY, ONE_PLACE_LATER)
    ben = await make_resident(harness, 602, "Ben", "en")
    await make_resident(harness, 603, "Cas")
    saturday_place = await sign_up(harness, saturday, 602)
    await sign_up(harness, tuesday, 603)
    await sign_up(harness, tuesday, 602, waitlist=True)
    await ben.send("/mine")
    screen = ben.last()
    assert rows(screen) == [
        ["❌ Cancel: Sat 28 Nov · Voorlezen in de bibliotheek", "📅"],
        ["❌ Leave waitlist: Tue 1 Dec · Voorlezen in de bibliotheek"],
        ["🏠 Menu"],
    ]
    assert "Tap 📅 to put the date in your calendar." in ben.last_text()
    document = await tap_calendar(ben, "📅", screen)
    assert "calendar" in document["caption"]
    assert (event(ben, document)["start"], event(ben, document)["end"]) == (SAT_START, SAT_END)
    # Only a waitlist place: no 📅, and no line about it.
    await cancellations.cancel(
        db, rules=RULES, signup_id=saturday_place, resident_id=602, now=clock.now()
    )
    await ben.send("/mine")
    assert rows(ben.last()) == [
        ["❌ Leave waitlist: Tue 1 Dec · Voorlezen in de bibliotheek"],
        ["🏠 Menu"],
    ]
    assert "📅" not in ben.last_text()


async def test_a_place_from_the_waitlist_comes_with_the_calendar_button(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    [shift_id] = await shifts(harness, TWO_PLACES)
    for resident_id in (611, 612):
        await make_resident(harness, resident_id, "Vol")
    dirk = await make_resident(harness, 613, "Dirk", "nl")
    emma = await make_resident(harness, 614, "Emma", "en")
    taken = [await sign_up(harness, shift_id, resident_id) for resident_id in (611, 612)]
    for resident_id in (613, 614):
        await sign_up(harness, shift_id, resident_id, waitlist=True)
    for signup_id, resident_id in zip(taken, (611, 612), strict=True):
        await cancellations.cancel(
            db, rules=RULES, signup_id=signup_id, resident_id=resident_id, now=clock.now()
        )
    await harness.run_job("outbox")
    for person, lead, label, caption in (
        (dirk, "Goed nieuws", "📅 Zet in agenda", "agenda"),
        (emma, "Good news", "📅 Add to calendar", "calendar"),
    ):
        told = message_with(person, lead)
        assert rows(told) == [[label]]
        document = await tap_calendar(person, label, told)
        assert caption in document["caption"]
        entry = event(person, document)
        assert (entry["start"], entry["end"]) == (SAT_START, SAT_END)
    # Once the shift has started, the old button gives a kind answer and no file.
    clock.advance(timedelta(days=4))
    for person, label, gone in (
        (dirk, "Zet in agenda", GONE_NL),
        (emma, "Add to calendar", GONE_EN),
    ):
        files = len(person.documents())
        answered = await person.click(label)
        assert answered["text"] == gone and len(person.documents()) == files


async def test_a_moved_shift_comes_with_a_file_that_updates_the_entry(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    [shift_id] = await shifts(harness, TWO_PLACES)
    anna = await make_resident(harness, 621, "Anna", "nl")
    await open_shift(anna)
    await anna.click("Ja, meld me aan")
    [first] = anna.documents()
    ben = await make_resident(harness, 622, "Ben", "en")
    await sign_up(harness, shift_id, 622)
    cas = await make_resident(harness, 623, "Cas", "nl")
    await sign_up(harness, shift_id, 623, waitlist=True)
    clock.advance(timedelta(hours=2))
    new_start = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # Sunday 10:00 in Amsterdam
    admin = Role(user_id=900, is_admin=True, organisation_ids=frozenset())
    told = await publishing.move_shift(
        db,
        admin,
        shift_id,
        new_start,
        new_start + timedelta(hours=3),
        clock.now(),
        harness.deps.rules,
    )
    assert told == 3
    await harness.run_job("outbox")

    notice = message_with(anna, "Andere tijd")
    assert rows(notice) == [["📅 Zet in agenda"], ["📋 Mijn aanmeldingen"]]
    moved = event(anna, await tap_calendar(anna, "Zet in agenda", notice))
    original = event(anna, first)
    assert (moved["start"], moved["end"]) == (new_start, new_start + timedelta(hours=3))
    assert moved["uid"] == original["uid"]
    assert moved["sequence"] > original["sequence"] and moved["stamp"] > original["stamp"]

    notice = message_with(ben, "Changed time")
    assert rows(notice) == [["📅 Add to calendar"], ["📋 My sign-ups"]]
    entry = event(ben, await tap_calendar(ben, "Add to calendar", notice))
    assert entry["start"] == new_start
    # Cas waits on the waitlist: nothing in a calendar yet, so no button for it.
    assert rows(message_with(cas, "Andere tijd")) == [["📋 Mijn aanmeldingen"]]


async def test_forged_or_stale_calendar_buttons_send_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    later, soon = await shifts(harness, SATURDAY, ONE_PLACE_SOON)
    kees = await make_resident(harness, 631, "Kees", "nl")
    lies = await make_resident(harness, 632, "Lies", "en")
    mine = await sign_up(harness, later, 631)
    soon_mine = await sign_up(harness, soon, 631)
    waiting = await sign_up(harness, soon, 632, waitlist=True)
    await kees.send("/mine")
    screen = kees.last()
    assert [data for label, data in _data(screen) if label == "📅"] == [
        f"1:cal:{soon_mine}",
        f"1:cal:{mine}",
    ]
    # Someone else's sign-up: Lies gets no file of Kees's shift.
    await refused(lies, f"1:cal:{mine}", GONE_EN)
    # A waitlist place, an unknown id, and garbage of the right shape.
    await refused(lies, f"1:cal:{waiting}", GONE_EN)
    for data in ("1:cal:999999", "1:cal:abc", "1:cal:99999999999999999"):
        await refused(kees, data, GONE_NL)
    # Data nobody made (no version, too few or too many arguments): the stale-button answer.
    for data in (f"cal:{mine}", "1:cal", "1:cal:0:7"):
        await refused(kees, data, "Deze knop werkt niet meer. Typ /start om opnieuw te beginnen.")
    # A cancelled sign-up: the old /mine screen's 📅 does nothing.
    await cancellations.cancel(db, rules=RULES, signup_id=mine, resident_id=631, now=clock.now())
    await refused(kees, f"1:cal:{mine}", GONE_NL, screen)
    # A shift that has started.
    clock.advance(timedelta(hours=3))
    await refused(kees, f"1:cal:{soon_mine}", GONE_NL)
    # Someone who never said yes gets the welcome screen, not a file.
    stranger = harness.person(639, "Noor", "nl")
    await stranger.send("/start")
    await stranger.click_data(f"1:cal:{soon_mine}")
    assert stranger.documents() == []
    assert "Welkom" in stranger.last_text()
    assert not any("went wrong" in (m.get("text") or "") for m in kees.messages())
