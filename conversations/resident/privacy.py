"""/delete: see what is stored about you and, after one confirmation, erase it.

Erasing cancels upcoming sign-ups (the waitlist moves up), removes messages planned for the
person, deletes the resident row (past sign-ups stay as anonymous counts; their leads for
ongoing roles and their questions with the answers go with it) and PTB's user_data.

Callback actions: ``del`` what is stored, ``dx`` erase.
"""

from __future__ import annotations

from telegram import Update

from bot.services import ideas, leads, my_data, questions, signups
from conversations import actions
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    present,
    private_only,
    resident_of,
    translator_for,
)


async def show_stored(update: Update, context: Context, *, new_message: bool = False) -> None:
    """What we store about this person, and the button that erases it."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    await answer(update)
    if resident is None:
        await present(
            update,
            t._("We store nothing about you. 🙂"),
            keyboard([menu_button(t)]),
            new_message=new_message,
        )
        return
    to_come, earlier = await signups.count_for_resident(
        context.deps.db, resident.id, context.deps.clock.now()
    )
    roles = await leads.count_for_resident(context.deps.db, resident.id)
    asked = await questions.count_for_resident(context.deps.db, resident.id)
    proposed = await ideas.count_for_resident(context.deps.db, resident.id)
    text = "\n".join(
        [
            t._("<b>What we store about you</b>"),
            t._("First name: {name}").format(name=esc(resident.first_name)),
            t._("Language: {language}").format(language=esc(t.language_name)),
            t._("Sign-ups still to come: {n}").format(n=to_come),
            t._("Earlier sign-ups (done or cancelled): {n}").format(n=earlier),
            t._("Ongoing roles and interest in them: {n}").format(n=roles),
            t._("Questions and answers: {n}").format(n=asked),
            t._("Ideas: {n}").format(n=proposed),
            "",
            t._(
                "Do you want us to erase this? Your sign-ups that are still to come are "
                "cancelled. This cannot be undone."
            ),
        ]
    )
    rows = [
        [(t._("📄 Send me my data"), actions.MY_DATA.data())],
        [(t._("🗑 Yes, erase my data"), actions.ERASE_DATA.data())],
        [(t._("No, keep it"), actions.MENU.data())],
    ]
    await present(update, text, keyboard(*rows), new_message=new_message)


@private_only
async def delete_command(update: Update, context: Context) -> None:
    await show_stored(update, context, new_message=True)


async def on_stored(update: Update, context: Context) -> None:
    await show_stored(update, context)


async def on_erase(update: Update, context: Context) -> None:
    """Erase the person: places freed, planned messages gone, resident row and user_data gone."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    await answer(update)
    if resident is not None:
        d = context.deps
        erased = await my_data.forget_resident(
            d.db, resident_id=resident.id, now=d.clock.now(), rules=d.rules
        )
        if erased.promoted:
            context.deps.kick()
        d.postman.unreachable.discard(resident.id)  # the record is gone from the database too
        context.user_data.clear()  # type: ignore[union-attr]
        if context.application.persistence is not None:
            await context.application.persistence.drop_user_data(resident.id)
    await present(
        update,
        t._("🗑 Your data has been erased. Goodbye! If you want to take part again, type /start."),
        # The welcome again, in their language (the menu would let them look around first).
        keyboard([(t._("Start again"), actions.WELCOME_LANGUAGE.data(t.locale, 0))]),
    )
