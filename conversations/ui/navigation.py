"""The way back on every screen: Menu, Back and Cancel buttons, as (label, callback data)."""

from __future__ import annotations

from bot.i18n import Translator
from conversations import actions

Button = tuple[str, str]


def menu_button(t: Translator) -> Button:
    """🏠 Menu: the resident's main menu."""
    return (t._("🏠 Menu"), actions.MENU.data())


def coordinator_menu_button(t: Translator) -> Button:
    """🧰 Coordinator menu: everything a coordinator can do."""
    return (t._("🧰 Coordinator menu"), actions.COORDINATOR_MENU.data())


def back_button(t: Translator, data: str) -> Button:
    """⬅️ Back to the screen that ``data`` opens."""
    return (t._("⬅️ Back"), data)


def cancel_button(t: Translator, data: str) -> Button:
    """✖️ Cancel: ``data`` ends the flow."""
    return (t._("✖️ Cancel"), data)


def nav_row(t: Translator, *, cancel: str, back: str | None = None) -> list[Button]:
    """Back and Cancel: on every step of a flow (Cancel alone on its first step)."""
    row = [cancel_button(t, cancel)]
    return [back_button(t, back), *row] if back is not None else row
