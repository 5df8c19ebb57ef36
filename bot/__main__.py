"""The command line: ``python -m bot [run|import FILE.csv|neighbourhoods FILE.csv|demo|poster|
report|sandbox]`` (also ``meedoen``).

What it prints is for the person running the bot, in plain English; what residents read comes
from the bot and its catalogues. Exit codes: 0 done, 1 the file or the Bot API is at fault,
2 a setting is missing or wrong (one line naming it, no traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.cli.checks import Unreachable, bot_api, check_database_path
from bot.cli.imports import demo, import_file, import_neighbourhoods
from bot.cli.printed import posters, quarter_argument, quarterly_report, username_argument
from bot.config import (
    SUPPORTED_LOCALES,
    Settings,
    SettingsError,
    exit_on_settings_error,
    load_settings,
)

# Only these updates reach the bot; Telegram sends nothing else, which saves work and traffic.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="meedoen",
        description="Meedoen: a Telegram bot for volunteering at libraries and welfare "
        "organisations. Settings come from the environment or a .env file (see README).",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the bot with long polling (the default)")
    imp = sub.add_parser("import", help="add or update opportunities and shifts from a CSV file")
    imp.add_argument("file", type=Path, help="the CSV file (comma or semicolon separated)")
    areas = sub.add_parser(
        "neighbourhoods", help="add the neighbourhoods of the area from a CSV file (one name a row)"
    )
    areas.add_argument(
        "file", type=Path, help="the CSV file: a name in the first column of each row"
    )
    demo = sub.add_parser("demo", help="load the demo catalogue into the database")
    demo.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="instead, write the demo catalogue as an import file (an example of the format)",
    )
    post = sub.add_parser(
        "poster",
        help="write posters to print (PDF) and to show on a screen (PNG) for the catalogue",
    )
    post.add_argument(
        "--out",
        type=Path,
        default=Path("posters"),
        metavar="DIR",
        help="the folder (default: posters)",
    )
    post.add_argument("--opportunity", type=int, metavar="ID", help="only this opportunity")
    post.add_argument("--organisation", type=int, metavar="ID", help="only this organisation")
    post.add_argument(
        "--bot",
        type=username_argument,
        metavar="USERNAME",
        help="the bot's username for the QR codes' links (default: asked with BOT_TOKEN)",
    )
    rep = sub.add_parser(
        "report", help="write the quarterly report (PDF) for the funder, for all organisations"
    )
    rep.add_argument(
        "--quarter", required=True, type=quarter_argument, metavar="YYYYQN", help="e.g. 2027Q1"
    )
    rep.add_argument("--out", type=Path, metavar="FILE", help="default: meedoen-report-YYYYQN.pdf")
    box = sub.add_parser(
        "sandbox", help="chat with the bot in this terminal, without Telegram or a token"
    )
    box.add_argument(
        "--lang", choices=SUPPORTED_LOCALES, default="nl", help="your Telegram language"
    )
    box.add_argument("--name", default="Sanne", help="your first name in the chat")
    box.add_argument(
        "--coordinator", action="store_true", help="be a coordinator (in COORDINATOR_IDS)"
    )
    box.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (database, files) at the end"
    )
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    command = args.command or "run"
    if command != "sandbox":  # the sandbox logs to a file: the terminal is the chat
        logging.basicConfig(
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            level=logging.INFO if command == "run" else logging.WARNING,
        )
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # A failed start is told in one line below; PTB's traceback would repeat the token.
    logging.getLogger("telegram.ext").addFilter(_quiet_failed_start)
    try:
        settings = load_settings()
        if command == "run":
            code = run(settings)
        elif command == "import":
            code = import_file(settings, args.file)
        elif command == "neighbourhoods":
            code = import_neighbourhoods(settings, args.file)
        elif command == "demo":
            code = demo(settings, args.csv)
        elif command == "poster":
            code = posters(settings, args)
        elif command == "report":
            code = quarterly_report(settings, args.quarter, args.out)
        else:
            from bot.sandbox.terminal import main as sandbox

            code = sandbox(
                lang=args.lang, name=args.name, coordinator=args.coordinator, keep=args.keep
            )
    except SettingsError as error:
        exit_on_settings_error(error)
    except Unreachable as error:
        print(error, file=sys.stderr)
        code = 1
    raise SystemExit(code)


def _quiet_failed_start(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Network Retry Loop (Bootstrap")


def run(settings: Settings) -> int:
    """Long polling until SIGTERM or Ctrl-C, which stop cleanly (PTB's ``run_polling``)."""
    from bot.wiring.app import build_application

    check_database_path(settings)
    application = build_application(settings)  # a missing BOT_TOKEN is a SettingsError
    with bot_api(settings):
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


if __name__ == "__main__":
    main(sys.argv[1:])
