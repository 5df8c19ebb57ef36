"""Bad input on the network's flows (issue #12: 💡 ideas, questions to volunteers, neighbourhoods,
participation and the quarterly report), beyond what their own tests try: an edited message
while a flow waits for text, the new commands in a group chat, names with markup and emoji in a
question with names, a person who erased their data while a message to them or about their idea
waits, and forged buttons with huge, negative and wrong numbers. Each gets a short, kind answer
(or the silence a group chat gets) and changes nothing."""

from __future__ import annotations

import copy
import html
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, tap
from tests.support.clock import local
from tests.support.database import database_dump
from tests.support.outbox import deliver_at, outbox_rows
from tests.support.participation import LIBRARY, known_dataset
from tests.support.people import ADMIN, make_coordinator, make_resident, one
from tests.support.polls import ask, deliver, poll_id_in, question_of, read_csv

NOT_UNDERSTOOD = "Sorry, I don't understand that. Use the buttons, or type /help."
STALE = "This button no longer works. Type /start to begin again."
EVERYONE = "Everyone who gets news"
MORNING = local(2026, 11, 26, 9, 0)
PRIVATE_CHAT = "I work in a private chat. Open it here: https://t.me/meedoen_test_bot"


async def count(harness: BotHarness, table: str) -> int:
    return int((await one(harness, f"SELECT COUNT(*) FROM {table}"))[0])


def length(message: dict[str, Any]) -> int:
    """What the person reads, as Telegram counts it (UTF-16 units: an emoji is two)."""
    return len(visible(message).encode("utf-16-le")) // 2


async def edit_is_not_input(person: Person, text: str) -> None:
    """An edited message gets the one-line pointer, nothing else."""
    person.new_messages()  # what came before is read
    [reply] = await person.edit(text)
    assert visible(reply) == NOT_UNDERSTOOD
    assert person.buttons(reply) == ["🏠 Menu"]


# -- edited messages while a flow waits for text -------------------------------------------------
async def test_an_edit_is_not_taken_for_an_idea_or_its_theme(harness: BotHarness) -> None:
    kim = await make_resident(harness, 401, "Kim", "en")
    await kim.send("/idea")
    assert "Type your idea in your own words" in kim.last_text()
    await edit_is_not_input(kim, "A reading club for <b>teens</b> & 🎉")
    assert await count(harness, "ideas") == 0
    # Still waiting: the next message is the idea.
    await kim.send("A reading club")
    assert "Which theme fits your idea best?" in kim.last_text()
    await edit_is_not_input(kim, "Health")
    assert await count(harness, "ideas") == 0
    await tap(kim, "🤷 Not sure")
    row = await one(harness, "SELECT text, theme FROM ideas WHERE resident_id = 401")
    assert tuple(row) == ("A reading club", None)


