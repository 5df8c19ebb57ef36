"""Welcome, consent, the main menu and help: the first minute with the bot; and what nobody
else took (typed words are searched, anything else gets a pointer to /help).

Nothing about a person is stored before they tap "Yes, I agree": they may look first (browse,
search, open a deep link's opportunity at once), and the language they pick on the welcome is
held in memory only (:class:`bot.i18n.ChosenLanguages`) and travels in the buttons.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.config import SUPPORTED_LOCALES
from bot.i18n import N_, Translator, pick_locale
from bot.services import posters, residents
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback, unpack
from conversations.resident import browse, results
from conversations.resident.welcome import back_to_menu, main_menu, welcome_screen
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    private_only,
    resident_of,
    show,
    translator,
    translator_for,
)

log = logging.getLogger(__name__)


@private_only
async def start(update: Update, context: Context) -> None:
    """/start, optionally with a deep link from a poster or a shared message: ``opp_<id>`` (an
    opportunity) or ``org_<id>`` (an organisation's offers), shown at once: consent is asked
    when the person signs up. A mangled link gets a kind answer with ways on."""
    link = posters.read_link(context.args[0] if context.args else None)
    opportunity_id = link.id if link and link.kind == posters.OPPORTUNITY else 0
    organisation_id = link.id if link and link.kind == posters.ORGANISATION else 0
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if link is not None and link.id == 0:
        log.info(
            "mangled deep link from user %s",
            update.effective_user.id if update.effective_user else None,
        )
        await browse.show_not_available(update, t, new_message=True)
        return
    if opportunity_id or organisation_id:
        # Someone new sees it at once too, with a line that says they can look first.
        intro = None
        if resident is None:
            intro = t._("👋 Welcome to <b>Meedoen</b>!") + "\n" + _look_line(t)
        if opportunity_id:
            await browse.show_opportunity(
                update, context, t, opportunity_id, new_message=True, intro=intro
            )
        else:
            await browse.show_organisation(
                update, context, t, organisation_id, new_message=True, intro=intro
            )
    elif resident is None:
        text, rows = welcome_screen(t, 0)
        await show(update, text, keyboard(*rows))
    else:
        greeting = t._("Welcome back, {name}!").format(name=esc(resident.first_name))
        await show_menu(update, t, greeting=greeting)


async def show_menu(update: Update, t: Translator, greeting: str | None = None) -> None:
    text = (greeting + "\n\n" if greeting else "") + t._("What would you like to do?")
    await show(update, text, keyboard(*main_menu(t)))


def _look_line(t: Translator) -> str:
    return t._("Have a look. We ask for your OK only when you sign up.")


def _choose_language(update: Update, context: Context, locale: str | None) -> Translator | None:
    """The language picked before consent, held in memory for the next screens (never stored);
    None for a language we do not have (a forged button)."""
    user = update.effective_user
    if locale is None or locale not in SUPPORTED_LOCALES or user is None:
        return None
    context.deps.chosen_languages.choose(user.id, locale)
    return context.deps.translator(locale)


async def on_welcome_language(update: Update, context: Context) -> None:
    """The welcome screen in the other language (nothing stored: still before consent)."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    opportunity_id = (cb.number(1) if cb else None) or 0
    await answer(update)
    t = _choose_language(update, context, cb.text(0) if cb else None)
    if t is None:
        return
    text, rows = welcome_screen(t, opportunity_id)
    await show(update, text, keyboard(*rows))


async def on_look(update: Update, context: Context) -> None:
    """🔎 "First have a look" on the welcome: the categories, in the welcome's language."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    await answer(update)
    resident = await resident_of(update, context)  # an old welcome: their own language
    t = None if resident else _choose_language(update, context, cb.text(0) if cb else None)
    await browse.show_categories(update, context, t or translator_for(update, context, resident))


async def consent_given(
    update: Update, context: Context, *, thank: bool = True
) -> tuple[Resident, Translator, Callback] | None:
    """ "Yes, I agree" on a welcome (``ok``, ``okc`` or the check-in's ``okd``): the resident
    row is written in the language the button carries (else Telegram's), the tap thanked
    (``thank``; else the caller answers it); the button's other arguments are the caller's.
    None for a tap that carries nothing usable."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    user = update.effective_user
    if cb is None or user is None:
        await answer(update)
        return None
    locale = cb.text(0)
    if locale not in SUPPORTED_LOCALES:
        locale = pick_locale(user.language_code, context.deps.settings.default_locale)
    d = context.deps
    resident = await residents.consent(d.db, user.id, user.first_name, locale, d.clock.now())
    d.chosen_languages.forget(user.id)  # the resident's row holds it now
    t = d.translator(resident.language)
    if thank:
        await answer(update, t._("Thank you!"))
    return resident, t, cb


async def on_consent(update: Update, context: Context) -> None:
    """Consent given: the resident row is written, then the menu or the deep-linked offer."""
    given = await consent_given(update, context)
    if given is None:
        return
    resident, t, cb = given
    opportunity_id = cb.number(1) or 0
    if opportunity_id:
        await browse.show_opportunity(update, context, t, opportunity_id)
        return
    await show_menu(
        update, t, greeting=t._("Nice to meet you, {name}!").format(name=esc(resident.first_name))
    )


async def on_decline(update: Update, context: Context) -> None:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    locale = cb.text(0) if cb else None
    t = (
        context.deps.translator(locale)
        if locale in SUPPORTED_LOCALES
        else await translator(update, context)
    )
    await answer(update)
    await show(
        update,
        t._("That's fine. Nothing about you was stored. You can still look around."),
        keyboard([(t._("🔎 Find something to do"), actions.CATEGORIES.data())], [back_to_menu(t)]),
    )


async def on_menu(update: Update, context: Context) -> None:
    """🏠 Menu: the same for everyone (what stores something asks for consent first)."""
    await answer(update)
    await show_menu(update, await translator(update, context))


def help_text(t: Translator) -> str:
    return "\n".join(
        [
            t._("<b>What you can do here</b>"),
            "",
            t._("/find – find volunteer work and sign up"),
            t._("/search – search by word"),
            t._("Or just type a word here, for example <i>reading</i>."),
            t._("/mine – your sign-ups, cancel one, your hours"),
            t._("/ask – ask a person a question"),
            t._("/idea – share an idea for the library"),
            t._("/settings – language and messages"),
            t._("/mydata – see what we keep about you"),
            t._("/delete – erase your data"),
            "",
            t._("Tip: you can do everything with the buttons."),
        ]
    )


@private_only
async def help_command(update: Update, context: Context) -> None:
    t = await translator(update, context)
    await show(update, help_text(t), keyboard([back_to_menu(t)]), new_message=True)


async def on_help(update: Update, context: Context) -> None:
    await answer(update)
    t = await translator(update, context)
    await show(update, help_text(t), keyboard([back_to_menu(t)]))


@private_only
async def nothing_to_cancel(update: Update, context: Context) -> None:
    """/cancel when no flow is waiting (a waiting flow takes /cancel in its own group first)."""
    await _pointer(update, context, N_("There is nothing to stop right now."))


@private_only
async def on_typed(update: Update, context: Context) -> None:
    """Text typed outside a flow that waits for it: its words are searched (nothing stored,
    also before consent); text that is no search (a link, a long message) gets the pointer."""
    message = update.effective_message
    words = results.typed_words(message.text or "" if message else "")
    if not words:
        await unknown_input(update, context)
        return
    t = await translator(update, context)
    await results.show_results(update, context, t, words, new_message=True)


@private_only
async def unknown_input(update: Update, context: Context) -> None:
    """Stickers, photos, unknown commands, edited messages: a short pointer, nothing changes."""
    await _pointer(
        update, context, N_("Sorry, I don't understand that. Use the buttons, or type /help.")
    )


async def _pointer(update: Update, context: Context, message: str) -> None:
    """One line, in a new message, with the way back to the menu."""
    t = await translator(update, context)
    await show(update, t._(message), keyboard([back_to_menu(t)]), new_message=True)


async def stale_button(update: Update, context: Context) -> None:
    """A button from an old message, or data nobody here made: a polite answer, nothing else."""
    t = await translator(update, context)
    log.info(
        "stale or unknown callback from user %s", update.effective_user and update.effective_user.id
    )
    await answer(
        update, t._("This button no longer works. Type /start to begin again."), alert=True
    )


async def group_chat(update: Update, context: Context) -> None:
    """In a group, only commands get an answer: an invitation to the private chat."""
    message = update.effective_message
    if message is None or not (message.text or "").startswith("/"):
        return
    t = await translator(update, context)
    username = context.bot.username
    await message.reply_text(
        t._("I work in a private chat. Open it here: {link}").format(
            link=f"https://t.me/{username}"
        )
    )
