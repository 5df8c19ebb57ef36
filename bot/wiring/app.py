"""The one place that wires things: settings, database, handlers, jobs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ConversationHandler, Defaults

from bot import i18n
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.i18n import N_, Translator
from bot.store import Database
from bot.wiring.http_client import AiohttpRequest
from bot.wiring.persistence import SqlitePersistence
from bot.wiring.processor import PerPersonUpdateProcessor

log = logging.getLogger(__name__)

DEPS_KEY = "meedoen"

# The commands shown in Telegram's menu, in the order a resident needs them.
RESIDENT_COMMANDS = [
    ("find", N_("Find something to do")),
    ("search", N_("Search by word")),
    ("mine", N_("My sign-ups and hours")),
    ("settings", N_("Language and messages")),
    ("help", N_("What can I do here?")),
    ("delete", N_("Erase my data")),
    ("start", N_("Start again")),
]


@dataclass
class Deps:
    """What handlers and jobs need; lives in ``application.bot_data``."""

    settings: Settings
    db: Database
    clock: Clock
    extra: dict[str, Any] = field(default_factory=dict)
    # The HTTP clients to the Bot API (general, getUpdates), closed at shutdown.
    transport: tuple[AiohttpRequest, ...] = ()

    def translator(self, locale: str) -> Translator:
        return Translator(locale, self.settings.zone)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    token: str | None = None,
    rate_limiter: bool = True,
    persistence_interval: float = 1.0,
) -> Application:
    """The bot, ready for ``run_polling`` (or for a test to start by hand)."""
    i18n.configure(zone=settings.zone, default_locale=settings.default_locale)
    db = Database(settings.database_path)
    transport = (AiohttpRequest(), AiohttpRequest(connection_pool_size=1))
    deps = Deps(settings=settings, db=db, clock=clock or SystemClock(), transport=transport)
    persistence = SqlitePersistence(db, deps.clock, update_interval=persistence_interval)
    builder: ApplicationBuilder = (
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
        .request(transport[0])
        .get_updates_request(transport[1])
        .concurrent_updates(PerPersonUpdateProcessor(256))
        .persistence(persistence)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limiter:
        # Telegram's flood limits as a sliding window; a 429 is waited out, up to 3 times.
        from bot.wiring.delivery import rate_limiter as telegram_rate_limiter

        builder = builder.rate_limiter(telegram_rate_limiter())
    application = builder.build()
    application.bot_data[DEPS_KEY] = deps

    from bot.wiring.handlers import register_all

    register_all(application)
    persistence.max_age = _flow_timeouts(application)
    return application


def _flow_timeouts(application: Application) -> Callable[[str], float | None]:
    """Each persistent flow's timeout by name, for the persistence to drop lapsed states."""
    timeouts: dict[str, float | None] = {}
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, ConversationHandler) and handler.name:
                timeout = handler.conversation_timeout
                seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout
                timeouts[handler.name] = seconds
    return timeouts.get


async def _post_init(application: Application) -> None:
    deps: Deps = application.bot_data[DEPS_KEY]
    await deps.db.ensure_open()
    await set_commands(application)
    from bot.wiring.handlers import after_start

    await after_start(application)


async def set_commands(application: Application) -> None:
    deps: Deps = application.bot_data[DEPS_KEY]
    for language in ("nl", "en"):
        t = deps.translator(language)
        commands = [BotCommand(name, t._(text)) for name, text in RESIDENT_COMMANDS]
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeAllPrivateChats(), language_code=language
        )
    t = deps.translator(deps.settings.default_locale)
    await application.bot.set_my_commands(
        [BotCommand(name, t._(text)) for name, text in RESIDENT_COMMANDS],
        scope=BotCommandScopeAllPrivateChats(),
    )


async def _post_shutdown(application: Application) -> None:
    deps: Deps = application.bot_data[DEPS_KEY]
    await deps.db.close()
    # PTB closes its HTTP clients only after a start that succeeded; a refused token or an
    # unreachable API leaves them open, so they are closed here (closing twice does nothing).
    for request in deps.transport:
        await request.shutdown()
