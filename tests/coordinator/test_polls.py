"""/poll: a question with answer buttons or a score, sent through the outbox to an audience,
answered, changed, closed; results as counts, a chart and a CSV file; a blocked recipient
counted and not retried; taps after closing, twice, or forged, changing nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from conversations.commands import RESIDENT_COMMANDS
from conversations.coordinator.invite import ADMIN_COMMANDS, COORDINATOR_COMMANDS
from tests.support.catalogue import make_opportunity
from tests.support.chat import STICKER, double_tap
from tests.support.outbox import outbox_rows
from tests.support.people import ADMIN, make_coordinator, make_resident
from tests.support.polls import (
    ask,
    deliver,
    poll_id_in,
    question_of,
    read_csv,
    results_of,
)

LIBRARY = "Bibliotheek Midden"
QUESTION = "Which day suits you for the <book market> & fair? 📚"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def counted(text: str) -> dict[str, str]:
    """The ``• label: n`` lines of a results screen, as label → what follows."""
    lines = [line[2:] for line in text.splitlines() if line.startswith("• ")]
    return dict(line.rsplit(": ", 1) for line in lines)


async def test_a_question_with_buttons_answered_changed_closed_and_exported(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Annemiek", "en")
    bob = await make_resident(harness, 102, "Bob", "en")
    cor = await make_resident(harness, 103, "Cornelis", "en")
    dirk = await make_resident(harness, 104, "Dirk", "nl")
    await make_resident(harness, 105, "Eva", "en")
    await make_resident(harness, 106, "Fay", "en", news=False)  # not in "everyone who gets news"
    harness.api.blocked.add(105)  # blocked the bot, which does not know yet

    preview = await ask(
        coord,
        "🔘 With buttons",
        question=QUESTION,
        options="Saturday\n  Sunday  \n\nBoth",
        audience="Everyone who gets news",
    )
    sample = coord.messages()[-2]
    assert "<book market> & fair? 📚" in visible(sample)
    assert "anonymous" in visible(sample)
    assert coord.buttons(sample) == ["Saturday", "Sunday", "Both"]
    assert "It goes to 5 people: everyone who gets news." in visible(preview)
    assert "🙈 Anonymous." in visible(preview)
    await coord.click("Send to 5 people")
    assert "on its way to 5 people" in coord.last_text()
    rows = await outbox_rows(harness, "poll:")
    assert sorted(row.recipient_id for row in rows) == [101, 102, 103, 104, 105]
    assert {row.kind for row in rows} == {"poll"}

    await deliver(harness)
    asked = question_of(ans, "book market")
    assert "A question from Bibliotheek Midden" in visible(asked)
    assert "Een vraag van Bibliotheek Midden" in visible(question_of(dirk, "book market"))
    assert ans.buttons(asked) == ["Saturday", "Sunday", "Both"]

    # Ans taps Saturday: saved, ✅ on it; the same tap again (a double tap) counts once.
    first, again = await double_tap(ans, "Saturday", asked)
    assert "saved" in first["text"]
    assert "already" in again["text"]
    assert ans.buttons(ans.api._find(101, asked["message_id"])) == ["✅ Saturday", "Sunday", "Both"]
    # ...and changes her mind.
    changed = await ans.click("Sunday", ans.api._find(101, asked["message_id"]))
    assert "Your answer is changed" in changed["text"]
    assert ans.buttons(ans.api._find(101, asked["message_id"])) == ["Saturday", "✅ Sunday", "Both"]
    await bob.click("Sunday", question_of(bob, "book market"))
    await cor.click("Both", question_of(cor, "book market"))
    await dirk.click("Saturday", question_of(dirk, "book market"))

    await coord.click("See the answers")
    results = coord.last_text()
    assert "Delivered: 4" in results
    assert "Could not be reached: 1" in results
    assert "Answered: 4" in results
    assert counted(results) == {"Saturday": "1", "Sunday": "2", "Both": "1"}
    assert not any(name in results for name in ("Annemiek", "Bob", "Cornelis", "Dirk"))

    await coord.click("📊 Chart")
    chart = coord.last()
    png = coord.file(chart)
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (800, 450)

    await coord.click("spreadsheet (CSV)", coord.messages()[-2])
    [document] = coord.documents()
    table = read_csv(coord.file(document))
    assert table[0] == ["number", "question", "group", "answer"]
    assert sorted(row[3] for row in table[1:]) == ["Both", "Saturday", "Sunday", "Sunday"]
    assert {row[1] for row in table[1:]} == {QUESTION}
    assert "4 answers." in document["caption"]

    # Closed: a tap after it changes nothing and says so.
    await coord.send("/poll")
    await coord.click("My questions")
    assert "🟢" in coord.buttons()[0] and "(4)" in coord.buttons()[0]
    await coord.click("Which day suits")
    await coord.click("Close the question")
    await coord.click("Yes, close it")
    assert "Closed on" in coord.last_text()
    late = await bob.click("Saturday", question_of(bob, "book market"))
    assert late.get("show_alert") and "This question is closed" in late["text"]
    await coord.click("⬅️ Back")
    assert "🔒" in coord.buttons()[0]
    await coord.click("Which day suits")
    assert counted(coord.last_text()) == {"Saturday": "1", "Sunday": "2", "Both": "1"}

    # The blocked recipient was counted once and never tried again.
    await deliver(harness)
    [blocked] = await outbox_rows(harness, "poll:", recipient=105)
    assert (blocked.status, blocked.note) == ("failed", "blocked")
    tries = [c for c in harness.api.errors if int(c.params.get("chat_id", 0)) == 105]
    assert len(tries) == 1 and "book market" in tries[0].params["text"]


async def test_forged_and_stale_taps_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    await ask(
        coord,
        "🔘 With buttons",
        question="Coffee or tea?",
        options="Coffee\nTea",
        audience="Everyone who gets news",
    )
    await coord.click("Send to 1 person")
    await deliver(harness)
    later = await make_resident(harness, 102, "Late", "en")  # joined after it went out
    poll = poll_id_in(question_of(ans, "Coffee or tea?"))

    wrong_option = await ans.click_data(f"1:plv:{poll}:7")
    assert wrong_option.get("show_alert") and "not one of the answers" in wrong_option["text"]
    no_poll = await ans.click_data(f"1:plv:{poll + 40}:0")
    assert "no longer exists" in no_poll["text"]
    not_theirs = await later.click_data(f"1:plv:{poll}:0")
    assert "was not sent to you" in not_theirs["text"]
    score_on_buttons = await ans.click_data(f"1:plv:{poll}:00009")
    assert "not one of the answers" in score_on_buttons["text"]
    written = await ans.click_data(f"1:plw:{poll}:0")  # a written answer to a buttons question
    assert "not one of the answers" in written["text"]
    # Someone else's results: a resident and a coordinator of another organisation.
    other, _ = await make_coordinator(harness, 600, "Buurthuis De Brug", "en")
    await other.send("/poll")
    refused = await other.click_data(f"1:plr:{poll}")
    assert refused.get("show_alert") and "another organisation" in refused["text"]
    assert "only for coordinators" in (await ans.click_data(f"1:ple:{poll}"))["text"]
    assert "only for coordinators" in (await later.click_data(f"1:plqy:{poll}"))["text"]

    await coord.send("/poll")
    await coord.click("My questions")
    await coord.click("Coffee or tea?")
    assert "Answered: 0" in coord.last_text()
    assert counted(coord.last_text()) == {"Coffee": "0", "Tea": "0"}
    # The administrator reads every question.
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/poll")
    await admin.click_data(f"1:plr:{poll}")
    assert "Coffee or tea?" in admin.last_text()


async def test_a_score_from_1_to_5_to_the_staff_of_the_network(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    other, _ = await make_coordinator(harness, 600, "Buurthuis De Brug", "en")
    admin = harness.person(ADMIN, "Ada", "en")
    resident = await make_resident(harness, 101, "Ans", "en")
    await ask(
        coord,
        "⭐ With a score",
        question="How useful is Meedoen for your work?",
        audience="Coordinators and staff of the network",
        last_day="30",  # Monday 30 November, at the end of the day
    )
    assert "It goes to 3 people: the coordinators and staff of the network." in coord.last_text()
    assert "Open until Monday 30 November." in coord.last_text()
    await coord.click("Send to 3 people")
    await deliver(harness)
    assert all(m.get("text", "").find("How useful") < 0 for m in resident.messages())
    # Coordinators who are not residents read the default language (nl here).
    asked = question_of(admin, "How useful")
    assert "Je kunt antwoorden tot en met maandag 30 november" in visible(asked)
    assert admin.buttons(asked) == ["1", "2", "3", "4", "5"]
    await admin.click("4", asked)
    await other.click("5", question_of(other, "How useful"))
    await coord.click("3", question_of(coord, "How useful"))
    assert (
        coord.buttons(coord.api._find(500, question_of(coord, "How useful")["message_id"]))[2]
        == "✅ 3"
    )

    await coord.click("See the answers")
    text = results_of(coord)
    assert "Average: 4.0 (from 3 answers)" in text
    assert counted(text) == {"1": "0", "2": "0", "3": "1", "4": "1", "5": "1"}
    await coord.click("📊 Chart")
    assert coord.file(coord.last()).startswith(PNG_SIGNATURE)

    # The last day passes: closed, and the coordinator hears so once.
    clock.set(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # Tuesday 00:30 in Amsterdam
    late = await admin.click("5", asked)
    assert "closed" in late["text"]
    await deliver(harness)  # quiet hours: the notice waits until eight
    clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
    await deliver(harness)
    assert "Your question has closed" in coord.last_text()
    assert "3 people answered." in coord.last_text()
    clock.set(datetime(2026, 12, 2, 7, 0, tzinfo=UTC))
    await deliver(harness)
    assert sum("Your question has closed" in visible(m) for m in coord.messages()) == 1
    await coord.click("See the answers")
    assert "Closed on Monday 30 November." in results_of(coord)
    assert "Average: 4.0" in results_of(coord)


async def test_asking_takes_bad_input_kindly_and_goes_back_and_cancels(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    await make_resident(harness, 101, "Ans", "en", likes=("Voorlezen",))
    sam = await make_resident(harness, 102, "Sam", "en")
    await sam.send("/poll")
    assert "only for coordinators" in sam.last_text()

    await coord.send("/poll")
    await coord.click("With buttons")
    await coord.send(None, sticker=STICKER)
    assert "Please type it as text." in coord.last_text()
    await coord.send("q" * 1001)
    assert "at most 1000 characters (yours has 1001)" in coord.last_text()
    assert "q" * 1001 in coord.last_text()  # given back to copy
    assert "Type your question" in coord.last_text()  # and still waiting for it
    await coord.send("Where shall we <meet> & when?")
    for typed, said in (
        ("Only one answer", "2 to 6 answers"),
        ("\n".join(f"Answer {n}" for n in range(7)), "2 to 6 answers"),
        ("Short\n" + "x" * 41, "at most 40 characters"),
        ("Here\nhere", "Two answers are the same"),
    ):
        await coord.send(typed)
        assert said in coord.last_text(), (typed, coord.last_text())
    await coord.send("Library\nCommunity centre")
    assert "Who should get it?" in coord.last_text()
    await coord.click("People who like a kind of work")
    await coord.send("twelve")  # typed where a button is wanted
    assert "Please tap one of the buttons." in coord.last_text()
    await coord.click("Voorlezen (1)")
    await coord.click("🙈 Anonymous")
    await coord.click_data("1:kz")  # a calendar heading: nothing happens, the step stays
    await coord.send("31-02")
    assert "Please tap a day, or type it like 27-11." in coord.last_text()
    await coord.send("28-11")
    assert "It goes to 1 person: people who like “Voorlezen”." in coord.last_text()
    assert "Open until Saturday 28 November." in coord.last_text()
    await coord.click("⬅️ Back")  # to the last day
    await coord.click("⬅️ Back")  # to names
    await coord.click("⬅️ Back")  # to who gets it
    assert "Who should get it?" in coord.last_text()
    await coord.click("✖️ Cancel")
    assert "nothing was sent" in coord.last_text()
    assert await outbox_rows(harness, "poll") == []


async def test_poll_is_its_own_command_and_button_beside_asking_a_person(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    await coord.send("/ask")  # the resident's "ask a person", not a poll
    assert "How should they answer?" not in coord.last_text()
    await coord.send("/cancel")
    await coord.send("/roster")
    await coord.click("Coordinator menu")
    labels = coord.buttons()
    assert "📊 Ask volunteers a question" in labels and "💬 Questions" in labels
    assert not any("💬 Ask a question" in label for label in labels)
    await coord.click("📊 Ask volunteers a question")
    assert "How should they answer?" in coord.last_text()
    # One command each in the coordinator's Telegram menu (theirs, then the resident's).
    names = [name for name, _ in COORDINATOR_COMMANDS + ADMIN_COMMANDS + RESIDENT_COMMANDS]
    assert len(names) == len(set(names)) and {"poll", "ask"} <= set(names)
