"""Whose word counts about attendance (the coordinator's wins, the volunteer's counts until then,
hours follow), and the feedback after a shift read back: in the roster (without names, an average
from 3 scores), as columns in /export, and as the average per opportunity in /stats.

The shift is on Saturday 28 November 2026, 14:00-16:00 in Amsterdam; the thank-you comes at 17:00.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import tap
from tests.support.clock import SATURDAY_1700
from tests.support.outbox import deliver_at
from tests.support.people import make_coordinator, make_resident, one, sign_up

LIBRARY = "Bibliotheek Midden"
TITLE = "Voorlezen in de bibliotheek"


async def attendance(harness: BotHarness, signup_id: int) -> tuple[str | None, str | None]:
    row = await one(
        harness, "SELECT attendance, attendance_by FROM signups WHERE id = ?", signup_id
    )
    return row[0], row[1]


def shown(person: Person, message: dict[str, Any]) -> dict[str, Any]:
    """The message as it is now (after edits)."""
    [found] = [m for m in person.messages() if m["message_id"] == message["message_id"]]
    return found


async def hours_in_mine(person: Person) -> str:
    await person.send("/mine")
    return person.last_text()


async def roster_of(coordinator: Person, label: str) -> str:
    await coordinator.send("/roster")
    await coordinator.click(label)
    return coordinator.last_text()


async def test_the_volunteers_answer_counts_until_the_coordinator_marks(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    shift_id = made.shift_ids[0]
    anna = await make_resident(harness, 101, "Anna")
    ben = await make_resident(harness, 102, "Ben", "en")
    anna_signup = await sign_up(harness, shift_id, anna)
    ben_signup = await sign_up(harness, shift_id, ben)
    coco, _ = await make_coordinator(harness, 501, LIBRARY)
    await deliver_at(harness, clock, SATURDAY_1700)
    anna_thanks, anna_yes = anna.find_button("Ja, ik was er")
    ben_thanks, ben_no = ben.find_button("No, I couldn't come")

    # Nobody marked yet: Anna's own "yes" counts, and her hours with it.
    await anna.click_data(anna_yes, anna_thanks)
    assert await attendance(harness, anna_signup) == ("came", "volunteer")
    await tap(anna, "Overslaan")
    assert "Je hebt dit jaar 2 uur geholpen." in await hours_in_mine(anna)
    text = await roster_of(coco, "(2/3)")
    assert "1. Anna – ✅ was er (zegt zelf)" in text
    assert "2. Ben\n" in text + "\n"

    # The coordinator says otherwise: their word wins, and the hours follow.
    await tap(coco, "❌ Anna was er niet")
    assert await attendance(harness, anna_signup) == ("no_show", "coordinator")
    assert "1. Anna – ❌ was er niet" in coco.last_text()
    assert "uur geholpen" not in await hours_in_mine(anna)
    # Anna taps "yes" again on the old thank-you: a kind word, nothing changes.
    await anna.click_data(anna_yes, anna_thanks)
    now_shown = shown(anna, anna_thanks)
    assert "Dank je wel! Je coördinator heeft al genoteerd of je er was." in visible(now_shown)
    assert anna.buttons(now_shown) == ["🏠 Menu"]
    assert await attendance(harness, anna_signup) == ("no_show", "coordinator")
    assert "uur geholpen" not in await hours_in_mine(anna)

    # Ben is marked "came" by the coordinator before he answers; his "no" changes nothing.
    await roster_of(coco, "(2/3)")
    await tap(coco, "✅ Ben was er")
    assert await attendance(harness, ben_signup) == ("came", "coordinator")
    await ben.click_data(ben_no, ben_thanks)
    assert "Thank you! Your coordinator already noted whether you came." in visible(
        shown(ben, ben_thanks)
    )
    assert await attendance(harness, ben_signup) == ("came", "coordinator")
    assert "You have helped 2 hours this year." in await hours_in_mine(ben)
    # The coordinator can still change their own mark.
    await roster_of(coco, "(2/3)")
    await tap(coco, "❌ Ben was er niet")
    assert await attendance(harness, ben_signup) == ("no_show", "coordinator")
    assert "helped" not in await hours_in_mine(ben)


async def _feedback(person: Person, score: str, comment: str | None) -> None:
    """Through the thank-you: yes, a score, a line (or Skip)."""
    await person.click("Ja, ik was er")
    await tap(person, score)
    if comment is None:
        await tap(person, "Overslaan")
    else:
        await person.send(comment)


def read_csv(person: Person) -> list[list[str]]:
    content = person.file(person.documents()[-1])
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_feedback_in_the_roster_the_export_and_the_figures(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(SATURDAY[0], SATURDAY[1], 5)]
    )
    shift_id = made.shift_ids[0]
    names = ["Anna", "Bram", "Cor", "Dewi"]
    people = [await make_resident(harness, 101 + i, name) for i, name in enumerate(names)]
    for person in people:
        await sign_up(harness, shift_id, person)
    # Another opportunity with only two scores: no average anywhere for it.
    coffee = await make_opportunity(
        harness.deps.db, now=clock.now(), title="Koffie schenken", shifts=[SATURDAY]
    )
    for person, score in zip(people[:2], (1, 2), strict=True):
        signup_id = await sign_up(harness, coffee.shift_ids[0], person, attendance="came")
        async with harness.deps.db.transaction() as conn:
            await conn.execute("UPDATE signups SET rating = ? WHERE id = ?", (score, signup_id))
    coco, _ = await make_coordinator(harness, 501, LIBRARY)

    # During the shift: no feedback yet.
    clock.set(SATURDAY_1700 - timedelta(hours=2))
    assert "Wat vrijwilligers zeiden" not in await roster_of(coco, f"{TITLE[:20]}")

    await deliver_at(harness, clock, SATURDAY_1700)
    long_line = "Heel fijn. " * 20  # 220 characters: stored whole, clipped on screen
    await _feedback(people[0], "5", "<b>Top</b> & fijn")
    await _feedback(people[1], "4", None)
    # Two scores: no average yet (it would point at a person), the comment is there.
    text = await roster_of(coco, "Voorlezen")
    assert "Wat vrijwilligers zeiden (zonder namen)" in text
    assert "⭐ 2 cijfers gegeven (een gemiddelde zie je vanaf 3 cijfers)" in text
    assert "Gemiddeld" not in text
    assert "💬 <b>Top</b> & fijn" in text
    assert "💬 &lt;b&gt;Top&lt;/b&gt; &amp; fijn" in coco.last()["text"]  # escaped

    await _feedback(people[2], "4", long_line)
    await _feedback(people[3], "3", "Zaal was koud")
    text = await roster_of(coco, "Voorlezen")
    assert "⭐ Gemiddeld cijfer: 4,0 van de 5 (4 cijfers)" in text
    comments = [line for line in text.splitlines() if line.startswith("💬")]
    assert comments == [
        "💬 <b>Top</b> & fijn",
        "💬 " + long_line.strip()[:149].rstrip() + "…",
        "💬 Zaal was koud",
    ]
    assert not any(name in line for line in comments for name in names)

    # /export: the score and comment of each sign-up.
    await coco.send("/export")
    await coco.click("Deze maand")
    rows = read_csv(coco)
    assert rows[0][-4:-2] == ["score", "opmerking"]
    ours = {r[5]: r[-4:-2] for r in rows[1:] if r[1] == TITLE}
    assert ours == {
        "Anna": ["5", "<b>Top</b> & fijn"],
        "Bram": ["4", ""],
        "Cor": ["4", long_line.strip()],
        "Dewi": ["3", "Zaal was koud"],
    }
    coffee_rows = {r[5]: r[-4:-2] for r in rows[1:] if r[1] == "Koffie schenken"}
    assert coffee_rows == {"Anna": ["1", ""], "Bram": ["2", ""]}

    # /stats: the average per opportunity, only where 3 or more scores were given.
    await coco.send("/stats")
    text = visible(coco.messages()[-2])
    assert "Gemiddeld cijfer (1 tot 5)" in text
    assert f"• {TITLE}: ⭐ 4,0 (4 cijfers)" in text
    assert "Koffie schenken" not in text

    # Dewi erases her data: her comment goes with her, her score stays as a number.
    await people[3].send("/delete")
    await people[3].click("Ja, wis mijn gegevens")
    text = await roster_of(coco, "Voorlezen")
    assert "Zaal was koud" not in text
    assert "(4 cijfers)" in text

    # In English.
    ann, _ = await make_coordinator(harness, 502, LIBRARY, language="en")
    text = await roster_of(ann, "Voorlezen")
    assert "Feedback (without names)" in text
    assert "⭐ Average score: 4.0 out of 5 (4 scores)" in text
    await ann.send("/stats")
    text = visible(ann.messages()[-2])
    assert f"• {TITLE}: ⭐ 4.0 (4 scores)" in text
