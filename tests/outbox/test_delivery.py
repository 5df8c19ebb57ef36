"""Delivery that holds: downtime, restarts, 403, 429, network errors, overlapping runs.

The clock starts on Wednesday 25 November 2026, 10:00 in Amsterdam. Shifts are on the Saturday
(28 November) at the local times named in each test.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.outbox import seed
from bot.clock import ManualClock
from bot.outbox.letters import Desk, Outgoing
from bot.outbox.postman import Postman, RateLimited
from bot.outbox.timing import Rules
from bot.sandbox.fake_api import FakeBotApi, TelegramLimits
from bot.sandbox.harness import BotHarness
from bot.services import cancellations
from bot.store import outbox, to_db
from bot.store.outbox import Pending
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.clock import local
from tests.support.outbox import deliver_at, outbox_rows, sent_to
from tests.support.people import make_resident, sign_up

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam


def at(hour: int, minute: int = 0, day: int = 28) -> tuple[timedelta, timedelta, int]:
    """A two-hour shift on Saturday (or ``day``) at this local time, as the factory wants it."""
    start = local(2026, 11, day, hour, minute) - datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    return (start, timedelta(hours=2), 3)


async def statuses(harness: BotHarness, chat_id: int) -> dict[str, tuple[str, str]]:
    return {r.key: (r.status, r.note) for r in await outbox_rows(harness, recipient=chat_id)}


async def test_after_downtime_stale_is_dropped_due_is_sent_nothing_twice(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[at(14), at(18), at(14, day=29)]
    )
    anna = await make_resident(harness, 901, "Anna", "nl")  # Saturday 14:00: will have started
    ben = await make_resident(harness, 902, "Ben", "en")  # Saturday 18:00: both reminders overdue
    cas = await make_resident(harness, 903, "Cas", "nl")  # Sunday 14:00: the 24h one is due
    anna_id = await sign_up(harness, made.shift_ids[0], anna)
    ben_id = await sign_up(harness, made.shift_ids[1], ben)
    cas_id = await sign_up(harness, made.shift_ids[2], cas)
    # The bot is down from Wednesday until Saturday 17:30.
    await harness.stop()
    clock.set(local(2026, 11, 28, 17, 30))
    await harness.start()
    await harness.run_job("outbox")
    await harness.run_job("outbox")
    # Anna: her shift started at 14:00, so no reminder; but the thank-you (17:00) goes.
    assert sent_to(harness, anna.id) == []
    assert len(sent_to(harness, anna.id, "🙏")) == 1
    rows = await statuses(harness, anna.id)
    assert rows[f"reminder:{anna_id}:24h"] == ("dropped", "stale")
    assert rows[f"reminder:{anna_id}:2h"] == ("dropped", "stale")
    # Ben: one reminder (the later one), not two at once.
    assert len(sent_to(harness, ben.id)) == 1
    rows = await statuses(harness, ben.id)
    assert rows[f"reminder:{ben_id}:24h"] == ("dropped", "superseded")
    assert rows[f"reminder:{ben_id}:2h"] == ("sent", "")
    # Cas: the 24h reminder (Saturday 14:00), late but before the shift.
    assert len(sent_to(harness, cas.id)) == 1
    assert "zondag 29 november, 14:00–16:00" in cas.last_text()
    # Another restart changes nothing; Sunday 12:00 brings Cas's 2h reminder.
    await harness.restart()
    await harness.run_job("outbox")
    assert [len(sent_to(harness, p.id)) for p in (anna, ben, cas)] == [0, 1, 1]
    await deliver_at(harness, clock, local(2026, 11, 29, 12, 0))
    assert [len(sent_to(harness, p.id)) for p in (anna, ben, cas)] == [0, 1, 2]
    assert (await statuses(harness, cas.id))[f"reminder:{cas_id}:2h"] == ("sent", "")


async def test_a_restart_brings_the_plans_in_line_with_changed_settings(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 904, "Anna", "nl")
    signup_id = await sign_up(harness, made.shift_ids[0], anna)
    # The same settings: a restart leaves the plans alone (a row moved by hand stays moved).
    moved = to_db(local(2026, 11, 28, 12, 5))
    async with harness.deps.db.transaction() as conn:
        sql = "UPDATE outbox SET due_at = ? WHERE key = ?"
        await conn.execute(sql, (moved, f"reminder:{signup_id}:2h"))
    await harness.restart()
    assert (f"reminder:{signup_id}:2h", moved) in [
        (r.key, r.due_at) for r in await outbox_rows(harness)
    ]
    # Other settings: the plans follow them.
    harness.settings_overrides.update(REMINDER_OFFSETS="3h", THANKS_DELAY="30m")
    await harness.restart()
    assert [(r.key, r.due_at) for r in await outbox_rows(harness, recipient=anna.id)] == [
        (f"reminder:{signup_id}:3h", to_db(local(2026, 11, 28, 11, 0))),
        (f"thanks:{signup_id}", to_db(local(2026, 11, 28, 16, 30))),
    ]


async def test_403_makes_the_person_unreachable_until_they_write_again(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 905, "Anna", "nl")
    ben = await make_resident(harness, 906, "Ben", "en")
    anna_id = await sign_up(harness, made.shift_ids[0], anna)
    await sign_up(harness, made.shift_ids[0], ben)
    harness.api.blocked.add(anna.id)
    await deliver_at(harness, clock, local(2026, 11, 27, 14, 0))
    rows = await statuses(harness, anna.id)
    assert rows == {
        f"reminder:{anna_id}:24h": ("failed", "blocked"),
        f"reminder:{anna_id}:2h": ("dropped", "blocked"),
        f"thanks:{anna_id}": ("dropped", "blocked"),
    }
    assert len(sent_to(harness, ben.id)) == 1
    tried = [c for c in harness.api.errors if c.params.get("chat_id") == anna.id]
    assert len(tried) == 1 and tried[0].error is not None and "blocked" in tried[0].error
    # She unblocks the bot and writes to it: reachable again, the 2h reminder is planned again.
    harness.api.blocked.discard(anna.id)
    await anna.send("/start")
    assert (await statuses(harness, anna.id))[f"reminder:{anna_id}:2h"] == ("pending", "")
    await deliver_at(harness, clock, local(2026, 11, 28, 12, 0))
    assert len(sent_to(harness, anna.id)) == 1 and len(sent_to(harness, ben.id)) == 2


async def test_429_is_waited_out_by_the_rate_limiter_and_sent_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 907, "Anna", "nl")
    anna_id = await sign_up(harness, made.shift_ids[0], anna)
    harness.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", 1)
    await deliver_at(harness, clock, local(2026, 11, 27, 14, 0))
    assert harness.api.rate_limited == 1
    assert len(sent_to(harness, anna.id)) == 1
    assert (await statuses(harness, anna.id))[f"reminder:{anna_id}:24h"] == ("sent", "")


class Flaky:
    """A Sender (the outbox's own protocol, not the Bot) that says "too many" a few times."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.sent: list[tuple[int, str]] = []

    async def send(self, chat_id: int, message: Outgoing, *, bulk: bool = False) -> None:
        if self.refusals:
            self.refusals -= 1
            raise RateLimited(7)
        self.sent.append((chat_id, message.text))


async def test_a_429_that_escapes_the_rate_limiter_is_retried_not_lost(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 908, "Anna", "nl")
    anna_id = await sign_up(harness, made.shift_ids[0], anna)
    old = harness.deps.postman
    postman = Postman(
        old.db, clock, renderers=old.renderers, bulk=old.bulk, languages=old.languages
    )
    sender = Flaky(refusals=6)  # more than MAX_ATTEMPTS: a 429 is no failed attempt
    clock.set(local(2026, 11, 27, 14, 0))
    for _ in range(6):
        report = await postman.deliver_due(sender)
        assert report.rate_limited == 1 and report.failed == 0
        clock.advance(timedelta(seconds=6))
        assert (await postman.deliver_due(sender)).handled == 0  # waits its retry_after
        clock.advance(timedelta(seconds=1))
    report = await postman.deliver_due(sender)
    assert report.sent == 1 and len(sender.sent) == 1
    async with harness.deps.db.read() as conn:
        sql = "SELECT status, attempts FROM outbox WHERE key = ?"
        async with conn.execute(sql, (f"reminder:{anna_id}:24h",)) as cur:
            assert tuple(await cur.fetchone()) == ("sent", 0)  # type: ignore[arg-type]


async def test_network_errors_are_retried_with_back_off_then_given_up(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 909, "Anna", "nl")
    ben = await make_resident(harness, 910, "Ben", "en")
    anna_id = await sign_up(harness, made.shift_ids[0], anna)
    ben_id = await sign_up(harness, made.shift_ids[0], ben)
    friday = local(2026, 11, 27, 14, 0)
    harness.api.fail_next("sendMessage", 502, "Bad Gateway")
    await deliver_at(harness, clock, friday)
    assert len(sent_to(harness, anna.id)) + len(sent_to(harness, ben.id)) == 1
    # The one that failed is tried again after 30 seconds, and goes.
    await deliver_at(harness, clock, friday + timedelta(seconds=29))
    assert len(sent_to(harness, anna.id)) + len(sent_to(harness, ben.id)) == 1
    await deliver_at(harness, clock, friday + timedelta(seconds=30))
    assert len(sent_to(harness, anna.id)) == 1 and len(sent_to(harness, ben.id)) == 1
    # Five failures in a row (30 s, 1, 2, 4 minutes apart): given up, and logged.
    saturday = local(2026, 11, 28, 12, 0)
    await cancellations.cancel(
        harness.deps.db, rules=harness.deps.rules, signup_id=ben_id, resident_id=ben.id, now=friday
    )
    for _ in range(5):
        harness.api.fail_next("sendMessage", 502, "Bad Gateway")
    moment = saturday
    for wait in (0, 30, 60, 120, 240):
        moment += timedelta(seconds=wait)
        await deliver_at(harness, clock, moment)
    assert (await statuses(harness, anna.id))[f"reminder:{anna_id}:2h"][0] == "failed"
    assert len(sent_to(harness, anna.id)) == 1
    harness.api.errors = [c for c in harness.api.errors if c.error != "Bad Gateway"]


async def test_overlapping_runs_and_kicks_send_nothing_twice(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(SATURDAY[0], SATURDAY[1], 50)]
    )
    people = [await make_resident(harness, 920 + n, f"P{n}", "nl") for n in range(12)]
    for person in people:
        await sign_up(harness, made.shift_ids[0], person)
    clock.set(local(2026, 11, 27, 14, 0))
    for _ in range(3):
        harness.deps.kick()
    await asyncio.gather(*(harness.run_job("outbox") for _ in range(4)))
    await harness.run_job("outbox")  # after the kicks, whatever they did
    assert [len(sent_to(harness, p.id)) for p in people] == [1] * 12


