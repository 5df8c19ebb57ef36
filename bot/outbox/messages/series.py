"""The one notice to each person on a series whose times a coordinator changed."""

from __future__ import annotations

from bot.i18n import N_, esc
from bot.outbox.letters import Desk, Drop, Outgoing
from bot.outbox.messages.buttons import mine_button
from bot.store import series as series_store
from bot.store.outbox import Pending

CHANGED_TEXT = N_(
    "🕒 <b>New times</b> for <b>{title}</b>: {rhythm}.\nWas: {old}.\n"
    "You keep your dates. Can't come at the new time? Cancel with /mine."
)


async def render_changed(desk: Desk, row: Pending) -> Outgoing | Drop:
    conn = desk.conn
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    found = await series_store.get(int(row.payload["series_id"]), language=t.locale, conn=conn)
    if found is None:
        return Drop("series gone")
    dates = await series_store.coming(found.id, desk.now, conn=conn)
    if not dates:
        return Drop("no coming dates")
    text = t._(CHANGED_TEXT).format(
        title=esc(found.title),
        rhythm=t.rhythm(found.every_weeks, dates[0].starts_at, found.starts, found.ends),
        old=esc(str(row.payload.get("old", "")).replace("-", "–")),
    )
    return Outgoing(text, [[mine_button(t)]])
