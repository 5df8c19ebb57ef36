"""The typed context every handler and job gets: ``context.deps`` is what it needs.

PTB makes a :class:`BotData` for the application (``ContextTypes(bot_data=BotData)``) and the
wiring puts the one :class:`~bot.deps.Deps` into it before the bot starts; no string keys.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackContext, ExtBot

from bot.deps import Deps
from bot.outbox.letters import Priority


class BotData:
    """``application.bot_data``: empty when PTB makes it; the wiring sets :attr:`deps`."""

    deps: Deps


class Context(CallbackContext[ExtBot[Priority], dict[Any, Any], dict[Any, Any], BotData]):
    """PTB's callback context, with the bot's dependencies typed."""

    @property
    def deps(self) -> Deps:
        return self.bot_data.deps
