"""Ideas from residents, seen from the coordinators' side: a new idea (with its photo) reaches
every coordinator of the network; /ideas lists it with its theme, date and first name; an answer
and a new status reach the resident (once per change); "Make it an opportunity" opens /new with
the idea as the description, and when it is published the resident is told, with a button to
sign up first. Forged and stale buttons get a kind answer and change nothing."""

from __future__ import annotations

from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from conversations import actions
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, share_idea, tap
from tests.support.outbox import outbox_rows
from tests.support.people import ADMIN, REFUSED_EN, make_coordinator, make_resident, one

IDEA = "A <b>repair café</b> & 🛠 every month"
ESCAPED = "A &lt;b&gt;repair café&lt;/b&gt; &amp; 🛠 every month"


async def propose(person: Person, theme: str = "💪 Own strength", **content: Any) -> int:
    """An idea sent in English, as a resident does it; its id."""
    await share_idea(person, theme, **content)
    assert "Thank you for your idea!" in person.last_text()
    row = await one(person.harness, "SELECT MAX(id) FROM ideas WHERE resident_id = ?", person.id)
    return int(row[0])


async def test_an_idea_is_answered_planned_and_becomes_an_opportunity_to_sign_up_for(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now())  # the category "Voorlezen"
    coco, _ = await make_coordinator(harness, 901, "Bibliotheek Midden", "en", name="Coco")
    other, _ = await make_coordinator(harness, 902, "Welzijn Samen", "en", name="Olga")
    admin = harness.person(ADMIN, "Ada", "en")
    anna = await make_resident(harness, 301, "Anna <&>", "en")

    # A photo with a caption is the idea with its photo; it is stored before the thanks.
    idea_id = await propose(anna, photo=PHOTO, caption=IDEA)
    stored = await one(
        harness, "SELECT text, photo, theme, status FROM ideas WHERE id = ?", idea_id
    )
    assert tuple(stored) == (IDEA, "ph2", "own_strength", "new")

    # Every coordinator of the network and the administrator hear of it, with the photo.
    await harness.run_job("outbox")
    told = await outbox_rows(harness, "idea_new")
    assert sorted(r.recipient_id for r in told) == [ADMIN, 901, 902]
    assert {r.status for r in told} == {"sent"}
    assert [m["photo"][-1]["file_id"] for m in admin.messages()] == ["ph2"]
    notice = coco.last()
    assert notice["photo"][-1]["file_id"] == "ph2"
    assert ESCAPED in notice["caption"] and "Anna &lt;&amp;&gt;" in notice["caption"]

    # The notice's button opens the idea as a new message (the notice stays); /ideas lists
    # it, oldest first, with the theme, the date and the first name.
    assert "Thema: Eigen kracht" in notice["caption"]  # not a resident: the default language
    await coco.click("💡 Open het idee", notice)
    assert "Idea from Anna <&>" in coco.last_text()
    assert coco.messages()[-2] == notice
    await coco.send("/ideas")
    listing = coco.last_text()
    assert "Ideas from residents" in listing
    assert "1. Anna <&> · Wed 25 Nov · Own strength · 🆕 new" in listing
    assert "📷" in listing and IDEA in listing
    await coco.click("1. Anna <&>")
    screen = coco.last_text()
    assert "Idea from Anna <&>" in screen
    assert "Came in: Wednesday 25 November 2026, 10:00" in screen
    assert "Theme: Own strength" in screen and f"“{IDEA}”" in screen
    assert ESCAPED in coco.last()["text"]
    assert "📷 Photo" in coco.buttons()
    await coco.click("📷 Photo")
    assert coco.last()["photo"][-1]["file_id"] == "ph2"

    # The answer is typed; it reaches Anna through the outbox, intact and escaped.
    await coco.click("⬅️ Back", coco.messages()[-1])
    await coco.click("↩️ Answer")
    assert "Type your answer" in coco.last_text()
    await coco.send("<b>" + "x" * 998)
    assert "at most 1000 characters (yours has 1001)" in coco.last_text()
    assert "<code>&lt;b&gt;" + "x" * 998 + "</code>" in coco.last()["text"]  # given back
    reply = "Great idea! Come <on> Monday & tell us more 😊"
    await coco.send(reply)
    assert "Your answer is on its way to Anna <&>." in coco.last_text()
    assert "💬 Answered 1 time." in coco.last_text()
    await harness.run_job("outbox")
    assert "A coordinator answered your idea" in anna.last_text()
    assert reply in anna.last_text()
    assert "Come &lt;on&gt; Monday &amp; tell us more 😊" in anna.last()["text"]

    # Planned: Anna is told once, in plain words; the same status again tells nobody.
    await coco.click("📅 Planned")
    assert "Marked: 📅 planned. Anna <&> gets a message about it." in coco.last_text()
    assert "📅 Planned" not in coco.buttons()
    await coco.click_data(actions.IDEA_MARK.data(idea_id, "p"))
    await harness.run_job("outbox")
    assert "your idea is planned" in anna.last_text()
    assert len(await outbox_rows(harness, "idea_status")) == 1

    # ➕ Make it an opportunity: /new, with the idea as the description (kept with one tap).
    await coco.click("➕ Make it an opportunity")
    assert "From the idea of Anna <&>" in coco.last_text()
    assert "What is the title?" in coco.last_text()
    await coco.send("Repair café")
    assert f"Now: {IDEA}" in coco.last_text()
    await coco.click("✅ Keep this description")
    await tap(coco, "Voorlezen")
    # The idea's theme comes ticked; the others can be ticked too.
    assert coco.buttons()[:4] == [
        "⬜ Taking part",
        "✅ Own strength",
        "⬜ Health",
        "⬜ Personal development",
    ]
    await tap(coco, "⬜ Health")
    await tap(coco, "✔️ Done")
    await coco.send("Library, Stationsplein 1")
    await coco.click("Shifts on set days")
    await tap(coco, "28")
    await tap(coco, "14:00")
    await tap(coco, "16:00")
    await tap(coco, "3")
    await coco.click("Show the preview")
    assert IDEA in coco.last_text()
    await coco.click("Publish")
    assert "Anna <&>, whose idea it was, gets a message to sign up first." in coco.last_text()
    opportunity = await one(
        harness, "SELECT id, description FROM opportunities WHERE title = ?", "Repair café"
    )
    assert opportunity[1] == IDEA
    themes = await one(
        harness,
        "SELECT group_concat(theme) FROM (SELECT theme FROM opportunity_themes"
        " WHERE opportunity_id = ? ORDER BY theme)",
        opportunity[0],
    )
    assert themes[0] == "health,own_strength"
    linked = await one(harness, "SELECT opportunity_id FROM ideas WHERE id = ?", idea_id)
    assert linked[0] == opportunity[0]

    # Anna hears of it, with a button to sign up first, and signs up with it.
    await harness.run_job("outbox")
    news = anna.last_text()
    assert "Your idea became volunteer work!" in news
    assert "Repair café (Bibliotheek Midden)" in news and "Saturday 28 November" in news
    await anna.click("✅ Sign me up first")
    assert any("You are signed up!" in (m.get("text") or "") for m in anna.messages())
    signed = await one(
        harness,
        "SELECT g.status FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE s.opportunity_id = ? AND g.resident_id = ?",
        opportunity[0],
        301,
    )
    assert signed[0] == "confirmed"

    # Taken up: /ideas no longer lists it; an old "make it" button says so kindly.
    await coco.send("/ideas")
    assert "No ideas are waiting." in coco.last_text()
    answered = await coco.click_data(actions.IDEA_TO_NEW.data(idea_id))
    assert "became an opportunity already" in answered["text"]
    await other.send("/ideas")
    assert "No ideas are waiting." in other.last_text()


