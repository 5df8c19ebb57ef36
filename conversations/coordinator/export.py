"""/export: sign-ups and attendance as a CSV document, for a period or one opportunity.

Callback actions: ``kx`` the choice, ``kxp:<m|l|w>`` a period, ``kxl:<page>`` the list of
opportunities, ``kxo:<id>`` one opportunity.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from telegram import InputFile, Update

from bot.i18n import Translator
from bot.services import export
from bot.services.export import Export, Period
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import (
    Rows,
    arg,
    coordinator_only,
    needed,
    number,
)
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.paging import paged, pager
from conversations.ui.replying import answer, esc, keyboard, show, translator

PAGE_SIZE = 8


@coordinator_only("export")
async def export_command(update: Update, context: Context, role: Role) -> None:
    """/export: a period, or one opportunity."""
    t = await translator(update, context)
    rows: Rows = [
        [(t._("This month"), actions.EXPORT_PERIOD.data(Period.THIS_MONTH.value))],
        [(t._("Last month"), actions.EXPORT_PERIOD.data(Period.LAST_MONTH.value))],
        [(t._("Last 12 weeks"), actions.EXPORT_PERIOD.data(Period.TWELVE_WEEKS.value))],
        [(t._("One opportunity"), actions.EXPORT_LIST.data(0))],
        [coordinator_menu_button(t)],
    ]
    text = t._(
        "<b>Export</b>\n\nWhich sign-ups do you want as a spreadsheet (CSV, opens in Excel)?"
    )
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


async def _send(update: Update, context: Context, t: Translator, made: Export, what: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    caption = t.ngettext("{what}: {n} sign-up.", "{what}: {n} sign-ups.", made.rows).format(
        what=what, n=made.rows
    )
    await chat.send_document(
        InputFile(BytesIO(made.content), filename=made.filename),
        caption=caption,
    )
    await answer(update, t._("Here is your file."))


@coordinator_only("export")
async def on_period(update: Update, context: Context, role: Role) -> None:
    try:
        period = Period(arg(update) or "")
    except ValueError:
        await answer(update)
        return
    t = await translator(update, context)
    d = context.deps
    made = await export.for_period(d.db, role, period, d.clock.now(), t)
    assert made.starts_from is not None and made.starts_before is not None
    what = t._("Shifts from {first} to {last}").format(
        first=t.short_date(made.starts_from),
        last=t.short_date(made.starts_before - timedelta(days=1)),
    )
    await _send(update, context, t, made, what)


@coordinator_only("export")
async def on_list(update: Update, context: Context, role: Role) -> None:
    t = await translator(update, context)
    found = await export.choices(context.deps.db, role)
    shown, page, pages = paged(found, number(update) or 0, PAGE_SIZE)
    rows: Rows = [[(clip(o.title, 48), actions.EXPORT_OPPORTUNITY.data(o.id))] for o in shown]
    if nav := pager(t, actions.EXPORT_LIST, page, pages):
        rows.append(nav)
    rows.append([back_button(t, actions.EXPORT.data()), coordinator_menu_button(t)])
    text = t._("Which opportunity?") if found else t._("There is nothing to export yet.")
    await answer(update)
    await show(update, text, keyboard(*rows))


@coordinator_only("export")
async def on_opportunity(update: Update, context: Context, role: Role) -> None:
    opportunity_id = needed(update)
    t = await translator(update, context)
    d = context.deps
    made = await export.for_opportunity(d.db, role, opportunity_id, t)
    found = next((o for o in await export.choices(d.db, role) if o.id == opportunity_id), None)
    await _send(update, context, t, made, esc(found.title if found else ""))
