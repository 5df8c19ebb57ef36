"""/invite, the invite link, /coordinators, and the coordinator's command menu.

An administrator picks an organisation (or types the name of a new one) and gets a one-time link
``https://t.me/<bot>?start=inv_<token>``. Whoever opens it becomes a coordinator of that
organisation (they need not be a resident) and gets the coordinator commands in their menu.
/coordinators lists them per organisation, with a remove button that asks once.
"""

from __future__ import annotations

import logging
import re

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.deps import Database
from bot.i18n import N_, Translator
from bot.services import invites
from bot.services.invites import Outcome
from bot.services.roles import Role
from conversations import actions
from conversations.commands import RESIDENT_COMMANDS
from conversations.coordinator import steps
from conversations.coordinator.guard import (
    Rows,
    coordinator_only,
    needed,
    show_with_back,
    step,
    text_of,
    user_link,
)
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, cancel_button, coordinator_menu_button
from conversations.ui.replying import answer, esc, keyboard, show, translator

log = logging.getLogger(__name__)

INVITE_NAME = "invite_name"
DEEP_LINK = re.compile(r"^inv_([A-Za-z0-9_-]{8,60})$")
MAX_ORGANISATIONS = 40

# The coordinator's commands, first in their menu, then the resident's.
COORDINATOR_COMMANDS = [
    ("new", N_("Publish something new")),
    ("edit", N_("Change or cancel")),
    ("roster", N_("Who is coming")),
    ("leads", N_("People interested in a role")),
    ("questions", N_("Questions from residents")),
    ("ideas", N_("Ideas from residents")),
    ("callhelp", N_("Ask for help for a shift")),
    ("broadcast", N_("Send a message to residents")),
    ("poll", N_("Ask volunteers or staff a question")),
    ("export", N_("Sign-ups as a spreadsheet")),
    ("stats", N_("Figures")),
]
ADMIN_COMMANDS = [
    ("invite", N_("Invite a coordinator")),
    ("coordinators", N_("Coordinators")),
    ("neighbourhoods", N_("Neighbourhoods of the area")),
]


async def offer_commands(bot: Bot, user_id: int, t: Translator, *, admin: bool) -> None:
    """Put the coordinator commands in this person's menu; best effort (a chat that never
    started the bot is refused by Telegram, and that must not stop anything)."""
    pairs = COORDINATOR_COMMANDS + (ADMIN_COMMANDS if admin else []) + RESIDENT_COMMANDS
    commands = [BotCommand(name, t._(text)) for name, text in pairs]
    try:
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(user_id))
    except TelegramError as exc:
        log.info("could not set the coordinator menu for user %s: %s", user_id, type(exc).__name__)


async def withdraw_commands(bot: Bot, user_id: int) -> None:
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
    except TelegramError as exc:
        log.info("could not reset the menu for user %s: %s", user_id, type(exc).__name__)


# -- /invite -------------------------------------------------------------------------------------
async def _organisations_screen(db: Database, role: Role, t: Translator) -> tuple[str, Rows]:
    found = await invites.organisations(db, role)
    rows: Rows = [
        [(clip(o.name), actions.INVITE_FOR.data(o.id))] for o in found[:MAX_ORGANISATIONS]
    ]
    rows.append([(t._("➕ A new organisation"), actions.INVITE_NEW_ORGANISATION.data())])
    rows.append([coordinator_menu_button(t)])
    text = t._(
        "<b>Invite a coordinator</b>\n\nFor which organisation? You get a link to send to the "
        "new coordinator."
    )
    return text, rows


@coordinator_only("invite", admin=True)
async def invite_command(update: Update, context: Context, role: Role) -> None:
    """/invite, and ⬅️ back to it: which organisation the new coordinator is for."""
    t = await translator(update, context)
    text, rows = await _organisations_screen(context.deps.db, role, t)
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


async def _show_link(update: Update, context: Context, role: Role, organisation_id: int) -> None:
    t = await translator(update, context)
    d = context.deps
    made = await invites.make(d.db, role, organisation_id, d.clock.now())
    link = invites.link(context.bot.username, made.token)
    text = t._(
        "🔗 <b>Invite for {organisation}</b>\n\nSend this link to the new coordinator. "
        "It works once, until {date}.\n\n{link}"
    ).format(organisation=esc(made.organisation), date=t.datetime(made.expires_at), link=link)
    await answer(update)
    await show(
        update,
        text,
        keyboard([back_button(t, actions.INVITE.data())], [coordinator_menu_button(t)]),
    )


@coordinator_only("invite", admin=True)
async def on_organisation(update: Update, context: Context, role: Role) -> None:
    await _show_link(update, context, role, needed(update))


@step("invite", admin=True)
async def ask_name(update: Update, context: Context, role: Role) -> str:
    """➕ A new organisation: its name is typed next."""
    t = await translator(update, context)
    steps.fresh(context, mode="invite", step=INVITE_NAME)
    await answer(update)
    await show(
        update,
        t._("Type the name of the new organisation."),
        keyboard(
            [back_button(t, actions.INVITE.data()), cancel_button(t, actions.DRAFT_STOP.data())]
        ),
    )
    return INVITE_NAME


