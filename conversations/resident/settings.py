"""/settings: the resident's language and what they want to receive, one row per choice.

The screen is built from :data:`SETTING_ROWS`. A row shows one line of text and a row of
buttons; its buttons carry ``pack("set", row.key, value)`` and the row's ``choose`` applies the
value. A flow that brings a new choice (interests, say) adds a row with :func:`add_row`, e.g. a
:class:`LinkRow` whose button opens that flow's own screen. Buttons carry the value to set, not
"toggle", so a double tap does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.config import SUPPORTED_LOCALES
from bot.i18n import N_, Translator
from bot.outbox import planning as plans
from bot.store import residents
from bot.store.residents import Resident
from conversations.actions import pack, pattern, unpack
from conversations.ui.replying import (
    Context,
    answer,
    deps,
    keyboard,
    resident_of,
    show,
    translator_for,
    user_id,
)

log = logging.getLogger(__name__)

ACTION = "set"
LANGUAGE_NAMES = {"nl": "🇳🇱 Nederlands", "en": "🇬🇧 English"}


@dataclass(frozen=True)
class Choices:
    """What the rows render from: the resident and their on/off preferences."""

    resident: Resident
    preferences: dict[str, bool]


class SettingRow(Protocol):
    """One choice on the settings screen."""

    @property
    def key(self) -> str:
        """Short and plain: it travels in callback data."""
        ...

    def line(self, t: Translator, choices: Choices) -> str:
        """The text that says what is chosen now."""
        ...

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        """One row of buttons, each ``(label, pack(ACTION, key, value))`` or another action."""
        ...

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        """Apply a tapped value: True if it changed something, False if it was so already,
        None when the value is not one this row offers (a forged or stale button)."""
        ...


@dataclass(frozen=True)
class LanguageRow:
    key: str = "lang"

    def line(self, t: Translator, choices: Choices) -> str:
        return t._("🌐 <b>Language:</b> {language}").format(
            language=LANGUAGE_NAMES.get(choices.resident.language, choices.resident.language)
        )

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        return [
            (
                ("✅ " if code == choices.resident.language else "") + name,
                pack(ACTION, self.key, code),
            )
            for code, name in LANGUAGE_NAMES.items()
        ]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        if value not in SUPPORTED_LOCALES:
            return None
        if value == choices.resident.language:
            return False
        async with deps(context).db.transaction() as conn:
            await residents.set_language(choices.resident.id, value, conn=conn)
        return True


@dataclass(frozen=True)
class ToggleRow:
    """An on/off preference stored in one column of ``residents``."""

    key: str
    column: str
    label: str  # N_(...)
    explanation: str  # N_(...)

    def line(self, t: Translator, choices: Choices) -> str:
        on = choices.preferences.get(self.column, True)
        return "{label}: {state}\n<i>{explanation}</i>".format(
            label=t._(self.label),
            state=t._("on") if on else t._("off"),
            explanation=t._(self.explanation),
        )

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        on = choices.preferences.get(self.column, True)
        label = t._("Turn off") if on else t._("Turn on")
        return [(f"{t._(self.label)}: {label}", pack(ACTION, self.key, "0" if on else "1"))]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        if value not in ("0", "1"):
            return None
        on = value == "1"
        if choices.preferences.get(self.column, True) == on:
            return False
        d = deps(context)
        async with d.db.transaction() as conn:
            await residents.set_preference(choices.resident.id, self.column, on, conn=conn)
            # Reminders and thank-yous follow the choice, also for sign-ups made before (#3).
            await plans.preferences_changed(conn, choices.resident.id, d.clock.now())
        return True


@dataclass(frozen=True)
class LinkRow:
    """A choice with a screen of its own (interests): a line and a button into that flow."""

    key: str
    label: str  # N_(...), the button
    explanation: str  # N_(...), the line
    data: str  # the callback data of the flow's own screen, e.g. pack("int")

    def line(self, t: Translator, choices: Choices) -> str:
        return t._(self.explanation)

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        return [(t._(self.label), self.data)]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        return None


SETTING_ROWS: list[SettingRow] = [
    LanguageRow(),
    ToggleRow(
        "rem",
        "reminders_on",
        N_("⏰ Reminders"),
        N_("A message the day before and two hours before your shift."),
    ),
    ToggleRow(
        "thx",
        "thanks_on",
        N_("🙏 Thank-you"),
        N_("A message after your shift, to ask how it went."),
    ),
    ToggleRow(
        "news",
        "broadcasts_on",
        N_("📣 News"),
        N_("Calls for help and news from the organisers."),
    ),
]


def add_row(row: SettingRow, *, before: str | None = None) -> None:
    """Offer one more choice on the settings screen (at the end, or before the row ``before``)."""
    if any(existing.key == row.key for existing in SETTING_ROWS):
        return
    keys = [existing.key for existing in SETTING_ROWS]
    SETTING_ROWS.insert(keys.index(before) if before in keys else len(SETTING_ROWS), row)


def _row(key: str | None) -> SettingRow | None:
    return next((row for row in SETTING_ROWS if row.key == key), None)


def settings_screen(
    t: Translator, choices: Choices, rows: Sequence[SettingRow] | None = None
) -> tuple[str, list[list[tuple[str, str]]]]:
    rows = SETTING_ROWS if rows is None else rows
    lines = [t._("⚙️ <b>Settings</b>"), *(row.line(t, choices) for row in rows)]
    lines.append(t._("Tap a button to change something."))
    buttons = [row.buttons(t, choices) for row in rows]
    buttons.append([(t._("🏠 Menu"), pack("menu"))])
    return "\n\n".join(lines), [b for b in buttons if b]


async def _choices(resident: Resident, context: Context) -> Choices:
    async with deps(context).db.read() as conn:
        prefs = await residents.preferences(resident.id, conn=conn)
    return Choices(resident, prefs)


async def _show_settings(
    update: Update, context: Context, *, new_message: bool = False
) -> Resident | None:
    """The settings screen, or the welcome screen for someone who has not consented."""
    from conversations.resident.onboarding import welcome_screen

    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if resident is None:
        text, rows = welcome_screen(t, 0)
        await show(update, text, keyboard(*rows), new_message=new_message)
        return None
    text, rows = settings_screen(t, await _choices(resident, context))
    await show(update, text, keyboard(*rows), new_message=new_message)
    return resident


async def settings_command(update: Update, context: Context) -> None:
    """/settings: a new message with the screen."""
    await _show_settings(update, context, new_message=True)


async def on_settings(update: Update, context: Context) -> None:
    """The menu's ⚙️ button (``set``), or a change (``set:<row>:<value>``), then the screen."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    if cb is None or not cb.args:
        await answer(update)
        await _show_settings(update, context)
        return
    resident = await resident_of(update, context)
    row = _row(cb.text(0))
    value = cb.text(1)
    changed: bool | None = None
    if resident is not None and row is not None and value is not None:
        changed = await row.choose(await _choices(resident, context), value, context)
    if changed:
        log.info("resident %s changed setting %s", user_id(update), cb.text(0))
        # Re-read: after a language change the answer and the screen speak the new language.
        resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if changed is None:
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    await answer(update, t._("Saved."))
    if changed:
        await _show_settings(update, context)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("settings", settings_command, filters.ChatType.PRIVATE))
    application.add_handler(CallbackQueryHandler(on_settings, pattern=pattern(ACTION)))
