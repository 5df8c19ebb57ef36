"""A realistic demo catalogue (``python -m bot demo``), for the sandbox, benchmarks and tests.

Opportunities as a public library and the welfare organisations around it offer them, in Dutch.
Each carries one or two of the project's themes. Shifts are dated relative to today: the next
matching weekdays in the coming weeks, at local times such as 14:00–16:00. Loading goes through
the importer's writer, so it is idempotent: run it twice on the same day and nothing is added
twice (a later day adds the newly upcoming dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.catalogue.reading import OpportunityRow, ShiftRow
from bot.catalogue.writing import ImportSummary, write_catalogue
from bot.clock import local_to_utc
from bot.outbox.timing import Rules
from bot.store import Database, signups

BIEB = "Bibliotheek Rivierenland"
WELZIJN = "Welzijn Samen"
BUURTHUIS = "Buurthuis De Linde"

MON, TUE, WED, THU, FRI, SAT = range(6)
# The project's themes (bot.services.themes), by their keys.
PART, STRENGTH, HEALTH, GROWTH = "taking_part", "own_strength", "health", "development"


@dataclass(frozen=True)
class Weekly:
    """Shifts on one weekday: the next ``weeks`` occurrences after today."""

    weekday: int
    start: str
    end: str
    capacity: int
    weeks: int = 3
    taken: int = 0  # places already taken on the first of them


@dataclass(frozen=True)
class Once:
    """One shift ``days`` after today."""

    days: int
    start: str
    end: str
    capacity: int
    taken: int = 0


@dataclass(frozen=True)
class Offer:
    organisation: str
    category: str
    title: str
    description: str
    location: str
    shifts: tuple[Weekly | Once, ...] = ()  # none: an ongoing role
    themes: tuple[str, ...] = ()  # keys of bot.services.themes


CENTRALE = "Centrale Bibliotheek, Stationsplein 4, Tiel"
LINDE = "Buurthuis De Linde, Lindelaan 12, Tiel"

CATALOGUE: tuple[Offer, ...] = (
    Offer(
        BIEB,
        "Voorlezen",
        "Voorlezen op de peuterochtend",
        "Lees prentenboeken voor aan peuters en hun ouders in de kinderhoek. Je leest voor in "
        "een kleine groep en zingt misschien een liedje mee. Je hoeft geen ervaring te hebben: "
        "we geven je tips en een stapel mooie boeken.",
        CENTRALE,
        (Weekly(WED, "10:00", "11:30", 2, weeks=4),),
        themes=(PART, GROWTH),
    ),
    Offer(
        WELZIJN,
        "Voorlezen",
        "Voorleesvrijwilliger bij een gezin thuis",
        "Twintig weken lang lees je één keer per week voor bij een gezin thuis, samen met de "
        "ouders. Zo krijgen kinderen plezier in boeken en leren ouders hoe ze zelf voorlezen. "
        "Je krijgt een training van een middag en een vaste begeleider.",
        "Bij het gezin thuis, in Tiel en omgeving",
        themes=(GROWTH,),
    ),
    Offer(
        WELZIJN,
        "Taal",
        "Taalmaatje",
        "Je spreekt elke week een uur af met iemand die Nederlands leert. Jullie praten, oefenen "
        "voor een afspraak bij de dokter of lezen samen de post. Je bent geen leraar, maar een "
        "maatje. Je krijgt een korte training.",
        "Op een plek die jullie samen kiezen",
        themes=(PART, GROWTH),
    ),
    Offer(
        BIEB,
        "Taal",
        "Gespreksleider Taalcafé",
        "In het Taalcafé praten mensen die Nederlands leren met elkaar over gewone dingen. Jij "
        "leidt het gesprek aan één tafel, met koffie en een onderwerp van de week.",
        CENTRALE,
        (Weekly(THU, "14:00", "16:00", 3, taken=2),),
        themes=(PART,),
    ),
    Offer(
        BIEB,
        "Digitale hulp",
        "Helpen bij de cursus Digisterker",
        "In de cursus Digisterker leren mensen zaken regelen met de overheid op internet: DigiD, "
        "toeslagen, de gemeente. Jij helpt de docent en loopt rond om vragen te beantwoorden.",
        CENTRALE,
        (Weekly(TUE, "10:00", "12:00", 2, weeks=4),),
        themes=(STRENGTH, GROWTH),
    ),
    Offer(
        BIEB,
        "Digitale hulp",
        "Digitaal spreekuur: hulp met telefoon en computer",
        "Mensen komen met vragen over hun telefoon, tablet of laptop: een app installeren, foto's "
        "versturen, een wachtwoord veranderen. Jij helpt ze rustig op weg.",
        CENTRALE,
        (Weekly(MON, "14:00", "16:00", 3), Once(1, "14:00", "16:00", 2, taken=1)),
        themes=(STRENGTH,),
    ),
    Offer(
        BIEB,
        "Digitale hulp",
        "Begeleider robotica-club voor kinderen",
        "Kinderen van 8 tot 12 jaar bouwen en programmeren robots. Jij helpt een groepje op weg. "
        "Je hoeft zelf niet te kunnen programmeren: nieuwsgierig zijn is genoeg.",
        "Bibliotheek Culemborg, Markt 9, Culemborg",
        (Weekly(SAT, "10:00", "12:00", 4, taken=3),),
        themes=(GROWTH,),
    ),
    Offer(
        BIEB,
        "Bibliotheek",
        "Gastvrouw of gastheer in de bibliotheek",
        "Je heet bezoekers welkom, wijst de weg en helpt bij de zelfservice-automaat. Een "
        "vriendelijk gezicht bij de ingang, voor mensen die voor het eerst komen.",
        CENTRALE,
        (Weekly(SAT, "10:00", "13:00", 2, taken=1), Weekly(WED, "14:00", "17:00", 2)),
        themes=(PART,),
    ),
    Offer(
        BIEB,
        "Klussen en evenementen",
        "Boekenmarkt: opbouwen en verkopen",
        "Twee keer per jaar verkopen we oude bibliotheekboeken voor een klein bedrag. Help mee met "
        "tafels neerzetten, boeken sorteren en afrekenen.",
        CENTRALE,
        (Once(10, "09:00", "13:00", 6),),
        themes=(PART,),
    ),
    Offer(
        WELZIJN,
        "Klussen en evenementen",
        "Opruimdag in de buurttuin (NLdoet)",
        "Een dag samen de buurttuin klaarmaken: snoeien, bladeren harken, bankjes schilderen. "
        "Voor lunch en koffie wordt gezorgd. Trek kleren aan die vies mogen worden.",
        "Buurttuin De Linde, achter het buurthuis, Lindelaan 12, Tiel",
        (Once(12, "10:00", "15:00", 15, taken=12),),
        themes=(PART, HEALTH),
    ),
    Offer(
        WELZIJN,
        "Zorg en welzijn",
        "Maaltijden rondbrengen bij ouderen",
        "Je brengt met de auto warme maaltijden naar ouderen in de wijk en maakt even een praatje. "
        "Je hebt een rijbewijs nodig; de auto krijg je van ons.",
        "Start bij Welzijn Samen, Waalkade 3, Tiel",
        (Weekly(TUE, "11:00", "13:00", 2), Weekly(FRI, "11:00", "13:00", 2)),
        themes=(HEALTH,),
    ),
    Offer(
        BUURTHUIS,
        "Zorg en welzijn",
        "Koffieochtend voor buurtbewoners",
        "Schenk koffie en thee, maak een praatje en zorg dat iedereen zich welkom voelt. Veel "
        "bezoekers wonen alleen; jouw aandacht maakt het verschil.",
        LINDE,
        (Weekly(FRI, "10:00", "12:00", 2, weeks=4, taken=2),),
        themes=(PART, HEALTH),
    ),
    Offer(
        WELZIJN,
        "Zorg en welzijn",
        "Wandelmaatje voor een oudere buurtbewoner",
        "Eén keer per week ga je wandelen met iemand die niet meer alleen naar buiten durft. "
        "Jullie spreken zelf een dag en tijd af.",
        "In de wijk, vanuit het huis van de buurtbewoner",
        themes=(STRENGTH, HEALTH),
    ),
    Offer(
        BUURTHUIS,
        "Bestuur en organisatie",
        "Bestuurslid (penningmeester)",
        "Het bestuur van het buurthuis zoekt een penningmeester. Je houdt de financiën bij en "
        "vergadert zes keer per jaar. Ervaring met een boekhouding is handig.",
        LINDE,
        themes=(PART, STRENGTH),
    ),
    Offer(
        WELZIJN,
        "Bestuur en organisatie",
        "Vrijwilligerscoördinator",
        "Je bent het eerste aanspreekpunt voor nieuwe vrijwilligers: je voert een kennismakings"
        "gesprek, zoekt samen een passende plek en houdt contact. Ongeveer vier uur per week.",
        "Welzijn Samen, Waalkade 3, Tiel",
        themes=(PART,),
    ),
    Offer(
        BIEB,
        "Stage",
        "Stagiair huiswerkklas (maatschappelijke stage)",
        "Voor scholieren: help kinderen van de basisschool met hun huiswerk en met lezen. Je "
        "stage-uren tekenen we af.",
        CENTRALE,
        (Weekly(MON, "15:30", "17:00", 3), Weekly(WED, "15:30", "17:00", 3)),
        themes=(GROWTH,),
    ),
    Offer(
        WELZIJN,
        "Stage",
        "Stagiair communicatie (mbo/hbo)",
        "Schrijf verhalen over vrijwilligers, maak foto's en beheer onze berichten op sociale "
        "media. Een stage van drie tot zes maanden, twee of drie dagen per week.",
        "Welzijn Samen, Waalkade 3, Tiel",
        themes=(GROWTH,),
    ),
)


def at_local(day: datetime, clock_time: str, zone: ZoneInfo) -> datetime:
    """``day``'s date at ``clock_time`` ("09:30") in ``zone``, in UTC."""
    naive = datetime.combine(day.date(), time.fromisoformat(clock_time))
    return local_to_utc(naive, zone)


