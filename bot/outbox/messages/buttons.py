"""Buttons that several outbox messages carry."""

from __future__ import annotations

from bot.i18n import N_, Translator
from bot.outbox.letters import Button, tap

ADD_TO_CALENDAR = N_("📅 Add to calendar")


def calendar_button(t: Translator, signup_id: int) -> Button:
    """ "📅 Add to calendar" under a message about this sign-up: its .ics file again."""
    return tap(t._(ADD_TO_CALENDAR), "CALENDAR_FILE", signup_id)


def menu_button(t: Translator) -> Button:
    return tap(t._("🏠 Menu"), "MENU")


def find_button(t: Translator) -> Button:
    return tap(t._("🔎 Find something to do"), "CATEGORIES")


def mine_button(t: Translator) -> Button:
    return tap(t._("📋 My sign-ups"), "MINE")


def leads_button(t: Translator) -> Button:
    """To a coordinator: their open leads (/leads)."""
    return tap(t._("🙋 Interested people"), "OPEN_LEADS")
