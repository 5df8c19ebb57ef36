"""Outbox renderers for the sign-up flows: a waitlist promotion, interest in an ongoing role, a
late cancellation (to the coordinators).

Each renders at send time from ids in the row, in the recipient's stored language, and drops a
row whose reason has gone (the sign-up was cancelled, the resident erased their data).
"""

from __future__ import annotations

from bot.i18n import N_, esc
from bot.outbox.letters import Desk, Drop, Outgoing, tap
from bot.outbox.messages.buttons import calendar_button, leads_button
from bot.store import browsing, leads, managing
from bot.store import signups as store
from bot.store.outbox import Pending

PROMOTED_TEXT = N_(
    "🎉 Good news! A place came free. You are now signed up for <b>{title}</b>:\n"
    "🗓 {when}\n📍 {location}"
)
PROMOTED_HINT = N_("Can't come after all? Cancel under /mine, so someone else can go.")


async def render_promoted(desk: Desk, row: Pending) -> Outgoing | Drop:
    """You moved up from the waitlist and have a place now."""
    conn, now = desk.conn, desk.now
    signup_id = row.signup_id or int(row.payload.get("signup_id", 0))
    signup = await store.get(signup_id, conn=conn)
    if signup is None or signup.status != "confirmed" or signup.resident_id != row.recipient_id:
        return Drop("sign-up no longer confirmed")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    shift = await browsing.shift(signup.shift_id, language=t.locale, conn=conn)
    if shift is None or not shift.can_be_chosen(now):
        return Drop("shift started or cancelled")
    opportunity = shift.opportunity
    text = t._(PROMOTED_TEXT).format(
        title=esc(opportunity.title),
        when=t.when(shift.starts_at, shift.ends_at),
        location=esc(opportunity.location or opportunity.organisation),
    )
    return Outgoing(text + "\n\n" + t._(PROMOTED_HINT), [[calendar_button(t, signup_id)]])


ROLE_INTEREST_TEXT = N_(
    "🙋 {name} is interested in <b>{title}</b> ({organisation}).\nTap the name to send a message."
)


async def render_role_interest(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To a coordinator: a resident would like an ongoing role; the name links to their chat,
    the button opens /leads. Dropped once the lead was withdrawn, erased or already marked."""
    lead = await leads.get(int(row.payload.get("interest_id", 0)), conn=desk.conn)
    if lead is None or lead.status != leads.NEW:
        return Drop("interest withdrawn, erased or answered")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    name = f'<a href="tg://user?id={int(lead.resident_id)}">{esc(lead.first_name)}</a>'
    text = t._(ROLE_INTEREST_TEXT).format(
        name=name, title=esc(lead.title), organisation=esc(lead.organisation)
    )
    return Outgoing(text, [[leads_button(t)]])


LATE_CANCELLATION_TEXT = N_("⚠️ <b>{name} can't come</b> to <b>{title}</b>.\n🗓 {when}")
SOMEONE = N_("Someone")


async def render_late_cancellation(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To a coordinator: a volunteer gave up their place close to the start. Who, which shift,
    the places free now and who moved up; a call for help in one tap while a place is free."""
    conn, now = desk.conn, desk.now
    shift = await managing.shift(int(row.payload.get("shift_id", 0)), conn=conn)
    if shift is None or shift.status != "open":
        return Drop("shift cancelled")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    first_name = await store.first_name_of(int(row.payload.get("signup_id", 0)), conn=conn)
    promoted = [int(i) for i in row.payload.get("promoted", [])]
    moved_up = await store.confirmed_first_names(promoted, conn=conn)
    lines = [
        t._(LATE_CANCELLATION_TEXT).format(
            name=esc(first_name or t._(SOMEONE)),
            title=esc(shift.title),
            when=t.when(shift.starts_at, shift.ends_at),
        ),
        "",
    ]
    if moved_up:
        lines.append(
            t._("✅ Moved up from the waitlist: {names}.").format(
                names=", ".join(esc(name) for name in moved_up)
            )
        )
    else:
        lines.append(t._("Nobody was on the waitlist."))
    free = max(shift.capacity - shift.confirmed, 0)
    if free:
        lines.append(
            t.ngettext(
                "👥 {n} place is free now ({confirmed}/{capacity}).",
                "👥 {n} places are free now ({confirmed}/{capacity}).",
                free,
            ).format(n=free, confirmed=shift.confirmed, capacity=shift.capacity)
        )
    else:
        lines.append(
            t._("👥 All places are taken ({confirmed}/{capacity}).").format(
                confirmed=shift.confirmed, capacity=shift.capacity
            )
        )
    buttons = []
    if free and shift.starts_at > now:
        buttons.append([tap(t._("🙋 Call for help"), "CALL_PREVIEW", shift.id)])
    buttons.append([tap(t._("👥 Who is coming"), "ROSTER_SHIFT", shift.id)])
    return Outgoing("\n".join(lines), buttons)
