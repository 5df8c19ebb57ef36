"""To a volunteer on their way (bot.services.path): an ongoing role that fits the shifts they came
to, and a thank-you from the organisation at 10, 25, 50 and 100 hours given.

Both render when they go out, in the volunteer's language: the suggestion chooses its role then
(:func:`bot.store.path.fitting_role`) and is dropped if they got a role meanwhile or none fits
any more; a milestone is dropped when thank-yous are off in /settings or its hours were taken
back. The buttons' handlers are in :mod:`conversations.resident.path`.
"""

from __future__ import annotations

from bot.i18n import N_, esc
from bot.outbox.letters import Desk, Drop, Outgoing, tap
from bot.outbox.messages.buttons import find_button, mine_button
from bot.outbox.messages.ideas import shorter
from bot.store import browsing, followups
from bot.store import path as store
from bot.store.outbox import Pending

DESCRIPTION_LIMIT = 300  # characters of the role's description in the message

INTERESTED = N_("🙋 I'm interested")
NO_THANKS = N_("No thanks")


def _clipped(text: str) -> str:
    """On one line, at most DESCRIPTION_LIMIT characters."""
    return shorter(" ".join(text.split()), DESCRIPTION_LIMIT)


async def render_role_suggestion(desk: Desk, row: Pending) -> Outgoing | Drop:
    """After their third shift: one ongoing role, with "I'm interested" and "No thanks"."""
    conn, resident_id = desk.conn, row.recipient_id
    t = await desk.reader_of(resident_id)
    if t is None:
        return Drop("erased")
    if await store.has_role(resident_id, conn=conn):
        return Drop("has a role")
    role_id = await store.fitting_role(resident_id, conn=conn)
    role = await browsing.opportunity(role_id, language=t.locale, conn=conn) if role_id else None
    if role is None:
        return Drop("no role fits")
    given = len(await followups.attended(resident_id, conn=conn))
    lines = [
        t.ngettext(
            "🌱 <b>You have helped {n} time. Thank you!</b>",
            "🌱 <b>You have helped {n} times. Thank you!</b>",
            given,
        ).format(n=given),
        "",
        t._(
            "Would you like to help more often? {organisation} is looking for someone for longer:"
        ).format(organisation=esc(role.organisation)),
        "",
        f"<b>{esc(role.title)}</b>",
    ]
    if role.description.strip():
        lines.append(esc(_clipped(role.description)))
    lines += [
        "",
        t._(
            "Interested? Then a coordinator sends you a message here. "
            "Together you see if it suits you."
        ),
    ]
    buttons = [
        [tap(t._(INTERESTED), "SUGGESTED_ROLE", role.id, "y")],
        [tap(t._(NO_THANKS), "SUGGESTED_ROLE", role.id, "n")],
    ]
    return Outgoing("\n".join(lines), buttons)


async def render_milestone(desk: Desk, row: Pending) -> Outgoing | Drop:
    """10, 25, 50 or 100 hours given: a short thank-you from the organisation of the shift."""
    conn = desk.conn
    hours = int(row.payload.get("hours", 0))
    info = await followups.followup(int(row.payload.get("signup_id", 0)), conn=conn)
    if info is None or info.resident_id != row.recipient_id:
        return Drop("erased")
    if not info.thanks_on:
        return Drop("thanks off")
    given = sum(s.hours for s in await followups.attended(row.recipient_id, conn=conn))
    if round(given, 1) < hours:
        return Drop("hours taken back")
    t = desk.reader(info.language)
    text = "\n\n".join(
        [
            t.ngettext(
                "🎉 <b>{hours} hour given!</b>",
                "🎉 <b>{hours} hours given!</b>",
                t.plural_count(hours),
            ).format(hours=t.number(hours)),
            t._("Thank you so much for your time and your help. It makes a real difference."),
            t._("Warm regards,\n{organisation}").format(organisation=esc(info.organisation)),
        ]
    )
    return Outgoing(text, [[mine_button(t)], [find_button(t)]])
