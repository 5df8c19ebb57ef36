"""Six languages, end to end: a resident whose Telegram speaks one of them gets it from the first
message; the welcome, a sign-up confirmation and a reminder come in it, with dates by Babel;
the command menu is set per language; Arabic lines read right to left with times in order."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.config import SUPPORTED_LOCALES
from bot.i18n import LRI, PDI, RLM, Translator
from bot.sandbox.harness import BotHarness, visible
from bot.store import from_db
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.outbox import deliver_at

TAGS = re.compile(r"<[^>]+>")


def plain(t: Translator, message: str) -> str:
    """A catalogue text as the person reads it (tags gone)."""
    return TAGS.sub("", t._(message))


@pytest.mark.parametrize("language", SUPPORTED_LOCALES)
async def test_welcome_sign_up_and_reminder_in_each_language(
    harness: BotHarness, clock: ManualClock, language: str
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    t = Translator(language)
    person = harness.person(8100, "Noor", language)

    [welcome] = await person.send("/start")
    assert plain(t, "👋 Welcome to <b>Meedoen</b>!") in visible(welcome)
    assert t._("✅ Yes, I agree") in person.buttons(welcome)
    await person.click(t._("✅ Yes, I agree"))

    # Find the opportunity, its one date, and sign up: the confirmation in the language.
    await person.click(t._("🔎 Find something to do"))
    await person.click(person.buttons()[0])  # the one category
    await person.click(person.buttons()[0])  # the one opportunity
    await person.click(person.buttons()[0])  # its one date
    await person.click(t._("✅ Yes, sign me up"))
    confirmation = next(
        visible(m)
        for m in reversed(person.messages())
        if plain(t, "✅ <b>You are signed up!</b>") in visible(m)
    )
    shift = made.shift_ids[0]
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT starts_at FROM shifts WHERE id = ?", (shift,)) as cur:
            (starts_text,) = await cur.fetchone()  # type: ignore[misc]
    starts = from_db(starts_text)
    assert t.date(starts) in confirmation  # Babel's date in the reader's language

    # The reminder a day before, in the language.
    await deliver_at(harness, clock, starts - timedelta(hours=24))
    reminder = visible(person.last())
    assert plain(t, "⏰ A reminder: you are signed up for <b>{title}</b>.").split("{")[0] in (
        reminder
    )
    assert t.date(starts) in reminder
    if language == "ar":
        # Every line starts right to left, and 14:00–16:00 keeps its order inside it.
        raw = person.last()["text"]
        assert all(line.startswith(RLM) for line in raw.split("\n") if line)
        assert f"{LRI}14:00–16:00{PDI}" in raw


async def test_the_command_menu_is_set_in_each_language(harness: BotHarness) -> None:
    for language in SUPPORTED_LOCALES:
        commands = {c["command"]: c["description"] for c in harness.api.commands[language]}
        t = Translator(language)
        assert commands["find"] == t._("Find something to do"), language
    assert harness.api.commands[""] == harness.api.commands["nl"]  # the default: Dutch
