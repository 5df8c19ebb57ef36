"""A coordinator's questions and their answers: the list, the results, a chart, a CSV file,
closing one.

Callback actions: ``pll:<page>`` the list, ``plr:<poll>`` the results, ``plg:<poll>`` the chart
(a PNG), ``ple:<poll>`` the CSV file, ``plq:<poll>`` close (asks once), ``plqy:<poll>`` closed.
Every tap checks the role again; a poll the coordinator may not read is refused.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from io import BytesIO

from telegram import InputFile, Update

from bot.i18n import Translator
from bot.services import poll_results, polls
from bot.services.poll_results import Listed, Results
from bot.services.polls import NotAllowed
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import guard
from conversations.coordinator.guard import Rows, coordinator_only, needed, number
from conversations.coordinator.poll_screens import poll_button
from conversations.coordinator.poll_text import chart_png, results_text
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.paging import paged, pager
from conversations.ui.replying import answer, keyboard, show, translator

PAGE_SIZE = 8


def _label(t: Translator, item: Listed, now_open: bool) -> str:
    poll = item.poll
    what = poll.question if poll.kind != polls.QUESTIONNAIRE else t._("The five questions")
    mark = "🟢" if now_open else "🔒"
    return f"{mark} {clip(what, 36)} ({item.answered})"


@coordinator_only("poll list")
async def on_list(update: Update, context: Context, role: Role) -> None:
    """``pll:<page>``: the coordinator's questions, newest first, with how many answered."""
    t = await translator(update, context)
    d = context.deps
    found = await poll_results.mine(d.db, role)
    shown, page, pages = paged(found, number(update) or 0, PAGE_SIZE)
    now = d.clock.now()
    rows: Rows = [
        [(_label(t, item, item.poll.is_open(now)), actions.POLL_RESULTS.data(item.poll.id))]
        for item in shown
    ]
    if nav := pager(t, actions.POLL_LIST, page, pages):
        rows.append(nav)
    rows += [[poll_button(t)], [coordinator_menu_button(t)]]
    if found:
        text = t._(
            "📊 <b>Your questions</b>\n\n🟢 open · 🔒 closed. The number: how many answered."
        )
    else:
        text = t._("You have not asked a question yet.")
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


async def _results(update: Update, context: Context, role: Role, note: str = "") -> None:
    t = await translator(update, context)
    d = context.deps
    poll_id = needed(update)
    try:
        found = await poll_results.results(d.db, role, poll_id)
    except NotAllowed:
        await guard.refuse(update, context, "poll results", t, guard.OTHER_ORGANISATION)
        return
    await answer(update, note or None)
    text = results_text(t, found, d.clock.now())
    await show(update, text, keyboard(*_result_rows(t, found, d.clock.now())))


def _result_rows(t: Translator, found: Results, now: datetime) -> Rows:
    poll = found.poll
    rows: Rows = [[(t._("🔄 Show the latest answers"), actions.POLL_RESULTS.data(poll.id))]]
    counted = poll.kind in (polls.CHOICE, polls.SCALE) and found.respondents
    if counted:
        rows.append([(t._("📊 Chart"), actions.POLL_CHART.data(poll.id))])
    rows.append([(t._("📄 All answers as a spreadsheet (CSV)"), actions.POLL_EXPORT.data(poll.id))])
    if poll.is_open(now):
        rows.append([(t._("🔒 Close the question"), actions.POLL_ASK_CLOSE.data(poll.id))])
    rows.append([back_button(t, actions.POLL_LIST.data(0)), coordinator_menu_button(t)])
    return rows


@coordinator_only("poll results")
async def on_results(update: Update, context: Context, role: Role) -> None:
    """``plr:<poll>``: the results, as counts, the average, written answers, delivery."""
    await _results(update, context, role)


@coordinator_only("poll chart")
async def on_chart(update: Update, context: Context, role: Role) -> None:
    """``plg:<poll>``: a bar chart of the answers (a photo)."""
    t = await translator(update, context)
    try:
        found = await poll_results.results(context.deps.db, role, needed(update))
    except NotAllowed:
        await guard.refuse(update, context, "poll chart", t, guard.OTHER_ORGANISATION)
        return
    await answer(update)
    png = await asyncio.to_thread(chart_png, t, found)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(png, caption=t._("📊 The answers as a chart"))


@coordinator_only("poll export")
async def on_export(update: Update, context: Context, role: Role) -> None:
    """``ple:<poll>``: every answer as a CSV file."""
    t = await translator(update, context)
    try:
        made = await poll_results.export(context.deps.db, role, needed(update), t)
    except NotAllowed:
        await guard.refuse(update, context, "poll export", t, guard.OTHER_ORGANISATION)
        return
    chat = update.effective_chat
    assert chat is not None
    caption = t.ngettext("{n} answer.", "{n} answers.", made.rows).format(n=made.rows)
    await chat.send_document(
        InputFile(BytesIO(made.content), filename=made.filename), caption=caption
    )
    await answer(update, t._("Here is your file."))


@coordinator_only("poll close")
async def on_ask_close(update: Update, context: Context, role: Role) -> None:
    """``plq:<poll>``: close it? (asks once)."""
    t = await translator(update, context)
    poll_id = needed(update)
    await answer(update)
    text = t._("Close this question? After that nobody can answer or change an answer.")
    rows: Rows = [
        [(t._("🔒 Yes, close it"), actions.POLL_CLOSE.data(poll_id))],
        [(t._("No, keep it open"), actions.POLL_RESULTS.data(poll_id))],
    ]
    await show(update, text, keyboard(*rows))


@coordinator_only("poll close")
async def on_close(update: Update, context: Context, role: Role) -> None:
    """``plqy:<poll>``: closed now; the results again."""
    t = await translator(update, context)
    d = context.deps
    try:
        closed = await poll_results.close(d.db, role, needed(update), d.clock.now())
    except NotAllowed:
        await guard.refuse(update, context, "poll close", t, guard.OTHER_ORGANISATION)
        return
    note = t._("🔒 The question is closed.") if closed else t._("This question was closed already.")
    await _results(update, context, role, note)
