"""The first minute: welcome, consent, the menu, help, and nothing stored before consent."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from bot.store import residents
from conversations.commands import RESIDENT_COMMANDS
from tests.support.people import make_resident


async def test_welcome_asks_consent_and_stores_nothing_before(harness: BotHarness) -> None:
    anna = harness.person(101, "Anna", "nl")
    [welcome] = await anna.send("/start")
    assert "Welkom bij Meedoen" in anna.last_text()
    assert "/delete" in anna.last_text()
    assert anna.buttons(welcome)[0].startswith("✅ Ja")
    async with harness.deps.db.read() as conn:
        assert await residents.get(101, conn=conn) is None
    await anna.click("Ja, ik doe mee")
    assert "Wat wil je doen?" in anna.last_text()
    async with harness.deps.db.read() as conn:
        stored = await residents.get(101, conn=conn)
    assert stored is not None and stored.language == "nl" and stored.first_name == "Anna"


async def test_english_reader_gets_english(harness: BotHarness) -> None:
    ben = harness.person(102, "Ben", "en")
    await ben.send("/start")
    assert "Welcome to Meedoen" in ben.last_text()
    await ben.click("Yes, I agree")
    assert "What would you like to do?" in ben.last_text()


async def test_cancel_with_nothing_going_on_says_so_with_a_way_back(harness: BotHarness) -> None:
    cas = harness.person(103, "Cas", "nl")
    await cas.send("/start")
    await cas.click("Ja, ik doe mee")
    [reply] = await cas.send("/cancel")
    assert "Er is nu niets om te stoppen." in cas.last_text()
    assert cas.buttons(reply) == ["🏠 Menu"]
    # While a search waits for a word, /cancel belongs to the search: one answer, not two.
    await cas.send("/search")
    replies = await cas.send("/cancel")
    assert len(replies) == 1 and "niets om te stoppen" not in cas.last_text()


async def test_help_names_every_command_of_the_menu(harness: BotHarness) -> None:
    """/help and Telegram's command menu say the same: an idea and one's data are findable."""
    ben = await make_resident(harness, 311, "Ben", "en")
    await ben.send("/help")
    text = ben.last_text()
    for command, _ in RESIDENT_COMMANDS:
        if command not in ("help", "start"):
            assert f"/{command} – " in text, command
    assert "/idea – share an idea for the library" in text
    assert ben.buttons() == ["🏠 Menu"]
