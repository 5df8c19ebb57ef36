"""What a reminder and a thank-you say, and the outbox renderers that decide at send time.

Both render from the sign-up id in the row, in the recipient's stored language and the
organisation's zone, at the moment they go out. So whatever changed since the row was planned
counts: a cancelled sign-up or shift, erased data, reminders or thank-yous turned off in
/settings, and time itself: a reminder for a shift that has started by the time the postman
gets to it (after downtime) is dropped as ``stale``, and of two overdue reminders for one shift
only the later goes (``superseded``). A thank-you still goes, however late.

The buttons name their actions (``conversations/actions.py``); the handlers are in
:mod:`conversations.resident.feedback`.
"""

from __future__ import annotations

from bot.i18n import N_, Translator, esc
from bot.outbox.letters import Button, Desk, Drop, Outgoing, tap
from bot.store import followups
from bot.store.followups import CAME, NO_SHOW, FollowUp
from bot.store.outbox import Pending, later_sibling_due

# -- the reminder ---------------------------------------------------------------------------------
REMINDER_LEAD = N_("⏰ A reminder: you are signed up for <b>{title}</b>.")
CONTACT = N_("📞 Questions? Contact {organisation}.")
WILL_YOU_COME = N_("Will you be there?")
COMING = N_("✅ I'll be there")
NOT_COMING = N_("❌ I can't come")


def shift_lines(t: Translator, info: FollowUp) -> list[str]:
    """When and where, as a person reads it."""
    lines = [f"🗓 {t.when(info.starts_at, info.ends_at)}"]
    if info.location:
        lines.append(f"📍 {esc(info.location)}")
    return lines


def reminder_text(t: Translator, info: FollowUp) -> str:
    return "\n".join(
        [
            t._(REMINDER_LEAD).format(title=esc(info.title)),
            *shift_lines(t, info),
            t._(CONTACT).format(organisation=esc(info.organisation)),
        ]
    )


def reminder_buttons(t: Translator, signup_id: int, *, coming: bool = False) -> list[list[Button]]:
    row = [] if coming else [tap(t._(COMING), "REMINDER_REPLY", signup_id, "y")]
    row.append(tap(t._(NOT_COMING), "REMINDER_REPLY", signup_id, "n"))
    return [row]


async def render_reminder(desk: Desk, row: Pending) -> Outgoing | Drop:
    """Before a shift: when and where, "will you be there?"."""
    conn, now = desk.conn, desk.now
    info = await followups.followup(row.signup_id or 0, conn=conn)
    if info is None or not info.confirmed or info.resident_id != row.recipient_id:
        return Drop("cancelled")
    if info.shift_cancelled:
        return Drop("shift cancelled")
    if info.starts_at <= now:
        return Drop("stale")
    if info.attendance == CAME:
        return Drop("checked in")  # at the door already
    if not info.reminders_on:
        return Drop("reminders off")
    if await later_sibling_due(conn, row, now):
        return Drop("superseded")
    t = desk.reader(info.language)
    text = reminder_text(t, info) + "\n\n" + t._(WILL_YOU_COME)
    return Outgoing(text, reminder_buttons(t, info.signup_id))


# -- the thank-you --
THANKS_LEAD = N_("🙏 Thank you for helping at <b>{title}</b> on {date}!")
WERE_YOU_THERE = N_("Were you there?")
WAS_THERE = N_("✅ Yes, I was there")
WAS_NOT_THERE = N_("❌ No, I couldn't come")
HOW_WAS_IT = N_("How did it go? Give it a score from 1 (not good) to 5 (very good).")
SKIP = N_("Skip")


def thanks_text(t: Translator, info: FollowUp) -> str:
    return t._(THANKS_LEAD).format(title=esc(info.title), date=t.date(info.starts_at))


def attendance_buttons(t: Translator, signup_id: int) -> list[list[Button]]:
    return [
        [tap(t._(WAS_THERE), "WERE_YOU_THERE", signup_id, "y")],
        [tap(t._(WAS_NOT_THERE), "WERE_YOU_THERE", signup_id, "n")],
    ]


def rating_buttons(t: Translator, signup_id: int) -> list[list[Button]]:
    scores = [tap(str(n), "RATING", signup_id, n) for n in range(1, 6)]
    return [scores, [tap(t._(SKIP), "RATING", signup_id, "s")]]


async def render_thanks(desk: Desk, row: Pending) -> Outgoing | Drop:
    """After a shift: thank you, "were you there?" (or "how did it go?" when marked)."""
    info = await followups.followup(row.signup_id or 0, conn=desk.conn)
    if info is None or not info.confirmed or info.resident_id != row.recipient_id:
        return Drop("cancelled")
    if info.shift_cancelled:
        return Drop("shift cancelled")
    if not info.thanks_on:
        return Drop("thanks off")
    if info.attendance == NO_SHOW:
        return Drop("no show")  # the coordinator said so: a thank-you would be odd
    t = desk.reader(info.language)
    if info.attendance == CAME:  # the coordinator marked it already: only "how did it go?"
        text = thanks_text(t, info) + "\n\n" + t._(HOW_WAS_IT)
        return Outgoing(text, rating_buttons(t, info.signup_id))
    text = thanks_text(t, info) + "\n\n" + t._(WERE_YOU_THERE)
    return Outgoing(text, attendance_buttons(t, info.signup_id))
