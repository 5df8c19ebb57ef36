"""What a renderer makes of an outbox row: plain data, no Telegram types.

The wiring's sender turns an :class:`Outgoing` into Bot API calls. A button names the action it
triggers (an action of ``conversations/actions.py``, by name) and its arguments; the flows'
``letter_keyboard`` builds the callback data from that, so the wire format is written once.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.i18n import Languages, Translator
from bot.store import residents
from bot.store.outbox import Pending


class Priority(enum.Enum):
    """Who is waiting for a request: a person (a reply, a reminder) or nobody in particular."""

    PERSON = "person"
    BULK = "bulk"  # broadcasts, calls for help, alerts


@dataclass(frozen=True)
class Button:
    label: str
    action: str | None = None  # the name of a callback action
    args: tuple[int | str, ...] = ()
    url: str | None = None


def tap(label: str, action: str, *args: int | str) -> Button:
    """A button that triggers ``action`` with ``args`` when tapped."""
    return Button(label, action, tuple(args))


@dataclass(frozen=True)
class Outgoing:
    """A rendered message: HTML text, rows of buttons, optionally a photo (by Telegram file id)
    or a file (its name and bytes, made at send time: a calendar update), the text its caption."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    photo: str | None = None
    document: tuple[str, bytes] | None = None


@dataclass(frozen=True)
class Drop:
    """A renderer's verdict that a row should not be sent any more, and why (no content)."""

    reason: str


@dataclass(frozen=True)
class Desk:
    """What a renderer works with: a read connection, the moment it renders, the languages."""

    conn: aiosqlite.Connection
    now: datetime
    languages: Languages

    def reader(self, language: str | None) -> Translator:
        return self.languages.reader(language)

    async def reader_of(self, person_id: int) -> Translator | None:
        """A resident's own language; None for someone who is not (or no longer) a resident."""
        found = await residents.get(person_id, conn=self.conn)
        return None if found is None else self.reader(found.language)


Renderer = Callable[[Desk, Pending], Awaitable[Outgoing | Drop]]
Renderers = Mapping[str, Renderer]
