"""Check-in at the door: ``/start chk_<token>``, opened by scanning a shift's QR code.

A resident is checked in at once (or walks in, while places are free). Someone new first sees
the welcome with its consent question, whose buttons carry the code's token (never the shift's
number), and is checked in right after "Yes, I agree"; nothing about them is stored before.
Whatever cannot be done (too early, ended, full, cancelled, a forged code, a second scan) gets
one kind sentence, and nothing changes. In a group chat /start gets the pointer to the private
chat, as every command there does.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.config import SUPPORTED_LOCALES
from bot.i18n import N_, Translator
from bot.services import door
from bot.services.door import Outcome, Visit
from conversations.actions import unpack
from conversations.resident.onboarding import consent_given
from conversations.resident.welcome import back_to_menu, welcome_screen
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    resident_of,
    show,
    translator_for,
)

WELCOME = N_("👋 Welcome! You are checked in for <b>{title}</b>.")
THANKS = N_("Thank you for helping!")
SAID = {
    Outcome.WALKED_IN: N_("👋 Welcome! You are signed up and checked in for <b>{title}</b>."),
    Outcome.ALREADY: N_("You are already checked in for <b>{title}</b>. Have a good time!"),
    Outcome.NOTED: N_("👋 Welcome! Please tell your coordinator that you are here."),
    Outcome.TOO_EARLY: N_("You are early! You can check in from {time}."),
    Outcome.ENDED: N_("This shift has ended, so you can't check in any more."),
    Outcome.FULL: N_("Sorry, this shift is full. Please ask the coordinator at the door."),
    Outcome.CLOSED: N_(
        "Sorry, you can't sign up for this shift any more. Please ask the coordinator at the door."
    ),
    Outcome.CANCELLED: N_("Sorry, this shift is cancelled."),
}
UNKNOWN = N_("Sorry, this check-in code does not work. Please ask the coordinator at the door.")


def visit_text(t: Translator, visit: Visit) -> str:
    """What the person reads after scanning: one or two short lines."""
    shift = visit.shift
    if shift is None or visit.outcome in (Outcome.UNKNOWN, Outcome.OPEN):
        return t._(UNKNOWN)
    title = esc(shift.opportunity.title)
    when = f"🗓 {t.when(shift.starts_at, shift.ends_at)}"
    opens = t.time(visit.opens_at) if visit.opens_at else ""
    if visit.outcome is Outcome.CHECKED_IN:
        return "\n".join([t._(WELCOME).format(title=title), when, "", t._(THANKS)])
    text = t._(SAID[visit.outcome]).format(title=title, time=opens)
    if visit.outcome is Outcome.WALKED_IN:
        return "\n".join([text, when, "", t._(THANKS)])
    if visit.outcome in (Outcome.TOO_EARLY, Outcome.NOTED):
        return "\n".join([text, f"<b>{title}</b>", when])
    return text


async def on_link(update: Update, context: Context) -> None:
    """``/start chk_<token>``: check in now, or (someone new) the welcome first."""
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    d = context.deps
    token = door.token_in(context.args[0] if context.args else None)
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if token is None:
        visit = Visit(Outcome.UNKNOWN)
    elif resident is None:
        visit = await door.look(d.db, token, d.clock.now(), language=t.locale)
        if visit.outcome is Outcome.OPEN:
            text, rows = welcome_screen(t, 0, check_in=token)
            await show(update, text, keyboard(*rows), new_message=True)
            raise ApplicationHandlerStop
    else:
        visit = await door.check_in(
            d.db,
            token=token,
            resident_id=user.id,
            now=d.clock.now(),
            rules=d.rules,
            language=t.locale,
        )
    await show(update, visit_text(t, visit), keyboard([back_to_menu(t)]), new_message=True)
    raise ApplicationHandlerStop


async def on_consent(update: Update, context: Context) -> None:
    """``okd:<language>:<token>``: consent given on a check-in's welcome, then the check-in."""
    given = await consent_given(update, context)
    if given is None:
        return
    resident, t, cb = given
    d = context.deps
    visit = await door.check_in(
        d.db,
        token=cb.text(1) or "",
        resident_id=resident.id,
        now=d.clock.now(),
        rules=d.rules,
        language=t.locale,
    )
    await show(update, visit_text(t, visit), keyboard([back_to_menu(t)]))


async def on_language(update: Update, context: Context) -> None:
    """``wld:<language>:<token>``: the check-in's welcome in the other language (still before
    consent: nothing stored)."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    locale = cb.text(0) if cb else None
    token = (cb.text(1) if cb else None) or ""
    await answer(update)
    if locale not in SUPPORTED_LOCALES:
        return
    text, rows = welcome_screen(context.deps.translator(locale), 0, check_in=token)
    await show(update, text, keyboard(*rows))
