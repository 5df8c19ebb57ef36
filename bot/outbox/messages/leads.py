"""To coordinators: the leads of their organisation left new for a week (sent once per lead)."""

from __future__ import annotations

from bot.i18n import esc
from bot.outbox.letters import Desk, Drop, Outgoing
from bot.outbox.messages.buttons import leads_button
from bot.store import leads
from bot.store.outbox import Pending

MAX_LISTED = 20  # names written out; the rest is in /leads


async def render_lead_reminder(desk: Desk, row: Pending) -> Outgoing | Drop:
    """The leads that are still new, each name a link to chat; dropped when none is."""
    ids = [int(i) for i in row.payload.get("leads", [])]
    waiting = await leads.still_new(ids, conn=desk.conn)
    if not waiting:
        return Drop("answered or withdrawn")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    lines = [
        t.ngettext(
            "⏰ <b>{n} person is waiting for a message</b>",
            "⏰ <b>{n} people are waiting for a message</b>",
            len(waiting),
        ).format(n=len(waiting)),
        t._("They said they are interested a week ago or more, and nobody has marked it yet."),
        "",
    ]
    for lead in waiting[:MAX_LISTED]:
        name = f'<a href="tg://user?id={int(lead.resident_id)}">{esc(lead.first_name)}</a>'
        since = t._("since {date}").format(date=t.short_date(lead.created_at))
        lines.append(f"• {name} – {esc(lead.title)} ({since})")
    if len(waiting) > MAX_LISTED:
        lines.append(t._("…and {n} more.").format(n=len(waiting) - MAX_LISTED))
    lines += ["", t._("Tap a name to send a message, then mark it under /leads.")]
    return Outgoing("\n".join(lines), [[leads_button(t)]])
