"""The outbox's link to Telegram: a Sender that uses the bot, and the job that runs the postman."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ContextTypes

from bot.app import DEPS_KEY, Deps
from bot.outbox import Outgoing, Postman, RecipientBlocked, TemporaryFailure

log = logging.getLogger(__name__)

JOB_NAME = "outbox"
INTERVAL_SECONDS = 10.0


class TelegramSender:
    """Sends through ``application.bot``, so through PTB's rate limiter (429s are waited out)."""

    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    async def send(self, chat_id: int, message: Outgoing) -> None:
        markup = None
        if message.buttons:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
                    for row in message.buttons
                ]
            )
        try:
            if message.photo:
                await self.bot.send_photo(
                    chat_id, message.photo, caption=message.text, reply_markup=markup
                )
            else:
                await self.bot.send_message(chat_id, message.text, reply_markup=markup)
        except Forbidden as exc:
            raise RecipientBlocked from exc
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                raise RecipientBlocked from exc
            raise
        except (RetryAfter, TimedOut, NetworkError) as exc:
            raise TemporaryFailure(type(exc).__name__) from exc


def postman(application: Application) -> Postman:
    deps: Deps = application.bot_data[DEPS_KEY]
    found = deps.extra.get("postman")
    if not isinstance(found, Postman):
        found = Postman(deps.db, deps.clock)
        deps.extra["postman"] = found
    return found


async def deliver(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: send what is due now."""
    report = await postman(context.application).deliver_due(TelegramSender(context.application))
    if report.handled:
        log.info(
            "outbox: %s sent, %s dropped, %s blocked, %s retried, %s failed",
            report.sent,
            report.dropped,
            report.blocked,
            report.retried,
            report.failed,
        )


def schedule(application: Application) -> None:
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(
        deliver, interval=INTERVAL_SECONDS, first=1.0, name=JOB_NAME
    )


def kick(application: Application) -> None:
    """Deliver now rather than at the next tick (a waitlist promotion is told at once)."""
    if application.job_queue is not None:
        application.job_queue.run_once(deliver, 0, name=f"{JOB_NAME}-now")
