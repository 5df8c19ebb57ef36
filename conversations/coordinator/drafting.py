"""The persistent ``publish`` conversation: /new, /edit, typing a new organisation's name for
/invite, the reason for "not now" on a lead (/leads), an answer to a resident's idea (/ideas,
whose "Make it an opportunity" starts /new from the idea), and a neighbourhood's name
(/neighbourhoods). What it takes stops there (its handler
group comes before the others); another flow's command or button ends it quietly and goes on to
that flow. Every step checks the role.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from conversations import actions
from conversations.coordinator import (
    edit,
    ideas,
    invite,
    leads,
    neighbourhoods,
    new,
    repeats,
    steps,
    theme_steps,
    translating,
)
from conversations.coordinator.guard import Handler, nothing_here
from conversations.ui.context import Context
from conversations.ui.replying import persistent_flow

TIMEOUT_SECONDS = 2 * 60 * 60

_PRIVATE = filters.ChatType.PRIVATE
_TYPED = _PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


async def timed_out(update: object, context: Context) -> None:
    """Two quiet hours: the draft is dropped."""
    steps.forget(context)


def typed(callback: Handler) -> MessageHandler[Any, Any]:
    return MessageHandler(_TYPED, callback)


def _themes_step() -> list[BaseHandler[Any, Any, Any]]:
    """Ticking themes (/new and /edit): a tick, Done or Skip, or typing (the step again)."""
    return [
        actions.DRAFT_THEME.handler(theme_steps.on_theme),
        actions.DRAFT_THEMES_DONE.handler(theme_steps.on_done),
        typed(theme_steps.on_typed),
    ]


def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "publish",
        entry_points=[
            CommandHandler("new", new.new, _PRIVATE),
            actions.NEW.handler(new.new),
            CommandHandler("edit", edit.edit_list, _PRIVATE),
            actions.EDIT_LIST.handler(edit.edit_list),
            actions.EDIT.handler(edit.edit_one),
            actions.EDIT_TEXT.handler(edit.edit_field),
            actions.ADD_SHIFT.handler(edit.edit_add_shift),
            actions.MOVE_SHIFT.handler(edit.edit_move_shift),
            actions.ASK_CANCEL_SHIFT.handler(edit.ask_cancel_shift),
            actions.CANCEL_SHIFT.handler(edit.cancel_shift),
            actions.ASK_CANCEL_OPPORTUNITY.handler(edit.ask_cancel_opportunity),
            actions.CANCEL_OPPORTUNITY.handler(edit.cancel_opportunity),
            actions.EDIT_CATEGORY.handler(edit.edit_category),
            actions.EDIT_THEMES.handler(theme_steps.edit_themes),
            actions.EDIT_PLACES.handler(edit.edit_places),
            actions.EDIT_END.handler(edit.edit_end),
            actions.EDIT_SERIES.handler(repeats.edit_series),
            actions.SERIES_TIMES.handler(repeats.series_times),
            actions.SERIES_PLACES.handler(repeats.series_places),
            actions.TRANSLATIONS.handler(translating.on_translations),
            actions.TRANSLATION.handler(translating.on_language),
            actions.TRANSLATE.handler(translating.on_field),
            actions.REMOVE_TRANSLATION.handler(translating.on_remove),
            actions.INVITE_NEW_ORGANISATION.handler(invite.ask_name),
            actions.DRAFT_STOP.handler(new.on_stop),
            actions.DRAFT_STOP_SURE.handler(new.on_cancel),
            actions.DRAFT_GO_ON.handler(new.on_go_on),
            actions.LEAD_NOT_NOW.handler(leads.ask_reason),
            actions.IDEA_ANSWER.handler(ideas.ask_answer),
            actions.IDEA_TO_NEW.handler(ideas.make_opportunity),
            actions.ADD_NEIGHBOURHOOD.handler(neighbourhoods.ask_name),
            actions.RENAME_NEIGHBOURHOOD.handler(neighbourhoods.ask_rename),
        ],
        states={
            steps.TITLE: [typed(new.on_title)],
            steps.DESCRIPTION: [
                actions.KEEP_DESCRIPTION.handler(new.on_keep_description),
                typed(new.on_description),
            ],
            steps.CATEGORY: [
                actions.DRAFT_CATEGORY.handler(new.on_category),
                typed(new.on_category),
            ],
            steps.THEMES: _themes_step(),
            steps.EDIT_THEMES: _themes_step(),
            steps.LOCATION: [typed(new.on_location)],
            steps.ORGANISATION: [actions.DRAFT_ORGANISATION.handler(new.on_organisation)],
            steps.KIND: [actions.DRAFT_KIND.handler(new.on_kind)],
            steps.DAY: [
                actions.PICK_DAY.handler(new.on_day),
                actions.PICK_MONTH.handler(new.on_month),
                typed(new.on_day),
            ],
            steps.START: [actions.PICK_TIME.handler(new.on_start), typed(new.on_start)],
            steps.FINISH: [actions.PICK_TIME.handler(new.on_end), typed(new.on_end)],
            steps.CAPACITY: [actions.PICK_PLACES.handler(new.on_capacity), typed(new.on_capacity)],
            steps.MORE: [
                actions.MORE_SHIFTS.handler(new.on_more),
                actions.REPEAT.handler(repeats.on_repeat),
            ],
            steps.REPEAT_UNTIL: [
                actions.REPEAT_FOR.handler(repeats.on_until),
                typed(repeats.on_until),
            ],
            steps.SERIES: [],
            steps.SERIES_PLACES: [
                actions.PICK_PLACES.handler(repeats.on_series_places),
                typed(repeats.on_series_places),
            ],
            steps.PREVIEW: [actions.PUBLISH.handler(new.on_publish)],
            steps.EDIT: [],
            steps.EDIT_TEXT: [typed(edit.on_edit_text)],
            steps.CONFIRM_MOVE: [actions.CONFIRM_MOVE.handler(edit.on_confirm_move)],
            steps.EDIT_CATEGORY: [
                actions.DRAFT_CATEGORY.handler(edit.on_edit_category),
                typed(edit.on_edit_category),
            ],
            steps.EDIT_PLACES: [actions.PICK_PLACES.handler(edit.on_places), typed(edit.on_places)],
            steps.EDIT_END: [actions.PICK_TIME.handler(edit.on_end_time), typed(edit.on_end_time)],
            steps.TRANSLATIONS: [],
            steps.TRANSLATION: [],
            steps.TRANSLATION_TEXT: [typed(translating.on_text)],
            invite.INVITE_NAME: [typed(invite.on_name)],
            leads.LEAD_REASON: [typed(leads.on_reason)],
            ideas.IDEA_ANSWER: [typed(ideas.on_answer)],
            neighbourhoods.NEIGHBOURHOOD_NAME: [typed(neighbourhoods.on_name)],
        },
        cancel=new.on_cancel,
        fallbacks=[actions.DRAFT_BACK.handler(new.on_back), actions.NOTHING.handler(nothing_here)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
    )
