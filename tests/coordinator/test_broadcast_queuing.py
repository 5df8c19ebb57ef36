"""A broadcast's rows are planned a chunk at a time after Send; a restart continues planning."""

from __future__ import annotations

from collections import Counter

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.services import broadcasts
from bot.services.audiences import Audience
from bot.services.roles import role_of
from bot.store import broadcasts as broadcast_store
from tests.support.catalogue import make_opportunity
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident

LIBRARY = "Bibliotheek Midden"
PEOPLE = list(range(301, 326))  # 25 residents


async def _send(harness: BotHarness, clock: ManualClock) -> int:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    await make_coordinator(harness, 500, LIBRARY, "nl")
    for user_id in PEOPLE:
        await make_resident(harness, user_id, f"P{user_id}")
    role = await role_of(harness.deps.db, 500, harness.deps.settings.coordinator_ids)
    broadcast_id, total = await broadcasts.send(
        harness.deps.db,
        role,
        broadcasts.Draft(next(iter(role.organisation_ids)), Audience("all"), "Hallo allemaal"),
        language="nl",
        now=clock.now(),
    )
    assert total == len(PEOPLE)
    return broadcast_id


async def test_rows_are_planned_a_chunk_at_a_time_and_counted(
    harness: BotHarness, clock: ManualClock
) -> None:
    broadcast_id = await _send(harness, clock)
    async with harness.deps.db.read() as conn:
        # Nothing planned yet, but the progress already counts everyone as to go.
        assert (await broadcast_store.counts(broadcast_id, conn=conn)).to_go == len(PEOPLE)
    planned = await broadcasts.queue_waiting(harness.deps.db, chunk=10)
    assert planned == len(PEOPLE)
    rows = await outbox_rows(harness, f"broadcast:{broadcast_id}:")
    assert sorted(row.recipient_id for row in rows) == PEOPLE
    # Running it again plans nothing twice.
    assert await broadcasts.queue_waiting(harness.deps.db, chunk=10) == 0


async def test_a_restart_before_the_rows_were_planned_plans_and_sends_them_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    broadcast_id = await _send(harness, clock)
    await harness.restart()  # the start's job plans what was still queuing
    assert len(await outbox_rows(harness, f"broadcast:{broadcast_id}:")) == len(PEOPLE)
    await harness.run_job("outbox")
    sent = Counter(
        int(call.params["chat_id"])
        for call in harness.api.calls_to("sendMessage")
        if "Hallo allemaal" in str(call.params.get("text", ""))
    )
    assert sorted(sent) == PEOPLE and set(sent.values()) == {1}
