"""Every handler of the bot, in ONE table, in the order in which they see an update.

PTB offers an update to each handler group in turn, lowest number first; within a group the
first handler that matches takes it. A conversation that waits for typed text sits in a group of
its own before group 0, so that while it waits, what the person types reaches it first (and stops
there); another flow's command or button ends it quietly and goes on to that flow.

| group | what | why there |
| ---: | --- | --- |
| -100 | someone who blocked the bot writes again | sees every update first, changes nothing |
| -11 | /poll: a coordinator's question to an audience | the question and its answers are typed |
| -10 | a written answer to a coordinator's poll | an answer is not an idea or a search word |
| -9 | "💡 I have an idea" (the idea, a photo, its theme) | an idea is not a search word either |
| -8 | feedback after a shift (a line of comment) | a comment is not a search word or a broadcast |
| -7 | a question to a person, a coordinator's answer to one | typed free text |
| -6 | someone without Telegram added to a shift | their name and phone number are typed |
| -5 | the coordinator menu on a coordinator's first message | every update, before it is handled |
| -4 | ``/start inv_…`` (an invite link), ``/start chk_…`` (check-in) | before onboarding's /start |
| -3 | /new, /edit; a new organisation or neighbourhood; a lead's reason; an idea's answer | typed |
| -2 | /broadcast | the coordinator's message is typed |
| -1 | /search | the word is typed |
| 0 | every screen that needs no typing, then the fallbacks | last: what nobody else took |

A word typed when no flow waits for text reaches the fallbacks, which search for it.
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
from conversations import actions, asking
from conversations.coordinator import (
    broadcast,
    callhelp,
    drafting,
    export,
    figures,
    guests,
    ideas,
    invite,
    leads,
    menu,
    neighbourhoods,
    participation,
    poll_drafting,
    poll_results,
    posters,
    questions,
    roster,
)
from conversations.resident import (
    browse,
    by_theme,
    calendar,
    consent,
    door,
    feedback,
    idea_sharing,
    interests,
    mine,
    my_data,
    neighbourhood,
    news,
    onboarding,
    path,
    poll_answers,
    privacy,
    results,
    search,
    series,
    settings,
    signup,
)
from conversations.ui.context import Context

BACK_IN_TOUCH = -100
POLL_DRAFT = -11
POLL_ANSWERS = -10
IDEAS = -9
FEEDBACK = -8
QUESTIONS = -7
GUESTS = -6
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


def screens() -> Iterator[Handler]:
    """Group 0, in order: commands and buttons that need no typing, then the fallbacks."""
    # The first minute, the menu and help.
    yield command("start", onboarding.start)
    yield command("help", onboarding.help_command)
    yield command("cancel", onboarding.nothing_to_cancel)
    yield actions.CONSENT.handler(onboarding.on_consent)
    yield actions.CONSENT_THEN.handler(consent.on_consent_then)
    yield actions.DECLINE.handler(onboarding.on_decline)
    yield actions.WELCOME_LANGUAGE.handler(onboarding.on_welcome_language)
    yield actions.LOOK_FIRST.handler(onboarding.on_look)
    yield actions.CHECK_IN_CONSENT.handler(door.on_consent)
    yield actions.CHECK_IN_LANGUAGE.handler(door.on_language)
    yield actions.MENU.handler(onboarding.on_menu)
    yield actions.HELP.handler(onboarding.on_help)
    # Finding something and signing up.
    yield command("find", browse.find_command)
    yield actions.CATEGORIES.handler(browse.on_categories)
    yield actions.CATEGORY.handler(browse.on_opportunities)
    yield actions.THEMES.handler(by_theme.on_themes)
    yield actions.THEME.handler(by_theme.on_theme)
    yield actions.THEME_OPPORTUNITY.handler(by_theme.on_opportunity)
    yield actions.OPPORTUNITY.handler(browse.on_opportunity)
    yield actions.ORGANISATION.handler(browse.on_organisation)
    yield actions.SHIFTS.handler(browse.on_shifts)
    yield actions.SEARCH_PAGE.handler(results.on_page)
    yield actions.CHOOSE_SHIFT.handler(signup.on_choose_shift)
    yield actions.SIGN_UP.handler(signup.on_sign_up)
    yield actions.JOIN_WAITLIST.handler(signup.on_sign_up)
    yield actions.INTERESTED.handler(signup.on_interest)
    yield actions.SERIES.handler(series.on_series)
    yield actions.JOIN_SERIES.handler(series.on_join)
    yield actions.ASK_LEAVE_SERIES.handler(series.on_ask_leave)
    yield actions.LEAVE_SERIES.handler(series.on_leave)
    # The resident's own things.
    yield command("mine", mine.mine_command)
    yield actions.MINE.handler(mine.on_mine)
    yield actions.ASK_CANCEL_SIGNUP.handler(mine.on_ask_cancel)
    yield actions.CANCEL_SIGNUP.handler(mine.on_cancel)
    yield actions.WITHDRAW_INTEREST.handler(mine.on_withdraw)
    yield actions.SUGGESTED_ROLE.handler(path.on_suggested_role)
    yield actions.CALENDAR_FILE.handler(calendar.on_calendar)
    yield command("mydata", my_data.mydata_command)
    yield actions.MY_DATA.handler(my_data.on_my_data)
    yield command("delete", privacy.delete_command)
    yield actions.STORED_DATA.handler(privacy.on_stored)
    yield actions.ERASE_DATA.handler(privacy.on_erase)
    yield command("settings", settings.settings_command)
    yield actions.SETTINGS.handler(settings.on_settings)
    yield command("interests", interests.interests_command)
    yield actions.INTERESTS.handler(interests.on_interests)
    yield actions.TOGGLE_INTEREST.handler(interests.on_toggle)
    yield actions.INTERESTS_DONE.handler(interests.on_done)
    yield actions.NEIGHBOURHOOD_CHOICES.handler(neighbourhood.on_choices)
    yield actions.CHOOSE_NEIGHBOURHOOD.handler(neighbourhood.on_choose)
    yield actions.NO_NEIGHBOURHOOD.handler(neighbourhood.on_none)
    yield actions.NEWS.handler(news.on_stop_receiving)
    yield actions.REMINDER_REPLY.handler(feedback.on_reminder)
    # Answers to a coordinator's poll: buttons and scores (written ones: POLL_ANSWERS).
    yield actions.POLL_VOTE.handler(poll_answers.on_vote)
    yield actions.POLL_STOP.handler(poll_answers.stop_stale)
    # ✖️ on a broadcast draft that has ended (a restart, a timeout): the same kind answer.
    yield actions.BROADCAST_STOP.handler(broadcast.cancel_stale)
    # Calls for help (the coordinator's screens, and the resident's "yes, sign me up").
    yield command("callhelp", callhelp.callhelp_command)
    yield actions.CALL_LIST.handler(callhelp.on_list)
    yield actions.CALL_PREVIEW.handler(callhelp.on_preview)
    yield actions.CALL_SEND.handler(callhelp.on_call)
    yield actions.CALL_SIGN_UP.handler(callhelp.on_sign_up)
    # Coordinators: figures, roster, export, invites, the menu.
    yield command("stats", figures.stats_command)
    yield actions.FIGURES.handler(figures.on_scope)
    yield actions.PARTICIPATION.handler(participation.on_participation)
    yield actions.REPORT_QUARTERS.handler(participation.on_report_quarters)
    yield actions.REPORT.handler(participation.on_report)
    yield command("roster", roster.roster_command)
    yield actions.ROSTER.handler(roster.roster_command)
    yield actions.ROSTER_SHIFT.handler(roster.on_shift)
    yield actions.MARK_ATTENDANCE.handler(roster.on_mark)
    yield actions.CHECK_IN_CODE.handler(roster.on_check_in_code)
    yield command("leads", leads.leads_command)
    yield actions.LEADS.handler(leads.leads_command)
    yield actions.OPEN_LEADS.handler(leads.leads_command)
    yield actions.LEAD.handler(leads.on_lead)
    yield actions.LEAD_MARK.handler(leads.on_mark)
    yield actions.LEAD_SKIP_REASON.handler(leads.on_skip_reason)
    yield command("questions", questions.questions_command)
    yield actions.QUESTIONS.handler(questions.questions_command)
    yield actions.OPEN_QUESTIONS.handler(questions.questions_command)
    yield command("ideas", ideas.ideas_command)
    yield actions.IDEAS.handler(ideas.ideas_command)
    yield actions.IDEA.handler(ideas.on_idea)
    yield actions.OPEN_IDEA.handler(ideas.on_idea)
    yield actions.IDEA_MARK.handler(ideas.on_mark)
    yield actions.IDEA_PHOTO.handler(ideas.on_photo)
    yield actions.GUEST.handler(guests.on_guest)
    yield actions.REMOVE_GUEST.handler(guests.on_remove)
    yield actions.ASK_ERASE_GUEST.handler(guests.on_ask_erase)
    yield actions.ERASE_GUEST.handler(guests.on_erase)
    yield command("export", export.export_command)
    yield actions.EXPORT.handler(export.export_command)
    yield actions.EXPORT_PERIOD.handler(export.on_period)
    yield actions.EXPORT_LIST.handler(export.on_list)
    yield actions.EXPORT_OPPORTUNITY.handler(export.on_opportunity)
    yield actions.POSTER.handler(posters.on_poster)
    yield actions.POSTERS.handler(posters.on_posters)
    yield actions.ORGANISATION_POSTER.handler(posters.on_organisation_poster)
    yield command("invite", invite.invite_command)
    yield actions.INVITE.handler(invite.invite_command)
    yield actions.INVITE_FOR.handler(invite.on_organisation)
    yield command("coordinators", invite.coordinators_command)
    yield actions.COORDINATORS.handler(invite.coordinators_command)
    yield actions.ASK_REMOVE_COORDINATOR.handler(invite.ask_remove)
    yield actions.REMOVE_COORDINATOR.handler(invite.remove)
    yield actions.POLL_LIST.handler(poll_results.on_list)
    yield actions.POLL_RESULTS.handler(poll_results.on_results)
    yield actions.POLL_CHART.handler(poll_results.on_chart)
    yield actions.POLL_EXPORT.handler(poll_results.on_export)
    yield actions.POLL_ASK_CLOSE.handler(poll_results.on_ask_close)
    yield actions.POLL_CLOSE.handler(poll_results.on_close)
    yield command("neighbourhoods", neighbourhoods.neighbourhoods_command)
    yield actions.NEIGHBOURHOODS.handler(neighbourhoods.neighbourhoods_command)
    yield actions.NEIGHBOURHOOD.handler(neighbourhoods.on_neighbourhood)
    yield actions.ASK_REMOVE_NEIGHBOURHOOD.handler(neighbourhoods.ask_remove)
    yield actions.REMOVE_NEIGHBOURHOOD.handler(neighbourhoods.remove)
    yield actions.COORDINATOR_MENU.handler(menu.coordinator_menu)
    yield actions.NOTHING.handler(menu.nothing)
    # Last: what nobody else took (a group chat, typed words, stickers, stale buttons). Flows
    # that wait for text sit in groups before this one, so they get the text they wait for.
    yield MessageHandler(
        filters.ChatType.GROUPS & ~filters.UpdateType.EDITED, onboarding.group_chat
    )
    yield MessageHandler(
        _PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
        onboarding.on_typed,
    )
    yield MessageHandler(_PRIVATE, onboarding.unknown_input)
    yield CallbackQueryHandler(onboarding.stale_button)


def table() -> list[Slot]:
    """The whole table, in the order PTB offers an update to it."""
    return [
        Slot(BACK_IN_TOUCH, TypeHandler(Update, jobs.back_in_touch)),
        Slot(POLL_DRAFT, poll_drafting.build_handler()),
        Slot(POLL_ANSWERS, poll_answers.build_handler()),
        Slot(IDEAS, idea_sharing.build_handler()),
        Slot(FEEDBACK, feedback.build_feedback()),
        Slot(QUESTIONS, asking.build_handler()),
        Slot(GUESTS, guests.build_handler()),
        Slot(COORDINATOR_MENU, TypeHandler(Update, invite.menu_on_first_contact)),
        Slot(
            INVITE_LINK,
            CommandHandler(
                "start", invite.on_invite_link, _PRIVATE & filters.Regex(r"^/start inv_")
            ),
        ),
        Slot(
            INVITE_LINK,
            CommandHandler("start", door.on_link, _PRIVATE & filters.Regex(r"^/start chk_")),
        ),
        Slot(DRAFTS, drafting.build_handler()),
        Slot(BROADCAST, broadcast.build_handler()),
        Slot(SEARCH, search.build_handler()),
        *(Slot(SCREENS, handler) for handler in screens()),
    ]
