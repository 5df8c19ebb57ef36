"""The server-side role check every coordinator handler goes through, and what they share.

``@coordinator_only("action")`` (``admin=True`` for administrators; ``@step`` inside a
conversation; ``await coordinator(update, context, action)`` where a decorator does not fit)
builds the person's role fresh from the database for each update. Someone without it gets a
polite refusal and the log gets ``refused <action> for user <id>`` (ids only). A service that
finds the rows belong to another organisation raises :class:`~bot.publishing.NotAllowed`,
refused the same way; an :class:`~bot.publishing.Invalid` becomes a short explanation. Either
way nothing changes and the conversation stays where it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.i18n import N_, Translator
from bot.limits import MAX_PLACES
from bot.services.pages import Page
from bot.services.publishing import Invalid, NotAllowed
from bot.services.roles import Role, role_of
from conversations.actions import Action, unpack
from conversations.ui.context import Context
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.paging import pager
from conversations.ui.replying import answer, esc, keyboard, show, translator
from conversations.ui.too_long import too_long

log = logging.getLogger(__name__)

ONLY_COORDINATORS = N_("Sorry, this is only for coordinators.")
ONLY_ADMINS = N_("Sorry, only administrators can do this.")
OTHER_ORGANISATION = N_("Sorry, you can't do that: it belongs to another organisation.")
NOT_ALLOWED = N_("Sorry, you are not allowed to do that.")

PROBLEMS = {
    "empty": N_("Please type some text."),
    "too_long": N_("That is too long. Please make it shorter."),
    "title_taken": N_("There is already an opportunity with this title. Please choose another."),
    "past": N_("That moment has passed. Please choose a later time."),
    "end_before_start": N_("The end must be after the start."),
    "capacity": N_("Please type a whole number from 1 to {most}, e.g. 12."),
    "missing": N_("This no longer exists."),
    "closed": N_("This is closed or cancelled already."),
    "started": N_("This shift has started already, so it can't be moved."),
    "start_taken": N_("There is already a shift at that time."),
    "not_started": N_("You can mark who came once the shift has started."),
    "not_confirmed": N_("This person is no longer signed up."),
    "no_shifts": N_("Add at least one shift first."),
    "lead_done": N_("This was marked already: it is no longer open."),
    "day": N_("Please tap a day, or type it like 27-11."),
    "time": N_("Please tap a time, or type it like 14:30."),
    "started_change": N_("This shift has started already, so it can't be changed."),
    "pick_category": N_("Please tap one of the categories."),
    "pick_themes": N_("Please tap the themes that fit, then the button below them."),
    "until_before_first": N_("The last date must be after the first. Please choose a later day."),
    "until_too_far": N_("A series can run for a year at most. Please choose an earlier day."),
    "fewer": N_("Some dates have more people signed up than that. Please choose a higher number."),
    "skipped_hour": N_(
        "That time does not exist on that day: the clocks go forward then. "
        "Please choose another time."
    ),
    "guest_started": N_("This shift has started already. Mark who came instead."),
    "guest_erased": N_("This person's details were erased already."),
}
SOMETHING_WRONG = N_("Sorry, that did not work.")

RoleHandler = Callable[[Update, Context, Role], Coroutine[Any, Any, Any]]
Handler = Callable[[Update, Context], Coroutine[Any, Any, Any]]


async def role(update: Update, context: Context) -> Role:
    d = context.deps
    user = update.effective_user
    assert user is not None
    return await role_of(d.db, user.id, d.settings.coordinator_ids)


async def tell(update: Update, t: Translator, text: str) -> None:
    """A short note: an alert on the button that was tapped, or a message after typing."""
    if update.callback_query is not None:
        await answer(update, text, alert=True)
    else:
        await show(update, text, new_message=True)


async def refuse(
    update: Update,
    context: Context,
    action: str,
    t: Translator | None = None,
    message: str = NOT_ALLOWED,
) -> None:
    """A polite no (an alert on a button, else a message); the log gets the action and the id."""
    user = update.effective_user
    log.info("refused %s for user %s", action, user.id if user else None)
    t = t or await translator(update, context)
    await tell(update, t, t._(message))


def problem(t: Translator, reason: str) -> str:
    return t._(PROBLEMS.get(reason, SOMETHING_WRONG)).format(most=MAX_PLACES)


def explain(t: Translator, exc: Invalid) -> str:
    """Why a request could not be done, in a short sentence (with the number it names)."""
    if exc.reason == "fewer_places" and exc.count is not None:
        return t.ngettext(
            "{n} person is signed up already, so the shift needs at least {n} place.",
            "{n} people are signed up already, so the shift needs at least {n} places.",
            exc.count,
        ).format(n=exc.count)
    if exc.reason == "too_long" and exc.count is not None and exc.typed is not None:
        return too_long(t, exc.typed, exc.count)
    return problem(t, exc.reason)


async def coordinator(
    update: Update, context: Context, action: str, *, admin: bool = False
) -> Role | None:
    """The person's role, read now, if they are a coordinator (or an administrator when
    ``admin``); otherwise they are refused and None comes back."""
    chat = update.effective_chat
    if update.effective_user is None or (chat is not None and chat.type != "private"):
        return None
    found = await role(update, context)
    if not (found.is_admin if admin else found.is_coordinator):
        await refuse(update, context, action, message=ONLY_ADMINS if admin else ONLY_COORDINATORS)
        return None
    return found


def coordinator_only(action: str, *, admin: bool = False) -> Callable[[RoleHandler], Handler]:
    """Run the handler only for a coordinator (or an administrator), handing it their role.

    NotAllowed from a service is refused, Invalid explained; the result is then None, which a
    ConversationHandler reads as "stay where you are".
    """

    def decorate(func: RoleHandler) -> Handler:
        @wraps(func)
        async def wrapper(update: Update, context: Context) -> Any:
            found = await coordinator(update, context, action, admin=admin)
            if found is None:
                return None
            try:
                return await func(update, context, found)
            except NotAllowed as exc:
                await refuse(update, context, exc.action, message=OTHER_ORGANISATION)
            except Invalid as exc:
                t = await translator(update, context)
                await tell(update, t, explain(t, exc))
            return None

        return wrapper

    return decorate


def step(action: str, *, admin: bool = False) -> Callable[[RoleHandler], Handler]:
    """:func:`coordinator_only` for a conversation in its own handler group: whatever happens,
    the update stops here (``ApplicationHandlerStop`` with the next state, None: unchanged)."""

    def decorate(func: RoleHandler) -> Handler:
        guarded = coordinator_only(action, admin=admin)(func)

        @wraps(func)
        async def wrapper(update: Update, context: Context) -> Any:
            raise ApplicationHandlerStop(await guarded(update, context))

        return wrapper

    return decorate


# -- what every coordinator screen shares --------------------------------------------------------
def user_link(user_id: int | None, name: str | None, fallback: str) -> str:
    """A name that opens a chat with the person; escaped, as everything a person wrote."""
    shown = esc(name) if name else esc(fallback)
    if user_id is None:
        return shown
    return f'<a href="tg://user?id={int(user_id)}">{shown}</a>'


def arg(update: Update, index: int = 0) -> str | None:
    """Argument ``index`` of the tapped button's data (None: typed, missing or forged)."""
    query = update.callback_query
    found = unpack(query.data) if query is not None else None
    return found.text(index) if found else None


