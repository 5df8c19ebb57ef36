"""A broadcast while it is being written: the draft in the coordinator's ``user_data``, and
what every step of /broadcast shares (the role read again, staying in a state)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.services.roles import Role
from conversations.actions import unpack
from conversations.coordinator import guard
from conversations.ui.context import Context
from conversations.ui.drafts import UserDraft

DRAFT = UserDraft("broadcast")
current = DRAFT.current
forget = DRAFT.forget


def texts_of(draft: dict[str, Any]) -> dict[str, str]:
    """The texts for the readers of other languages, by language (the main text is ``text``)."""
    found = draft.get("texts")
    return dict(found) if isinstance(found, dict) else {}


def callback_args(update: Update) -> tuple[str | None, int | None]:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return (cb.text(0), cb.number(0)) if cb else (None, None)


async def role_or_end(update: Update, context: Context) -> Role:
    """The coordinator's role, read again now; a refusal ends the conversation."""
    role = await guard.coordinator(update, context, "broadcast")
    if role is None:
        forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END)
    return role


def stay(state: str) -> ApplicationHandlerStop:
    """Stop here and wait in ``state``."""
    return ApplicationHandlerStop(state)