async def test_an_edit_is_not_taken_for_a_written_answer(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    # The coordinator's question is typed: an edit is not it.
    await coord.send("/poll")
    await coord.click("✍️ In their own words")
    await edit_is_not_input(coord, "What next?")
    await coord.send("What next?")
    assert "Who should get it?" in coord.last_text(), "still waiting: the typed one is it"
    await ask(coord, "✍️ In their own words", question="What next?", audience=EVERYONE)
    await edit_is_not_input(coord, "Send")  # the preview waits for a button: nothing is sent
    assert await count(harness, "polls") == 0
    await coord.click("Send to 1 person")
    await deliver(harness)
    await ans.click("✍️ Answer", question_of(ans, "What next?"))
    assert "Write your answer in one message" in ans.last_text()
    await edit_is_not_input(ans, "More <b>books</b> & 📚")
    assert await count(harness, "poll_answers") == 0
    await ans.send("More books")
    assert "Your answer is saved" in ans.last_text()
    assert (await one(harness, "SELECT text FROM poll_answers"))[0] == "More books"


async def test_an_edit_is_not_taken_for_a_neighbourhood_name(harness: BotHarness) -> None:
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/neighbourhoods")
    await admin.click("➕ Add")
    assert "Add a neighbourhood" in admin.last_text()
    await edit_is_not_input(admin, "Noord")
    assert await count(harness, "neighbourhoods") == 0
    await admin.send("Zuid")
    assert "✔️ Added: Zuid." in admin.last_text()
    assert (await one(harness, "SELECT group_concat(name) FROM neighbourhoods"))[0] == "Zuid"


# -- the new commands in a group chat ------------------------------------------------------------
NEW_COMMANDS = ("/idea", "/ideas", "/poll", "/neighbourhoods", "/stats", "/idea@meedoen_test_bot")


async def test_the_new_commands_in_a_group_get_one_pointer_and_store_nothing(
    harness: BotHarness,
) -> None:
    group = {"id": -1004002, "type": "supergroup", "title": "Vrijwilligers <Midden> & co"}
    harness.api.chat_objects[group["id"]] = group
    await make_coordinator(harness, 500, LIBRARY, "en")
    kim = await make_resident(harness, 401, "Kim", "en")
    harness.person(ADMIN, "Ada", "en")
    # Kim is writing an idea in her private chat meanwhile.
    await kim.send("/idea")
    before = await database_dump(harness)

    async def say(uid: int, text: str) -> list[dict[str, Any]]:
        seen = len(harness.api.bot_messages(group["id"]))
        await harness.handled(harness.api.user_message(uid, text, chat=group))
        return harness.api.bot_messages(group["id"])[seen:]

    for uid in (ADMIN, 500, 401):
        for command in NEW_COMMANDS:
            replies = await say(uid, command)
            assert [visible(m) for m in replies] == [PRIVATE_CHAT], (uid, command)
            assert "reply_markup" not in replies[0], "no buttons in a group"
    # Words in the group are not Kim's idea, and get no answer there.
    assert await say(401, "A reading club for <b>teens</b>") == []
    assert await database_dump(harness) == before
    assert harness.api.bot_messages(500) == []
    # Her private chat still waits for the idea.
    await kim.send("A reading club")
    assert "Which theme fits your idea best?" in kim.last_text()


# -- names with markup, emoji and 64 characters in a question with names ------------------------
def awkward_name(n: int) -> str:
    """A first name as long as Telegram allows, with markup, an ampersand and emoji."""
    return (f"<b>Ann{n}</b> & <i>co 🎉" + "📚" * 64)[:64]


FORMULA_NAME = '=HYPERLINK("https://example.org";"<b>klik</b> & 🎉")'


async def test_names_with_markup_in_a_question_with_names(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Twelve long answers, full of emoji, from people with long names: the results screen
    fits in one message (Telegram counts an emoji as two), shows the names as written, and
    points to the CSV file for the rest; the CSV has every name and answer as written."""
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    names = [awkward_name(n) for n in range(11)] + [FORMULA_NAME]
    people = [await make_resident(harness, 101 + n, name, "en") for n, name in enumerate(names)]
    await ask(
        coord,
        "✍️ In their own words",
        question="What would you like? <b>&</b> 🎉",
        audience=EVERYONE,
        names="👤 With names",
    )
    await coord.click("Send to 12 people")
    await deliver(harness)
    said = {}
    for n, person in enumerate(people):
        await person.click("✍️ Answer", question_of(person, "What would you like"))
        said[names[n]] = f"{n} <b>yes</b> & " + "🎉" * 480
        await person.send(said[names[n]])
        assert "Your answer is saved" in person.last_text()

    await coord.click("See the answers")
    screen = coord.last()
    assert length(screen) <= 4096
    text = visible(screen)
    assert "❓ What would you like? <b>&</b> 🎉" in text and "Answered: 12" in text
    shown = [name for name in names if f"” — {name}\n" in text]
    assert shown, "at least the first answers are shown"
    for name in shown:
        assert html.escape(name, quote=False) in screen["text"]  # escaped on the wire
    more = 12 - len(shown)
    assert f"…and {more} more answers: see the spreadsheet (CSV)." in text

    await coord.click("spreadsheet (CSV)")
    table = read_csv(coord.file(coord.documents()[-1]))
    assert len(table) == 13
    stored = {row[4]: row[3] for row in table[1:]}
    assert stored == {
        ("'" + name if name.startswith("=") else name): answer for name, answer in said.items()
    }, "every name and answer as written; a formula made harmless"


# -- a person who erased their data while something to them or about them waits ------------------
async def test_erased_while_a_question_to_them_waits(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    bob = await make_resident(harness, 102, "Bob", "en")
    cas = await make_resident(harness, 103, "Cas", "en")
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: the question waits for the morning
    await ask(
        coord,
        "🔘 With buttons",
        question="Coffee or tea?",
        options="Coffee\nTea",
        audience=EVERYONE,
    )
    await coord.click("Send to 3 people")
    assert len(await outbox_rows(harness, "poll:", recipient=103)) == 1  # waiting for the postman
    await cas.send("/delete")
    await tap(cas, "🗑 Yes, erase my data")
    told = len(cas.messages())
    assert await outbox_rows(harness, "poll:", recipient=103) == []
    assert await count(harness, "poll_recipients WHERE person_id = 103") == 0

    await deliver_at(harness, clock, MORNING)
    assert len(cas.messages()) == told, "nothing reaches someone who erased their data"
    poll = poll_id_in(question_of(ans, "Coffee or tea?"))
    await ans.click("Coffee", question_of(ans, "Coffee or tea?"))
    await bob.click("Tea", question_of(bob, "Coffee or tea?"))
    # Cas comes back as a new resident: the old question is not theirs, and nothing comes.
    await make_resident(harness, 103, "Cas", "en")
    forged = await cas.click_data(f"1:plv:{poll}:0")
    assert "was not sent to you" in forged["text"]
    await deliver(harness)
    assert not any("Coffee or tea?" in visible(m) for m in cas.messages())

    await coord.send("/poll")
    await coord.click("My questions")
    await coord.click("Coffee or tea?")
    text = coord.last_text()
    assert "📨 Delivered: 2\n🚫 Could not be reached: 0" in text, "nobody is still to go"
    # Sent to 3: the one who left before it went is counted, so the numbers add up.
    assert "Not sent (closed first, or they left): 1" in text
    assert "• Coffee: 1\n• Tea: 1" in text and "✍️ Answered: 2" in text


async def test_erased_while_the_notice_of_their_idea_waits(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    admin = harness.person(ADMIN, "Ada", "en")
    kim = await make_resident(harness, 401, "<b>Kim</b> & 🎉", "en")
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: the notices wait for the morning
    await kim.send("/idea")
    await kim.send("A <b>reading</b> club & 🎉")
    await tap(kim, "🤷 Not sure")
    assert {r.recipient_id for r in await outbox_rows(harness, "idea_new")} >= {500, ADMIN}
    await kim.send("/delete")
    await tap(kim, "🗑 Yes, erase my data")
    assert await count(harness, "ideas") == 0

    await deliver_at(harness, clock, MORNING)
    assert coco.messages() == [] and admin.messages() == [], "no notice of an erased idea"
    rows = await outbox_rows(harness, "idea_new")
    assert rows and {(r.status, r.note) for r in rows} == {("dropped", "idea erased")}
    await coco.send("/ideas")
    assert "No ideas are waiting" in coco.last_text()


async def test_the_notice_of_an_idea_with_a_photo_fits_its_caption(harness: BotHarness) -> None:
    """A photo first, then 1000 characters full of emoji, from someone with a long name: the
    notice to the coordinators is a photo whose caption Telegram accepts (1024, an emoji two)."""
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    kim = await make_resident(harness, 401, awkward_name(1), "en")
    await kim.send("/idea")
    await kim.send(None, photo=PHOTO)
    idea = "<b>Idee</b> & " + "😊" * 986
    await kim.send(idea)
    await tap(kim, "🤷 Not sure")
    await deliver(harness)
    [notice] = [m for m in coco.messages() if "photo" in m]  # in the default language, Dutch
    assert "Een nieuw idee" in visible(notice)
    assert length(notice) <= 1024
    assert html.escape(awkward_name(1), quote=False) in notice["caption"]
    assert visible(notice).endswith("…”")


# -- forged buttons for the participation screens and the report --------------------------------
FORGED_PARTICIPATION = [
    "1:tp:-1",
    "1:tp:-0",
    "1:tp:99999999999999999999",
    "1:tp:abc",
    "1:tp:0x10",
    "1:tp:1e3",
    "1:tp:0:-2026Q4",
    "1:tp:0:2026Q0",
    "1:tp:0:2026Q5",
    "1:tp:0:99999999999999999999",
    "1:tp:0:2999Q4",  # long after now
    "1:tp:0:2027Q1",  # the next quarter
    "1:tp:0:1901Q1",  # long before what the chat offers
    "1:tp:0:Q4",
]
FORGED_REPORT = [
    "1:tr:-1",
    "1:tr:0",
    "1:tr:99999999999999999999",
    "1:tr:2026Q0",
    "1:tr:2999Q4",
    "1:tr:2027Q1",
    "1:tr:1901Q1",
    "1:tr:2026-Q4-x",
]
MANGLED = ["1:tp", "1:tp:0:2026Q4:x", "1:tq:5", "1:tr", "1:tr:2026Q4:2026Q3", "1:tp:0:2026Q4:"]


@pytest.mark.parametrize("who", ["coordinator", "administrator"])
async def test_forged_participation_and_report_buttons(harness: BotHarness, who: str) -> None:
    await known_dataset(harness)
    if who == "coordinator":
        person, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    else:
        person = harness.person(ADMIN, "Ada", "en")
    await person.send("/stats")
    await tap(person, "📈 Participation")
    screen = person.last()
    as_shown = copy.deepcopy(screen)
    before = await database_dump(harness)
    shown = len(person.messages())
    for data in [*FORGED_PARTICIPATION, *MANGLED]:
        reply = await person.click_data(data, screen)
        assert reply.get("text") == STALE, data
    for data in FORGED_REPORT:
        reply = await person.click_data(data, screen)
        if who == "coordinator":  # not theirs at all, whatever the quarter
            assert reply.get("text") == "Sorry, only administrators can do this.", data
        else:
            assert reply.get("text") == STALE, data
    # An organisation that does not exist (a huge number), here and in /stats: refused, or gone.
    for data in ("1:tp:999999999999999:2026Q4", "1:tp:999999999999999", "1:t:999999999999999"):
        reply = await person.click_data(data, screen)
        if who == "coordinator":
            assert reply.get("show_alert") and "not allowed" in reply["text"], data
        else:
            assert reply.get("text") == "This no longer exists.", data
    for data in ("1:t:-1", "1:t:99999999999999999999", "1:t:abc"):
        assert (await person.click_data(data, screen)).get("text") == STALE, data
    assert person.messages()[shown - 1] == as_shown, "the screen was not changed"
    assert len(person.messages()) == shown and person.documents() == []
    assert await database_dump(harness) == before
