"""Finding something to do: categories, opportunities, one opportunity and its shifts.

(Placeholder: the browse flow is being built; see issue #2.)
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.i18n import Translator
from conversations.common import Context, show


async def show_opportunity(
    update: Update,
    context: Context,
    t: Translator,
    opportunity_id: int,
    *,
    new_message: bool = False,
) -> None:
    """One opportunity with its upcoming shifts (or "I am interested" for an ongoing role)."""
    await show(update, t._("What would you like to do?"), new_message=new_message)


def register(application: Application) -> None:
    pass
