"""What the command line makes for paper and screens: posters with their QR codes (``poster``)
and the quarterly report for the funder (``report --quarter 2027Q1``)."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, SettingsError

if TYPE_CHECKING:
    from bot.services.posters import Made
    from bot.services.quarters import Quarter

from bot.cli.checks import bot_api, check_database_path

_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def username_argument(text: str) -> str:
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


def quarter_argument(text: str) -> Quarter:
    from bot.services.quarters import Quarter

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
