"""/stats → "📈 Participation": a quarter's participation in a few lines (this quarter so far, or
one of the three before), with the same narrowing to one organisation as /stats; and, for
administrators, "📄 Quarterly report" → the quarter → the report as a PDF for the funder.

Callback actions: ``tp:<organisation>[:<quarter>]`` the participation screen (0: all the person
may see; ``2026Q4``), ``tq`` the report's quarters, ``tr:<quarter>`` the report. The role is read
again at every tap; a forged organisation is refused (one that does not exist is gone); a forged
quarter, or one the chat does not offer now (still to come, or from an old screen), is a stale
button.
"""

from __future__ import annotations

import logging
from io import BytesIO

from telegram import InputFile, Update

from bot.i18n import Translator, telegram_length
from bot.services import figures, report
from bot.services.participation import (
    NotAllowed,
    Participation,
    participation,
)
from bot.services.quarters import Quarter, offered
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import guard
from conversations.coordinator.guard import Rows
from conversations.coordinator.scopes import ALL, MAX_LABEL, organisation_rows
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.replying import answer, esc, keyboard, show, tapped, translator

log = logging.getLogger(__name__)

ROWS_SHOWN = (15, 8, 4)  # rows of a table written out in the chat, fewer when they do not fit
MESSAGE_LIMIT = 4096


def stats_rows(t: Translator, role: Role, organisation_id: int | None) -> Rows:
    """The ways in, under /stats: participation, and the report for administrators."""
    rows: Rows = [[(t._("📈 Participation"), actions.PARTICIPATION.data(organisation_id or ALL))]]
    if role.is_admin:
        rows.append([(t._("📄 Quarterly report"), actions.REPORT_QUARTERS.data())])
    return rows


def participation_text(t: Translator, p: Participation) -> str:
    """The quarter's participation: the figures, then per month, organisation, theme and
    neighbourhood, a line each; long lists cut short, to fit in one message."""
    for most in ROWS_SHOWN:
        text = _text(t, p, most)
        if telegram_length(text) <= MESSAGE_LIMIT:  # tags count here too: room to spare
            break
    return text


def _text(t: Translator, p: Participation, most: int) -> str:
    lines = [
        t._("📈 <b>Participation: {scope}</b>").format(scope=esc(report.scope_text(t, p))),
        esc(report.period_text(t, p)),
        "",
    ]
    lines += [
        f"{sign} {esc(label)}: <b>{esc(value)}</b>" for sign, label, value in report.overview(t, p)
    ]
    for table in report.tables(t, p):
        if not table.rows:
            continue
        lines += ["", f"<b>{esc(table.title)}</b>"]
        for row in table.rows[:most]:
            said = " · ".join(
                f"{esc(_lowered(t, head))}: {esc(value)}"
                for head, value in zip(table.header[1:], row[1:], strict=True)
                if value
            )
            lines.append(f"• {esc(clip(row[0], MAX_LABEL))} — {said}")
        if len(table.rows) > most:
            more = len(table.rows) - most
            lines.append(t._("…and {n} more.").format(n=t.number(more)))
        if table.note:
            lines.append(f"<i>{esc(table.note)}</i>")
    lines += ["", f"<i>{esc(report.notes(t, p))}</i>"]
    return "\n".join(lines)


def _lowered(t: Translator, text: str) -> str:
    """A column's heading inside a line. Turkish has a dotted and a dotless i: Python's lower()
    would turn "İlk kez" into "i̇lk kez" (an i with two dots)."""
    if t.locale == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()


def _quarter(text: str | None, context: Context) -> Quarter | None:
    """The quarter a button names (none: this one); None when forged, or not one the chat
    offers now (a quarter still to come, or from an old screen)."""
    d = context.deps
    if text is None:
        return Quarter.of(d.clock.now(), d.settings.zone)
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        return None
    return quarter if quarter in offered(d.clock.now(), d.settings.zone) else None


async def _stale(update: Update, context: Context) -> None:
    t = await translator(update, context)
    await answer(update, t._("This button no longer works. Type /start to begin again."))


async def on_participation(update: Update, context: Context) -> None:
    """``tp:<organisation>[:<quarter>]``: the quarter's participation."""
    role = await guard.coordinator(update, context, "participation")
    if role is None:
        return
    cb = tapped(update)
    value, quarter = cb.number(0), _quarter(cb.text(1), context)
    if value is None or quarter is None:
        await _stale(update, context)
        return
    organisation_id = value or None
    t = await translator(update, context)
    d = context.deps
    try:
        found = await participation(
            d.db,
            role,
            quarter,
            d.clock.now(),
            d.settings.zone,
            d.settings.volunteer_hour_value,
            organisation_id=organisation_id,
        )
        organisations = await figures.organisations_for(d.db, role)
    except NotAllowed:
        await guard.refuse(update, context, "participation", t)
        return
    if organisation_id is not None and organisation_id not in dict(organisations):
        await guard.tell(update, t, guard.problem(t, "missing"))  # gone, or never was
        return
    others = [q for q in offered(d.clock.now(), d.settings.zone) if q != quarter]
    rows: Rows = [
        [(report.quarter_name(t, q), actions.PARTICIPATION.data(value, q.code)) for q in others]
    ]
    rows += organisation_rows(
        t, organisations, organisation_id, lambda org: actions.PARTICIPATION.data(org, quarter.code)
    )
    rows.append(
        [(t._("📊 Figures"), actions.FIGURES.data(value)), (t._("🏠 Menu"), actions.MENU.data())]
    )
    await answer(update)
    await show(update, participation_text(t, found), keyboard(*rows))
    log.info("user %s read the participation of %s", role.user_id, quarter.code)


async def on_report_quarters(update: Update, context: Context) -> None:
    """``tq``: which quarter's report (administrators)."""
    role = await guard.coordinator(update, context, "report", admin=True)
    if role is None:
        return
    t = await translator(update, context)
    d = context.deps
    rows: Rows = [
        [(report.quarter_name(t, q), actions.REPORT.data(q.code))]
        for q in offered(d.clock.now(), d.settings.zone)
    ]
    rows.append([(t._("🏠 Menu"), actions.MENU.data())])
    text = t._(
        "📄 <b>Quarterly report</b>\nA PDF to send to the funder: a summary in plain words, "
        "the figures and charts, for all organisations. Which quarter?"
    )
    await answer(update)
    await show(update, text, keyboard(*rows))


async def on_report(update: Update, context: Context) -> None:
    """``tr:<quarter>``: the quarter's report as a PDF, in the organisation's language."""
    role = await guard.coordinator(update, context, "report", admin=True)
    if role is None:
        return
    quarter = _quarter(tapped(update).text(0) or "", context)
    if quarter is None:
        await _stale(update, context)
        return
    t = await translator(update, context)
    d = context.deps
    await answer(update, t._("One moment: the report is being made."))
    language = d.translator(d.settings.default_locale)
    paper = await report.made(
        d.db, role, quarter, d.clock.now(), language, d.settings.volunteer_hour_value
    )
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_document(
        InputFile(BytesIO(paper), filename=report.file_name(quarter)),
        caption=t._("📄 The quarterly report of {quarter}.").format(
            quarter=report.quarter_name(t, quarter)
        ),
        reply_markup=keyboard([(t._("🏠 Menu"), actions.MENU.data())]),
    )
    log.info("user %s made the report of %s", role.user_id, quarter.code)
