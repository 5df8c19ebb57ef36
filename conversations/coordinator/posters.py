"""Posters to print: "🖨 Poster" in /edit and on a shift's roster sends an opportunity's poster;
"🖨 Posters" in the coordinator menu lists the person's organisations, each with its own poster.

Each poster comes as two files: a PDF to print (A4) and a PNG to show on a screen. It is in the
organisation's language (the ``DEFAULT_LOCALE`` setting); the captions are in the coordinator's.
Callback actions: ``kpo:<opportunity>`` a poster, ``kps`` the list, ``kpg:<organisation>`` an
organisation's poster.
"""

from __future__ import annotations

import asyncio
from io import BytesIO

from telegram import InputFile, Update

from bot.files import poster as paper
from bot.i18n import Translator
from bot.services import posters, publishing
from bot.services.posters import Made
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import Rows, coordinator_only, needed, number
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import coordinator_menu_button
from conversations.ui.paging import paged, pager
from conversations.ui.replying import answer, keyboard, show, translator

PAGE_SIZE = 8


def poster_button(t: Translator, opportunity_id: int) -> tuple[str, str]:
    """🖨 Poster: the opportunity's poster as files (under /edit and a shift's roster)."""
    return (t._("🖨 Poster"), actions.POSTER.data(opportunity_id))


def posters_button(t: Translator) -> tuple[str, str]:
    """🖨 Posters in the coordinator menu."""
    return (t._("🖨 Posters"), actions.POSTERS.data(0))


def _poster_language(context: Context) -> Translator:
    d = context.deps
    return d.translator(d.settings.default_locale)


async def _send(update: Update, t: Translator, made: Made) -> None:
    """The poster as a PDF and a PNG, made in a worker thread (the bot goes on meanwhile)."""
    await answer(update, t._("One moment: the poster is being made."))
    pdf, png = await asyncio.to_thread(lambda: (paper.pdf(made.poster), paper.png(made.poster)))
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_document(
        InputFile(BytesIO(pdf), filename=f"{made.name}.pdf"),
        caption=t._("🖨 The poster to print (A4)."),
    )
    await chat.send_document(
        InputFile(BytesIO(png), filename=f"{made.name}.png"),
        caption=t._("🖼 The same poster as a picture, for a screen."),
    )


@coordinator_only("poster")
async def on_poster(update: Update, context: Context, role: Role) -> None:
    """``kpo:<opportunity>``: its poster, if residents can find it."""
    d = context.deps
    t = await translator(update, context)
    made = await posters.for_opportunity(
        d.db, role, needed(update), d.clock.now(), _poster_language(context), context.bot.username
    )
    await _send(update, t, made)


@coordinator_only("poster")
async def on_posters(update: Update, context: Context, role: Role) -> None:
    """``kps:<page>``: the person's organisations, each with a poster; a page at a time."""
    t = await translator(update, context)
    found = await publishing.managed_organisations(context.deps.db, role)
    shown, page, pages = paged(found, number(update) or 0, PAGE_SIZE)
    rows: Rows = [
        [("🏢 " + clip(o.name, 48), actions.ORGANISATION_POSTER.data(o.id))] for o in shown
    ]
    if nav := pager(t, actions.POSTERS, page, pages):
        rows.append(nav)
    rows.append([coordinator_menu_button(t)])
    text = "\n\n".join(
        [
            t._("<b>Posters</b> to print or show on a screen."),
            t._("A poster for your organisation: tap its name."),
            t._("A poster for one opportunity: tap {poster} under {edit}.").format(
                poster=poster_button(t, 0)[0], edit=t._("✏️ Change or cancel")
            ),
        ]
    )
    await answer(update)
    await show(update, text, keyboard(*rows))


@coordinator_only("poster")
async def on_organisation_poster(update: Update, context: Context, role: Role) -> None:
    """``kpg:<organisation>``: the organisation's poster, its QR code to all its offers."""
    t = await translator(update, context)
    made = await posters.for_organisation(
        context.deps.db, role, needed(update), _poster_language(context), context.bot.username
    )
    await _send(update, t, made)
