"""The coordinator's flows: publishing, roster, broadcasts, calls for help, figures.

:func:`register` wires the first half (roles and invites, publishing, roster, export):

- group :data:`MENU_GROUP`: coordinators known at start get their command menu when they next
  write (see :func:`conversations.coordinator.invite.menu_on_first_contact`);
- group :data:`LINK_GROUP`: ``/start inv_<token>``, before onboarding's /start;
- group :data:`GROUP`: the persistent ``publish`` conversation (/new, /edit, typing a new
  organisation's name for /invite). What it takes stops there; another flow's command or button
  ends it quietly and goes on to that flow;
- group 0: the screens that need no typing (/roster, /export, /invite, /coordinators, the
  coordinator menu).

Callback actions all start with ``k``; every handler checks the role again on the server.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.services import invites as invite_service
from bot.services.roles import Role
from bot.wiring.app import DEPS_KEY, Deps
from conversations.actions import pack, pattern
from conversations.coordinator import export, invite, publish, roster
from conversations.coordinator.guard import Handler, Rows, coordinator_only
from conversations.ui.replying import Context, answer, keyboard, persistent_flow, show, translator

GROUP = -3
LINK_GROUP = -4
MENU_GROUP = -5
TIMEOUT_SECONDS = 2 * 60 * 60

_PRIVATE = filters.ChatType.PRIVATE
_TYPED = _PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


@coordinator_only("menu")
async def coordinator_menu(update: Update, context: Context, role: Role) -> None:
    """``kmenu``: everything a coordinator can do, as buttons."""
    from conversations.coordinator.broadcast import broadcast_button
    from conversations.coordinator.callhelp import callhelp_list_button
    from conversations.coordinator.figures import stats_button

    t = await translator(update, context)
    rows: Rows = [
        [(t._("➕ Something new"), pack("knew")), (t._("✏️ Change or cancel"), pack("kel", 0))],
        [(t._("👥 Who is coming"), pack("kr", 0)), callhelp_list_button(t)],
        [broadcast_button(t), stats_button(t)],
        [(t._("📄 Export"), pack("kx"))],
    ]
    if role.is_admin:
        rows.append([(t._("🔗 Invite"), pack("kil")), (t._("👤 Coordinators"), pack("kc"))])
    rows.append([(t._("🏠 Menu"), pack("menu"))])
    await answer(update)
    await show(update, t._("<b>Coordinator menu</b>\n\nWhat do you want to do?"), keyboard(*rows))


async def nothing(update: Update, context: Context) -> None:
    """A label-only button (a calendar heading, a page number): answered, nothing else."""
    await answer(update)


async def nothing_here(update: Update, context: Context) -> None:
    await answer(update)
    raise ApplicationHandlerStop


async def timed_out(update: object, context: Context) -> None:
    publish.forget(context)


def build_conversation() -> ConversationHandler:
    p = publish

    def typed(callback: Handler) -> MessageHandler[Any, Any]:
        return MessageHandler(_TYPED, callback)

    def button(action: str, callback: Handler) -> CallbackQueryHandler[Any, Any]:
        return CallbackQueryHandler(callback, pattern=pattern(action))

    return persistent_flow(
        "publish",
        entry_points=[
            CommandHandler("new", p.new, _PRIVATE),
            button("knew", p.new),
            CommandHandler("edit", p.edit_list, _PRIVATE),
            button("kel", p.edit_list),
            button("ke", p.edit_one),
            button("kef", p.edit_field),
            button("kea", p.edit_add_shift),
            button("kem", p.edit_move_shift),
            button("kec", p.ask_cancel_shift),
            button("kecy", p.cancel_shift),
            button("keo", p.ask_cancel_opportunity),
            button("keoy", p.cancel_opportunity),
            button("kin", invite.ask_name),
            button("kq", p.on_cancel),
        ],
        states={
            p.TITLE: [typed(p.on_title)],
            p.DESCRIPTION: [typed(p.on_description)],
            p.CATEGORY: [button("kg", p.on_category), typed(p.on_category)],
            p.LOCATION: [typed(p.on_location)],
            p.ORGANISATION: [button("ko", p.on_organisation)],
            p.KIND: [button("kj", p.on_kind)],
            p.DAY: [button("kd", p.on_day), button("km", p.on_month), typed(p.on_day)],
            p.START: [button("kt", p.on_start), typed(p.on_start)],
            p.FINISH: [button("kt", p.on_end), typed(p.on_end)],
            p.CAPACITY: [button("kn", p.on_capacity), typed(p.on_capacity)],
            p.MORE: [button("kmore", p.on_more)],
            p.PREVIEW: [button("kpub", p.on_publish)],
            p.EDIT: [],
            p.EDIT_TEXT: [typed(p.on_edit_text)],
            p.CONFIRM_MOVE: [button("kmv", p.on_confirm_move)],
            invite.INVITE_NAME: [typed(invite.on_name)],
        },
        cancel=p.on_cancel,
        fallbacks=[button("kb", p.on_back), button("kz", nothing_here)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
    )


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, invite.menu_on_first_contact), MENU_GROUP)
    application.add_handler(
        CommandHandler("start", invite.on_invite_link, _PRIVATE & filters.Regex(r"^/start inv_")),
        LINK_GROUP,
    )
    application.add_handler(build_conversation(), GROUP)
    for handler in [
        CommandHandler("roster", roster.roster_command, _PRIVATE),
        CallbackQueryHandler(roster.roster_command, pattern=pattern("kr")),
        CallbackQueryHandler(roster.on_shift, pattern=pattern("krs")),
        CallbackQueryHandler(roster.on_mark, pattern=pattern("kra")),
        CommandHandler("export", export.export_command, _PRIVATE),
        CallbackQueryHandler(export.export_command, pattern=pattern("kx")),
        CallbackQueryHandler(export.on_period, pattern=pattern("kxp")),
        CallbackQueryHandler(export.on_list, pattern=pattern("kxl")),
        CallbackQueryHandler(export.on_opportunity, pattern=pattern("kxo")),
        CommandHandler("invite", invite.invite_command, _PRIVATE),
        CallbackQueryHandler(invite.invite_command, pattern=pattern("kil")),
        CallbackQueryHandler(invite.on_organisation, pattern=pattern("ki")),
        CommandHandler("coordinators", invite.coordinators_command, _PRIVATE),
        CallbackQueryHandler(invite.coordinators_command, pattern=pattern("kc")),
        CallbackQueryHandler(invite.ask_remove, pattern=pattern("kcr")),
        CallbackQueryHandler(invite.remove, pattern=pattern("kcry")),
        CallbackQueryHandler(coordinator_menu, pattern=pattern("kmenu")),
        CallbackQueryHandler(nothing, pattern=pattern("kz")),
    ]:
        application.add_handler(handler)


async def after_start(application: Application) -> None:
    """Who gets the coordinator menu when they next write: administrators and coordinators."""
    deps: Deps = application.bot_data[DEPS_KEY]
    due = set(deps.settings.coordinator_ids) | set(await invite_service.everyone(deps.db))
    deps.extra["coordinator_menu_due"] = due
