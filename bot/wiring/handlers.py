"""Every handler of the bot, in ONE table, in the order in which they see an update.

PTB offers an update to each handler group in turn, lowest number first; within a group the
first handler that matches takes it. A conversation that waits for typed text sits in a group of
its own before group 0, so that while it waits, what the person types reaches it first (and stops
there); another flow's command or button ends it quietly and goes on to that flow.

| group | what | why there |
| ---: | --- | --- |
| -100 | someone who blocked the bot writes again | sees every update first, changes nothing |
| -8 | feedback after a shift (a line of comment) | a comment is not a search word or a broadcast |
| -5 | the coordinator menu on a coordinator's first message | every update, before it is handled |
| -4 | ``/start inv_…`` (an invite link) | before onboarding's /start |
| -3 | /new and /edit (and a new organisation's name for /invite) | typed titles, times, places |
| -2 | /broadcast | the coordinator's message is typed |
| -1 | /search | the word is typed |
| 0 | every screen that needs no typing, then the fallbacks | last: whatever nobody else took |
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.wiring import jobs
from conversations import actions
from conversations.coordinator import (
    broadcast,
    callhelp,
    drafting,
    export,
    figures,
    invite,
    menu,
    roster,
)
from conversations.resident import (
    browse,
    calendar,
    feedback,
    interests,
    mine,
    news,
    onboarding,
    privacy,
    search,
    settings,
    signup,
)
from conversations.ui.context import Context

BACK_IN_TOUCH = -100
FEEDBACK = -8
COORDINATOR_MENU = -5
INVITE_LINK = -4
DRAFTS = -3
BROADCAST = -2
SEARCH = -1
SCREENS = 0

_PRIVATE = filters.ChatType.PRIVATE

Handler = BaseHandler[Update, Context, Any]


@dataclass(frozen=True)
class Slot:
    group: int
    handler: Handler


def command(name: str, callback: Any) -> Handler:
    """A /command in a private chat."""
    return CommandHandler(name, callback, _PRIVATE)


def tap(action: actions.Action, callback: Any) -> Handler:
    """A button of this action (its own number of plain arguments; anything else is stale)."""
    return CallbackQueryHandler(callback, pattern=action.pattern)


def screens() -> Iterator[Handler]:
    """Group 0, in order: commands and buttons that need no typing, then the fallbacks."""
    # The first minute, the menu and help.
    yield command("start", onboarding.start)
    yield command("help", onboarding.help_command)
    yield command("cancel", onboarding.nothing_to_cancel)
    yield tap(actions.CONSENT, onboarding.on_consent)
    yield tap(actions.DECLINE, onboarding.on_decline)
    yield tap(actions.WELCOME_LANGUAGE, onboarding.on_welcome_language)
    yield tap(actions.MENU, onboarding.on_menu)
    yield tap(actions.HELP, onboarding.on_help)
    # Finding something and signing up.
    yield command("find", browse.find_command)
    yield tap(actions.CATEGORIES, browse.on_categories)
    yield tap(actions.CATEGORY, browse.on_opportunities)
    yield tap(actions.OPPORTUNITY, browse.on_opportunity)
    yield tap(actions.SHIFTS, browse.on_shifts)
    yield tap(actions.CHOOSE_SHIFT, signup.on_choose_shift)
    yield tap(actions.SIGN_UP, signup.on_sign_up)
    yield tap(actions.JOIN_WAITLIST, signup.on_sign_up)
    yield tap(actions.INTERESTED, signup.on_interest)
    # The resident's own things.
    yield command("mine", mine.mine_command)
    yield tap(actions.MINE, mine.on_mine)
    yield tap(actions.ASK_CANCEL_SIGNUP, mine.on_ask_cancel)
    yield tap(actions.CANCEL_SIGNUP, mine.on_cancel)
    yield tap(actions.CALENDAR_FILE, calendar.on_calendar)
    yield command("delete", privacy.delete_command)
    yield tap(actions.STORED_DATA, privacy.on_stored)
    yield tap(actions.ERASE_DATA, privacy.on_erase)
    yield command("settings", settings.settings_command)
    yield tap(actions.SETTINGS, settings.on_settings)
    yield command("interests", interests.interests_command)
    yield tap(actions.INTERESTS, interests.on_interests)
    yield tap(actions.TOGGLE_INTEREST, interests.on_toggle)
    yield tap(actions.INTERESTS_DONE, interests.on_done)
    yield tap(actions.NEWS, news.on_stop_receiving)
    yield tap(actions.REMINDER_REPLY, feedback.on_reminder)
    # ✖️ on a broadcast draft that has ended (a restart, a timeout): the same kind answer.
    yield tap(actions.BROADCAST_STOP, broadcast.cancel_stale)
    # Calls for help (the coordinator's screens, and the resident's "yes, sign me up").
    yield command("callhelp", callhelp.callhelp_command)
    yield tap(actions.CALL_LIST, callhelp.on_list)
    yield tap(actions.CALL_PREVIEW, callhelp.on_preview)
    yield tap(actions.CALL_SEND, callhelp.on_call)
    yield tap(actions.CALL_SIGN_UP, callhelp.on_sign_up)
    # Coordinators: figures, roster, export, invites, the menu.
    yield command("stats", figures.stats_command)
    yield tap(actions.FIGURES, figures.on_scope)
    yield command("roster", roster.roster_command)
    yield tap(actions.ROSTER, roster.roster_command)
    yield tap(actions.ROSTER_SHIFT, roster.on_shift)
    yield tap(actions.MARK_ATTENDANCE, roster.on_mark)
    yield command("export", export.export_command)
    yield tap(actions.EXPORT, export.export_command)
    yield tap(actions.EXPORT_PERIOD, export.on_period)
    yield tap(actions.EXPORT_LIST, export.on_list)
    yield tap(actions.EXPORT_OPPORTUNITY, export.on_opportunity)
    yield command("invite", invite.invite_command)
    yield tap(actions.INVITE, invite.invite_command)
    yield tap(actions.INVITE_FOR, invite.on_organisation)
    yield command("coordinators", invite.coordinators_command)
    yield tap(actions.COORDINATORS, invite.coordinators_command)
    yield tap(actions.ASK_REMOVE_COORDINATOR, invite.ask_remove)
    yield tap(actions.REMOVE_COORDINATOR, invite.remove)
    yield tap(actions.COORDINATOR_MENU, menu.coordinator_menu)
    yield tap(actions.NOTHING, menu.nothing)
    # Last: what nobody else took (a group chat, unknown text, stickers, stale buttons).
    yield MessageHandler(
        filters.ChatType.GROUPS & ~filters.UpdateType.EDITED, onboarding.group_chat
    )
    yield MessageHandler(_PRIVATE, onboarding.unknown_input)
    yield CallbackQueryHandler(onboarding.stale_button)


def table() -> list[Slot]:
    """The whole table, in the order PTB offers an update to it."""
    return [
        Slot(BACK_IN_TOUCH, TypeHandler(Update, jobs.back_in_touch)),
        Slot(FEEDBACK, feedback.build_feedback()),
        Slot(COORDINATOR_MENU, TypeHandler(Update, invite.menu_on_first_contact)),
        Slot(
            INVITE_LINK,
            CommandHandler(
                "start", invite.on_invite_link, _PRIVATE & filters.Regex(r"^/start inv_")
            ),
        ),
        Slot(DRAFTS, drafting.build_handler()),
        Slot(BROADCAST, broadcast.build_handler()),
        Slot(SEARCH, search.build_handler()),
        *(Slot(SCREENS, handler) for handler in screens()),
    ]
