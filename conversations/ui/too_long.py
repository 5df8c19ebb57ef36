"""A text that is too long: say the limit, and give the text back to copy and shorten.

The trial found that a coordinator who typed a long description lost it with "That is too long":
the answer now says how long it may be and how long it was, and repeats the text (as much as one
message holds) so nothing typed is lost.
"""

from __future__ import annotations

from bot.i18n import Translator, esc

ECHO_LIMIT = 3000  # characters of the typed text given back: the answer stays under 4096


def too_long(t: Translator, typed: str, limit: int) -> str:
    """``That is too long: at most 1000 characters (yours has 1450). Your text, to copy:``"""
    echo = typed if len(typed) <= ECHO_LIMIT else typed[:ECHO_LIMIT] + " …"
    head = t._(
        "That is too long: at most {n} characters (yours has {typed}). Here is your text, "
        "to copy and make shorter:"
    ).format(n=limit, typed=len(typed))
    return f"{head}\n\n<code>{esc(echo)}</code>"
