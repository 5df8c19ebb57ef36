"""/stats: the last 12 weeks in figures, as a short text and a chart (a photo).

Coordinators see their organisations, administrators all; ``t:<organisation>`` narrows to one
(``t:0`` all again). The role is read again at every tap; a forged organisation is refused, one
that does not exist is gone.
"""

from __future__ import annotations

import asyncio
import logging

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from telegram import Update

from bot.files import chart
from bot.i18n import Translator
from bot.services import figures as stats
from bot.services import themes
from bot.services.figures import Figures, NotAllowed
from conversations import actions
from conversations.actions import unpack
from conversations.coordinator import guard
from conversations.coordinator.participation import stats_rows
from conversations.coordinator.scopes import ALL, organisation_rows
from conversations.ui.context import Context
from conversations.ui.replying import answer, esc, keyboard, private_only, translator

log = logging.getLogger(__name__)

MAX_RATINGS = 20  # opportunities with an average score written out (Telegram's 4096 characters)


def stats_button(t: Translator) -> tuple[str, str]:
    """The way in for a coordinator menu."""
    return (t._("📊 Figures"), actions.FIGURES.data(ALL))


def _number(t: Translator, value: float) -> str:
    return format_decimal(value, format="#,##0.#", locale=t.locale)


def figures_text(t: Translator, f: Figures) -> str:
    """The figures in a few short lines, numbers written the reader's way."""
    scope = ", ".join(esc(name) for name in f.organisations) or t._("all organisations")
    period = t._("{start} to {end} (12 weeks)").format(
        start=format_date(f.start.astimezone(t.zone), "d MMM", locale=t.locale),
        end=format_date(f.end.astimezone(t.zone), "d MMM yyyy", locale=t.locale),
    )

    def n(value: float) -> str:
        return _number(t, value)

    lines = [
        t._("📊 <b>Figures: {scope}</b>").format(scope=scope),
        period,
        "",
        t._(
            "👋 Residents who joined Meedoen: {joined} (in all {total} agreed to take part)"
        ).format(joined=n(f.residents_joined), total=n(f.residents_total)),
        t._("🙌 Active volunteers: {active} ({new} new, {returning} returning)").format(
            active=n(f.active), new=n(f.new), returning=n(f.returning)
        ),
        t._("🤝 Volunteers in ongoing roles: {n}").format(n=n(f.in_roles)),
        t._("📝 Sign-ups: {signups} · cancelled: {cancelled}").format(
            signups=n(f.signups), cancelled=n(f.cancellations)
        )
        + (
            " " + t._("(of which late: {late})").format(late=n(f.late_cancellations))
            if f.late_cancellations
            else ""
        ),
    ]
    rate = f.show_rate
    if rate is None:
        lines.append(t._("✅ Show rate: not marked yet"))
    else:
        lines.append(
            t._("✅ Show rate: {rate} ({came} came, {no_show} did not come)").format(
                rate=format_percent(rate, locale=t.locale), came=n(f.came), no_show=n(f.no_show)
            )
        )
    lines.append(t._("⏱ Hours given: {hours}").format(hours=n(f.hours)))
    if f.categories:
        lines += ["", t._("<b>Per kind of work</b>")]
        for category in f.categories:
            lines.append(_given(t, esc(category.name), category.signups, category.hours))
    lines += ["", *_per_theme(t, f)]
    if f.ratings:
        lines += ["", t._("<b>Average score (1 to 5)</b>")]
        for rating in f.ratings[:MAX_RATINGS]:
            average = format_decimal(round(rating.average, 1), format="0.0", locale=t.locale)
            lines.append(
                "• "
                + t.ngettext(
                    "{title}: ⭐ {average} ({n} score)",
                    "{title}: ⭐ {average} ({n} scores)",
                    rating.count,
                ).format(title=esc(rating.title), average=average, n=n(rating.count))
            )
        if len(f.ratings) > MAX_RATINGS:
            more = len(f.ratings) - MAX_RATINGS
            lines.append(t._("…and {n} more (see /export).").format(n=n(more)))
    return "\n".join(lines)


def _given(t: Translator, name: str, signups: int, hours: float) -> str:
    """``• Voorlezen: 4 sign-ups, 2.5 hours``: one line of a section (``name`` made safe)."""
    return (
        "• "
        + t.ngettext("{name}: {n} sign-up", "{name}: {n} sign-ups", signups).format(
            name=name, n=_number(t, signups)
        )
        + ", "
        + t.ngettext("{hours} hour", "{hours} hours", t.plural_count(hours)).format(
            hours=_number(t, hours)
        )
    )


def _per_theme(t: Translator, f: Figures) -> list[str]:
    """Sign-ups and hours of each of the four themes (0 too), and why they add up to more."""
    found = {row.theme: row for row in f.themes}
    lines = [t._("<b>Per theme</b>")]
    for theme in themes.THEMES:
        counted = found.get(theme.key)
        signups, hours = (counted.signups, counted.hours) if counted else (0, 0.0)
        lines.append(_given(t, themes.label(t, theme.key), signups, hours))
    lines.append(t._("<i>An opportunity with two themes counts in both.</i>"))
    return lines


def chart_png(t: Translator, f: Figures) -> bytes:
    labels = chart.ChartLabels(
        title=t._("Sign-ups and hours given per week"),
        signups=t._("Sign-ups"),
        hours=t._("Hours given"),
    )
    weeks = [format_date(week.start, "d MMM", locale=t.locale) for week in f.weeks]
    return chart.weekly_png(weeks, [w.signups for w in f.weeks], [w.hours for w in f.weeks], labels)


@private_only
async def stats_command(update: Update, context: Context) -> None:
    await _send(update, context, None)


async def on_scope(update: Update, context: Context) -> None:
    """``t:<organisation>``: the figures of one organisation (0: all the person may see)."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    value = cb.number(0) if cb else None
    if value is None:
        t = await translator(update, context)
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    await _send(update, context, value or None)


async def _send(update: Update, context: Context, organisation_id: int | None) -> None:
    role = await guard.coordinator(update, context, "stats")
    if role is None:
        return
    t = await translator(update, context)
    d = context.deps
    try:
        figures = await stats.figures(
            d.db, role, d.clock.now(), d.settings.zone, organisation_id=organisation_id
        )
        organisations = await stats.organisations_for(d.db, role)
    except NotAllowed:
        await guard.refuse(update, context, "stats", t)
        return
    if organisation_id is not None and organisation_id not in dict(organisations):
        await guard.tell(update, t, guard.problem(t, "missing"))  # gone, or never was
        return
    await answer(update)
    chat = update.effective_chat
    assert chat is not None
    png = await asyncio.to_thread(chart_png, t, figures)
    rows = organisation_rows(t, organisations, organisation_id, actions.FIGURES.data)
    rows += stats_rows(t, role, organisation_id)
    rows.append([(t._("🏠 Menu"), actions.MENU.data())])
    await chat.send_message(figures_text(t, figures))
    await chat.send_photo(
        png,
        caption=t._("Sign-ups and hours given per week"),
        reply_markup=keyboard(*rows),
    )
    log.info("user %s read the figures", role.user_id)
