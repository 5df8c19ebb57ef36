"""The command line: ``python -m bot [run|import FILE.csv|demo|sandbox]`` (also ``meedoen``)."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.config import SettingsError, exit_on_settings_error, load_settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="meedoen", description="Meedoen volunteer bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot with long polling (the default)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = load_settings()
        if args.command in (None, "run"):
            from bot.app import build_application

            application = build_application(settings)
            application.run_polling(allowed_updates=["message", "edited_message", "callback_query"])
    except SettingsError as error:
        exit_on_settings_error(error)


if __name__ == "__main__":
    main(sys.argv[1:])
