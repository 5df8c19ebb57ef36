"""🔕 under a broadcast: no more news and calls for help from organisers (and 🔔 back on)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.services import broadcasts
from conversations import actions
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    callback_number,
    keyboard,
    show,
    translator,
    user_id,
)

log = logging.getLogger(__name__)

Rows = list[list[tuple[str, str]]]


async def on_stop_receiving(update: Update, context: Context) -> None:
    """🔕 under a broadcast (NEWS 0), or 🔔 to turn them back on (NEWS 1)."""
    value = callback_number(update, 0)
    t = await translator(update, context)
    if value not in (0, 1):
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    on = value == 1
    if not await broadcasts.set_receiving(context.deps.db, user_id(update), on):
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    log.info("resident %s turned broadcasts %s", user_id(update), "on" if on else "off")
    await answer(update, t._("Saved."))
    if on:
        text = t._("🔔 You get news and calls for help from the organisers again.")
        rows: Rows = [[(t._("⚙️ Settings"), actions.SETTINGS.data())]]
    else:
        text = t._(
            "🔕 You will get no more news or calls for help from the organisers. "
            "You can turn them on again in /settings."
        )
        rows = [[(t._("🔔 Turn them on again"), actions.NEWS.data(1))]]
    await show(update, text, keyboard(*rows), new_message=True)
