"""The face of the bot: one module per flow. Reads updates, calls services, renders screens.

No SQL and no business rules here; those live in ``bot/``.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)


def register_all(application: Application) -> None:
    """Every flow's handlers. Order matters: within a group the first match wins, so the
    fallbacks come last; flows that wait for typed text sit in their own earlier groups
    (feedback -8, coordinator links and menus -5..-3, broadcast -2, search -1) so that while
    they wait, what the person types reaches them first.
    """
    from conversations.coordinator import broadcast, callhelp, figures
    from conversations.coordinator import menu as coordinator
    from conversations.resident import (
        browse,
        interests,
        mine,
        onboarding,
        privacy,
        search,
        settings,
        signup,
    )
    from conversations.resident import (
        calendar as calendar_file,
    )
    from conversations.resident import (
        feedback as reminders,
    )

    for flow in (
        onboarding,  # /start, consent, menu, help
        browse,  # /find
        signup,
        mine,
        calendar_file,  # 📅 in /mine and under the waitlist and moved-shift notices
        privacy,  # /delete
        settings,
        search,
        interests,  # also adds "What I like" to /settings
        broadcast,  # and the job that updates a broadcast's progress
        callhelp,
        figures,  # /stats
        reminders,  # reminder buttons and the feedback after a shift
        coordinator,  # /new, /edit, /roster, /export, /invite, /coordinators
    ):
        flow.register(application)
    # Last: what nobody else took (unknown text, stickers, stale buttons, groups).
    onboarding.register_fallbacks(application)
    application.add_error_handler(on_error)


async def after_start(application: Application) -> None:
    """Set-up that needs the running bot (jobs that re-plan, etc.)."""
    from bot.wiring import delivery

    await delivery.replan(application)  # plans follow the settings; overdue rows are kept
    delivery.schedule(application)
    from conversations.coordinator import menu as coordinator

    await coordinator.after_start(application)


async def on_error(update: object, context: object) -> None:
    """The person gets a short sentence; the log gets ids and the error, never message text."""
    from conversations.ui.replying import translator

    error = getattr(context, "error", None)
    user_id = (
        update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    )
    log.error("error handling update for user %s: %r", user_id, error, exc_info=error)
    if (
        isinstance(update, Update)
        and update.effective_chat
        and update.effective_chat.type == "private"
    ):
        try:
            t = await translator(update, context)  # type: ignore[arg-type]
            await update.effective_chat.send_message(
                t._("Sorry, something went wrong on our side. Please try again in a moment.")
            )
            if update.callback_query:
                await update.callback_query.answer()
        except Exception:  # telling the person is best effort
            log.warning("could not tell user %s about the error", user_id)
