"""A broadcast while it is being written: the draft in the coordinator's ``user_data``."""

from __future__ import annotations

from typing import Any

from bot.services.audiences import Audience
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
