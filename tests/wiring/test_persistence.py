"""Conversation state lives in SQLite: a restart in the middle of a flow resumes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.store import Database
from bot.wiring.persistence import SqlitePersistence
from conversations.resident.search import WAITING_FOR_WORD
from tests.support.catalogue import make_opportunity
from tests.support.people import make_resident


async def test_word_search_survives_a_restart(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), title="Taalcoach op dinsdag")
    sam = await make_resident(harness, 401, "Sam", "nl")
    await sam.send("/search")
    assert "Typ een woord" in sam.last_text()

    await harness.restart()  # a clean stop, as on SIGTERM, then a new Application

    await sam.send("taalcoach")
    await sam.click("Taalcoach op dinsdag")
    assert "Taalcoach op dinsdag" in sam.last_text()
    # The search ended with the answer; after the next flush its row is gone too.
    await harness.restart()
    assert await conversation_rows(harness) == 0


async def test_english_search_survives_a_restart(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), title="Repair café helper")
    ben = await make_resident(harness, 402, "Ben", "en")
    await ben.send("/search")
    await harness.restart()
    await ben.send("repair")
    assert "I found 1 opportunity for “repair”" in ben.last_text()


async def test_persistence_stores_and_reloads_conversation_rows(
    db_path: Path, clock: ManualClock
) -> None:
    db = Database(db_path)
    await db.open()
    persistence = SqlitePersistence(db, clock)
    await persistence.update_conversation("search", (401, 401), WAITING_FOR_WORD)
    await persistence.update_conversation("search", (-1005, 402), WAITING_FOR_WORD)
    await persistence.update_conversation("other", (403, 403), 2)
    await persistence.update_user_data(401, {"draft": {"title": "x"}})
    await db.close()

    db = Database(db_path)
    persistence = SqlitePersistence(db, clock)
    assert await persistence.get_conversations("search") == {
        (401, 401): WAITING_FOR_WORD,
        (-1005, 402): WAITING_FOR_WORD,
    }
    assert await persistence.get_conversations("other") == {(403, 403): 2}
    assert await persistence.get_user_data() == {401: {"draft": {"title": "x"}}}

    await persistence.update_conversation("search", (401, 401), None)  # ended
    await persistence.drop_user_data(402)  # /delete: their conversations go too
    assert await persistence.get_conversations("search") == {}
    assert await persistence.get_conversations("other") == {(403, 403): 2}
    await db.close()


async def conversation_rows(harness: BotHarness) -> int:
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT COUNT(*) FROM ptb_conversations") as cur:
            row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def search_then_down_for(
    harness: BotHarness, clock: ManualClock, uid: int, minutes: int, typed: str = "taalcoach"
) -> Person:
    """Someone asks to search; the bot is down ``minutes`` before they type their word."""
    await make_opportunity(harness.deps.db, now=clock.now(), title="Taalcoach op dinsdag")
    sam = await make_resident(harness, uid)
    await sam.send("/search")
    await harness.stop()
    clock.advance(timedelta(minutes=minutes))
    await harness.start()
    await sam.send(typed)
    return sam


async def test_a_search_that_lapsed_while_the_bot_was_down_is_not_restored(
    harness: BotHarness, clock: ManualClock
) -> None:
    """PTB does not persist timeouts: a state older than its flow's timeout is dropped at start.
    (A word would be searched anyway; one letter tells the two apart: the search asks again,
    the chat outside it points to /help.)"""
    sam = await search_then_down_for(harness, clock, 403, minutes=11, typed="x")
    assert "Sorry, dat begrijp ik niet" in sam.last_text()
    assert await conversation_rows(harness) == 0


async def test_a_search_within_its_time_is_restored(
    harness: BotHarness, clock: ManualClock
) -> None:
    sam = await search_then_down_for(harness, clock, 404, minutes=9, typed="x")
    assert "minstens twee letters" in sam.last_text()
    await sam.send("taalcoach")
    assert "Taalcoach op dinsdag" in sam.buttons()[0]
