"""A broadcast while it is being written: the draft in the coordinator's ``user_data``, and
what every step of /broadcast shares (the role read again, staying in a state)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.services.audiences import Audience
from bot.services.roles import Role
from conversations.actions import unpack
from conversations.coordinator import guard
from conversations.ui.context import Context

DRAFT = "broadcast"


def current(context: Context) -> dict[str, Any]:
    """The draft in ``user_data`` (persisted: a restart keeps it)."""
    assert context.user_data is not None
    found = context.user_data.setdefault(DRAFT, {})
    assert isinstance(found, dict)
    return found


def organisation_of(draft: dict[str, Any]) -> int | None:
    value = draft.get("org")
    return None if not value else int(value)


def audience_of(draft: dict[str, Any]) -> Audience | None:
    return Audience.parse(draft.get("kind"), draft.get("value"))


def forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


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
