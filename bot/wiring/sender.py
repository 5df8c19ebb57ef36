"""The outbox's messages as Bot API calls: the one place that turns plain data into Telegram's.

A button names a callback action (``conversations/actions.py``); the flows' own
:func:`~conversations.ui.replying.letter_keyboard` builds its data, so the wire format is
written once. A Telegram error becomes the outbox's own kind of failure:
403 (or "chat not found") blocked, 429 rate limited, a network error temporary.
"""

from __future__ import annotations

from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.i18n import directed
from bot.outbox.letters import Outgoing, Priority
from bot.outbox.postman import RateLimited, RecipientBlocked, TemporaryFailure
from bot.wiring.rate_limit import retry_after_seconds
from conversations.ui.replying import letter_keyboard


class TelegramSender:
    """Sends through the bot, so through the rate limiter (429s are waited out a few times)."""

    def __init__(self, bot: ExtBot[Any]) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: Outgoing, *, bulk: bool = False) -> None:
        buttons = letter_keyboard(message.buttons) if message.buttons else None
        priority = Priority.BULK if bulk else Priority.PERSON
        try:
            if message.photo:
                await self.bot.send_photo(
                    chat_id,
                    message.photo,
                    caption=directed(message.text),
                    reply_markup=buttons,
                    rate_limit_args=priority,
                )
            elif message.document:
                name, content = message.document
                await self.bot.send_document(
                    chat_id,
                    content,
                    filename=name,
                    caption=directed(message.text),
                    reply_markup=buttons,
                    rate_limit_args=priority,
                )
            else:
                await self.bot.send_message(
                    chat_id, directed(message.text), reply_markup=buttons, rate_limit_args=priority
                )
        except Forbidden as exc:
            raise RecipientBlocked from exc
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                raise RecipientBlocked from exc
            raise
        except RetryAfter as exc:
            raise RateLimited(retry_after_seconds(exc)) from exc
        except NetworkError as exc:  # TimedOut is one too
            raise TemporaryFailure(type(exc).__name__) from exc
