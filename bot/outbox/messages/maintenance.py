"""Messages for the people who run the bot: an unexpected error, with ids only."""

from __future__ import annotations

from bot.i18n import N_
from bot.outbox.letters import Desk, Drop, Outgoing
from bot.store.outbox import Pending

ERROR_TEXT = N_(
    "⚠️ <b>Something went wrong in the bot</b>\n"
    "Kind: {kind}\nUser: {user}\nUpdate: {update}\n\n"
    "The log has the details. You get at most one such message per kind an hour."
)


async def render_error_report(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To an administrator: the error's kind and the ids involved (never message text)."""
    t = await desk.reader_of(row.recipient_id) or desk.reader(
        None
    )  # administrators may not be residents
    text = t._(ERROR_TEXT).format(
        kind=str(row.payload.get("kind", "?")),
        user=str(row.payload.get("user_id") or "–"),
        update=str(row.payload.get("update_id") or "–"),
    )
    return Outgoing(text)
