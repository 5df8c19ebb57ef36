"""Check-in at the door: the QR code from the roster, and scanning it inside and outside the
window, as a walk-in, when full, forged, twice, for a cancelled shift, in a group, and as someone
new who agrees first.

The shift is on Saturday 28 November 2026, 14:00-16:00 in Amsterdam (13:00-15:00 UTC); the door
opens at 13:30.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from bot.services import cancellations, publishing
from bot.services.roles import Role
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import tap
from tests.support.files import read_qr
from tests.support.outbox import outbox_rows
from tests.support.people import (
    ADMIN,
    OTHER_ORG_NL,
    make_coordinator,
    make_resident,
    one,
    sign_up,
    signups_of,
)

LIBRARY = "Bibliotheek Midden"
START = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
END = START + timedelta(hours=2)
LINK = re.compile(r"^https://t\.me/meedoen_test_bot\?start=(chk_[A-Za-z0-9_-]{16})$")


async def saturday(harness: BotHarness, places: int = 3) -> int:
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[(SATURDAY[0], SATURDAY[1], places)]
    )
    return made.shift_ids[0]


async def check_in_code(coordinator: Person, shift_label: str) -> tuple[str, str]:
    """The coordinator's check-in code from the roster: the link it holds and the caption."""
    await coordinator.send("/roster")
    await coordinator.click(shift_label)
    await tap(coordinator, "📷 Incheckcode")
    photo = coordinator.last()
    assert "photo" in photo, photo
    return read_qr(coordinator.file(photo)), visible(photo)


async def payload(harness: BotHarness, places: int = 3) -> tuple[int, str]:
    """A Saturday shift and its check-in start parameter, got through the roster."""
    shift_id = await saturday(harness, places)
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    link, _ = await check_in_code(coco, f"(0/{places})")
    match = LINK.match(link)
    assert match, link
    return shift_id, match.group(1)


async def attendance(harness: BotHarness, signup_id: int) -> tuple[str | None, str | None]:
    row = await one(
        harness, "SELECT attendance, attendance_by FROM signups WHERE id = ?", signup_id
    )
    return row[0], row[1]


async def test_the_code_is_a_qr_of_a_deep_link_that_cannot_be_guessed(
    harness: BotHarness,
) -> None:
    shift_id = await saturday(harness)
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    link, caption = await check_in_code(coco, "(0/3)")
    match = LINK.match(link)
    assert match, link
    start = match.group(1)
    assert len(start) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", start)
    assert caption == (
        "📷 Inchecken voor Voorlezen in de bibliotheek, zaterdag 28 november, 14:00–16:00: "
        "scan dit met de camera van je telefoon."
    )
    # Asked again: the same code (a printed one keeps working).
    again, _ = await check_in_code(coco, "(0/3)")
    assert again == link
    # Another shift gets another code.
    other = await make_opportunity(harness.deps.db, now=harness.now(), title="Koffie")
    await coco.send("/roster")
    await coco.click("Koffie")
    await tap(coco, "📷 Incheckcode")
    assert read_qr(coco.file(coco.last())) != link

    # Another organisation's coordinator forging the button: refused, no photo.
    stranger, _ = await make_coordinator(harness, 602, "Buurthuis B")
    await stranger.send("/roster")
    answer = await stranger.click_data(f"1:krq:{shift_id}")
    assert OTHER_ORG_NL in answer["text"]
    assert not any("photo" in m for m in stranger.messages())
    # A resident forging it: only for coordinators.
    sam = await make_resident(harness, 101)
    await sam.send("/mine")
    answer = await sam.click_data(f"1:krq:{other.shift_ids[0]}")
    assert "alleen voor coördinatoren" in answer["text"]
    # A cancelled shift has no code.
    admin = Role(ADMIN, True, frozenset())
    await publishing.cancel_shift(harness.deps.db, admin, shift_id, harness.now())
    await coco.send("/roster")
    assert not any("Voorlezen" in label for label in coco.buttons())
    photos = sum("photo" in m for m in coco.messages())
    answer = await coco.click_data(f"1:krq:{shift_id}")
    assert "gesloten of afgelast" in answer["text"]
    assert sum("photo" in m for m in coco.messages()) == photos


