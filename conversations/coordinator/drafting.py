"""The persistent ``publish`` conversation: /new, /edit, and typing a new organisation's name
for /invite. What it takes stops there (its handler group comes before the others); another
flow's command or button ends it quietly and goes on to that flow. Every step checks the role.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from conversations import actions
from conversations.coordinator import edit, invite, new, steps
from conversations.coordinator.guard import Handler
from conversations.ui.context import Context
from conversations.ui.replying import answer, persistent_flow

TIMEOUT_SECONDS = 2 * 60 * 60

_PRIVATE = filters.ChatType.PRIVATE
_TYPED = _PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


async def nothing_here(update: Update, context: Context) -> None:
    """A label-only button while a draft waits: answered, and the draft stays as it is."""
    await answer(update)
    raise ApplicationHandlerStop


async def timed_out(update: object, context: Context) -> None:
    """Two quiet hours: the draft is dropped."""
    steps.forget(context)


def build_handler() -> ConversationHandler[Any]:
    def typed(callback: Handler) -> MessageHandler[Any, Any]:
        return MessageHandler(_TYPED, callback)

    def button(action: actions.Action, callback: Handler) -> CallbackQueryHandler[Any, Any]:
        return CallbackQueryHandler(callback, pattern=action.pattern)

    return persistent_flow(
        "publish",
        entry_points=[
            CommandHandler("new", new.new, _PRIVATE),
            button(actions.NEW, new.new),
            CommandHandler("edit", edit.edit_list, _PRIVATE),
            button(actions.EDIT_LIST, edit.edit_list),
            button(actions.EDIT, edit.edit_one),
            button(actions.EDIT_TEXT, edit.edit_field),
            button(actions.ADD_SHIFT, edit.edit_add_shift),
            button(actions.MOVE_SHIFT, edit.edit_move_shift),
            button(actions.ASK_CANCEL_SHIFT, edit.ask_cancel_shift),
            button(actions.CANCEL_SHIFT, edit.cancel_shift),
            button(actions.ASK_CANCEL_OPPORTUNITY, edit.ask_cancel_opportunity),
            button(actions.CANCEL_OPPORTUNITY, edit.cancel_opportunity),
            button(actions.INVITE_NEW_ORGANISATION, invite.ask_name),
            button(actions.DRAFT_STOP, new.on_cancel),
        ],
        states={
            steps.TITLE: [typed(new.on_title)],
            steps.DESCRIPTION: [typed(new.on_description)],
            steps.CATEGORY: [
                button(actions.DRAFT_CATEGORY, new.on_category),
                typed(new.on_category),
            ],
            steps.LOCATION: [typed(new.on_location)],
            steps.ORGANISATION: [button(actions.DRAFT_ORGANISATION, new.on_organisation)],
            steps.KIND: [button(actions.DRAFT_KIND, new.on_kind)],
            steps.DAY: [
                button(actions.PICK_DAY, new.on_day),
                button(actions.PICK_MONTH, new.on_month),
                typed(new.on_day),
            ],
            steps.START: [button(actions.PICK_TIME, new.on_start), typed(new.on_start)],
            steps.FINISH: [button(actions.PICK_TIME, new.on_end), typed(new.on_end)],
            steps.CAPACITY: [button(actions.PICK_PLACES, new.on_capacity), typed(new.on_capacity)],
            steps.MORE: [button(actions.MORE_SHIFTS, new.on_more)],
            steps.PREVIEW: [button(actions.PUBLISH, new.on_publish)],
            steps.EDIT: [],
            steps.EDIT_TEXT: [typed(edit.on_edit_text)],
            steps.CONFIRM_MOVE: [button(actions.CONFIRM_MOVE, edit.on_confirm_move)],
            invite.INVITE_NAME: [typed(invite.on_name)],
        },
        cancel=new.on_cancel,
        fallbacks=[button(actions.DRAFT_BACK, new.on_back), button(actions.NOTHING, nothing_here)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
    )
