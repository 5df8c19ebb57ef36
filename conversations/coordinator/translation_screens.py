"""The screens of /edit's "🌐 Translation" step: the languages, one language's title and
description, and typing one of them. Listed in :data:`conversations.coordinator.screens.SCREENS`;
the handlers are in :mod:`conversations.coordinator.translating`."""

from __future__ import annotations

from typing import Any

from bot.i18n import LANGUAGE_LABELS, N_, Translator
from bot.services import translations
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import Rows
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, cancel_button
from conversations.ui.replying import esc

# The buttons that choose a text to translate (the field codes of /edit's text buttons).
FIELD_CODES = {"title": "t", "description": "d"}
SHOWN = 300  # characters of a description shown on these screens (the whole is on the card)
HEADINGS = {"title": N_("Title"), "description": N_("Description")}
PROMPTS = {
    "title": N_("Type the title in this language."),
    "description": N_("Type the description in this language."),
}


def language_label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, language)


def _close(t: Translator) -> tuple[str, str]:
    return (t._("✖️ Close"), actions.DRAFT_STOP.data())


async def languages(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    """Which language? With the translations there are, and ✅ on their buttons."""
    found = await translations.of_opportunity(context.deps.db, role, int(d["opp"]))
    lines = [
        f"<b>{esc(found.row.title)}</b>",
        "",
        t._("🌐 <b>Translations</b>"),
        t._(
            "Residents who read a language you translate into see the title and description "
            "in it. Everyone else sees them as they are."
        ),
        "",
    ]
    for language in LANGUAGE_LABELS:
        one = found.languages.get(language)
        if one is not None:
            done = [t._(HEADINGS[f]) for f in translations.FIELDS if getattr(one, f)]
            lines.append(f"✅ {language_label(language)}: {', '.join(done)}")
    if not found.languages:
        lines.append(t._("No translations yet."))
    lines += ["", t._("Which language? Tap it.")]
    buttons = [
        (
            ("✅ " if language in found.languages else "") + label,
            actions.TRANSLATION.data(found.row.id, language),
        )
        for language, label in LANGUAGE_LABELS.items()
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([back_button(t, actions.EDIT.data(found.row.id)), _close(t)])
    return "\n".join(lines), rows


async def one_language(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    """One language: its title and description (or that residents see the original)."""
    found = await translations.of_opportunity(context.deps.db, role, int(d["opp"]))
    language = str(d["lang"])
    one = found.languages.get(language)
    lines = [f"<b>{esc(found.row.title)}</b>", f"🌐 {language_label(language)}", ""]
    for field in translations.FIELDS:
        text = getattr(one, field) if one is not None else None
        shown = esc(clip(text, SHOWN)) if text else t._("not translated: the original is shown")
        lines.append(f"<b>{t._(HEADINGS[field])}:</b> {shown}")
    opp = found.row.id
    rows: Rows = [
        [
            (t._("✏️ Title"), actions.TRANSLATE.data(opp, language, FIELD_CODES["title"])),
            (
                t._("✏️ Description"),
                actions.TRANSLATE.data(opp, language, FIELD_CODES["description"]),
            ),
        ]
    ]
    if one is not None:
        rows.append(
            [(t._("🗑 Remove this translation"), actions.REMOVE_TRANSLATION.data(opp, language))]
        )
    rows.append([back_button(t, actions.TRANSLATIONS.data(opp)), _close(t)])
    return "\n".join(lines), rows


async def typing(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    """Type the title (or description) in the language; the original and the translation now."""
    found = await translations.of_opportunity(context.deps.db, role, int(d["opp"]))
    language, field = str(d["lang"]), str(d["field"])
    one = found.languages.get(language)
    now = getattr(one, field) if one is not None else None
    lines = [
        f"🌐 {language_label(language)}",
        t._(PROMPTS[field]),
        "",
        t._("Original: {text}").format(text=esc(clip(getattr(found.row, field), SHOWN))),
    ]
    if now:
        lines.append(t._("Now: {text}").format(text=esc(clip(now, SHOWN))))
    back = back_button(t, actions.TRANSLATION.data(found.row.id, language))
    return "\n".join(lines), [[back, cancel_button(t, actions.DRAFT_STOP.data())]]
