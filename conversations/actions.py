"""Callback data: short, versioned strings, built and parsed here and nowhere else.

``1:s:42:c`` is version 1, action ``s`` (a shift), arguments ``42`` and ``c``. Telegram allows
1-64 bytes. Anything that does not parse, or names an unknown action, is treated as stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
_ARG = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...]

    def number(self, index: int) -> int | None:
        """Argument ``index`` as a whole number, or None when missing or forged."""
        try:
            value = self.args[index]
        except IndexError:
            return None
        return int(value) if value.isdigit() and len(value) < 16 else None

    def text(self, index: int) -> str | None:
        try:
            return self.args[index]
        except IndexError:
            return None


def pack(action: str, *args: object) -> str:
    parts = [VERSION, action, *(str(a) for a in args)]
    for part in parts[1:]:
        if not _ARG.match(part):
            raise ValueError(f"callback part {part!r} is not short and plain")
    data = ":".join(parts)
    if len(data.encode()) > 64:
        raise ValueError("callback data over 64 bytes")
    return data


def unpack(data: str | None) -> Callback | None:
    if not data:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION or not all(_ARG.match(p) for p in parts[1:]):
        return None
    return Callback(parts[1], tuple(parts[2:]))


def pattern(action: str) -> str:
    """The regex a CallbackQueryHandler uses for one action: only data ``unpack`` accepts, so
    forged arguments never reach a flow and end with the stale-button answer instead."""
    return rf"^{VERSION}:{re.escape(action)}(:[A-Za-z0-9_-]{{1,20}})*$"
