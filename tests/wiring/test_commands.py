"""The command menu Telegram shows: registered at start, in Dutch and in English."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from conversations.commands import RESIDENT_COMMANDS


async def test_commands_registered_for_dutch_english_and_default(harness: BotHarness) -> None:
    calls = harness.api.calls_to("setMyCommands")
    languages = {call.params.get("language_code", "") for call in calls}
    assert {"nl", "en", ""} <= languages
    for call in calls:
        assert call.params["scope"] == {"type": "all_private_chats"}

    names = [name for name, _ in RESIDENT_COMMANDS]
    nl = {c["command"]: c["description"] for c in harness.api.commands["nl"]}
    en = {c["command"]: c["description"] for c in harness.api.commands["en"]}
    assert list(nl) == names and list(en) == names
    for name in ("find", "search", "mine", "settings", "help", "delete", "start"):
        assert name in nl
    assert nl["find"] == "Iets vinden om te doen"
    assert nl["settings"] == "Taal en berichten"
    assert nl["search"] == "Zoeken op woord"
    assert en["find"] == "Find something to do"
    assert en["search"] == "Search by word"
    # Every Dutch description is Dutch: none is left as the English source.
    assert all(nl[name] != en[name] for name in names)
    # The default (for other languages) follows DEFAULT_LOCALE, which is nl here.
    default = {c["command"]: c["description"] for c in harness.api.commands[""]}
    assert default == nl


async def test_commands_are_valid_for_telegram(harness: BotHarness) -> None:
    for commands in harness.api.commands.values():
        assert 1 <= len(commands) <= 100
        for command in commands:
            assert command["command"].islower() and len(command["command"]) <= 32
            assert 1 <= len(command["description"]) <= 256
