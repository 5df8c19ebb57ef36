"""Asking a person as a resident does it, and what was stored, for the tests of questions."""

from __future__ import annotations

from typing import Any

from bot.sandbox.harness import BotHarness, Person, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_opportunity
from tests.support.people import make_coordinator, make_resident

ASK = {"nl": "💬 Stel een vraag", "en": "💬 Ask a question"}
SENT = {"nl": "✅ Verstuurd.", "en": "✅ Sent."}


async def start_asking(
    person: Person,
    language: str = "nl",
    *,
    title: str = "Voorlezen in de bibliotheek",
    category: str = "Voorlezen",
) -> None:
    """/find, the category, the opportunity, 💬: the bot asks for the question."""
    await open_opportunity(person, title, category)
    await person.click(ASK[language])


async def ask_about(
    person: Person,
    text: str,
    language: str = "nl",
    *,
    title: str = "Voorlezen in de bibliotheek",
    category: str = "Voorlezen",
) -> None:
    """/find, the category, the opportunity, 💬, then the question typed."""
    await start_asking(person, language, title=title, category=category)
    await person.send(text)


async def ask_generally(person: Person, text: str, language: str = "nl") -> None:
    """The menu's 💬, then the question typed."""
    await person.send("/start")
    await person.click(ASK[language])
    await person.send(text)


async def stored_questions(harness: BotHarness) -> list[dict[str, Any]]:
    """Every row of the questions table, oldest first."""
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT * FROM questions ORDER BY id") as cur:
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]


def texts_of(person: Person) -> list[str]:
    """Every message the person got, as sent (HTML)."""
    return [m.get("text") or m.get("caption") or "" for m in person.messages()]


def newest(person: Person, text: str) -> dict[str, Any]:
    """The newest message with ``text`` in what the person reads: the outbox, kicked after an
    answer, may have sent them something else since."""
    for message in reversed(person.messages()):
        if text in visible(message):
            return message
    raise AssertionError(f"no message with {text!r}; the last is {person.last_text()!r}")


COCO, SANNE = 901, 377
LIBRARY = "Bibliotheek Midden"
REPLY = "↩️ Antwoorden"  # under the notice, in the default language: Coco is no resident


async def coco_and_sanne(harness: BotHarness) -> tuple[Person, Person]:
    """The library's reading opportunity (Saturday's shift), Coco who coordinates the library
    (Telegram in English) and Sanne, a resident who reads Dutch."""
    await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, COCO, LIBRARY, "en", name="Coco")
    sanne = await make_resident(harness, SANNE, "Sanne", "nl")
    return coco, sanne


async def reply(harness: BotHarness, coordinator: Person, text: str) -> None:
    """The notices go out; the coordinator taps Reply under the newest and types ``text``."""
    await harness.run_job("outbox")
    await coordinator.click(REPLY)
    await coordinator.send(text)
