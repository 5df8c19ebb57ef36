"""Talking to the bot as a person does: joining, tapping buttons, waiting for a message, and
what the bot sends back (calendar files) or is sent (stickers, photos)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from icalendar import Calendar

from bot.sandbox.harness import BotHarness, Person

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


async def join(
    harness: BotHarness, user_id: int, name: str = "Sam", language: str = "nl"
) -> Person:
    """Someone who has said yes on the welcome screen and sees the menu."""
    person = harness.person(user_id, name, language)
    await person.send("/start")
    await person.click("✅")
    return person


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


def callback_of(person: Person, label: str) -> str:
    return person.find_button(label)[1]


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