@step("invite", admin=True)
async def on_name(update: Update, context: Context, role: Role) -> int:
    organisation_id = await invites.add_organisation(context.deps.db, role, text_of(update))
    steps.forget(context)
    await _show_link(update, context, role, organisation_id)
    return steps.END


# -- the link, opened ----------------------------------------------------------------------------
OUTCOMES = {
    Outcome.EXPIRED: N_(
        "Sorry, this invite link has expired. Ask for a new one: links work for 7 days."
    ),
    Outcome.USED: N_("Sorry, this invite link was used already. Ask for a new one."),
    Outcome.UNKNOWN: N_("Sorry, this invite link does not work. Ask for a new one."),
}


async def on_invite_link(update: Update, context: Context) -> None:
    """``/start inv_<token>``: the opener becomes a coordinator (once, within 7 days)."""
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    match = DEEP_LINK.match(context.args[0] if context.args else "")
    d = context.deps
    t = await translator(update, context)
    if match is None:
        outcome = invites.Redeemed(Outcome.UNKNOWN)
        log.info("invite opened by user %s: malformed", user.id)
    else:
        outcome = await invites.redeem(
            d.db, match.group(1), user.id, user.first_name or "", d.clock.now()
        )
    if outcome.outcome in (Outcome.JOINED, Outcome.ALREADY):
        text = "\n\n".join(
            [
                t._("🎉 You are now a coordinator of <b>{organisation}</b>.").format(
                    organisation=esc(outcome.organisation or "")
                ),
                t._(
                    "With /new you publish something, with /roster you see who is coming. "
                    "All your commands are in the menu."
                ),
            ]
        )
        await show(update, text, keyboard([coordinator_menu_button(t)]), new_message=True)
        await offer_commands(context.bot, user.id, t, admin=user.id in d.settings.coordinator_ids)
    else:
        await show(update, t._(OUTCOMES[outcome.outcome]), new_message=True)
    raise ApplicationHandlerStop


# -- /coordinators -------------------------------------------------------------------------------
@coordinator_only("coordinators", admin=True)
async def coordinators_command(update: Update, context: Context, role: Role) -> None:
    """/coordinators: per organisation, who coordinates it, each with a remove button."""
    await answer(update)
    await _team_screen(update, context, role)


async def _team_screen(update: Update, context: Context, role: Role) -> None:
    t = await translator(update, context)
    team = await invites.team(context.deps.db, role)
    lines = [t._("<b>Coordinators</b>")]
    rows: Rows = []
    current = None
    for member in team:
        if member.organisation_id != current:
            current = member.organisation_id
            lines += ["", f"<b>{esc(member.organisation)}</b>"]
        name = member.first_name or str(member.user_id)
        lines.append("• " + user_link(member.user_id, member.first_name, str(member.user_id)))
        label = t._("❌ {name} ({organisation})").format(
            name=clip(name, 20), organisation=clip(member.organisation, 20)
        )
        rows.append(
            [(label, actions.ASK_REMOVE_COORDINATOR.data(member.user_id, member.organisation_id))]
        )
    if not team:
        lines += ["", t._("There are no coordinators yet. Invite one with /invite.")]
    rows.append([(t._("🔗 Invite a coordinator"), actions.INVITE.data())])
    rows.append([coordinator_menu_button(t)])
    await show(update, "\n".join(lines), keyboard(*rows), new_message=update.callback_query is None)


def _pair(update: Update) -> tuple[int, int]:
    return needed(update, 0), needed(update, 1)


@coordinator_only("remove_coordinator", admin=True)
async def ask_remove(update: Update, context: Context, role: Role) -> None:
    t = await translator(update, context)
    pair = _pair(update)
    team = await invites.team(context.deps.db, role)
    member = next((m for m in team if pair and (m.user_id, m.organisation_id) == pair), None)
    if member is None:
        await answer(update, t._("This no longer exists."))
        return
    name = member.first_name or str(member.user_id)
    text = t._("Remove <b>{name}</b> as coordinator of <b>{organisation}</b>?").format(
        name=esc(name), organisation=esc(member.organisation)
    )
    sure = [(t._("Yes, remove"), actions.REMOVE_COORDINATOR.data(*pair))]
    await show_with_back(update, t, text, sure, back=actions.COORDINATORS.data())


@coordinator_only("remove_coordinator", admin=True)
async def remove(update: Update, context: Context, role: Role) -> None:
    pair = _pair(update)
    if pair is None:
        await answer(update)
        return
    d = context.deps
    still = await invites.remove(d.db, role, pair[0], pair[1])
    if not still and pair[0] not in d.settings.coordinator_ids:
        await withdraw_commands(context.bot, pair[0])
    t = await translator(update, context)
    await answer(update, t._("Removed."))
    await _team_screen(update, context, role)


async def menu_on_first_contact(update: object, context: Context) -> None:
    """The coordinator menu for coordinators known at start, when they next write to the bot.

    (Set lazily rather than at start so that start-up sends Telegram only the resident menu,
    and a coordinator who never started the bot costs nothing.)
    """
    if not isinstance(update, Update) or update.effective_user is None:
        return
    d = context.deps
    user_id = update.effective_user.id
    if user_id not in d.menu_due:
        return
    d.menu_due.discard(user_id)
    t = await translator(update, context)
    await offer_commands(context.bot, user_id, t, admin=user_id in d.settings.coordinator_ids)
