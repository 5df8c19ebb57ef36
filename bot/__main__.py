"""The command line: ``python -m bot [run|import FILE.csv|neighbourhoods FILE.csv|demo|poster|
report|sandbox]`` (also ``meedoen``).

What it prints is for the person running the bot, in plain English; what residents read comes
from the bot and its catalogues. Exit codes: 0 done, 1 the file or the Bot API is at fault,
2 a setting is missing or wrong (one line naming it, no traceback).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, SettingsError, exit_on_settings_error, load_settings
from bot.outbox.timing import Rules

if TYPE_CHECKING:
    from bot.services.participation import Quarter
    from bot.services.posters import Made

# Only these updates reach the bot; Telegram sends nothing else, which saves work and traffic.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
MAX_ERRORS_SHOWN = 30


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
        type=_username,
        metavar="USERNAME",
        help="the bot's username for the QR codes' links (default: asked with BOT_TOKEN)",
    )
    rep = sub.add_parser(
        "report", help="write the quarterly report (PDF) for the funder, for all organisations"
    )
    rep.add_argument(
        "--quarter", required=True, type=_quarter, metavar="YYYYQN", help="e.g. 2027Q1"
    )
    rep.add_argument("--out", type=Path, metavar="FILE", help="default: meedoen-report-YYYYQN.pdf")
    box = sub.add_parser(
        "sandbox", help="chat with the bot in this terminal, without Telegram or a token"
    )
    box.add_argument("--lang", choices=("nl", "en"), default="nl", help="your Telegram language")
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


def import_file(settings: Settings, path: Path) -> int:
    """Check the whole file, then write it in one transaction; errors name line and column."""
    from bot.catalogue.reading import parse_catalogue
    from bot.catalogue.writing import (
        CatalogueConflict,
        ImportSummary,
        past_shifts,
        write_catalogue,
    )
    from bot.clock import SystemClock
    from bot.store import Database

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
        return 1
    parsed = parse_catalogue(data, settings.zone)
    if parsed.errors:
        return _refused(path, parsed.errors)
    check_database_path(settings)
    now = SystemClock().now()

    async def write() -> ImportSummary:
        async with Database(settings.database_path) as db:
            return await write_catalogue(
                db, parsed.opportunities, now, Rules.from_settings(settings)
            )

    try:
        summary = asyncio.run(write())
    except CatalogueConflict as conflict:
        return _refused(path, conflict.errors)
    print(f"{path}: {summary.describe()}")
    for note in summary.left_alone:
        print(f"{path}: note: {note}")
    past = past_shifts(parsed.opportunities, now)
    if past:
        lines = ", ".join(str(s.line) for s in past[:10]) + (" …" if len(past) > 10 else "")
        print(
            f"{path}: note: {len(past)} {'shift has' if len(past) == 1 else 'shifts have'} "
            "already started and are not offered "
            f"(lines {lines})."
        )
    return 0


def import_neighbourhoods(settings: Settings, path: Path) -> int:
    """The neighbourhoods of a file, added in one transaction (those there already stay as they
    are); errors name line and column, and then nothing is written."""
    from bot.catalogue.neighbourhood_file import parse_neighbourhoods
    from bot.clock import SystemClock
    from bot.services import neighbourhoods
    from bot.store import Database

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
        return 1
    parsed = parse_neighbourhoods(data)
    if parsed.errors:
        return _refused(path, parsed.errors)
    check_database_path(settings)

    async def write() -> neighbourhoods.Added:
        async with Database(settings.database_path) as db:
            return await neighbourhoods.import_names(db, parsed.names, SystemClock().now())

    done = asyncio.run(write())
    print(f"{path}: {len(done.added)} neighbourhood(s) added, {len(done.already)} already there.")
    if parsed.doubled:
        print(f"{path}: note: {parsed.doubled} name(s) came twice in the file; each is added once.")
    return 0


def _refused(path: Path, errors: Sequence[object]) -> int:
    for error in errors[:MAX_ERRORS_SHOWN]:
        print(f"{path}: {error}", file=sys.stderr)
    hidden = len(errors) - MAX_ERRORS_SHOWN
    if hidden > 0:
        print(f"{path}: … and {hidden} more", file=sys.stderr)
    print(f"{path}: nothing was imported; correct the file and try again.", file=sys.stderr)
    return 1


def demo(settings: Settings, csv_path: Path | None) -> int:
    """The demo catalogue into the database (idempotent), or written out as an example file."""
    from bot.catalogue.csv_file import to_csv
    from bot.catalogue.demo import demo_catalogue, load_demo
    from bot.clock import SystemClock
    from bot.store import Database

    now = SystemClock().now()
    if csv_path is not None:
        text = to_csv(demo_catalogue(now, settings.zone), settings.zone)
        try:
            csv_path.write_text(text, encoding="utf-8-sig", newline="")
        except OSError as exc:
            print(f"{csv_path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{csv_path}: the demo catalogue as an import file.")
        return 0
    check_database_path(settings)

    async def load() -> str:
        async with Database(settings.database_path) as db:
            return (await load_demo(db, now, Rules.from_settings(settings))).describe()

    print(f"Demo catalogue in {settings.database_path}: {asyncio.run(load())}")
    return 0


_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def _username(text: str) -> str:
    name = text.strip().removeprefix("@")
    if not _USERNAME.match(name):
        raise argparse.ArgumentTypeError(f"{text!r} is not a bot's username, like meedoen_bot")
    return name


def bot_username(settings: Settings) -> str:
    """The bot's username, asked from the Bot API (getMe)."""
    from telegram import Bot

    try:
        token = settings.token()
    except SettingsError:
        raise SettingsError(
            "BOT_TOKEN: missing; it is needed to ask the bot's username for the links "
            "(or give it with --bot USERNAME)"
        ) from None

    async def ask() -> str:
        async with Bot(token, base_url=settings.telegram_api_url) as bot:
            return bot.username

    with bot_api(settings):
        return asyncio.run(ask())