def _shifts(spec: Weekly | Once, today: datetime, zone: ZoneInfo) -> list[tuple[ShiftRow, int]]:
    """The shifts of one line of the demo, each with the places already taken."""
    if isinstance(spec, Once):
        days = [today + timedelta(days=spec.days)]
    else:
        # The first such weekday after today, then one a week.
        ahead = (spec.weekday - today.weekday() - 1) % 7 + 1
        days = [today + timedelta(days=ahead + 7 * week) for week in range(spec.weeks)]
    return [
        (
            ShiftRow(at_local(day, spec.start, zone), at_local(day, spec.end, zone), spec.capacity),
            spec.taken if index == 0 else 0,
        )
        for index, day in enumerate(days)
    ]


def demo_rows(now: datetime, zone: ZoneInfo) -> tuple[list[OpportunityRow], dict[ShiftRow, int]]:
    """The demo's opportunities, and the places already taken on some of their shifts."""
    today = now.astimezone(zone).replace(hour=12, minute=0, second=0, microsecond=0)
    opportunities = []
    taken: dict[ShiftRow, int] = {}
    for offer in CATALOGUE:
        shifts = [pair for spec in offer.shifts for pair in _shifts(spec, today, zone)]
        taken.update((shift, places) for shift, places in shifts if places)
        opportunities.append(
            OpportunityRow(
                organisation=offer.organisation,
                title=offer.title,
                description=offer.description,
                category=offer.category,
                location=offer.location,
                kind="episodic" if offer.shifts else "ongoing",
                shifts=sorted((shift for shift, _ in shifts), key=lambda s: s.starts_at),
                themes=offer.themes,
            )
        )
    return opportunities, taken


def demo_catalogue(now: datetime, zone: ZoneInfo) -> list[OpportunityRow]:
    """The demo as the importer would have read it from a file, with shifts from tomorrow on."""
    return demo_rows(now, zone)[0]


async def load_demo(db: Database, now: datetime, rules: Rules) -> ImportSummary:
    """Write the demo catalogue (idempotent; the database must be open).

    Some of the nearest shifts get places taken already, so the demo shows shifts that are
    almost full and one that is full (with its waitlist). The places are anonymous sign-ups,
    like those left behind by a resident who erased their data: nobody gets a message for them.
    """
    opportunities, taken = demo_rows(now, rules.zone)

    async def fill(conn: aiosqlite.Connection, shift: ShiftRow, shift_id: int) -> None:
        for _ in range(taken.get(shift, 0)):
            await signups.add(shift_id, None, "confirmed", now, conn=conn)

    return await write_catalogue(db, opportunities, now, rules, on_new_shift=fill)
