"""20 people tap "sign me up" for the last 3 places at the same moment: exactly 3 get one."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import signups
from bot.services.signups import SignUpStatus
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import confirmation, open_shift
from tests.support.people import make_resident, signups_of

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam


async def test_twenty_taps_for_three_places(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    people = [
        await make_resident(harness, 700 + n, f"P{n}", "nl" if n % 2 else "en") for n in range(20)
    ]
    for person in people:
        await open_shift(person)
        assert person.buttons()[0] in ("✅ Ja, meld me aan", "✅ Yes, sign me up")
    # Everyone taps at once: the updates are all waiting before the bot handles any of them.
    taps = [harness.api.user_click(p.id, p.last(), p.find_button("✅")[1])[0] for p in people]
    await asyncio.gather(*(harness.handled(update_id) for update_id in taps))
    held = await signups_of(harness, shift_id)
    assert len(held) == 3 and all(status == "confirmed" for _, status in held)
    winners = {resident for resident, _ in held}
    for person in people:
        if person.id in winners:
            assert len(person.documents()) == 1
            assert any(
                word in confirmation(person)[0]["text"]
                for word in ("Je bent aangemeld", "signed up!")
            )
        else:
            assert not person.documents()
            # The others are offered the waitlist instead.
            assert any("wachtlijst" in b or "waitlist" in b for b in person.buttons())


async def test_the_service_holds_capacity_under_concurrent_calls(
    harness: BotHarness, clock: ManualClock
) -> None:
    """The same through the service alone, with waitlist places and one person tapping twice."""
    db = harness.deps.db
    made = await make_opportunity(
        db, now=clock.now(), shifts=[(timedelta(days=2), timedelta(hours=2), 3)]
    )
    [shift_id] = made.shift_ids
    for n in range(20):
        await make_resident(harness, 750 + n, f"Q{n}", "nl")
    now = clock.now()
    calls = [
        signups.sign_up(
            db, rules=RULES, shift_id=shift_id, resident_id=750 + n, now=now, waitlist=True
        )
        for n in range(20)
    ]
    calls.append(
        signups.sign_up(db, rules=RULES, shift_id=shift_id, resident_id=750, now=now, waitlist=True)
    )
    results = await asyncio.gather(*calls)
    statuses = [r.status for r in results]
    assert statuses.count(SignUpStatus.CONFIRMED) == 3
    assert statuses.count(SignUpStatus.WAITLISTED) == 17
    assert statuses.count(SignUpStatus.ALREADY) == 1
    positions = sorted(
        r.waitlist_position or 0 for r in results if r.status is SignUpStatus.WAITLISTED
    )
    assert positions == list(range(1, 18))
    held = await signups_of(harness, shift_id)
    assert [s for _, s in held].count("confirmed") == 3 and len(held) == 20