def number(update: Update, index: int = 0) -> int | None:
    query = update.callback_query
    found = unpack(query.data) if query is not None else None
    return found.number(index) if found else None


def needed(update: Update, index: int = 0) -> int:
    """A number the button must carry; a forged or stale one is "this no longer exists"."""
    found = number(update, index)
    if found is None:
        raise Invalid("missing")
    return found


def text_of(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message is not None else ""


def given(update: Update) -> str:
    """What the coordinator chose: the tapped button's value, or what they typed."""
    return (arg(update) or "") if update.callback_query is not None else text_of(update)


Row = list[tuple[str, str]]
Rows = list[Row]


async def show_screen(
    update: Update, text: str, rows: Rows, *, note: str | None = None, new_message: bool = False
) -> None:
    """A screen's text and buttons, under a ``note`` (what was just done) when there is one."""
    if note:
        text = f"{note}\n\n{text}"
    await show(update, text, keyboard(*rows), new_message=new_message)


async def show_with_back(update: Update, t: Translator, text: str, *rows: Row, back: str) -> None:
    """A question on the way (sure? or: type it next): its buttons, and ⬅️ Back to ``back``."""
    await answer(update)
    await show(update, text, keyboard(*rows, [back_button(t, back)]))


async def show_listing(
    update: Update,
    t: Translator,
    found: Page[Any],
    *,
    action: Action,
    head: str,
    hint: str,
    empty: str,
    body: list[str],
    rows: Rows,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    """A coordinator's list a page at a time (/leads, /questions, /ideas, /neighbourhoods): its
    ``head``, what to do (``hint``; ``empty`` when there is nothing), the items' ``body`` lines
    and their buttons (``rows``), the pager (``action`` with the page) and the coordinator menu;
    a ``note`` above it all."""
    lines = [head, "", hint if found.items else empty, *body]
    if nav := pager(t, action, found.page, found.pages):
        rows.append(nav)
    rows.append([coordinator_menu_button(t)])
    await show_screen(update, "\n".join(lines), rows, note=note, new_message=new_message)


async def nothing_here(update: Update, context: Context) -> None:
    """A label-only button (a calendar heading, a preview's buttons) while a flow waits:
    answered, and the flow stays where it is."""
    await answer(update)
    raise ApplicationHandlerStop
