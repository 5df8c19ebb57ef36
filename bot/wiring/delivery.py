"""The outbox's link to Telegram: a Sender that uses the bot, and the job that runs the postman.

* One :class:`~bot.outbox.Postman` per application (one lock): the repeating job, a kick after a
  sign-up and the run that follows a due time never send side by side, so never twice.
* Sending goes through ``application.bot``, so through PTB's ``AIORateLimiter``: it spaces the
  messages to Telegram's 30 a second and waits out a 429's ``retry_after`` (a few times). The
  postman hands it a batch of 30 at a time, enough to keep it busy and no more, so the two do
  not fight. A 429 that still escapes goes back to the outbox with its ``retry_after`` (not lost,
  not counted as a failed attempt).
* At start the plans of upcoming sign-ups are brought in line with the settings, and the first
  delivery looks at what became due while the bot was down (the renderers drop what went stale).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import warnings
from contextvars import ContextVar
from datetime import timedelta

from aiolimiter import AsyncLimiter
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.outbox import planning as plans
from bot.outbox.messages import changes, outreach, reminders, signups  # noqa: F401

# Every module that registers outbox renderers, in one place, so no kind is ever left without one.
from bot.outbox.postman import (
    Button,
    Outgoing,
    Postman,
    RateLimited,
    RecipientBlocked,
    TemporaryFailure,
)
from bot.outbox.timing import Rules
from bot.wiring.app import DEPS_KEY, Deps

log = logging.getLogger(__name__)

JOB_NAME = "outbox"
NEXT_JOB_NAME = "outbox-next"
INTERVAL_SECONDS = 10.0
BATCH = 30  # one second of Telegram's overall limit: the rate limiter, not the postman, paces
OVERALL_PER_WINDOW = 30  # Telegram: about 30 messages a second overall
WINDOW_SECONDS = 1.02  # a second after the answer, and a hair
SPACING_SECONDS = 1 / 90  # a burst of 30 takes a third of a second


def markup(rows: list[list[Button]]) -> InlineKeyboardMarkup:
    """The outbox's buttons as Telegram's inline keyboard."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
            for row in rows
        ]
    )


class SlidingWindow(AsyncLimiter):
    """At most ``limit`` requests in any ``window`` seconds, as Telegram counts its limit.

    aiolimiter's leaky bucket (PTB's default) lets 30 go at once and then one every 1/30 s, so
    31 can fall within one second and Telegram answers 429; each 429 stops all sending for
    ``retry_after``. Here a request counts in the window from when it is sent until ``window``
    seconds after its answer came back: Telegram counted it somewhere in between, so however
    long the way there took (a busy event loop, a slow network), the next one cannot land
    within the same second. Two requests are at least ``spacing`` apart, which spreads a burst
    a little (a person's reply waits at most that long).
    """

    def __init__(self, limit: int, window: float, spacing: float) -> None:
        super().__init__(max_rate=limit, time_period=window)
        self.limit = limit
        self.window = window
        self.spacing = spacing
        self._sent: list[list[float]] = []  # [answered at], math.inf while still on its way
        self._last = -math.inf
        self._changed = asyncio.Event()
        self._turn = asyncio.Lock()  # waiters go in the order they came
        self._mine: ContextVar[list[float] | None] = ContextVar(f"window{id(self)}", default=None)

    def _wait(self, now: float) -> float:
        """How long until the next request may go (0: now; inf: when an answer comes)."""
        self._sent = [entry for entry in self._sent if now - entry[0] < self.window]
        if len(self._sent) >= self.limit:
            return min(entry[0] for entry in self._sent) + self.window - now
        return max(self._last + self.spacing - now, 0.0)

    def has_capacity(self, amount: float = 1) -> bool:
        return self._wait(asyncio.get_running_loop().time()) == 0.0

    async def _take(self, *, on_its_way: bool) -> list[float]:
        loop = asyncio.get_running_loop()
        async with self._turn:
            while (delay := self._wait(loop.time())) > 0:
                self._changed.clear()  # set when an answer comes back
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), min(delay, 60.0))
            self._last = loop.time()
            entry = [math.inf if on_its_way else self._last]
            self._sent.append(entry)
            return entry

    async def acquire(self, amount: float = 1) -> None:
        await self._take(on_its_way=False)  # used on its own: counted from now

    async def __aenter__(self) -> None:
        self._mine.set(await self._take(on_its_way=True))

    async def __aexit__(self, *exc: object) -> None:
        entry = self._mine.get()
        if entry is not None:
            entry[0] = asyncio.get_running_loop().time()
            self._mine.set(None)
            self._changed.set()