async def test_a_row_that_cannot_be_rendered_does_not_block_the_others(
    harness: BotHarness, clock: ManualClock
) -> None:
    async def broken(desk: Desk, row: Pending) -> Outgoing:
        raise RuntimeError("a bug")

    postman = harness.deps.postman
    postman.renderers = {**postman.renderers, "test-broken": broken}

    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = await make_resident(harness, 911, "Anna", "nl")
    await sign_up(harness, made.shift_ids[0], anna)
    async with harness.deps.db.transaction() as conn:
        for kind in ("test-broken", "test-unknown"):
            await outbox.enqueue(
                conn, key=kind, kind=kind, recipient_id=anna.id, due_at=clock.now(), now=clock.now()
            )
    await deliver_at(harness, clock, local(2026, 11, 27, 14, 0))
    rows = await statuses(harness, anna.id)
    assert rows["test-broken"] == ("failed", "render: RuntimeError")
    assert rows["test-unknown"] == ("dropped", "no renderer for test-unknown")
    assert len(sent_to(harness, anna.id)) == 1


async def test_under_telegrams_limits_the_rate_limiter_paces_and_nothing_is_refused(
    db_path: Path, clock: ManualClock
) -> None:
    """45 reminders due at once, a stand-in that enforces 30 a second: 30 go, the rest a second
    later; no 429, each once."""
    api = FakeBotApi(limits=TelegramLimits(), known_chats_only=False)
    settings = {"REMINDER_OFFSETS": "1h", "QUIET_HOURS": "off"}
    harness = BotHarness(db_path, api=api, clock=clock, settings=settings)
    await harness.start()
    try:
        chats = await seed(harness, 45)
        clock.advance(timedelta(hours=1))
        await harness.run_job("outbox")
    finally:
        await harness.stop(stop_api=True)
    sent = [c for c in api.calls_to("sendMessage") if int(c.params["chat_id"]) in chats]
    assert api.rate_limited == 0 and not api.errors
    assert sorted(int(c.params["chat_id"]) for c in sent) == chats
    moments = sorted(c.at for c in sent)
    assert moments[30] - moments[0] >= 1.0  # the 31st waited for the window


