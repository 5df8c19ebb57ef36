"""Posters for the desk: what an opportunity's or an organisation's poster says, and the deep
links their QR codes hold, made and read in this one place.

``https://t.me/<bot>?start=opp_<id>`` opens an opportunity, ``...?start=org_<id>`` an
organisation's offers (each right after consent, for someone new). A poster is written in the
language it is given (the deployment's default language); a coordinator makes one of their own
organisations' (the role is checked here), the command line any (as an administrator). Only what
residents can find gets a poster, so a fresh poster never leads to "no longer available".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from bot.files.poster import Fact, Poster
from bot.i18n import N_, Translator
from bot.services.publishing import Invalid, managed_opportunity, require
from bot.services.roles import Role
from bot.store import Database, managing
from bot.store import posters as store
from bot.store import series as series_store
from bot.store.managing import Named

OPPORTUNITY = "opp"
ORGANISATION = "org"
_LINK = re.compile(r"^(opp|org)_(\d{1,9})$")
_OURS = re.compile(r"^(opp|org)_")
# The command line makes posters for the whole catalogue, as an administrator would.
OPERATOR = Role(user_id=0, is_admin=True, organisation_ids=frozenset())

CALL = N_("Scan with your phone and sign up")
ONGOING = N_("An ongoing role: you help regularly, for example every week.")
MAX_DATES = 3  # lines under "When"; more dates are counted


@dataclass(frozen=True)
class Link:
    """A poster's deep link, read from a /start parameter; ``id`` 0: forged or mangled."""

    kind: str  # OPPORTUNITY or ORGANISATION
    id: int


def link(bot_username: str, kind: str, target_id: int) -> str:
    """The t.me link a poster's QR code holds."""
    return f"https://t.me/{bot_username}?start={kind}_{target_id}"


def read_link(parameter: str | None) -> Link | None:
    """The poster link in a /start parameter; None when it is not one (a plain /start)."""
    if not parameter or not _OURS.match(parameter):
        return None
    found = _LINK.match(parameter)
    if found is None:
        return Link(parameter[:3], 0)
    return Link(found.group(1), int(found.group(2)))


@dataclass(frozen=True)
class Made:
    poster: Poster
    name: str  # a file name without its extension: ``poster-12-voorlezen``


@dataclass(frozen=True)
class Catalogue:
    """What the command line prints: every open opportunity and every organisation."""

    opportunities: list[int]
    organisations: list[Named]


def _file_name(kind: str, target_id: int, title: str) -> str:
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-")
    stem = f"poster-{target_id}" if kind == OPPORTUNITY else f"poster-org-{target_id}"
    return f"{stem}-{slug}" if slug else stem


def _poster(
    t: Translator,
    bot_username: str,
    target: tuple[str, int],
    heading: str,
    title: str,
    facts: tuple[Fact, ...],
) -> Poster:
    address = link(bot_username, *target)
    return Poster(
        heading=heading,
        title=title,
        facts=facts,
        link=address,
        call=t._(CALL),
        footer=address.removeprefix("https://"),
    )


async def for_opportunity(
    db: Database, role: Role, opportunity_id: int, now: datetime, t: Translator, bot_username: str
) -> Made:
    """An opportunity's poster: title, when (a series' rhythm, the next dates, or "ongoing"),
    where, the organisation, and the QR code. Raises Invalid when residents cannot find it."""
    async with db.read() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "poster")
        if found.status != "open":
            raise Invalid("closed")
        if not await store.is_open(opportunity_id, now, conn=conn):
            raise Invalid("no_shifts")
        dates = await store.one_off_dates(opportunity_id, now, limit=MAX_DATES, conn=conn)
        rhythms = await series_store.offered(opportunity_id, now, conn=conn)
    if found.kind == "ongoing":
        when = [t._(ONGOING)]
    else:
        when = [
            _capital(t, t.rhythm(r.series.every_weeks, r.first, r.series.starts, r.series.ends))
            for r in rhythms
        ][:MAX_DATES]
        shown = dates.first[: MAX_DATES - len(when)]
        when += [_capital(t, t.when(starts, ends)) for starts, ends in shown]
        if dates.total > len(shown):
            more = dates.total - len(shown)
            when.append(t.ngettext("and {n} more date", "and {n} more dates", more).format(n=more))
    facts = [Fact(t._("When"), tuple(when))]
    if found.location.strip():
        facts.append(Fact(t._("Where"), (found.location,)))
    poster = _poster(
        t, bot_username, (OPPORTUNITY, found.id), found.organisation, found.title, tuple(facts)
    )
    return Made(poster, _file_name(OPPORTUNITY, found.id, found.title))


async def for_organisation(
    db: Database, role: Role, organisation_id: int, t: Translator, bot_username: str
) -> Made:
    """An organisation's poster: its name, a short line, and a QR code to its offers."""
    async with db.read() as conn:
        found = await managing.organisation(organisation_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    require(role, found.id, "poster")
    line = t._("Volunteer with us! There is something for everyone.")
    heading = t._("Volunteer work")
    poster = _poster(
        t, bot_username, (ORGANISATION, found.id), heading, found.name, (Fact("", (line,)),)
    )
    return Made(poster, _file_name(ORGANISATION, found.id, found.name))


async def catalogue(db: Database, now: datetime) -> Catalogue:
    async with db.read() as conn:
        return Catalogue(
            await store.open_opportunities(now, conn=conn),
            await managing.organisations(None, conn=conn),
        )


def _capital(t: Translator, text: str) -> str:
    """``every Tuesday`` → ``Every Tuesday``: a line on a poster starts with a capital (a
    Turkish dotted i stays dotted)."""
    first = "İ" if t.locale == "tr" and text[:1] == "i" else text[:1].upper()
    return first + text[1:]
