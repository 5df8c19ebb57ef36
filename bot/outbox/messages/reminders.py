"""What a reminder and a thank-you say, and the outbox renderers that decide at send time.

Both render from the sign-up id in the row, in the recipient's stored language and the
organisation's zone, at the moment they go out. So whatever changed since the row was planned
counts: a cancelled sign-up or shift, erased data, reminders or thank-yous turned off in
/settings, and time itself: a reminder for a shift that has started by the time the postman
gets to it (after downtime) is dropped as ``stale``, and of two overdue reminders for one shift
only the later goes (``superseded``). A thank-you still goes, however late.

The button data follows :mod:`bot.callbacks` (the one place that formats it); the
handlers are in :mod:`conversations.reminders`. Imported at start by ``conversations.delivery``.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite
from babel.numbers import format_decimal

from bot.i18n import N_, Translator, esc, reader
from bot.outbox import planning as plans
from bot.outbox import postman as outbox
from bot.outbox.postman import Button, Drop, Outgoing, Pending
from bot.services.attendance import CAME, NO_SHOW, Hours
from bot.store import followups
from bot.store.followups import FollowUp, PastShift
from conversations.actions import pack

# Callback actions (see conversations/reminders.py).
REMINDER_ACTION = "rm"  # rm:<signup>:y|n|nc|b  I'll be there / I can't come / confirm / back
ATTENDANCE_ACTION = "ty"  # ty:<signup>:y|n  Were you there?
RATING_ACTION = "fr"  # fr:<signup>:1..5|s  a score, or skip
COMMENT_ACTION = "fc"  # fc:<signup>:s  skip the comment


def translator(info: FollowUp) -> Translator:
    return reader(info.language)


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
    row = [] if coming else [Button(t._(COMING), pack(REMINDER_ACTION, signup_id, "y"))]
    row.append(Button(t._(NOT_COMING), pack(REMINDER_ACTION, signup_id, "n")))
    return [row]


@outbox.renderer(plans.REMINDER)
async def render_reminder(
    conn: aiosqlite.Connection, row: Pending, now: datetime
) -> Outgoing | Drop:
    info = await followups.followup(row.signup_id or 0, conn=conn)
    if info is None or not info.confirmed or info.resident_id != row.recipient_id:
        return Drop("cancelled")
    if info.shift_cancelled:
        return Drop("shift cancelled")
    if info.starts_at <= now:
        return Drop("stale")
    if not info.reminders_on:
        return Drop("reminders off")
    if await outbox.later_sibling_due(conn, row, now):
        return Drop("superseded")
    t = translator(info)
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
        [Button(t._(WAS_THERE), pack(ATTENDANCE_ACTION, signup_id, "y"))],
        [Button(t._(WAS_NOT_THERE), pack(ATTENDANCE_ACTION, signup_id, "n"))],
    ]


def rating_buttons(t: Translator, signup_id: int) -> list[list[Button]]:
    scores = [Button(str(n), pack(RATING_ACTION, signup_id, n)) for n in range(1, 6)]
    return [scores, [Button(t._(SKIP), pack(RATING_ACTION, signup_id, "s"))]]


@outbox.renderer(plans.THANKS)
async def render_thanks(conn: aiosqlite.Connection, row: Pending, now: datetime) -> Outgoing | Drop:
    info = await followups.followup(row.signup_id or 0, conn=conn)
    if info is None or not info.confirmed or info.resident_id != row.recipient_id:
        return Drop("cancelled")
    if info.shift_cancelled:
        return Drop("shift cancelled")
    if not info.thanks_on:
        return Drop("thanks off")
    if info.attendance == NO_SHOW:
        return Drop("no show")  # the coordinator said so: a thank-you would be odd
    t = translator(info)
    if info.attendance == CAME:  # the coordinator marked it already: only "how did it go?"
        text = thanks_text(t, info) + "\n\n" + t._(HOW_WAS_IT)
        return Outgoing(text, rating_buttons(t, info.signup_id))
    text = thanks_text(t, info) + "\n\n" + t._(WERE_YOU_THERE)
    return Outgoing(text, attendance_buttons(t, info.signup_id))


# -- hours given ----------------------------------------------------------------------------------
def hours_number(t: Translator, hours: float) -> str:
    """``12``, ``1,5`` (nl) / ``1.5`` (en): at most one decimal."""
    return format_decimal(round(hours, 1), format="#,##0.#", locale=t.locale)


def _plural(hours: float) -> int:
    return 1 if round(hours, 1) == 1 else 2


def hours_sentence(t: Translator, hours: Hours) -> str | None:
    """ "You have helped 12 hours this year. Thank you!" (None before the first attended shift)."""
    if round(hours.total, 1) <= 0:
        return None
    if round(hours.this_year, 1) <= 0:
        return t.ngettext(
            "You have helped {hours} hour in total. Thank you!",
            "You have helped {hours} hours in total. Thank you!",
            _plural(hours.total),
        ).format(hours=hours_number(t, hours.total))
    sentence = t.ngettext(
        "You have helped {hours} hour this year. Thank you!",
        "You have helped {hours} hours this year. Thank you!",
        _plural(hours.this_year),
    ).format(hours=hours_number(t, hours.this_year))
    if round(hours.total, 1) > round(hours.this_year, 1):
        sentence += " " + t.ngettext(
            "In total: {hours} hour.", "In total: {hours} hours.", _plural(hours.total)
        ).format(hours=hours_number(t, hours.total))
    return sentence


PAST_HEADING = N_("<b>Done before</b>")


def past_lines(t: Translator, shifts: list[PastShift]) -> list[str]:
    """A short list of past shifts, newest first; ✅ where the volunteer came."""
    if not shifts:
        return []
    lines = [t._(PAST_HEADING)]
    for shift in shifts:
        mark = "✅" if shift.attendance == CAME else "•"
        lines.append(f"{mark} {esc(shift.title)} – {t.short_date(shift.starts_at)}")
    return lines
