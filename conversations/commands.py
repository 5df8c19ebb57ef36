"""The commands in Telegram's menu: what residents see, and what coordinators see besides."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats

from bot.config import SUPPORTED_LOCALES
from bot.i18n import N_, Languages

# The commands shown in Telegram's menu, in the order a resident needs them.
RESIDENT_COMMANDS = [
    ("find", N_("Find something to do")),
    ("search", N_("Search by word")),
    ("mine", N_("My sign-ups and hours")),
    ("ask", N_("Ask a person a question")),
    ("idea", N_("Share an idea")),
    ("settings", N_("Language and messages")),
    ("help", N_("What can I do here?")),
    ("mydata", N_("See my data")),
    ("delete", N_("Erase my data")),
    ("start", N_("Start again")),
]


async def offer_resident_commands(bot: Bot, languages: Languages) -> None:
    """The resident menu in each language, and in the default language for everyone else."""
    for language in SUPPORTED_LOCALES:
        t = languages.reader(language)
        commands = [BotCommand(name, t._(text)) for name, text in RESIDENT_COMMANDS]
        await bot.set_my_commands(
            commands, scope=BotCommandScopeAllPrivateChats(), language_code=language
        )
    t = languages.reader(None)
    await bot.set_my_commands(
        [BotCommand(name, t._(text)) for name, text in RESIDENT_COMMANDS],
        scope=BotCommandScopeAllPrivateChats(),
    )
