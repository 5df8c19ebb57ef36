"""What typed words found: from /search, and from a word typed anywhere outside a flow that
waits for text (a forgiving chat: ``voorlezen`` shows what matches, without /search first).

Several words find what has all of them, else what has any of them (one line says which);
case and accents do not matter (:mod:`bot.services.finding`). The matches come a page at a time,
as /find's do; the words travel in the page buttons (``sp:<page>:<word>:<word>``), so searching
stores nothing, also for someone who has not consented. A word of plain letters and digits
travels as typed, any other as ``_`` and its Punycode (``Café`` as ``_Caf-dma``); a word that
does not fit (Telegram allows 64 bytes) is cut, or left out, before the first search, so every
page shows the same search.
"""

from __future__ import annotations

import logging
import re

from telegram import Update

from bot.i18n import Translator
from bot.services import finding
from conversations import actions
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import menu_button
from conversations.ui.paging import page_buttons
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    present,
    tapped,
    translator,
    user_id,
)

log = logging.getLogger(__name__)

MAX_TYPED = 100  # longer text typed outside a flow is a message, not a search: the pointer
MAX_LABEL = 48
_ARG_LENGTH = 20  # what one argument of callback data may hold (conversations.actions)
_LINK = re.compile(r"://|\bwww\.|\bt\.me/", re.IGNORECASE)
_WIDEST_PAGE = 999  # the words must fit beside any page number

Rows = list[list[tuple[str, str]]]


def search_button(t: Translator) -> tuple[str, str]:
    """The button into the word search, for any screen that wants to offer it."""
    return (t._("🔤 Search by word"), actions.SEARCH.data())


# -- the words, as typed and in the buttons ------------------------------------------------------
def typed_words(text: str) -> list[str]:
    """The words to look for in text typed outside a flow; none when it is not a search (too
    long, a link, no word of two letters): that gets the pointer to /help."""
    if len(text) > MAX_TYPED or _LINK.search(text):
        return []
    return search_words(text)


def search_words(text: str) -> list[str]:
    """The words of ``text`` that are searched for: as many as the page buttons can carry."""
    words = [_fitting(word) for word in finding.words_in(text)]
    while words and not _fits(words):
        words.remove(min(words, key=len))  # the shortest says the least
    return words


def _fitting(word: str) -> str:
    """The word, cut until it fits in one argument of callback data."""
    while len(_encode(word)) > _ARG_LENGTH:
        word = word[:-1]
    return word


def _fits(words: list[str]) -> bool:
    try:
        actions.SEARCH_PAGE.data(_WIDEST_PAGE, *(_encode(word) for word in words))
    except ValueError:
        return False
    return True


def _encode(word: str) -> str:
    if word.isascii() and word.isalnum():
        return word
    return "_" + word.encode("punycode").decode("ascii")


def _decode(argument: str) -> str | None:
    """A word from a page button; None when nobody here made it (forged)."""
    word = argument
    if argument.startswith("_"):
        try:
            word = argument[1:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return None
    return word if finding.words_in(word) == [word] and _encode(word) == argument else None


# -- the screen ----------------------------------------------------------------------------------
async def show_results(
    update: Update,
    context: Context,
    t: Translator,
    words: list[str],
    *,
    page: int = 0,
    new_message: bool = False,
) -> None:
    """What ``words`` found, one page of it."""
    d = context.deps
    found = await finding.search(d.db, words, d.clock.now(), page=page, language=t.locale)
    log.info("user %s searched %s word(s): %s found", user_id(update), len(words), found.total)
    text, rows = results_screen(t, words, found)
    await present(update, text, keyboard(*rows), new_message=new_message)


def results_screen(t: Translator, words: list[str], found: finding.SearchPage) -> tuple[str, Rows]:
    said = esc(" ".join(words))
    again = [search_button(t)]
    if not found.items:
        text = t._(
            "I found nothing for “{word}”. Try another word, or look through the categories."
        ).format(word=said)
        return text, [
            again,
            [(t._("🔎 Find something to do"), actions.CATEGORIES.data())],
            [menu_button(t)],
        ]
    lines = [
        t.ngettext(
            "I found {count} opportunity for “{word}”:",
            "I found {count} opportunities for “{word}”:",
            found.total,
        ).format(count=found.total, word=said)
    ]
    if len(words) > 1:
        lines.append(
            t._("Each has all your words.")
            if found.every
            else t._("None has all your words. These have at least one of them.")
        )
    if found.pages > 1:
        lines.append(t._("Page {page} of {pages}").format(page=found.page + 1, pages=found.pages))
    rows: Rows = [
        [(clip(item.title, MAX_LABEL), actions.OPPORTUNITY.data(item.opportunity_id))]
        for item in found.items
    ]
    encoded = [_encode(word) for word in words]
    paging = page_buttons(
        t, found.page, found.pages, lambda page: actions.SEARCH_PAGE.data(page, *encoded)
    )
    if paging:
        rows.append(paging)
    return "\n".join(lines), [*rows, again, [menu_button(t)]]


async def on_page(update: Update, context: Context) -> None:
    """◀️/▶️ under the matches: another page of the same search (for anyone: stores nothing)."""
    tap = tapped(update)
    page = tap.number(0)
    words = [_decode(argument) for argument in tap.args[1:]]
    t = await translator(update, context)
    if page is None or not words or None in words:
        log.info("forged search page from user %s", user_id(update))
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    await answer(update)
    await show_results(update, context, t, [word for word in words if word is not None], page=page)
