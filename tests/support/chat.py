"""Talking to the bot as a person does: tapping buttons, waiting for a message, and
what the bot sends back (calendar files) or is sent (stickers, photos)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from icalendar import Calendar

from bot.categories import category_name
from bot.config import SUPPORTED_LOCALES
from bot.i18n import Translator
from bot.sandbox.harness import Person, visible

STICKER = {
    "file_id": "stk1",
    "file_unique_id": "u-stk1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
    "emoji": "🎉",
}
PHOTO = [
    {"file_id": "ph1", "file_unique_id": "u-ph1", "width": 90, "height": 60, "file_size": 900},
    {"file_id": "ph2", "file_unique_id": "u-ph2", "width": 800, "height": 600},
]


async def arrives(person: Person, text: str, limit: float = 5.0) -> None:
    """Wait (bounded) until a message with ``text`` reaches this person."""
    arrived = asyncio.Event()

    def look(_call: object = None) -> None:
        if any(text in (m.get("text") or "") for m in person.messages()):
            arrived.set()

    person.api.on_call.append(look)
    try:
        look()
        await asyncio.wait_for(arrived.wait(), limit)
    finally:
        person.api.on_call.remove(look)


async def tap(person: Person, label: str) -> dict[str, Any]:
    """Tap the button whose label is exactly ``label``, on the newest screen that has one."""
    for message in reversed(person.messages()):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label and "callback_data" in button:
                    return await person.click_data(button["callback_data"], message)
    raise AssertionError(f"no button {label!r}; the last screen has {person.buttons()}")


async def double_tap(
    person: Person, label: str, message: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tap the button with ``label`` twice, as a quick double tap (or an old screen) does: the
    second tap comes from the screen as it was before the first one changed it. Both answers."""
    message, data = person.find_button(label, message)
    first = await person.click_data(data, message)
    second = await person.click_data(data, message)
    return first, second


async def open_opportunity(
    person: Person, title: str = "Voorlezen in de bibliotheek", category: str = "Voorlezen"
) -> None:
    """/find, the category, the opportunity: its screen, reached by taps as a resident does."""
    await person.send("/find")
    await person.click(f"{shown_category(person, category)} (")
    await person.click(title)


async def open_dates(
    person: Person, title: str = "Voorlezen in de bibliotheek", category: str = "Voorlezen"
) -> None:
    """The opportunity's list of dates (its shifts), reached by taps."""
    await open_opportunity(person, title, category)
    if {"📅 Kies een datum", "📅 Choose a date"} & set(person.buttons()):
        await person.click(_shown(person, "Kies een datum", "Choose a date"))
    # else: one date, whose button is on the opportunity's screen itself


async def open_shift(
    person: Person,
    when: str | None = None,
    *,
    title: str = "Voorlezen in de bibliotheek",
    category: str = "Voorlezen",
) -> None:
    """The screen that asks "sign up for this?" (or offers the waitlist) for the date whose
    button contains ``when`` (the first date if None), reached by taps."""
    await open_dates(person, title, category)
    await tap(person, person.buttons()[0]) if when is None else await person.click(when)


def category_names(category: str) -> list[str]:
    """A category as residents of each language read it (bot.categories), the typed name first."""
    names = [category_name(Translator(locale), category) for locale in SUPPORTED_LOCALES]
    return list(dict.fromkeys([category, *names]))


def shown_category(person: Person, category: str) -> str:
    """The name of ``category`` as the newest screen shows it, in the reader's language."""
    return _shown(person, *category_names(category))


IDEA_LABELS = {
    "nl": ("💡 Ik heb een idee", "Welk thema past het best"),
    "en": ("💡 I have an idea", "Which theme fits your idea best?"),
}


async def share_idea(
    person: Person, theme: str, language: str = "en", text: str | None = None, **content: Any
) -> None:
    """An idea as a resident sends it: the menu, 💡, the idea (``text``, or a photo and its
    caption in ``content``), then the button of ``theme``."""
    start, question = IDEA_LABELS[language]
    await person.send("/start")
    await person.click(start)
    await person.send(text, **content)
    assert question in person.last_text(), person.last_text()
    await tap(person, theme)


def _shown(person: Person, *labels: str) -> str:
    """The one of ``labels`` (a label in each language) that the newest screen has."""
    buttons = " | ".join(person.buttons())
    for label in labels:
        if label in buttons:
            return label
    raise AssertionError(f"none of {labels}; the last screen has {person.buttons()}")


def invite_link(text: str) -> str:
    """The ``inv_<token>`` start parameter in a message."""
    match = re.search(r"https://t\.me/meedoen_test_bot\?start=(inv_[A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


def confirmation(person: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    """The newest calendar file and the confirmation just before it."""
    messages = person.messages()
    index = max(i for i, m in enumerate(messages) if "document" in m)
    return messages[index - 1], messages[index]


def parse_ics(data: bytes) -> dict[str, object]:
    [event] = Calendar.from_ical(data).walk("VEVENT")
    return {
        "start": event.decoded("dtstart"),
        "end": event.decoded("dtend"),
        "summary": str(event.get("summary")),
        "location": str(event.get("location")),
        "uid": str(event.get("uid")),
    }


def screen_text(person: Person) -> str:
    """The newest screen (a message with text) as the person reads it: after a cancellation
    the calendar file that takes the date out comes below the screen."""
    return visible(next(m for m in reversed(person.messages()) if "text" in m))


def removal_of(message: dict[str, Any], person: Person) -> Calendar:
    """The calendar file attached to a message, checked to be a cancellation (METHOD:CANCEL)."""
    assert "document" in message, message
    calendar = Calendar.from_ical(person.api.files[message["document"]["file_id"]])
    assert str(calendar.get("method")) == "CANCEL"
    for event in calendar.walk("VEVENT"):
        assert str(event.get("status")) == "CANCELLED"
    return calendar
