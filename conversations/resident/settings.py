"""/settings: the resident's language and what they want to receive, one row per choice.

The screen is built from :data:`SETTING_ROWS`. A row shows one line of text and a row of
buttons; its buttons carry ``SETTINGS.data(row.key, value)`` and the row's ``choose`` applies
the value; a :class:`LinkRow` opens another flow's own screen (interests, the neighbourhood).
Buttons carry the value to set, not "toggle", so a double tap does nothing twice. A row with no
line is left out (the neighbourhood, while the area has none).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from telegram import Update

from bot.config import SUPPORTED_LOCALES
from bot.i18n import LANGUAGE_LABELS, N_, Translator
from bot.services import neighbourhoods, residents
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback, unpack
from conversations.resident.access import for_residents
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    resident_of,
    show,
    translator_for,
    user_id,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choices:
    """What the rows render from: the resident, their on/off preferences and neighbourhood."""

    resident: Resident
    preferences: dict[str, bool]
    neighbourhood: neighbourhoods.Choice | None = None


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
        """One row of buttons, each ``(label, SETTINGS.data(key, value))`` or another action."""
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
            language=LANGUAGE_LABELS.get(choices.resident.language, choices.resident.language)
        )

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        return [
            (
                ("✅ " if code == choices.resident.language else "") + name,
                actions.SETTINGS.data(self.key, code),
            )
            for code, name in LANGUAGE_LABELS.items()
        ]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        if value not in SUPPORTED_LOCALES:
            return None
        if value == choices.resident.language:
            return False
        await residents.set_language(context.deps.db, choices.resident.id, value)
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
        return [
            (f"{t._(self.label)}: {label}", actions.SETTINGS.data(self.key, "0" if on else "1"))
        ]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        if value not in ("0", "1"):
            return None
        on = value == "1"
        if choices.preferences.get(self.column, True) == on:
            return False
        d = context.deps
        await residents.set_preference(
            d.db, choices.resident.id, self.column, on, now=d.clock.now(), rules=d.rules
        )
        return True


@dataclass(frozen=True)
class LinkRow:
    """A choice with a screen of its own (interests): a line and a button into that flow."""

    key: str
    label: str  # N_(...), the button
    explanation: str  # N_(...), the line
    data: str  # the callback data of the flow's own screen, e.g. INTERESTS.data()

    def line(self, t: Translator, choices: Choices) -> str:
        return t._(self.explanation)

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        return [(t._(self.label), self.data)]

    async def choose(self, choices: Choices, value: str, context: Context) -> bool | None:
        return None


@dataclass(frozen=True)
class NeighbourhoodRow(LinkRow):
    """Where the resident lives, with its own screen of buttons; only when there are any."""

    def line(self, t: Translator, choices: Choices) -> str:
        found = choices.neighbourhood
        if found is None or not found.offered:
            return ""
        name = esc(found.chosen.name) if found.chosen else t._("not chosen")
        return t._("🏘 <b>Neighbourhood:</b> {name}").format(name=name)

    def buttons(self, t: Translator, choices: Choices) -> list[tuple[str, str]]:
        return super().buttons(t, choices) if self.line(t, choices) else []


SETTING_ROWS: tuple[SettingRow, ...] = (
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
    LinkRow(
        "int",
        N_("❤️ What I like"),
        N_("❤️ <b>What I like:</b> new work of these kinds is sent to you."),
        actions.INTERESTS.data(),
    ),
    ToggleRow(
        "news",
        "broadcasts_on",
        N_("📣 News"),
        N_("Calls for help and news from the organisers."),
    ),
    NeighbourhoodRow(
        "nbh",
        N_("🏘 Neighbourhood"),
        "",
        actions.NEIGHBOURHOOD_CHOICES.data("s", 0),
    ),
)


def _row(key: str | None) -> SettingRow | None:
    return next((row for row in SETTING_ROWS if row.key == key), None)


def settings_screen(
    t: Translator, choices: Choices, rows: Sequence[SettingRow] | None = None
) -> tuple[str, list[list[tuple[str, str]]]]:
    rows = SETTING_ROWS if rows is None else rows
    lines = [t._("⚙️ <b>Settings</b>"), *filter(None, (row.line(t, choices) for row in rows))]
    lines.append(t._("Tap a button to change something."))
    # A row of more than three buttons (the six languages) wraps: labels stay readable.
    buttons = [
        row_buttons[i : i + 3]
        for row in rows
        for row_buttons in [row.buttons(t, choices)]
        for i in range(0, len(row_buttons), 3)
    ]
    buttons.append([(t._("🏠 Menu"), actions.MENU.data())])
    return "\n\n".join(lines), buttons


async def _choices(resident: Resident, context: Context) -> Choices:
    prefs = await residents.preferences(context.deps.db, resident.id)
    neighbourhood = await neighbourhoods.choice_of(context.deps.db, resident.id)
    return Choices(resident, prefs, neighbourhood)


async def show_settings_screen(
    update: Update, context: Context, resident: Resident, t: Translator
) -> None:
    """The settings screen (a new message for a typed /settings); the caller answers a tap."""
    text, rows = settings_screen(t, await _choices(resident, context))
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


async def _show_settings(
    update: Update, context: Context, resident: Resident, t: Translator, _: Callback
) -> None:
    await show_settings_screen(update, context, resident, t)


# /settings, and the menu's ⚙️: someone who has not consented is asked first, then it goes on.
show_settings = for_residents(goes_on=actions.SETTINGS)(_show_settings)
settings_command = show_settings


async def on_settings(update: Update, context: Context) -> None:
    """The menu's ⚙️ button (``set``), or a change (``set:<row>:<value>``), then the screen."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    if cb is None or not cb.args:
        await show_settings(update, context)
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
    if changed and resident is not None:
        await _show_settings(update, context, resident, t, cb)
