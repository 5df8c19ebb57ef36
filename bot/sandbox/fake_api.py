"""A stand-in for the Telegram Bot API on 127.0.0.1, for the sandbox, the tests and benchmarks.

It speaks HTTP like api.telegram.org: the real python-telegram-bot ``Application`` talks to it
with only its base URL changed. Each request is checked against the Bot API description
(:mod:`bot.sandbox.api_rules`) and refused as Telegram would refuse it. It keeps the chats as
Telegram would show them, so a test can read what a person sees. It can also act like Telegram
under load (30 messages a second overall, one a second per chat, ``429`` with ``retry_after``)
and like a person who blocked the bot (``403``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox.api_rules import BadRequest, UploadedFile, check_request
from bot.sandbox.bot_methods import ApiError, BotMethods, TelegramLimits

log = logging.getLogger(__name__)


SENDING_METHODS = {
    "sendMessage",
    "sendDocument",
    "sendPhoto",
    "copyMessage",
    "forwardMessage",
    "sendMediaGroup",
    # Telegram counts an edit against the chat's one message a second too.
    "editMessageText",
    "editMessageReplyMarkup",
    "editMessageCaption",
}


@dataclass
class Call:
    """One request the bot made, as the server decoded it."""

    method: str
    params: dict[str, Any]
    at: float
    error: str | None = None


class FakeBotApi(BotMethods):
    """The server. ``await start()``, then point ``TELEGRAM_API_URL`` at :attr:`base_url`."""

    def __init__(self, *, limits: TelegramLimits | None = None, known_chats_only: bool = True):
        self.limits = limits
        self.known_chats_only = known_chats_only
        self.calls: list[Call] = []
        self.errors: list[Call] = []
        self.rate_limited = 0
        self.chats: dict[int, list[dict[str, Any]]] = defaultdict(list)  # as Telegram shows them
        self.users: dict[int, dict[str, Any]] = {}
        self.chat_objects: dict[int, dict[str, Any]] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, bytes] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.answered_queries: dict[str, dict[str, Any]] = {}
        self.failures: deque[tuple[str, int, str, int | None]] = deque()
        self.on_call: list[Callable[[Call], None]] = []
        self._open_queries: set[str] = set()
        # When each update was handed to the bot in getUpdates (time.monotonic()): benchmarks
        # measure from here to the bot's answer.
        self.delivered_at: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._new_updates = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- running ---------------------------------------------------------------------------------
    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server: Any = site._server
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self._new_updates.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what the person does ----------------------------------------------------------------------
    def add_user(
        self, user_id: int, first_name: str, language_code: str | None = "nl", **extra: Any
    ) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, **extra}
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        self.chat_objects[user_id] = {"id": user_id, "type": "private", "first_name": first_name}
        return user

    def push_update(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._new_updates.set()
        return update_id

    def user_message(
        self, user_id: int, text: str | None = None, *, chat: dict[str, Any] | None = None,
        edited: bool = False, **content: Any,
    ) -> int:  # fmt: skip
        """A person writes in a chat (their private chat with the bot unless ``chat`` is given)."""
        chat = chat or self.chat_objects[user_id]
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat["id"]]),
            "from": self.users[user_id],
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if edited:
            message["edit_date"] = int(time.time())
            return self.push_update({"edited_message": message})
        self.chats[chat["id"]].append({**message, "_by": "person"})
        return self.push_update({"message": message})

    def user_click(self, user_id: int, message: dict[str, Any], data: str) -> tuple[int, str]:
        """A person taps an inline button under ``message``; returns (update id, query id)."""
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        public = {k: v for k, v in message.items() if not k.startswith("_")}
        update_id = self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users[user_id],
                    "message": public,
                    "chat_instance": f"ci{message['chat']['id']}",
                    "data": data,
                }
            }
        )
        return update_id, query_id

    def fail_next(
        self, method: str, code: int, description: str, retry_after: int | None = None
    ) -> None:
        """The next call of ``method`` gets this error (repeat the call to queue several)."""
        self.failures.append((method, code, description, retry_after))

    # -- what the bot sees ---------------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.chats.get(chat_id, []) if m.get("_by") == "bot"]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # -- HTTP ----------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            raw = await self._read_params(request)
        except ValueError:
            return self._error(400, "Bad Request: can't parse request body")
        try:
            name, params = check_request(method, raw)
        except BadRequest as exc:
            call = Call(method, raw, time.monotonic(), error=str(exc))
            self.errors.append(call)
            log.warning("fake Bot API refused %s: %s", method, exc)
            return self._error(400, f"Bad Request: {exc}")
        if name == "getUpdates":
            return await self._get_updates(params)
        call = Call(name, params, time.monotonic())
        injected = self._injected_failure(name)
        if injected is not None:
            call.error = injected[1]
            self.errors.append(call)
            return self._error(injected[0], injected[1], injected[2])
        try:
            result = self._dispatch(name, params)
        except ApiError as exc:
            call.error = exc.description
            self.errors.append(call)
            if exc.code == 429:
                self.rate_limited += 1
            return self._error(exc.code, exc.description, exc.retry_after)
        self.calls.append(call)
        for listener in self.on_call:
            listener(call)
        return web.json_response({"ok": True, "result": result})

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return dict(body) if body else {}
        if request.content_type.startswith("multipart/"):
            params: dict[str, Any] = {}
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                data = await part.read()
                if part.filename:
                    params[part.name] = UploadedFile(
                        part.filename,
                        bytes(data),
                        part.headers.get("Content-Type", "application/octet-stream"),
                    )
                else:
                    params[part.name] = bytes(data).decode("utf-8")
            return params
        form = await request.post()
        return {k: v for k, v in form.items() if isinstance(v, str)}

    def _error(self, code: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=code)

    def _injected_failure(self, method: str) -> tuple[int, str, int | None] | None:
        for i, (name, code, description, retry_after) in enumerate(self.failures):
            if name == method:
                del self.failures[i]
                if code == 429:
                    self.rate_limited += 1
                return code, description, retry_after
        return None

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = params.get("offset")
        if offset is not None:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout", 0) or 0)
        if not self._updates and timeout > 0:
            self._new_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), timeout)
        limit = int(params.get("limit", 100) or 100)
        handed_out = self._updates[:limit]
        now = time.monotonic()
        for update in handed_out:
            self.delivered_at.setdefault(update["update_id"], now)
        return web.json_response({"ok": True, "result": handed_out})

    # -- the methods ---------------------------------------------------------------------------
    def _dispatch(self, name: str, params: dict[str, Any]) -> Any:
        if name in SENDING_METHODS:
            self._may_send(params)
        handler = getattr(self, f"_m_{name}", None)
        if handler is None:
            return True  # setters and the like: Telegram answers True
        return handler(params)
