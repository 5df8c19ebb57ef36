"""The one place that builds the bot: settings, database, dependencies, handlers, jobs."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    ConversationHandler,
    Defaults,
    ExtBot,
)

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.deps import Deps
from bot.i18n import Languages
from bot.outbox.kinds import BULK
from bot.outbox.letters import Priority
from bot.outbox.messages import RENDERERS
from bot.outbox.postman import Postman
from bot.outbox.timing import Rules
from bot.services import invites
from bot.store import Database
from bot.wiring import handlers, jobs
from bot.wiring.errors import on_error
from bot.wiring.http_client import AiohttpRequest
from bot.wiring.persistence import SqlitePersistence
from bot.wiring.processor import PerPersonUpdateProcessor
from bot.wiring.rate_limit import TelegramRateLimiter
from bot.wiring.screens import ScreenKeeper
from conversations.commands import offer_resident_commands
from conversations.ui.context import BotData, Context

log = logging.getLogger(__name__)

Meedoen = Application[ExtBot[Priority], Context, dict[Any, Any], dict[Any, Any], BotData, Any]


def build_deps(settings: Settings, clock: Clock) -> Deps:
    """The dependencies every handler and job reaches through ``context.deps``."""
    db = Database(settings.database_path)
    languages = Languages(settings.zone, settings.default_locale)
    rules = Rules.from_settings(settings)
    postman = Postman(
        db,
        clock,
        renderers=RENDERERS,
        bulk=BULK,
        languages=languages,
        batch=jobs.BATCH,
        quiet=rules.quiet,
    )
    return Deps(settings, db, clock, languages, rules, postman)


SWITCH_INTERVAL = 0.001  # seconds a thread runs before another may take the interpreter


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    token: str | None = None,
    rate_limiter: bool = True,
    persistence_interval: float = 1.0,
) -> Meedoen:
    """The bot, ready for ``run_polling`` (or for a test to start by hand)."""
    # The event loop shares the interpreter with threads that work hard for a moment (the
    # database threads of /stats, the chart): at Python's default of 5 ms between switches, a
    # reply that needs the interpreter a dozen times waited 50 ms behind them.
    sys.setswitchinterval(SWITCH_INTERVAL)
    deps = build_deps(settings, clock or SystemClock())
    transport = (AiohttpRequest(), AiohttpRequest(connection_pool_size=1))
    persistence = SqlitePersistence(deps.db, deps.clock, update_interval=persistence_interval)
    screens = ScreenKeeper()  # what messages show and which taps wait: processor and limiter

    async def post_init(application: Meedoen) -> None:
        await deps.db.ensure_open()
        await offer_resident_commands(application.bot, deps.languages)
        await deps.postman.load_unreachable()
        jobs.schedule(application)  # and, in the background, the work after a start
        # Who gets the coordinator menu when they next write: administrators and coordinators.
        deps.menu_due = set(settings.coordinator_ids) | set(await invites.everyone(deps.db))

    async def post_shutdown(application: Meedoen) -> None:
        await deps.db.close()
        # PTB closes its HTTP clients only after a start that succeeded; a refused token or an
        # unreachable API leaves them open, so they are closed here (closing twice does nothing).
        for request in transport:
            await request.shutdown()

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(token or settings.token())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_api_url.replace("/bot", "/file/bot"))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=Context, bot_data=BotData))
        .request(transport[0])
        .get_updates_request(transport[1])
        .concurrent_updates(PerPersonUpdateProcessor(256, screens))
        .persistence(persistence)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limiter:
        builder = builder.rate_limiter(TelegramRateLimiter(screens=screens))
    application: Meedoen = builder.build()
    application.bot_data.deps = deps
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    deps.kick = jobs.kicker(application)
    for slot in handlers.table():
        application.add_handler(slot.handler, slot.group)
    application.add_error_handler(on_error)
    persistence.max_age = _flow_timeouts(application)
    return application


def _flow_timeouts(application: Meedoen) -> Callable[[str], float | None]:
    """Each persistent flow's timeout by name, for the persistence to drop lapsed states."""
    timeouts: dict[str, float | None] = {}
    for group in application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler) and handler.name:
                timeout = handler.conversation_timeout
                seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout
                timeouts[handler.name] = seconds
    return timeouts.get
