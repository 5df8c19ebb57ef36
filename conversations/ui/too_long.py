"""A text that is too long: say the limit, and give the text back to copy and shorten.

The trial found that a coordinator who typed a long description lost it with "That is too long":
the answer now says how long it may be and how long it was, and repeats the text (as much as one
message holds) so nothing typed is lost. A resident's text gets the same (:mod:`typed_text`).
"""

from __future__ import annotations

from bot.i18n import Translator, cut_to, esc

# Of the 4096 that Telegram counts in UTF-16 units (an emoji is two): a line break counts two
# as well, for the direction mark that each line of a right-to-left message gets.
ECHO_LIMIT = 3000


def given_back(typed: str) -> str:
    """The typed text as code (a tap copies it), cut with " …" where one message would not
    hold it with a few lines of explanation around it."""
    return f"<code>{esc(cut_to(typed, ECHO_LIMIT, ' …'))}</code>"


def too_long(t: Translator, typed: str, limit: int) -> str:
    """``That is too long: at most 1000 characters (yours has 1450). Your text, to copy:``"""
    head = t._(
        "That is too long: at most {n} characters (yours has {typed}). Here is your text, "
        "to copy and make shorter:"
    ).format(n=limit, typed=len(typed))
    return f"{head}\n\n{given_back(typed)}"