def posters(settings: Settings, args: argparse.Namespace) -> int:
    """Posters for the whole catalogue (or the one opportunity or organisation asked for) as a
    PDF and a PNG each, in the deployment's default language; prints every file written."""
    from bot.clock import SystemClock
    from bot.files import poster as paper
    from bot.i18n import Languages
    from bot.services import posters as making
    from bot.services.publishing import Invalid
    from bot.store import Database

    username = args.bot or bot_username(settings)
    check_database_path(settings)
    now = SystemClock().now()
    t = Languages(settings.zone, settings.default_locale).reader(None)
    refused: list[str] = []

    async def make() -> list[Made]:
        async with Database(settings.database_path) as db:
            if args.opportunity is None and args.organisation is None:
                found = await making.catalogue(db, now)
                wanted = [("opportunity", i) for i in found.opportunities]
                wanted += [("organisation", o.id) for o in found.organisations]
            else:
                wanted = [("opportunity", args.opportunity)] if args.opportunity else []
                wanted += [("organisation", args.organisation)] if args.organisation else []
            made = []
            for kind, target in wanted:
                try:
                    if kind == "opportunity":
                        one = await making.for_opportunity(
                            db, making.OPERATOR, target, now, t, username
                        )
                    else:
                        one = await making.for_organisation(
                            db, making.OPERATOR, target, t, username
                        )
                except Invalid as exc:
                    refused.append(f"{kind} {target}: {_NO_POSTER.get(exc.reason, exc.reason)}")
                else:
                    made.append(one)
            return made

    made = asyncio.run(make())
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for one in made:
            for suffix, paint in ((".pdf", paper.pdf), (".png", paper.png)):
                path = args.out / f"{one.name}{suffix}"
                path.write_bytes(paint(one.poster))
                print(path)
    except OSError as exc:
        print(f"{args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for line in refused:
        print(f"No poster for {line}.", file=sys.stderr)
    print(f"{len(made)} poster(s) in {args.out}: a PDF to print and a PNG for screens each.")
    return 1 if refused else 0


def _quarter(text: str) -> Quarter:
    from bot.services.participation import Quarter

    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def quarterly_report(settings: Settings, quarter: Quarter, out: Path | None) -> int:
    """The quarter's report for all organisations, a PDF in the deployment's default language
    (a quarter without data gives a report that says so); prints the file written."""
    from bot.clock import SystemClock
    from bot.i18n import Languages
    from bot.services import report
    from bot.services.posters import OPERATOR
    from bot.store import Database

    check_database_path(settings)
    path = out or Path(report.file_name(quarter))
    t = Languages(settings.zone, settings.default_locale).reader(None)

    async def make() -> bytes:
        async with Database(settings.database_path) as db:
            now, value = SystemClock().now(), settings.volunteer_hour_value
            return await report.made(db, OPERATOR, quarter, now, t, value)

    try:
        data = asyncio.run(make())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        print(f"{path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{path}: the report of {quarter.code}.")
    return 0


_NO_POSTER = {
    "missing": "there is none with this number",
    "closed": "it is closed or cancelled",
    "no_shifts": "it has no coming dates",
}


if __name__ == "__main__":
    main(sys.argv[1:])
