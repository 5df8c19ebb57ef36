"""Running ``python -m bot`` in the test process or as a child, with chosen settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.catalogue.reading import COLUMNS

SETTINGS = (
    "BOT_TOKEN",
    "TELEGRAM_API_URL",
    "DATABASE_PATH",
    "COORDINATOR_IDS",
    "TIMEZONE",
    "DEFAULT_LOCALE",
    "VOLUNTEER_HOUR_VALUE",
)


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without any Meedoen setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update(settings)
    return env


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return int(stopped.value.code or 0)


def write_csv(path: Path, *rows: str) -> Path:
    """A file as Dutch Excel saves it: semicolons, a BOM and CRLF."""
    path.write_bytes(("\r\n".join([";".join(COLUMNS), *rows]) + "\r\n").encode("utf-8-sig"))
    return path
