"""/settings: language and what a resident wants to receive, by buttons, in both languages."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from bot.store import residents
from conversations.actions import pack
from tests.support.chat import double_tap
from tests.support.people import make_resident


async def stored(harness: BotHarness, uid: int) -> tuple[str | None, dict[str, bool]]:
    async with harness.deps.db.read() as conn:
        resident = await residents.get(uid, conn=conn)
        prefs = await residents.preferences(uid, conn=conn)
    return (resident.language if resident else None), prefs


async def test_settings_show_current_choices_in_dutch(harness: BotHarness) -> None:
    anna = await make_resident(harness, 201, "Anna", "nl")
    await anna.send("/settings")
    text = anna.last_text()
    assert "Instellingen" in text
    assert "Taal: 🇳🇱 Nederlands" in text
    assert "Herinneringen: aan" in text
    assert "Bedankje: aan" in text
    assert "Nieuws: aan" in text
    assert "✅ 🇳🇱 Nederlands" in anna.buttons()
    assert any("Menu" in label for label in anna.buttons())


async def test_menu_button_opens_settings(harness: BotHarness) -> None:
    ben = await make_resident(harness, 202, "Ben", "en")
    await ben.click("Settings")
    assert "Settings" in ben.last_text()
    assert "Language: 🇳🇱 Nederlands" not in ben.last_text()
    assert "Language: 🇬🇧 English" in ben.last_text()
    await ben.click("Menu")
    assert "What would you like to do?" in ben.last_text()


async def test_language_change_rerenders_in_new_language(harness: BotHarness) -> None:
    anna = await make_resident(harness, 203, "Anna", "nl")
    await anna.send("/settings")
    reply = await anna.click("English")
    assert reply.get("text") == "Saved."
    assert "Settings" in anna.last_text()
    assert "Reminders: on" in anna.last_text()
    assert (await stored(harness, 203))[0] == "en"
    # The menu now speaks English too.
    await anna.click("Menu")
    assert "What would you like to do?" in anna.last_text()
    await anna.send("/settings")
    reply = await anna.click("Nederlands")
    assert reply.get("text") == "Opgeslagen."
    assert "Taal: 🇳🇱 Nederlands" in anna.last_text()
    assert (await stored(harness, 203))[0] == "nl"


async def test_toggles_turn_off_and_on_and_double_tap_changes_nothing(
    harness: BotHarness,
) -> None:
    ben = await make_resident(harness, 204, "Ben", "en")
    await ben.send("/settings")
    await double_tap(ben, "Reminders: Turn off")  # the old button again: not toggled back
    assert "Reminders: off" in ben.last_text()
    assert (await stored(harness, 204))[1]["reminders_on"] is False
    await ben.click("Thank-you: Turn off")
    await ben.click("News: Turn off")
    assert "Thank-you: off" in ben.last_text() and "News: off" in ben.last_text()
    _, prefs = await stored(harness, 204)
    assert prefs == {"reminders_on": False, "thanks_on": False, "broadcasts_on": False}
    await ben.click("Reminders: Turn on")
    assert (await stored(harness, 204))[1]["reminders_on"] is True
    assert "Reminders: on" in ben.last_text()


async def test_forged_setting_changes_nothing(harness: BotHarness) -> None:
    anna = await make_resident(harness, 205, "Anna", "nl")
    await anna.send("/settings")
    before = await stored(harness, 205)
    for data in (pack("set", "lang", "de"), pack("set", "rem", "7"), pack("set", "zz", "1")):
        reply = await anna.click_data(data)
        assert "werkt niet meer" in reply.get("text", "")
    assert await stored(harness, 205) == before


async def test_settings_before_consent_ask_first(harness: BotHarness) -> None:
    """/settings before consent asks for it, then shows the settings; a forged settings button
    stores nothing."""
    cas = harness.person(206, "Cas", "nl")
    await cas.send("/settings")
    assert "Eerst één vraag" in cas.last_text() and "Vind je dat goed?" in cas.last_text()
    assert (await stored(harness, 206))[0] is None
    consent_screen = cas.last()
    await cas.click_data(pack("set", "lang", "en"))
    assert (await stored(harness, 206))[0] is None
    await cas.click("Ja, ik doe mee", consent_screen)
    assert "⚙️ Instellingen" in cas.last_text()
    assert (await stored(harness, 206))[0] is not None
