"""Hours given and shifts done, as a volunteer reads them (in /mine and after a thank-you)."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.i18n import N_, Translator, esc
from bot.services import path
from bot.services.attendance import CAME, Hours, PastShift


def hours_number(t: Translator, hours: float) -> str:
    """``12``, ``1,5`` (nl) / ``1.5`` (en): at most one decimal."""
    return format_decimal(round(hours, 1), format="#,##0.#", locale=t.locale)


def hours_sentence(t: Translator, hours: Hours) -> str | None:
    """ "You have helped 12 hours this year. Thank you!" (None before the first attended shift)."""
    if round(hours.total, 1) <= 0:
        return None
    if round(hours.this_year, 1) <= 0:
        return t.ngettext(
            "You have helped {hours} hour in total. Thank you!",
            "You have helped {hours} hours in total. Thank you!",
            t.plural_count(hours.total),
        ).format(hours=hours_number(t, hours.total))
    sentence = t.ngettext(
        "You have helped {hours} hour this year. Thank you!",
        "You have helped {hours} hours this year. Thank you!",
        t.plural_count(hours.this_year),
    ).format(hours=hours_number(t, hours.this_year))
    if round(hours.total, 1) > round(hours.this_year, 1):
        sentence += " " + t.ngettext(
            "In total: {hours} hour.", "In total: {hours} hours.", t.plural_count(hours.total)
        ).format(hours=hours_number(t, hours.total))
    return sentence


def goal_sentence(t: Translator, hours: Hours) -> str | None:
    """ "🎯 Next goal: 25 hours." (the next milestone of hours given; None before any hours)."""
    if round(hours.total, 1) <= 0:
        return None
    goal = path.next_milestone(hours.total)
    if goal is None:
        last = path.MILESTONES[-1]
        return t.ngettext(
            "🏆 {hours} hour or more. Fantastic!",
            "🏆 {hours} hours or more. Fantastic!",
            t.plural_count(last),
        ).format(hours=t.number(last))
    return t.ngettext(
        "🎯 Next goal: {hours} hour.", "🎯 Next goal: {hours} hours.", t.plural_count(goal)
    ).format(hours=t.number(goal))


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
