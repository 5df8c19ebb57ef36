"""What every command checks before it works: the database can be opened, the Bot API takes
the token and can be reached (one line each, never the token)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from bot.config import Settings, SettingsError


class Unreachable(Exception):
    """The Bot API could not be reached: one line on stderr, exit code 1."""


@contextlib.contextmanager
def bot_api(settings: Settings) -> Iterator[None]:
    """Talking to the Bot API: a refused token is a setting error, an API that cannot be
    reached :class:`Unreachable` (neither repeats the token)."""
    from telegram.error import InvalidToken, NetworkError

    try:
        yield
    except InvalidToken:
        raise SettingsError(
            "BOT_TOKEN: the Bot API does not accept this token; copy it again from @BotFather"
        ) from None
    except NetworkError as exc:
        raise Unreachable(
            f"Cannot reach the Bot API at TELEGRAM_API_URL={settings.telegram_api_url}: {exc}"
        ) from None


def check_database_path(settings: Settings) -> None:
    """The database file can be created and opened; otherwise a setting error naming it."""
    path = settings.database_path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SettingsError(f"DATABASE_PATH: cannot open {path}: {reason}") from None
