"""Settings, read once from the environment or a ``.env`` file and validated by pydantic."""

from __future__ import annotations

import re
import sys
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_LOCALES = ("nl", "en", "ar", "tr", "pl", "uk")
# Languages written right to left: their messages get Unicode direction marks (bot.i18n).
RTL_LOCALES = frozenset({"ar"})


class Settings(BaseSettings):
    """Everything an organisation can set; the names are the environment variables."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    telegram_api_url: str = Field(default="https://api.telegram.org/bot", alias="TELEGRAM_API_URL")
    database_path: Path = Field(default=Path("data/meedoen.sqlite3"), alias="DATABASE_PATH")
    coordinator_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="COORDINATOR_IDS"
    )
    timezone: str = Field(default="Europe/Amsterdam", alias="TIMEZONE")
    default_locale: str = Field(default="nl", alias="DEFAULT_LOCALE")
    # Reminders and thank-yous (issue #3): see bot/reminders.py for how they are planned.
    reminder_offsets: Annotated[tuple[timedelta, ...], NoDecode] = Field(
        default=(timedelta(hours=24), timedelta(hours=2)), alias="REMINDER_OFFSETS"
    )
    quiet_hours: Annotated[tuple[time, time] | None, NoDecode] = Field(
        default=(time(22, 0), time(8, 0)), alias="QUIET_HOURS"
    )
    thanks_delay: Annotated[timedelta, NoDecode] = Field(
        default=timedelta(hours=1), alias="THANKS_DELAY"
    )
    # How long sent, dropped and failed outbox rows are kept (bot/services/housekeeping.py).
    outbox_keep_days: int = Field(default=90, alias="OUTBOX_KEEP_DAYS")
    # A path to stay (bot/services/path.py): after this many shifts marked 'came' the bot
    # suggests an ongoing role, once; 0 never does.
    role_suggestion_after: int = Field(default=3, alias="ROLE_SUGGESTION_AFTER")
    # What an hour of volunteer work is worth, in euros, for the participation figures and the
    # quarterly report (bot/services/participation.py); 0: no value is shown.
    volunteer_hour_value: Decimal = Field(default=Decimal("15.00"), alias="VOLUNTEER_HOUR_VALUE")

    @field_validator("coordinator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        return value

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _offsets(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if value.strip().lower() in ("", "off", "none"):
            return ()
        offsets = [parse_duration(part) for part in value.split(",")]
        if any(o is None or o <= timedelta(0) for o in offsets):
            raise ValueError("must be durations before the shift, like 24h,2h (or off)")
        return tuple(sorted(set(offsets), reverse=True))  # type: ignore[type-var]

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _quiet(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if value.strip().lower() in ("", "off", "none"):
            return None
        match = _QUIET.match(value.strip())
        if match is None:
            raise ValueError("must be a range of local times like 22:00-08:00 (or off)")
        hours = [int(match.group(i)) for i in (1, 3)]
        minutes = [int(match.group(i)) for i in (2, 4)]
        if max(hours) > 23 or max(minutes) > 59 or (hours[0], minutes[0]) == (hours[1], minutes[1]):
            raise ValueError("must be a range of local times like 22:00-08:00 (or off)")
        return (time(hours[0], minutes[0]), time(hours[1], minutes[1]))

    @field_validator("thanks_delay", mode="before")
    @classmethod
    def _delay(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        found = parse_duration(value)
        if found is None:
            raise ValueError("must be a duration after the shift ends, like 1h or 30m")
        return found

    @field_validator("outbox_keep_days", mode="before")
    @classmethod
    def _keep_days(cls, value: object) -> object:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 36500:
            raise ValueError("must be a whole number of days from 1, like 90")
        return int(text)

    @field_validator("role_suggestion_after", mode="before")
    @classmethod
    def _suggestion_after(cls, value: object) -> object:
        text = str(value).strip().lower()
        if text in ("off", "none"):
            return 0
        if not text.isdigit() or not 0 <= int(text) <= 100:
            raise ValueError("must be a number of shifts from 1 to 100, like 3 (0 or off: never)")
        return int(text)

    @field_validator("volunteer_hour_value", mode="before")
    @classmethod
    def _hour_value(cls, value: object) -> object:
        text = str(value).strip().removeprefix("€").strip().replace(",", ".")
        amount = Decimal(text) if _AMOUNT.match(text) else None  # the pattern makes it a number
        if amount is None or amount > MAX_HOUR_VALUE:
            raise ValueError(
                "must be an amount in euros for one hour, like 15.00 (0: show no value)"
            )
        return amount.quantize(Decimal("0.01"))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Amsterdam") from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def token(self) -> str:
        """The bot token; only called where the bot really talks to an API."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError("BOT_TOKEN: missing; get one from @BotFather (see README)")
        return self.bot_token.get_secret_value().strip()


_AMOUNT = re.compile(r"^\d{1,4}(?:\.\d{1,2})?$")
MAX_HOUR_VALUE = Decimal(1000)
_DURATION = re.compile(r"^(?:(\d{1,3})d)?(?:(\d{1,4})h)?(?:(\d{1,5})m)?$")
_QUIET = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def parse_duration(text: str) -> timedelta | None:
    """``24h``, ``90m``, ``1h30m``, ``2d``, ``0``: a duration, or None when it is not one."""
    text = text.strip().lower().replace(" ", "")
    if text == "0":
        return timedelta(0)
    match = _DURATION.match(text)
    if not text or match is None:
        return None
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


class SettingsError(Exception):
    """A setting that is missing or wrong; the message names the setting."""


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None


def exit_on_settings_error(error: SettingsError) -> None:
    """One line on stderr, exit code 2, no traceback."""
    print(f"Setting error: {error}", file=sys.stderr)
    raise SystemExit(2)
