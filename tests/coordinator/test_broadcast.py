"""/broadcast: audience, message, preview with the number of recipients, delivery through the
outbox, progress and summary, opt-outs, blocked people, a restart halfway, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.outbox.postman import DeliveryReport, Postman
from bot.sandbox.harness import BotHarness, visible
from bot.services import broadcasts
from bot.services.audiences import Audience
from bot.services.roles import role_of
from bot.store import residents
from tests.support.catalogue import make_opportunity
from tests.support.chat import double_tap, tap
from tests.support.outbox import deliver_broadcasts, outbox_rows, sent_per_chat
from tests.support.people import ADMIN, make_coordinator, make_resident, sign_up

LIBRARY = "Bibliotheek Midden"


async def test_broadcast_to_everyone_with_preview_progress_and_summary(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    people = [await make_resident(harness, 101 + i, f"R{i}", "nl") for i in range(4)]
    quiet = await make_resident(harness, 110, "Quiet", "nl", news=False)

    await coord.send("/broadcast")
    assert "Who should get it?" in coord.last_text()
    await coord.click("Everyone who gets news")
    assert "write your message" in coord.last_text()
    sample, question = await coord.send("The library is <closed> on Monday & Tuesday.")
    assert visible(sample).startswith("📣 Bibliotheek Midden")
    assert "<closed> on Monday & Tuesday" in visible(sample)
    assert "It goes to 4 people" in visible(question)
    # A second tap on Send (a double tap, an old screen) sends nothing again.
    _, again = await double_tap(coord, "Send to 4 people", question)
    assert "no longer works" in again["text"]
    assert "on its way to 4 people" in coord.last_text()
    progress = coord.last()
    assert len(await outbox_rows(harness, "broadcast:")) == 4

    await deliver_broadcasts(harness)
    for person in people:
        [message] = person.new_messages()
        assert "is <closed> on Monday" in visible(message)
        assert "Geen berichten meer van organisatoren" in person.buttons(message)[-1]
        assert "🏠 Menu" in person.buttons(message)
    assert quiet.new_messages() == []
    # The progress message became the summary, and it is the only summary (the trial had two).
    summary = visible(coord.api._find(500, progress["message_id"]))
    assert "Your message has been sent." in summary
    assert "Delivered: 4" in summary
    assert "Blocked the bot: 0" in summary
    assert "Could not be delivered: 0" in summary
    assert len([m for m in coord.messages() if "Delivered" in visible(m)]) == 1


async def test_blocked_recipient_counted_and_opt_out_at_send_time(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await make_resident(harness, 101, "Ans")
    await make_resident(harness, 102, "Bob")
    changed_mind = await make_resident(harness, 103, "Cor")
    harness.api.blocked.add(102)
    role = await role_of(harness.deps.db, 500, frozenset())
    org_id = next(iter(role.organisation_ids))
    # Planned for three; one blocks the bot, one turns news off before it goes out.
    await broadcasts.send(
        harness.deps.db,
        role,
        broadcasts.Draft(org_id, Audience("all"), "Hallo allemaal"),
        language="nl",
        now=clock.now(),
        progress_chat_id=None,
    )
    await broadcasts.queue_waiting(harness.deps.db)  # its rows, a chunk at a time
    await changed_mind.send("/settings")
    await tap(changed_mind, "📣 Nieuws: Zet uit")
    changed_mind.new_messages()
    await deliver_broadcasts(harness)
    assert changed_mind.new_messages() == []
    assert "Je bericht is verstuurd." in coord.last_text()
    summary = coord.last_text()
    assert "Bezorgd: 1" in summary
    assert "Hebben de bot geblokkeerd: 1" in summary
    assert "Kon niet worden bezorgd: 0" in summary
    assert "Overgeslagen (berichten uitgezet of weg): 1" in summary


async def test_a_restart_halfway_continues_without_doubles(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    ids = list(range(201, 213))
    for user_id in ids:
        await make_resident(harness, user_id, f"P{user_id}")
    joined = sent_per_chat(harness)  # the welcome and the menu

    class StopsAfterFour(Postman):
        """Delivers two at a time and four in all, as if the bot were stopped halfway."""

        budget = 4

        async def deliver_due(self, sender, *, max_batches=None, keep_going=None):  # type: ignore[no-untyped-def]
            if self.budget <= 0:
                return DeliveryReport()
            report = await super().deliver_due(sender, max_batches=1)
            self.budget -= report.sent
            return report

    old = harness.deps.postman
    harness.deps.postman = StopsAfterFour(
        old.db, clock, renderers=old.renderers, bulk=old.bulk, languages=old.languages, batch=2
    )
    await coord.send("/broadcast")
    await coord.click("Iedereen die nieuws krijgt")
    await coord.send("Wie helpt zaterdag mee?")
    await coord.click("Verstuur naar 12 mensen")
    await harness.run_job("outbox")
    await harness.run_job("outbox")
    sent = sent_per_chat(harness) - joined
    before = sum(sent[user_id] for user_id in ids)
    assert before == 4
    # The progress message says how far it is.
    await harness.run_job("broadcasts")
    progress = coord.api._find(500, coord.last()["message_id"])
    assert f"verstuurd {before} / nog te gaan {len(ids) - before}" in visible(progress)

    await harness.restart()  # a new Application, a new postman; the rows are in SQLite
    await deliver_broadcasts(harness)
    counts = sent_per_chat(harness) - joined
    assert [counts[user_id] for user_id in ids] == [1] * len(ids)
    rows = await outbox_rows(harness, "broadcast:")
    assert {row.status for row in rows} == {"sent"}
    assert "Bezorgd: 12" in coord.last_text()


async def test_audiences_category_opportunity_and_recent_volunteers(
    harness: BotHarness, clock: ManualClock
) -> None:
    past = await make_opportunity(
        harness.deps.db,
        now=clock.now(),
        organisation=LIBRARY,
        title="Boekenmarkt",
        category="Evenementen",
        shifts=[(timedelta(days=-60), timedelta(hours=3), 5)],
    )
    coming = await make_opportunity(
        harness.deps.db, now=clock.now(), organisation=LIBRARY, title="Voorlezen"
    )
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await make_resident(harness, 101, "Ans", likes=("Voorlezen",))
    await make_resident(harness, 102, "Bob", likes=("Voorlezen", "Evenementen"))
    await make_resident(harness, 103, "Cor")
    await make_resident(harness, 104, "Dirk")
    await sign_up(harness, coming.shift_ids[0], 103, status="confirmed")
    await sign_up(harness, past.shift_ids[0], 104, attendance="came")
    await sign_up(harness, past.shift_ids[0], 103, attendance="no_show")

    async def reach(*clicks: str) -> str:
        await coord.send("/broadcast")
        for label in clicks:
            await coord.click(label)
        await coord.send("Test")
        text = coord.last_text()
        await coord.click("✖️")
        return text

    assert "2 mensen" in await reach("een soort werk leuk", "Voorlezen (2)")
    assert "1 persoon" in await reach("een soort werk leuk", "Evenementen (1)")
    assert "1 persoon" in await reach("aangemeld voor een activiteit", "Voorlezen")
    # Dirk came, Cor did not: only Dirk volunteered in the last 3 months.
    recent = await reach("onlangs vrijwilligerswerk", "3 maanden")
    assert "1 persoon" in recent and "de afgelopen 3 maanden vrijwilligerswerk" in recent
    # Forty days on, the market was more than three months ago (Dirk drops out) and Cor's
    # confirmed shift has passed, unmarked (Cor counts now); six months have both.
    clock.advance(timedelta(days=40))
    assert "1 persoon" in await reach("onlangs", "3 maanden")
    assert "2 mensen" in await reach("onlangs", "6 maanden")
    clock.advance(timedelta(days=400))
    assert "Niemand zou dit bericht nu krijgen" in await reach("onlangs", "12 maanden")


async def test_residents_and_other_organisations_are_refused(
    harness: BotHarness, clock: ManualClock
) -> None:
    """A resident is refused; a coordinator of another organisation forging buttons too."""
    theirs = await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    other, _ = await make_coordinator(harness, 600, "Buurthuis De Brug", "en")
    sam = await make_resident(harness, 101, "Sam", "en")
    await sign_up(harness, theirs.shift_ids[0], 101, status="confirmed")

    await sam.send("/broadcast")
    assert "only for coordinators" in sam.last_text()
    # A coordinator of another organisation forges the opportunity of the library.
    await other.send("/broadcast")
    await other.click("People signed up for an opportunity")
    answer = await other.click_data(f"1:bp:{theirs.opportunity_id}")
    assert answer.get("show_alert") and "not allowed" in answer["text"]
    # ...and a send of a draft that never was, or an organisation not theirs.
    await other.click_data("1:bs")
    assert await outbox_rows(harness, "broadcast:") == []
    await other.send("/broadcast")
    answer = await other.click_data("1:bg:1")
    assert await outbox_rows(harness, "broadcast:") == []


async def test_photo_with_caption_cancel_and_stop_button(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    admin = harness.person(ADMIN, "Ada", "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    await admin.send("/broadcast")
    assert "On behalf of whom?" in admin.last_text()
    await admin.click("✖️ Cancel")
    assert "nothing was sent" in admin.last_text()

    await admin.send("/roster")
    await admin.click("Coordinator menu")
    await admin.click("Message to residents")  # the way in from the coordinator menu
    await admin.click(LIBRARY)
    await admin.click("Everyone who gets news")
    sizes = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60},
        {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960},
    ]
    await admin.send(None, photo=sizes, caption="Our new reading corner")
    await admin.click("Send to 1 person")
    await deliver_broadcasts(harness)
    [photo] = ans.new_messages()
    assert photo["photo"][0]["file_id"] == "large"
    assert "Our new reading corner" in visible(photo)
    # The resident stops broadcasts from under the message.
    await ans.click("No more messages from organisers", photo)
    assert "no more news" in ans.last_text()
    async with harness.deps.db.read() as conn:
        assert (await residents.preferences(101, conn=conn))["broadcasts_on"] is False


async def test_a_draft_survives_a_restart(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    await coord.send("/broadcast")
    await coord.click("Everyone who gets news")
    await harness.restart()  # the conversation state and the draft are in SQLite
    await coord.send("Written after a restart")
    assert "It goes to 1 person" in coord.last_text()
    await coord.click("✏️ Change the message")
    await coord.send("Written twice after a restart")
    await coord.click("Send to 1 person")
    await deliver_broadcasts(harness)
    assert "Written twice after a restart" in ans.last_text()
    assert "Delivered: 1" in coord.last_text()


async def test_sent_in_the_quiet_hours_it_goes_out_at_eight(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation=LIBRARY)
    coord, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    ans = await make_resident(harness, 101, "Ans", "nl")
    clock.set(datetime(2026, 11, 25, 22, 30, tzinfo=UTC))  # 23:30 in Amsterdam
    await coord.send("/broadcast")
    await coord.click("Iedereen die nieuws krijgt")
    await coord.send("Morgen open om tien uur")
    await coord.click("Verstuur naar 1 persoon")
    assert "Het is nu stille tijd: de berichten gaan om 08:00 weg." in coord.last_text()
    await harness.run_job("outbox")
    assert ans.new_messages() == []
    clock.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))  # 08:00 in Amsterdam
    await deliver_broadcasts(harness)
    assert "Morgen open om tien uur" in ans.last_text()
