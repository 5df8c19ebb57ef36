"""A person types a text: one way for each flow that waits for one (💬 a question to a person,
💡 an idea, ✍️ a written answer to a coordinator's question).

- A sticker, a photo, a voice message or an empty text gets "please type".
- A text over the limit is refused kindly and never lost: the answer says the limit and how long
  the text was (the flow's own sentence), gives the text back to copy and shorten
  (:func:`conversations.ui.too_long.given_back`), and offers ✂️ to use its first part. The text
  waits for ✂️ in the flow's draft (its ``user_data`` entry) under :data:`KEPT`, so a restart
  loses nothing and a new start of the flow, which makes a new draft, forgets it.
- ✂️ takes the first part (:func:`first_part`), and the flow's next screen takes the place of
  the note (the person's own message above it still holds the whole text).

Every note comes as a new message with the flow's way out under it, and the flow keeps waiting
(its state is raised again). What a flow says is in its :class:`Typing`.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, NoReturn

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.i18n import Translator
from conversations.ui.context import Context
from conversations.ui.replying import Row, answer, keyboard, show, translator
from conversations.ui.too_long import given_back

KEPT = "typed"  # in a flow's draft: the text that was too long, until ✂️ or a new text

Draft = MutableMapping[str, Any]


@dataclass(frozen=True)
class Typing:
    """What one flow says and offers while it waits for a text (texts marked with ``N_``)."""

    state: str  # the flow's state that waits for the text
    limit: int  # characters
    please_type: str  # an empty text, or ✂️ with nothing kept
    not_typed: str  # a sticker, a photo, a voice message
    cut_label: str  # the ✂️ button; may name the ``{limit}``
    cut_data: str
    stop_label: str  # the way out, under every note
    stop_data: str

    def stop_row(self, t: Translator) -> list[tuple[str, str]]:
        return [(t._(self.stop_label), self.stop_data)]


async def stay(update: Update, t: Translator, typing: Typing, text: str, *rows: Row) -> NoReturn:
    """A short note (and ``rows``) with the way out, as a new message; still waiting."""
    await show(update, text, keyboard(*rows, typing.stop_row(t)), new_message=True)
    raise ApplicationHandlerStop(typing.state)


async def please_type(update: Update, t: Translator, typing: Typing) -> NoReturn:
    """An empty text: please type; still waiting."""
    await stay(update, t, typing, t._(typing.please_type))


async def not_typed(update: Update, context: Context, typing: Typing) -> NoReturn:
    """A sticker, a photo, a voice message or a file where a text is asked for; still waiting."""
    t = await translator(update, context)
    await stay(update, t, typing, t._(typing.not_typed))


async def refuse_too_long(
    update: Update, t: Translator, typing: Typing, draft: Draft, typed: str, said: str
) -> NoReturn:
    """``said`` (the limit and the length), the text given back, and ✂️; the text is kept in
    ``draft`` for ✂️. Still waiting."""
    kept = typed.strip()
    draft[KEPT] = kept
    text = "\n\n".join(
        [said, t._("Here is your text, to copy and make shorter:") + "\n" + given_back(kept)]
    )
    cut = (t._(typing.cut_label).format(limit=typing.limit), typing.cut_data)
    await stay(update, t, typing, text, [cut])


async def take_first_part(update: Update, t: Translator, typing: Typing, draft: Draft) -> str:
    """✂️: the first part of the kept text, for the flow to use (and to answer the tap).
    Nothing kept (a second tap, a new text since): please type."""
    kept = draft.pop(KEPT, None)
    if not isinstance(kept, str):
        await answer(update)
        await please_type(update, t, typing)
    return first_part(kept, typing.limit)


def drop(draft: Draft) -> None:
    """A text was taken: nothing waits for ✂️ any more."""
    draft.pop(KEPT, None)


def first_part(text: str, limit: int) -> str:
    """The beginning of a text that is too long: at most ``limit`` characters, ending in "…"
    (so the reader knows there was more), cut after a word where one ends near the limit."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.9:
        cut = cut[:space]
    return cut.rstrip() + "…"
