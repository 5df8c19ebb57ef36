"""Hours given and shifts done, as a volunteer reads them (in /mine and after a thank-you)."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.i18n import N_, Translator, esc
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