def rate_limiter() -> AIORateLimiter:
    """PTB's AIORateLimiter (429s waited out, 3 times), overall limit as a sliding window."""
    limiter = AIORateLimiter(max_retries=3)
    limiter._base_limiter = SlidingWindow(OVERALL_PER_WINDOW, WINDOW_SECONDS, SPACING_SECONDS)
    return limiter


class TelegramSender:
    """Sends through ``application.bot``, so through PTB's rate limiter (429s are waited out)."""

    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    async def send(self, chat_id: int, message: Outgoing) -> None:
        buttons = markup(message.buttons) if message.buttons else None
        try:
            if message.photo:
                await self.bot.send_photo(
                    chat_id, message.photo, caption=message.text, reply_markup=buttons
                )
            else:
                await self.bot.send_message(chat_id, message.text, reply_markup=buttons)
        except Forbidden as exc:
            raise RecipientBlocked from exc
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                raise RecipientBlocked from exc
            raise
        except RetryAfter as exc:
            raise RateLimited(_seconds(exc)) from exc
        except NetworkError as exc:  # TimedOut is one too
            raise TemporaryFailure(type(exc).__name__) from exc


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 deprecates the int form; either is fine here
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def postman(application: Application) -> Postman:
    deps: Deps = application.bot_data[DEPS_KEY]
    found = deps.extra.get("postman")
    if not isinstance(found, Postman):
        found = Postman(deps.db, deps.clock, batch=BATCH, quiet=plans.rules().quiet)
        deps.extra["postman"] = found
    return found


def configure(application: Application) -> None:
    """Hand the settings to the planning rules (called when the handlers are registered)."""
    deps: Deps = application.bot_data[DEPS_KEY]
    plans.configure(Rules.from_settings(deps.settings))


async def deliver(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: send what is due now, then make sure the next due row is not late."""
    application = context.application
    the_postman = postman(application)
    report = await the_postman.deliver_due(TelegramSender(application))
    if report.handled:
        log.info(
            "outbox: %s sent, %s dropped, %s blocked, %s retried, %s rate-limited, %s failed",
            report.sent,
            report.dropped,
            report.blocked,
            report.retried,
            report.rate_limited,
            report.failed,
        )
    await _plan_next_run(application, the_postman)


async def _plan_next_run(application: Application, the_postman: Postman) -> None:
    """A row due before the next tick gets a run of its own at its moment (to the second)."""
    queue = application.job_queue
    if queue is None:
        return
    due = await the_postman.next_due()
    if due is None:
        return
    delay = (due - the_postman.clock.now()).total_seconds()
    if delay >= INTERVAL_SECONDS:
        return
    for job in queue.get_jobs_by_name(NEXT_JOB_NAME):
        job.schedule_removal()
    queue.run_once(deliver, max(delay, 1.0), name=NEXT_JOB_NAME)


async def replan(application: Application) -> None:
    """Bring the plans of upcoming sign-ups in line with the settings as they are now."""
    deps: Deps = application.bot_data[DEPS_KEY]
    async with deps.db.transaction() as conn:
        count = await plans.replan_upcoming(conn, deps.clock.now())
    if count is not None:
        log.info("outbox: settings changed; plans of %s upcoming sign-ups made again", count)
    await postman(application).load_unreachable()


async def back_in_touch(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anyone who blocked the bot and writes to it again can be reached again (first of all)."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    the_postman = postman(context.application)
    person = update.effective_user.id
    if person not in the_postman.unreachable:
        return
    the_postman.unreachable.discard(person)
    deps: Deps = context.application.bot_data[DEPS_KEY]
    async with deps.db.transaction() as conn:
        await plans.reachable_again(conn, person, deps.clock.now())
    log.info("recipient %s is reachable again", person)


def schedule(application: Application) -> None:
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(
        deliver,
        interval=INTERVAL_SECONDS,
        first=1.0,
        name=JOB_NAME,
        # While a long delivery (a broadcast) runs, ticks are skipped: it goes on until nothing
        # is due, so it sends what comes due meanwhile too.
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    logging.getLogger("apscheduler.scheduler").addFilter(_skipped_tick)


def _skipped_tick(record: logging.LogRecord) -> bool:
    """APScheduler warns about every tick skipped while a delivery runs; that is expected."""
    message = record.getMessage()
    return not (f'"{JOB_NAME} (' in message and "maximum number of running instances" in message)


def kick(application: Application) -> None:
    """Deliver now rather than at the next tick (a waitlist promotion is told at once)."""
    if application.job_queue is not None:
        application.job_queue.run_once(deliver, 0, name=f"{JOB_NAME}-now")
