"""What each message on a person's screen shows, and which taps are still waiting: so a fast
tapper is not kept waiting behind screens they will never see.

A person's updates run one after the other (:mod:`bot.wiring.processor`); every tap edits its
message, and Telegram takes about one message a second per chat. Someone who taps five times in
a second used to wait for five edits, four of them of screens already replaced. Here:

- a tap that has to wait for the one before is acknowledged at once (the button stops spinning);
- an edit of a message that a later, waiting tap will draw again is left out: the person ends on
  the screen of their last tap, sooner;
- an edit that would show what the message already shows is left out too (Telegram refuses it
  as "not modified", after counting it against the chat's limit);
- a tap is answered once: the early acknowledgement and the flow's own answer do not both go.

The rate limiter asks :meth:`ScreenKeeper.skip` before each request and tells
:meth:`ScreenKeeper.sent` after; a left-out request answers ``True``, as Telegram does for an
edit it need not return.
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from typing import Any

EDITS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
REMEMBERED = 4096  # messages and answered taps kept in mind; the oldest are let go

Screen = tuple[str | None, str]  # the text (None: only the buttons were set), the buttons


def _chat(data: dict[str, Any]) -> int | None:
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def _buttons(data: dict[str, Any]) -> str:
    markup = data.get("reply_markup")
    if markup is None:
        return ""
    if hasattr(markup, "to_dict"):
        markup = markup.to_dict()
    return markup if isinstance(markup, str) else json.dumps(markup, sort_keys=True)


class ScreenKeeper:
    def __init__(self) -> None:
        self._shown: OrderedDict[tuple[int, int], Screen] = OrderedDict()
        self._waiting: Counter[tuple[int, int]] = Counter()  # taps not yet handled, by message
        self._answered: OrderedDict[str, None] = OrderedDict()

    # -- taps, told by the update processor ------------------------------------------------------
    def tap_waits(self, chat: int, message: int) -> None:
        self._waiting[(chat, message)] += 1

    def tap_runs(self, chat: int, message: int) -> None:
        self._waiting[(chat, message)] -= 1
        if self._waiting[(chat, message)] <= 0:
            del self._waiting[(chat, message)]

    # -- requests, told by the rate limiter -------------------------------------------------------
    def skip(self, endpoint: str, data: dict[str, Any]) -> bool:
        """True when this request need not go: see the module's docstring."""
        if endpoint == "answerCallbackQuery":
            return str(data.get("callback_query_id")) in self._answered
        if endpoint not in EDITS:
            return False
        key = self._key(data)
        if key is None:
            return False
        if self._waiting.get(key):
            return True  # a later tap on this message draws it again
        return self._shown.get(key) == self._screen(endpoint, data, key)

    def sent(self, endpoint: str, data: dict[str, Any], result: object) -> None:
        if endpoint == "answerCallbackQuery":
            self._remember(self._answered, str(data.get("callback_query_id")), None)
            return
        if endpoint in EDITS:
            key = self._key(data)
        elif endpoint in SENDS and isinstance(result, dict) and "message_id" in result:
            chat = _chat(data)
            key = None if chat is None else (chat, int(result["message_id"]))
        else:
            return
        if key is not None:
            text = None if endpoint == "editMessageReplyMarkup" else self._text(endpoint, data)
            screen = (text, _buttons(data))
            if text is None and key in self._shown:
                screen = (self._shown[key][0], screen[1])
            self._remember(self._shown, key, screen)

    def forget(self, endpoint: str, data: dict[str, Any]) -> None:
        """A request that failed: what the message shows is not known for sure any more."""
        key = self._key(data) if endpoint in EDITS else None
        if key is not None:
            self._shown.pop(key, None)

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _key(data: dict[str, Any]) -> tuple[int, int] | None:
        chat = _chat(data)
        try:
            message = int(data["message_id"])
        except (KeyError, TypeError, ValueError):
            return None
        return None if chat is None else (chat, message)

    @staticmethod
    def _text(endpoint: str, data: dict[str, Any]) -> str | None:
        field = "text" if endpoint in ("editMessageText", "sendMessage") else "caption"
        value = data.get(field)
        return None if value is None else str(value)

    def _screen(self, endpoint: str, data: dict[str, Any], key: tuple[int, int]) -> Screen:
        if endpoint == "editMessageReplyMarkup":
            shown = self._shown.get(key)
            return (shown[0] if shown else None, _buttons(data))
        return (self._text(endpoint, data), _buttons(data))

    @staticmethod
    def _remember(memory: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        memory[key] = value
        memory.move_to_end(key)
        while len(memory) > REMEMBERED:
            memory.popitem(last=False)
