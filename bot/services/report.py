"""The participation figures in words: the lines and tables that /stats shows and the quarterly
report prints, and the report itself (a PDF for the funder, in the organisation's language).

The chat and the PDF say the same things with the same labels (the PDF leaves the emoji out);
every number of people goes through :func:`~bot.services.participation.people_text`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

from babel.dates import format_date

from bot.files import chart
from bot.files import report as paper
from bot.i18n import N_, Translator
from bot.services import themes
from bot.services.participation import (
    WITHHELD,
    Group,
    Participation,
    hours_text,
    money_text,
    participation,
    people_plural,
    people_shown,
    people_text,
)
from bot.services.quarters import Quarter
from bot.services.roles import Role
from bot.store import Database

NOT_GIVEN = N_("Not given")
NO_THEME = N_("No theme")
SMALL_NOTE = N_("Numbers of people under 5 are shown as <5, so that nobody can be recognised.")
WITHHELD_NOTE = N_(
    "A * is a number we leave out: with the total, it would give away a number under 5."
)
THEMES_NOTE = N_("An opportunity with two themes counts in both.")


def quarter_name(t: Translator, quarter: Quarter) -> str:
    """``Q1 2027`` as the reader says it."""
    return t._("Q{number} {year}").format(number=quarter.number, year=quarter.year)


def period_text(t: Translator, p: Participation) -> str:
    """``Q4 2026: 1 October to 25 November 2026 (so far)``."""
    last = p.end - timedelta(seconds=1)
    span = t._("{start} to {end}").format(
        start=format_date(t.local(p.start), "d MMMM", locale=t.locale),
        end=format_date(t.local(last), "d MMMM yyyy", locale=t.locale),
    )
    line = f"{quarter_name(t, p.quarter)}: {span}"
    return line + " " + t._("(so far)") if p.so_far else line


def scope_text(t: Translator, p: Participation) -> str:
    return ", ".join(p.organisations) or t._("all organisations")


def overview(t: Translator, p: Participation) -> list[tuple[str, str, str]]:
    """The quarter's figures as (sign, label, number): the chat shows the sign (an emoji), the
    PDF leaves it out."""

    def people(n: int) -> str:
        return people_text(t, n)

    lines = [
        ("🙋", t._("People who took part"), people(p.took_part)),
        ("🌱", t._("Of them, for the first time"), people(p.first_timers)),
        ("🔁", t._("Came again within 3 months"), people(p.returning)),
        ("🤝", t._("Ongoing (a role, or every week)"), people(p.ongoing)),
        ("📅", t._("One-off (separate shifts)"), people(p.one_off)),
        ("⏱", t._("Hours given"), hours_text(t, p.hours)),
    ]
    if p.hour_value:
        label = t._("Value of those hours (at {rate} an hour)").format(
            rate=money_text(t, p.hour_value)
        )
        lines.append(("💶", label, money_text(t, p.value)))
    lines += [
        ("💡", t._("Ideas shared by residents"), t.number(p.ideas.proposed)),
        ("✨", t._("Ideas that became an opportunity"), t.number(p.ideas.taken_up)),
    ]
    if p.polls is not None:
        lines += [
            ("❓", t._("Questions asked"), t.number(p.polls.asked)),
            ("📬", t._("People the questions reached"), people(p.polls.reached)),
            ("✍️", t._("Answers given"), people(p.polls.answers)),
        ]
    return lines


def tables(t: Translator, p: Participation) -> list[paper.Table]:
    """Per month, organisation, theme and neighbourhood (what exists)."""
    people, hours = t._("People"), t._("Hours")
    found = [
        paper.Table(
            t._("Per month"),
            (t._("Month"), t._("First time"), t._("Came"), hours),
            tuple(
                (
                    format_date(t.local(m.start), "LLLL yyyy", locale=t.locale),
                    people_text(t, m.first_timers),
                    people_text(t, m.came),
                    hours_text(t, m.hours),
                )
                for m in p.months
            ),
        ),
        paper.Table(
            t._("Per organisation"),
            (t._("Organisation"), people, hours),
            tuple(_group_row(t, g) for g in p.per_organisation),
        ),
    ]
    ideas = p.ideas.per_theme
    by_key = {g.key: g for g in p.per_theme}
    theme_rows = []
    for key in themes.KEYS:
        _, people_there, hours_there = _group_row(t, by_key.get(key, Group(key, 0, 0.0)))
        theme_rows.append(
            (themes.name(t, key), people_there, hours_there, t.number(ideas.get(key, 0)))
        )
    if ideas.get(None):
        theme_rows.append((t._(NO_THEME), "", "", t.number(ideas[None])))
    found.append(
        paper.Table(
            t._("Per theme"),
            (t._("Theme"), people, hours, t._("Ideas")),
            tuple(theme_rows),
            t._(THEMES_NOTE),
        )
    )
    if p.per_neighbourhood is not None:
        found.append(
            paper.Table(
                t._("Per neighbourhood"),
                (t._("Neighbourhood"), people, hours),
                tuple(_group_row(t, g, t._(NOT_GIVEN)) for g in p.per_neighbourhood),
            )
        )
    return found


def _group_row(t: Translator, group: Group, blank: str = "") -> tuple[str, str, str]:
    return (group.key or blank, people_text(t, group.people), hours_text(t, group.hours))


def summary(t: Translator, p: Participation) -> list[str]:
    """The quarter in a few plain sentences."""
    if p.empty:
        return [
            t._(
                "In this quarter there is nothing to count yet: nobody came to a shift or "
                "started in a role, and no ideas or questions were shared."
            )
        ]
    n = people_plural
    said = [
        t.ngettext(
            "In this quarter, {n} person took part as a volunteer.",
            "In this quarter, {n} people took part as volunteers.",
            n(p.took_part),
        ).format(n=people_text(t, p.took_part))
        + " "
        + t.ngettext(
            "For {n} of them it was the first time.",
            "For {n} of them it was the first time.",
            n(p.first_timers),
        ).format(n=people_text(t, p.first_timers))
    ]
    given = t.ngettext(
        "Together they gave {hours} hour of their time.",
        "Together they gave {hours} hours of their time.",
        t.plural_count(p.hours),
    ).format(hours=hours_text(t, p.hours))
    if p.hour_value and p.hours:
        given += " " + t._("That is worth {value}, at {rate} an hour.").format(
            value=money_text(t, p.value), rate=money_text(t, p.hour_value)
        )
    said.append(given)
    kinds = [
        t.ngettext(
            "{n} person came back within 3 months of an earlier shift.",
            "{n} people came back within 3 months of an earlier shift.",
            n(p.returning),
        ).format(n=people_text(t, p.returning))
    ]
    if people_text(t, p.ongoing) != WITHHELD:  # a sentence about "*" says nothing
        kinds.append(
            t.ngettext(
                "{n} person helps regularly: in a steady role, or every week.",
                "{n} people help regularly: in a steady role, or every week.",
                n(p.ongoing),
            ).format(n=people_text(t, p.ongoing))
        )
    if people_text(t, p.one_off) != WITHHELD:
        kinds.append(
            t.ngettext(
                "{n} person helped at separate times.",
                "{n} people helped at separate times.",
                n(p.one_off),
            ).format(n=people_text(t, p.one_off))
        )
    said.append(" ".join(kinds))
    said.append(
        t.ngettext(
            "Residents shared {n} idea for the library.",
            "Residents shared {n} ideas for the library.",
            p.ideas.proposed,
        ).format(n=t.number(p.ideas.proposed))
        + " "
        + t.ngettext(
            "{n} idea became a new opportunity.",
            "{n} ideas became a new opportunity.",
            p.ideas.taken_up,
        ).format(n=t.number(p.ideas.taken_up))
    )
    if p.polls is not None and p.polls.asked:
        said.append(
            t.ngettext(
                "We asked volunteers and staff {n} question.",
                "We asked volunteers and staff {n} questions.",
                p.polls.asked,
            ).format(n=t.number(p.polls.asked))
            + " "
            + t.ngettext(
                "{n} answer came back.", "{n} answers came back.", n(p.polls.answers)
            ).format(n=people_text(t, p.polls.answers))
        )
    return said


def charts(t: Translator, p: Participation) -> list[paper.Chart]:
    """People and hours per month, and hours per theme."""
    months = [format_date(t.local(m.start), "LLLL", locale=t.locale) for m in p.months]

    def people(label: str, values: list[int]) -> chart.Series:
        hidden = [v if people_shown(v) else 0 for v in values]  # a bar would show the number
        return chart.Series(label, hidden, [people_text(t, v) for v in values])

    def hours(label: str, values: list[float]) -> chart.Series:
        return chart.Series(label, values, [hours_text(t, v) for v in values])

    title = t._("People per month")
    made = [
        paper.Chart(
            title,
            chart.bars_png(
                months,
                [
                    people(t._("First time"), [m.first_timers for m in p.months]),
                    people(t._("Came"), [m.came for m in p.months]),
                ],
            ),
        )
    ]
    title = t._("Hours given per month")
    made.append(
        paper.Chart(
            title, chart.bars_png(months, [hours(t._("Hours"), [m.hours for m in p.months])])
        )
    )
    title = t._("Hours given per theme")
    by_key = {g.key: g.hours for g in p.per_theme}
    values = [by_key.get(key, 0.0) for key in themes.KEYS]
    names = [themes.name(t, key) for key in themes.KEYS]
    made.append(paper.Chart(title, chart.bars_png(names, [hours(title, values)])))
    return made


def notes(t: Translator, p: Participation) -> str:
    """What "<5" (and "*", when one is there) stand for."""
    said = t._(SMALL_NOTE)
    return f"{said} {t._(WITHHELD_NOTE)}" if p.withheld else said


def pdf(t: Translator, p: Participation, now: datetime) -> bytes:
    """The quarterly report as a PDF, in ``t``'s language (the organisation's); CPU work (the
    charts, the PDF): run it in a worker thread from the bot."""
    made = t._("Made by Meedoen on {date}.").format(
        date=format_date(t.local(now), "d MMMM yyyy", locale=t.locale)
    )
    full = not p.empty
    report = paper.Report(
        title=t._("Meedoen: quarterly report"),
        subtitle=(period_text(t, p), scope_text(t, p)),
        summary_heading=t._("In short"),
        summary=tuple(summary(t, p)),
        note=notes(t, p),
        footer=made,
        tables_heading=t._("The figures"),
        tables=(paper.Table(t._("The quarter"), (t._("What"), t._("Number")), tuple(
            (label, value) for _, label, value in overview(t, p)
        )), *tables(t, p)) if full else (),
        charts_heading=t._("Charts"),
        charts=tuple(charts(t, p)) if full else (),
        right_to_left=t.rtl,
    )  # fmt: skip
    return paper.pdf(report)


async def made(
    db: Database, role: Role, quarter: Quarter, now: datetime, t: Translator, hour_value: Decimal
) -> bytes:
    """The quarter's report of all organisations (administrators), as a PDF in ``t``'s language
    (the organisation's); the charts and the PDF are made in a worker thread."""
    found = await participation(db, role, quarter, now, t.zone, hour_value)
    return await asyncio.to_thread(pdf, t, found, now)


def file_name(quarter: Quarter) -> str:
    return f"meedoen-report-{quarter.code}.pdf"
