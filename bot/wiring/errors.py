"""The global error handler: a kind sentence for the person, the detail for the log, and a
note to the administrators (ids and the error's kind; at most one per kind an hour)."""

from __future__ import annotations

import logging

from telegram import Update

from conversations.ui.context import Context
from conversations.ui.replying import translator

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """The person gets a short sentence; the log gets ids and the error, never message text."""
    error = context.error
    user = update.effective_user if isinstance(update, Update) else None
    user_id = user.id if user else None
    log.error("error handling update for user %s: %r", user_id, error, exc_info=error)
    await _tell_administrators(update, context, user_id)
    if (
        isinstance(update, Update)
        and update.effective_chat
        and update.effective_chat.type == "private"
    ):
        try:
            t = await translator(update, context)
            await update.effective_chat.send_message(
                t._("Sorry, something went wrong on our side. Please try again in a moment.")
            )
            if update.callback_query:
                await update.callback_query.answer()
        except Exception:  # telling the person is best effort
            log.warning("could not tell user %s about the error", user_id)


async def _tell_administrators(update: object, context: Context, user_id: int | None) -> None:
    deps = context.deps
    try:
        planned = await deps.error_reports.report(
            deps.db,
            kind=type(context.error).__name__,
            user_id=user_id,
            update_id=update.update_id if isinstance(update, Update) else None,
            administrators=deps.settings.coordinator_ids,
            now=deps.clock.now(),
        )
    except Exception:  # the database may be what failed: the log has it already
        log.warning("could not plan the error report for the administrators")
        return
    if planned:
        deps.kick()
