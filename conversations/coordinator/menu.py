"""The coordinator menu: everything a coordinator can do, as buttons; label-only buttons.

Callback actions of coordinators all start with ``k``; every handler checks the role again on the
server (:mod:`conversations.coordinator.guard`).
"""

from __future__ import annotations

from telegram import Update

from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.broadcast import broadcast_button
from conversations.coordinator.callhelp import callhelp_list_button
from conversations.coordinator.figures import stats_button
from conversations.coordinator.guard import Rows, coordinator_only
from conversations.coordinator.ideas import ideas_button
from conversations.coordinator.leads import leads_button
from conversations.coordinator.neighbourhoods import neighbourhoods_button
from conversations.coordinator.poll_screens import poll_button
from conversations.coordinator.posters import posters_button
from conversations.coordinator.questions import questions_button
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import answer, keyboard, show, translator


@coordinator_only("menu")
async def coordinator_menu(update: Update, context: Context, role: Role) -> None:
    """``kmenu``: everything a coordinator can do, as buttons."""

    t = await translator(update, context)
    rows: Rows = [
        [
            (t._("➕ Something new"), actions.NEW.data()),
            (t._("✏️ Change or cancel"), actions.EDIT_LIST.data(0)),
        ],
        [(t._("👥 Who is coming"), actions.ROSTER.data(0)), callhelp_list_button(t)],
        [broadcast_button(t), stats_button(t)],
        [leads_button(t), questions_button(t)],
        [ideas_button(t), (t._("📄 Export"), actions.EXPORT.data())],
        [posters_button(t)],
        [poll_button(t)],
    ]
    if role.is_admin:
        rows.append(
            [
                (t._("🔗 Invite"), actions.INVITE.data()),
                (t._("👤 Coordinators"), actions.COORDINATORS.data()),
            ]
        )
        rows.append([neighbourhoods_button(t)])
    rows.append([menu_button(t)])
    await answer(update)
    await show(update, t._("<b>Coordinator menu</b>\n\nWhat do you want to do?"), keyboard(*rows))


async def nothing(update: Update, context: Context) -> None:
    """A label-only button (a calendar heading, a page number): answered, nothing else."""
    await answer(update)
