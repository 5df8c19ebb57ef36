"""/edit's "🌐 Translation" step: a coordinator gives an opportunity's title and description in
another language, or removes a translation.

🌐 Translation → a language (buttons; ✅ where there is one) → ✏️ Title or ✏️ Description → type
it (the original's limits; a text that is too long is refused with the limit, and comes back to
be copied and shortened) → saved, back on the language's screen; 🗑 removes that language's
translation. Residents who read it see it from then on (:mod:`bot.services.translations`). The
screens are in :mod:`conversations.coordinator.translation_screens`.
"""

from __future__ import annotations

from telegram import Update

from bot.config import SUPPORTED_LOCALES
from bot.services import translations
from bot.services.publishing import Invalid
from bot.services.roles import Role
from conversations.coordinator.guard import arg, needed, step, text_of
from conversations.coordinator.screens import go, typed_step
from conversations.coordinator.steps import (
    FIELDS,
    TRANSLATION,
    TRANSLATION_TEXT,
    TRANSLATIONS,
    draft,
    fresh,
)
from conversations.ui.context import Context
from conversations.ui.replying import translator


def _language(update: Update) -> str:
    language = arg(update, 1)
    if language not in SUPPORTED_LOCALES:
        raise Invalid("missing")
    return language


@step("translate")
async def on_translations(update: Update, context: Context, role: Role) -> str:
    """🌐 Translation: which language?"""
    opportunity_id = needed(update)
    await translations.of_opportunity(context.deps.db, role, opportunity_id)
    fresh(context, mode="edit", opp=opportunity_id)
    return await go(update, context, role, TRANSLATIONS)


@step("translate")
async def on_language(update: Update, context: Context, role: Role) -> str:
    """A language: its title and description, to type or remove."""
    opportunity_id, language = needed(update), _language(update)
    await translations.of_opportunity(context.deps.db, role, opportunity_id)
    fresh(context, mode="edit", opp=opportunity_id, lang=language)
    return await go(update, context, role, TRANSLATION)


@step("translate")
async def on_field(update: Update, context: Context, role: Role) -> str:
    """✏️ Title or ✏️ Description: type it in the language."""
    opportunity_id, language = needed(update), _language(update)
    field = FIELDS.get(arg(update, 2) or "")
    if field not in translations.FIELDS:
        raise Invalid("missing")
    found = await translations.of_opportunity(context.deps.db, role, opportunity_id)
    if found.row.status != "open":
        raise Invalid("closed")
    fresh(context, mode="edit", opp=opportunity_id, lang=language, field=field)
    return await go(update, context, role, TRANSLATION_TEXT)


@typed_step("translate")
async def on_text(update: Update, context: Context, role: Role) -> str:
    """The typed translation: saved; or refused with the reason (too long: the limit, and the
    text back to copy), and the same step waits."""
    d = draft(context)
    t = await translator(update, context)
    await translations.translate(
        context.deps.db, role, int(d["opp"]), str(d["lang"]), str(d["field"]), text_of(update)
    )
    d.pop("field", None)
    return await go(update, context, role, TRANSLATION, t._("✅ Saved."))


@step("translate")
async def on_remove(update: Update, context: Context, role: Role) -> str:
    """🗑 Remove this translation: residents of that language see the original again."""
    opportunity_id, language = needed(update), _language(update)
    t = await translator(update, context)
    await translations.remove(context.deps.db, role, opportunity_id, language)
    fresh(context, mode="edit", opp=opportunity_id, lang=language)
    return await go(update, context, role, TRANSLATION, t._("✅ The translation is removed."))
