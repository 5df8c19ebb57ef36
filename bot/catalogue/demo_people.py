"""The demo's people, for the sandbox: who they are and what they did in the past weeks.

Eight made-up residents (first names of several backgrounds, each in their own language, with the
kinds of work they like) who volunteered on the demo's shifts: who came and who did not (by a
coordinator's mark or their own answer), their scores and comments, a late cancellation, and
interest in ongoing roles (one of them started). :mod:`bot.catalogue.demo_sandbox` writes it all
through the services, so /roster, /callhelp, /stats and /leads have names and figures to show.
Their Telegram ids are made up: only the sandbox loads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import leads
from bot.services.roles import Role

PEUTER = "Voorlezen op de peuterochtend"
TAALCAFE = "Gespreksleider Taalcafé"
SPREEKUUR = "Digitaal spreekuur: hulp met telefoon en computer"
MAALTIJDEN = "Maaltijden rondbrengen bij ouderen"
KOFFIE = "Koffieochtend voor buurtbewoners"
GASTVROUW = "Gastvrouw of gastheer in de bibliotheek"


@dataclass(frozen=True)
class Volunteer:
    user_id: int  # made up: these people exist only in the sandbox
    name: str
    language: str
    likes: tuple[str, ...]  # categories of the demo catalogue
    joined_weeks_ago: int


VOLUNTEERS: tuple[Volunteer, ...] = (
    Volunteer(710001, "Fatima", "ar", ("Voorlezen", "Taal"), 11),
    Volunteer(710002, "Mehmet", "tr", ("Digitale hulp", "Klussen en evenementen"), 20),
    Volunteer(710003, "Agnieszka", "pl", ("Zorg en welzijn", "Bibliotheek"), 9),
    Volunteer(710004, "Olena", "uk", ("Taal", "Voorlezen"), 7),
    Volunteer(710005, "Daan", "nl", ("Digitale hulp", "Bestuur en organisatie"), 30),
    Volunteer(710006, "Grace", "en", ("Bibliotheek", "Voorlezen"), 5),
    Volunteer(710007, "Youssef", "nl", ("Klussen en evenementen", "Zorg en welzijn"), 8),
    Volunteer(710008, "Anouk", "nl", ("Taal", "Zorg en welzijn"), 3),
)
BY_NAME = {v.name: v for v in VOLUNTEERS}

# Who marked attendance and leads, answered ideas and asked questions before the sandbox began:
# the organisations' staff (nobody to write to; the sandbox's own coordinator is an
# administrator and sees every organisation).
STAFF = Role(user_id=0, is_admin=True, organisation_ids=frozenset())


@dataclass(frozen=True)
class Visit:
    """One volunteer on a past shift, and how it went."""

    name: str
    came: bool | None = True  # None: nobody marked it yet (the roster asks)
    score: int | None = None  # 1-5, given after the thank-you
    comment: str = ""
    own_word: bool = False  # they answered "Were you there?" themselves; else a coordinator
    brought: int = 0  # people they brought along
    gave_up: int = 0  # hours before the start they gave up their place (0: they did not)


@dataclass(frozen=True)
class Past:
    title: str
    weeks_ago: int  # 1: the last such weekday before today
    visits: tuple[Visit, ...]


HISTORY: tuple[Past, ...] = (
    Past(
        PEUTER,
        1,
        (
            Visit("Fatima", score=5, comment="De kinderen luisterden heel goed."),
            Visit("Grace", score=4, own_word=True),
        ),
    ),
    Past(PEUTER, 2, (Visit("Olena", score=4), Visit("Grace", came=False))),
    Past(
        PEUTER,
        4,
        (
            Visit("Fatima", score=5),
            Visit("Olena", score=5, comment="Leuk! Ik leer zelf ook nieuwe woorden."),
        ),
    ),
    Past(
        TAALCAFE,
        1,
        (
            Visit("Fatima", score=5, comment="Mooie gesprekken over eten en familie."),
            Visit("Olena", score=4, own_word=True),
            Visit("Anouk", score=3, comment="Mijn tafel was te groot, acht mensen."),
        ),
    ),
    Past(TAALCAFE, 2, (Visit("Olena"), Visit("Fatima", came=None), Visit("Anouk", gave_up=20))),
    Past(TAALCAFE, 3, (Visit("Fatima", score=4), Visit("Olena", score=5))),
    Past(
        SPREEKUUR,
        1,
        (
            Visit("Mehmet", score=4, comment="Veel vragen over de DigiD-app."),
            Visit("Daan", score=5, own_word=True),
            Visit("Youssef", came=False),
        ),
    ),
    Past(SPREEKUUR, 2, (Visit("Daan"), Visit("Mehmet", came=False), Visit("Youssef", gave_up=96))),
    Past(SPREEKUUR, 5, (Visit("Mehmet", score=4), Visit("Daan", score=4))),
    Past(SPREEKUUR, 14, (Visit("Mehmet"), Visit("Daan"))),  # before the 12 weeks of /stats
    Past(
        MAALTIJDEN,
        1,
        (
            Visit("Agnieszka", score=5, comment="Mevrouw was zo blij met een praatje."),
            Visit("Youssef", score=4),
        ),
    ),
    Past(MAALTIJDEN, 3, (Visit("Agnieszka"), Visit("Youssef", score=5))),
    Past(KOFFIE, 2, (Visit("Anouk", brought=1, score=5, comment="Mijn moeder hielp mee."),)),
    Past(GASTVROUW, 1, (Visit("Grace", score=4), Visit("Agnieszka", came=False))),
)


@dataclass(frozen=True)
class Interest:
    """Interest in an ongoing role, and what a coordinator did with it (two days later)."""

    name: str
    title: str
    days_ago: int
    status: str = leads.NEW


INTERESTS: tuple[Interest, ...] = (
    Interest("Daan", "Bestuurslid (penningmeester)", 40, leads.STARTED),
    Interest("Agnieszka", "Voorleesvrijwilliger bij een gezin thuis", 12, leads.CONTACTED),
    Interest("Olena", "Taalmaatje", 9),
    Interest("Youssef", "Wandelmaatje voor een oudere buurtbewoner", 2),
)