async def test_forged_and_stale_idea_buttons_change_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, _ = await make_coordinator(harness, 901, "Bibliotheek Midden", "en")
    anna = await make_resident(harness, 301, "Anna", "en")
    idea_id = await propose(anna, text="More books in Arabic")
    before = await one(harness, "SELECT status, changed_at FROM ideas WHERE id = ?", idea_id)

    # A resident is no coordinator: refused, logged, nothing changes.
    refused = await anna.click_data(actions.IDEA_MARK.data(idea_id, "n"))
    assert refused["text"] == REFUSED_EN
    refused = await anna.click_data(actions.IDEA.data(idea_id))
    assert refused["text"] == REFUSED_EN
    # An idea that does not exist, or a mark nobody made.
    await coco.send("/ideas")
    missing = await coco.click_data(actions.IDEA.data(99999))
    assert missing["text"] == "This no longer exists."
    missing = await coco.click_data(actions.IDEA_MARK.data(idea_id, "x"))
    assert missing["text"] == "This no longer exists."
    missing = await coco.click_data(actions.IDEA_ANSWER.data(99999))
    assert missing["text"] == "This no longer exists."
    missing = await coco.click_data(actions.IDEA_PHOTO.data(idea_id))  # it has no photo
    assert missing["text"] == "This no longer exists."
    # A number that is no number; data with an argument missing never reaches the flow.
    missing = await coco.click_data("1:kixm:abc:p")
    assert missing["text"] == "This no longer exists."
    stale = await coco.click_data(f"1:kixm:{idea_id}")
    assert "no longer works" in stale["text"]
    after = await one(harness, "SELECT status, changed_at FROM ideas WHERE id = ?", idea_id)
    assert tuple(after) == tuple(before)
    assert await outbox_rows(harness, "idea_status") == []
