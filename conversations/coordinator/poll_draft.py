"""A question while it is being written (/poll): the draft in the coordinator's ``user_data``,
and what it makes: the question as its message will show it, and the poll to send.

The draft holds ``poll_kind``, ``question``, ``options``, what :mod:`audience_choice` keeps
(``org``, ``many``, ``kind``, ``value``), ``named`` and ``closes`` (the last day, ISO).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import local_to_utc
from bot.outbox.messages.polls import Asked
from bot.services import polls
from conversations.coordinator.audience_choice import audience_of, organisation_of
from conversations.ui.drafts import UserDraft

DRAFT = UserDraft("poll")
current = DRAFT.current
forget = DRAFT.forget

Draft = dict[str, Any]


def closes_at(draft: Draft, zone: ZoneInfo) -> datetime | None:
    """The end of the chosen last day (local midnight after it), in UTC; None: no last day."""
    if not draft.get("closes"):
        return None
    after = date.fromisoformat(str(draft["closes"])) + timedelta(days=1)
    return local_to_utc(datetime.combine(after, time(0, 0)), zone)


def asked(draft: Draft, organisation: str | None, closes: datetime | None) -> Asked:
    """The question being written, as its message will show it."""
    kind = str(draft.get("poll_kind"))
    options = polls.QUESTIONNAIRE_QUESTIONS if kind == polls.QUESTIONNAIRE else draft["options"]
    named = bool(draft.get("named"))
    return Asked(organisation, kind, str(draft.get("question", "")), options, named, closes)


def question(draft: Draft, zone: ZoneInfo) -> polls.Draft | None:
    """The poll to send; None while something is missing (a stale button, an old draft)."""
    audience = audience_of(draft)
    if audience is None or "options" not in draft or "named" not in draft:
        return None
    return polls.Draft(
        organisation_of(draft),
        audience,
        str(draft["poll_kind"]),
        str(draft.get("question", "")),
        list(draft["options"]),
        bool(draft["named"]),
        closes_at(draft, zone),
    )