async def test_a_volunteer_checks_in_from_half_an_hour_before_until_the_end(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id, start = await payload(harness)
    anna = await make_resident(harness, 101, "Anna")
    signup_id = await sign_up(harness, shift_id, anna)
    assert [r.kind for r in await outbox_rows(harness, recipient=101)] == [
        "reminder",
        "reminder",
        "thanks",
    ]

    # 13:29: too early, nothing changes.
    clock.set(START - timedelta(minutes=31))
    await anna.send(f"/start {start}")
    assert "Je bent vroeg! Inchecken kan vanaf 13:30." in anna.last_text()
    assert await attendance(harness, signup_id) == (None, None)

    # 13:30: the door is open.
    clock.set(START - timedelta(minutes=30))
    await anna.send(f"/start {start}")
    text = anna.last_text()
    assert "👋 Welkom! Je bent ingecheckt voor Voorlezen in de bibliotheek." in text
    assert "Fijn dat je helpt!" in text
    assert anna.buttons() == ["🏠 Menu"]
    assert await attendance(harness, signup_id) == ("came", "door")
    pending = [r.kind for r in await outbox_rows(harness, recipient=101) if r.status == "pending"]
    assert pending == ["thanks"]  # no reminder for someone who is there

    # A second scan: said kindly, nothing changes.
    at = await one(harness, "SELECT attendance_at FROM signups WHERE id = ?", signup_id)
    clock.advance(timedelta(minutes=40))
    await anna.send(f"/start {start}")
    assert "Je bent al ingecheckt voor Voorlezen in de bibliotheek. Veel plezier!" in (
        anna.last_text()
    )
    assert await one(harness, "SELECT attendance_at FROM signups WHERE id = ?", signup_id) == at

    # The roster says who checked in at the door; the coordinator can still change it.
    coco = harness.person(501, "Coco", "nl")
    await coco.send("/roster")
    await coco.click("(1/3)")
    assert "1. Anna – 📷 ingecheckt bij de deur" in coco.last_text()
    await tap(coco, "❌ Anna was er niet")
    assert await attendance(harness, signup_id) == ("no_show", "coordinator")
    # Now scanning changes nothing: the coordinator's word counts (Anna is asked to say so).
    await anna.send(f"/start {start}")
    assert "Zeg alsjeblieft tegen de coördinator dat je er bent." in anna.last_text()
    assert await attendance(harness, signup_id) == ("no_show", "coordinator")
    await tap(coco, "✅ Anna was er")
    assert "1. Anna – ✅ was er" in coco.last_text()

    # At the end the door closes.
    clock.set(END)
    await anna.send(f"/start {start}")
    assert "Deze dienst is voorbij. Inchecken kan niet meer." in anna.last_text()
    await coco.send("/roster")
    await coco.click("(1/3)")
    assert "📷 Incheckcode" not in coco.buttons()


async def test_walk_ins_while_places_are_free_then_full(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id, start = await payload(harness, places=2)
    anna = await make_resident(harness, 101, "Anna")
    await sign_up(harness, shift_id, anna)
    ben = await make_resident(harness, 102, "Ben", "en")
    cas = await make_resident(harness, 103, "Cas")

    # Before the door opens a walk-in is not signed up.
    clock.set(START - timedelta(hours=1))
    await ben.send(f"/start {start}")
    assert "You are early! You can check in from 13:30." in ben.last_text()
    assert await signups_of(harness, shift_id) == [(101, "confirmed")]

    # Ten minutes after the start: Ben walks in, signed up and marked came, no reminder.
    clock.set(START + timedelta(minutes=10))
    await ben.send(f"/start {start}")
    text = ben.last_text()
    assert "👋 Welcome! You are signed up and checked in for Voorlezen in de bibliotheek." in text
    assert "Thank you for helping!" in text
    assert await signups_of(harness, shift_id) == [(101, "confirmed"), (102, "confirmed")]
    ben_signup = (await one(harness, "SELECT id FROM signups WHERE resident_id = 102"))[0]
    assert await attendance(harness, ben_signup) == ("came", "door")
    assert [r.kind for r in await outbox_rows(harness, recipient=102)] == ["thanks"]

    # Full now: Cas gets a kind answer and is not signed up (nor waitlisted).
    await cas.send(f"/start {start}")
    assert "Sorry, deze dienst is vol. Vraag het aan de coördinator bij de deur." in (
        cas.last_text()
    )
    assert await signups_of(harness, shift_id) == [(101, "confirmed"), (102, "confirmed")]
    # Someone new is told at once, before any question: nothing stored about them.
    nina = harness.person(110, "Nina", "en")
    await nina.send(f"/start {start}")
    assert "Sorry, this shift is full. Please ask the coordinator at the door." in (
        nina.last_text()
    )
    assert tuple(await one(harness, "SELECT COUNT(*) FROM residents WHERE id = 110")) == (0,)
    # Anna, signed up before, still checks in.
    await anna.send(f"/start {start}")
    assert "Je bent ingecheckt voor" in anna.last_text()


async def test_forged_codes_a_cancelled_shift_and_a_group_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id, start = await payload(harness)
    anna = await make_resident(harness, 101, "Anna")
    signup_id = await sign_up(harness, shift_id, anna)
    clock.set(START)
    forged = (
        "chk_" + "A" * 16,
        "chk_",
        start + "x",
        start[:-1],
        "chk_" + "é" * 8,
        "chk_../../etc",
    )
    for made_up in forged:
        await anna.send(f"/start {made_up}")
        assert "Sorry, deze incheckcode werkt niet." in anna.last_text(), made_up
        assert anna.buttons() == ["🏠 Menu"]
    # A forged consent button of a check-in (someone new, made-up code): nothing but consent.
    nina = harness.person(110, "Nina", "en")
    await nina.send("/help")
    answer = await nina.click_data("1:okd:en:AAAAAAAAAAAAAAAA")
    assert answer.get("text") == "Thank you!"
    assert "this check-in code does not work" in nina.last_text()
    assert tuple(await one(harness, "SELECT COUNT(*) FROM signups WHERE resident_id = 110")) == (0,)
    assert await attendance(harness, signup_id) == (None, None)

    # In a group chat: the pointer to the private chat, nothing else.
    group = {"id": -4001, "type": "group", "title": "Vrijwilligers"}
    harness.api.chat_objects[-4001] = group
    update_id = harness.api.user_message(101, f"/start {start}", chat=group)
    await harness.handled(update_id)
    [reply] = harness.api.bot_messages(-4001)
    assert "privégesprek" in visible(reply)
    assert await attendance(harness, signup_id) == (None, None)

    # A cancelled shift: nothing changes.
    admin = Role(ADMIN, True, frozenset())
    await publishing.cancel_shift(harness.deps.db, admin, shift_id, harness.now())
    await anna.send(f"/start {start}")
    assert "Sorry, deze dienst gaat niet door." in anna.last_text()
    assert await attendance(harness, signup_id) == (None, None)
    ben = await make_resident(harness, 102, "Ben")
    await ben.send(f"/start {start}")
    assert "Sorry, deze dienst gaat niet door." in ben.last_text()
    assert await signups_of(harness, shift_id) == [(101, "confirmed")]


async def test_someone_new_agrees_first_and_is_checked_in_right_after(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id, start = await payload(harness)
    nina = harness.person(110, "Nina", "en")

    # Outside the window: a kind answer, no welcome, nothing stored.
    await nina.send(f"/start {start}")
    assert "You are early!" in nina.last_text()
    assert tuple(await one(harness, "SELECT COUNT(*) FROM residents WHERE id = 110")) == (0,)

    # Inside it: the welcome with its consent question first; nothing stored yet.
    clock.set(START - timedelta(minutes=5))
    await nina.send(f"/start {start}")
    assert "Do you agree?" in nina.last_text()
    assert tuple(await one(harness, "SELECT COUNT(*) FROM residents WHERE id = 110")) == (0,)
    # The other language, still before consent.
    await tap(nina, "🇳🇱 Nederlands")
    assert "Vind je dat goed?" in nina.last_text()
    assert tuple(await one(harness, "SELECT COUNT(*) FROM residents WHERE id = 110")) == (0,)
    await tap(nina, "✅ Ja, ik doe mee")
    text = nina.last_text()
    assert "👋 Welkom! Je doet mee en bent ingecheckt voor Voorlezen in de bibliotheek." in text
    assert tuple(await one(harness, "SELECT language FROM residents WHERE id = 110")) == ("nl",)
    assert await signups_of(harness, shift_id) == [(110, "confirmed")]
    signup_id = (await one(harness, "SELECT id FROM signups WHERE resident_id = 110"))[0]
    assert await attendance(harness, signup_id) == ("came", "door")
    # A double tap on the consent button changes nothing more.
    await nina.click_data("1:okd:nl:" + start.removeprefix("chk_"), message=nina.last())
    assert "Je bent al ingecheckt" in nina.last_text()
    assert await signups_of(harness, shift_id) == [(110, "confirmed")]

    # Someone new who says no: nothing stored, no sign-up.
    olle = harness.person(111, "Olle", "nl")
    await olle.send(f"/start {start}")
    await tap(olle, "Nee, liever niet")
    assert tuple(await one(harness, "SELECT COUNT(*) FROM residents WHERE id = 111")) == (0,)
    assert await signups_of(harness, shift_id) == [(110, "confirmed")]


async def test_a_waitlist_place_moves_up_at_the_door_when_a_place_is_free(
    harness: BotHarness, clock: ManualClock
) -> None:
    shift_id, start = await payload(harness, places=1)
    anna = await make_resident(harness, 101, "Anna")
    dora = await make_resident(harness, 104, "Dora")
    anna_signup = await sign_up(harness, shift_id, anna)
    dora_signup = await sign_up(harness, shift_id, dora, waitlist=True)
    # Anna's place is given up after the start (nobody moves up then).
    clock.set(START + timedelta(minutes=5))
    await cancellations.cancel(
        harness.deps.db,
        signup_id=anna_signup,
        resident_id=None,
        now=harness.now(),
        rules=harness.deps.rules,
    )
    assert await signups_of(harness, shift_id) == [(101, "cancelled"), (104, "waitlisted")]
    await dora.send(f"/start {start}")
    assert "Je doet mee en bent ingecheckt" in dora.last_text()
    assert await signups_of(harness, shift_id) == [(101, "cancelled"), (104, "confirmed")]
    assert await attendance(harness, dora_signup) == ("came", "door")
