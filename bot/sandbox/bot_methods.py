"""What the stand-in Bot API does for each method: the chats as Telegram would show them.

A mixin of :class:`~bot.sandbox.fake_api.FakeBotApi`, which serves HTTP and hands out updates;
here the methods (``_m_<name>``), the checks a send passes (blocked, unknown chat, flood
limits) and the messages they leave in each chat.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.api_rules import UploadedFile

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Meedoen",
    "username": "meedoen_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class TelegramLimits:
    """Telegram's flood limits: about 30 messages a second overall, 1 a second per chat."""

    overall_per_second: int = 30
    per_chat_interval: float = 1.0
    _recent: deque[float] = field(default_factory=deque)
    _last_per_chat: dict[int, float] = field(default_factory=dict)

    def check(self, chat_id: int, now: float) -> int | None:
        """Seconds to wait, or None if this message may go now."""
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        last = self._last_per_chat.get(chat_id)
        if last is not None and now - last < self.per_chat_interval:
            return max(1, round(self.per_chat_interval - (now - last) + 0.5))
        if len(self._recent) >= self.overall_per_second:
            return 1
        self._recent.append(now)
        self._last_per_chat[chat_id] = now
        return None


class BotMethods:
    """The Bot API's methods over the stand-in's state (set up by FakeBotApi)."""

    limits: TelegramLimits | None
    known_chats_only: bool
    chats: dict[int, list[dict[str, Any]]]
    users: dict[int, dict[str, Any]]
    chat_objects: dict[int, dict[str, Any]]
    blocked: set[int]
    files: dict[str, bytes]
    commands: dict[str, list[dict[str, Any]]]
    answered_queries: dict[str, dict[str, Any]]
    _open_queries: set[str]
    _message_ids: dict[int, itertools.count[int]]
    _file_ids: itertools.count[int]

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params["chat_id"]
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            raise ApiError(400, "Bad Request: chat not found")
        return int(chat_id)

    def _may_send(self, params: dict[str, Any]) -> None:
        chat_id = self._chat_id(params)
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.known_chats_only and chat_id not in self.chat_objects:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if self.limits is not None:
            wait = self.limits.check(chat_id, time.monotonic())
            if wait is not None:
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)

    def _new_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "from": BOT_USER,
            "chat": self.chat_objects.get(chat_id, {"id": chat_id, "type": "private"}),
            "date": int(time.time()),
            **{k: v for k, v in content.items() if v is not None},
        }
        self.chats[chat_id].append({**message, "_by": "bot"})
        return message

    def _find(self, chat_id: int, message_id: int) -> dict[str, Any]:
        for message in self.chats.get(chat_id, []):
            if message["message_id"] == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    def _m_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[params.get("language_code", "")] = params["commands"]
        return True

    def _m_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(params.get("language_code", ""), [])

    def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._new_message(
            self._chat_id(params),
            text=params["text"],
            reply_markup=params.get("reply_markup"),
            _parse_mode=params.get("parse_mode"),
        )

    def _store_file(self, upload: Any, kind: str) -> dict[str, Any]:
        file_id = f"{kind}{next(self._file_ids)}"
        if isinstance(upload, UploadedFile):
            self.files[file_id] = upload.content
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": upload.filename,
                "mime_type": upload.content_type,
                "file_size": len(upload.content),
            }
        return {"file_id": str(upload), "file_unique_id": str(upload)}

    def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        return self._new_message(
            self._chat_id(params),
            document=self._store_file(params["document"], "doc"),
            caption=params.get("caption"),
            _parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
        )

    def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        photo = self._store_file(params["photo"], "photo")
        size = {"file_id": photo["file_id"], "file_unique_id": photo["file_id"]}
        size.update(width=800, height=600)
        if "file_size" in photo:
            size["file_size"] = photo["file_size"]
        return self._new_message(
            self._chat_id(params),
            photo=[size],
            caption=params.get("caption"),
            _parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
        )

    def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._find(self._chat_id(params), int(params["message_id"]))
        if "text" not in message:  # a photo or a file: its caption is edited another way
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        markup = params.get("reply_markup")
        if message.get("text") == params["text"] and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = params["text"]
        message["_parse_mode"] = params.get("parse_mode")
        message["edit_date"] = int(time.time())
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        return {k: v for k, v in message.items() if not k.startswith("_")}

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._find(self._chat_id(params), int(params["message_id"]))
        markup = params.get("reply_markup")
        if message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        return {k: v for k, v in message.items() if not k.startswith("_")}

    def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        message = self._find(chat_id, int(params["message_id"]))
        self.chats[chat_id].remove(message)
        return True

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = params["callback_query_id"]
        if query_id not in self._open_queries:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self._open_queries.discard(query_id)
        self.answered_queries[query_id] = params
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    def _m_logOut(self, params: dict[str, Any]) -> Any:
        return True


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
