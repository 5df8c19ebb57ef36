"""Answering a coordinator's question in your own words, and the five questions about the
library of the future to volunteers and staff at once: bad input said kindly, an answer changed,
a question skipped, results split by group, names only when asked, /mydata and /delete."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import STICKER, tap
from tests.support.people import ADMIN, make_coordinator, make_resident, one, sign_up
from tests.support.polls import ask, deliver, question_of, read_csv, results_of

LIBRARY = "Bibliotheek Midden"
WRITTEN = "I like <b>bold</b> ideas & reading aloud 🎉📚"


async def test_a_written_answer_with_names_bad_input_and_a_change(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    bob = await make_resident(harness, 102, "Bob", "en")
    preview = await ask(
        coord,
        "✍️ In their own words",
        question="What would you like to do at the library?",
        audience="Everyone who gets news",
        names="👤 With names",
    )
    assert "👤 With names." in visible(preview)
    await coord.click("Send to 2 people")
    await deliver(harness)
    asked = question_of(ans, "What would you like")
    assert "Your first name is shown with your answer." in visible(asked)

    await ans.click("✍️ Answer", asked)
    assert "Write your answer in one message (at most 500 characters)" in ans.last_text()
    await ans.send(None, sticker=STICKER)
    assert "Please write your answer as text" in ans.last_text()
    await ans.send("x" * 5000)
    assert "That is 5000 characters; at most 500 fit" in ans.last_text()
    assert (await one(harness, "SELECT COUNT(*) FROM poll_answers"))[0] == 0
    await ans.send(WRITTEN)
    assert "Your answer is saved" in ans.last_text()
    await bob.click("✍️ Answer", question_of(bob, "What would you like"))
    await bob.send("More computer help, please.")

    await coord.click("See the answers")
    text = coord.last_text()
    assert f"“{WRITTEN}” — Ans" in text
    assert "“More computer help, please.” — Bob" in text
    assert "Answered: 2" in text

    # Ans changes her answer; the old one is gone, and she sees what she wrote before.
    await tap(ans, "✏️ Change my answer")
    assert f"Your answer now: “{WRITTEN}”" in ans.last_text()
    await ans.send("Reading aloud to children.")
    await coord.click("Show the latest answers")
    text = coord.last_text()
    assert WRITTEN not in text and "“Reading aloud to children.” — Ans" in text
    await coord.click("spreadsheet (CSV)")
    table = read_csv(coord.file(coord.documents()[-1]))
    assert table[0] == ["number", "question", "group", "answer", "first name", "answered at"]
    assert sorted(row[4] for row in table[1:]) == ["Ans", "Bob"]
    assert "Reading aloud to children." in [row[3] for row in table[1:]]

    # /mydata lists the answer; after /delete the written answer is gone.
    await ans.send("/mydata")
    data = ans.file(ans.documents()[-1]).decode("utf-8")
    assert "Your answers to questions from coordinators" in data
    assert "What would you like to do at the library? → Reading aloud to children." in data
    await ans.send("/delete")
    await tap(ans, "🗑 Yes, erase my data")
    assert (await one(harness, "SELECT COUNT(*) FROM poll_answers WHERE person_id = 101"))[0] == 0
    await coord.click("Show the latest answers")
    assert "Reading aloud" not in results_of(coord) and "Answered: 1" in results_of(coord)


async def test_the_five_questions_to_volunteers_and_staff_with_a_skip(
    harness: BotHarness, clock: ManualClock
) -> None:
    past = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        organisation=LIBRARY,
        shifts=[(timedelta(days=-30), timedelta(hours=2), 5)],
    )
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    admin = harness.person(ADMIN, "Ada", "en")
    vera = await make_resident(harness, 101, "Vera", "en")
    await make_resident(harness, 102, "Nina", "en")  # never came: not a volunteer
    await sign_up(harness, past.shift_ids[0], 101, attendance="came")

    preview = await ask(coord, "📋 The five questions", audience="Volunteers and staff together")
    assert "It goes to 3 people: volunteers of the last 12 months and the staff" in visible(preview)
    sample = coord.messages()[-2]
    assert "Five questions from Bibliotheek Midden" in visible(sample)
    await coord.click("Send to 3 people")
    await deliver(harness)
    assert question_of(vera, "Five questions") and question_of(admin, "Vijf vragen")

    # Vera answers four and skips the third.
    await vera.click("✍️ Start", question_of(vera, "Five questions"))
    assert "Question 1 of 5" in vera.last_text()
    assert "What can you not leave to volunteers?" in vera.last_text()
    await vera.send("Safety checks & money <matters>.")
    assert "Question 2 of 5" in vera.last_text()
    await vera.send("Reading aloud 📚")
    assert "Question 3 of 5" in vera.last_text()
    await tap(vera, "⏭ Skip")
    assert "Question 4 of 5" in vera.last_text()
    await vera.send("Digital skills.")
    await vera.send("Knowing where to find things.")
    assert "Thank you for your answers" in vera.last_text()

    # The coordinator (staff; not a resident, so the question came in the default language)
    # answers the first and stops.
    await coord.click("✍️ Beginnen", question_of(coord, "Vijf vragen"))
    await coord.send("Formal advice to residents.")
    await tap(coord, "✖️ Stop")
    assert "What you answered is saved" in coord.last_text()

    await coord.send("/poll")
    await coord.click("My questions")
    await coord.click("The five questions")
    text = coord.last_text()
    assert "1. What can you not leave to volunteers?" in text
    assert "🙌 Volunteers: 1 answer\n• “Safety checks & money <matters>.”" in text
    assert "🧑‍💼 Staff: 1 answer\n• “Formal advice to residents.”" in text
    assert "🙌 Volunteers: 0 answers, 1 skipped" in text
    assert "Answered: 2" in text
    assert "Vera" not in text  # anonymous
    await coord.click("spreadsheet (CSV)")
    table = read_csv(coord.file(coord.documents()[-1]))
    assert len(table) == 1 + 6  # four answers and a skip from Vera, one from the coordinator
    assert [
        "1",
        "What can you not leave to volunteers? Why not, and what are the objections?",
        "staff",
        "Formal advice to residents.",
    ] in table
    assert [
        "3",
        "How do you position your volunteers, inside and outside the organisation?",
        "volunteers",
        "(skipped)",
    ] in table

    # Going through again: Skip keeps an answer given before.
    await vera.click("✏️ Change my answers")
    assert "Your answer now: “Safety checks & money <matters>.”" in vera.last_text()
    await tap(vera, "⏭ Keep my answer")
    assert "Question 2 of 5" in vera.last_text()
    await vera.send("Reading aloud, and the book market.")
    rows = await one(
        harness, "SELECT COUNT(*) FROM poll_answers WHERE person_id = 101 AND skipped = 0"
    )
    assert rows[0] == 4