async def test_a_message_for_one_person_goes_before_a_large_broadcast(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A waitlist promotion or reminder due now is not stuck behind thousands of broadcast rows."""

    async def bulk(desk: Desk, row: Pending) -> Outgoing:
        return Outgoing("news")

    async def personal(desk: Desk, row: Pending) -> Outgoing:
        return Outgoing("your place")

    class Recorder:
        def __init__(self) -> None:
            self.sent: list[tuple[int, str]] = []

        async def send(self, chat_id: int, message: Outgoing, *, bulk: bool = False) -> None:
            self.sent.append((chat_id, message.text))

    now = clock.now()
    async with harness.deps.db.transaction() as conn:
        for chat in range(100, 160):  # 60 broadcast rows, due ten minutes ago
            await outbox.enqueue(
                conn, key=f"b:{chat}", kind="test_bulk", recipient_id=chat,
                due_at=now - timedelta(minutes=10), now=now,
            )  # fmt: skip
        await outbox.enqueue(
            conn, key="p:1", kind="test_personal", recipient_id=7, due_at=now, now=now
        )
    recorder = Recorder()
    postman = Postman(
        harness.deps.db,
        clock,
        renderers={"test_bulk": bulk, "test_personal": personal},
        bulk=frozenset({"test_bulk"}),
        languages=harness.deps.languages,
        batch=30,
    )
    await postman.deliver_due(recorder, max_batches=1)
    assert (7, "your place") in recorder.sent
    assert len(recorder.sent) == 30
