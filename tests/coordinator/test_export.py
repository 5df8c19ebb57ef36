"""/export: a CSV document that Excel opens (BOM, semicolons, local times), own organisations."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.clock import ManualClock
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness, Person
from bot.services import my_data, roster
from bot.services.roles import Role
from tests.support.catalogue import make_opportunity
from tests.support.chat import tap
from tests.support.people import OTHER_ORG_NL, make_coordinator, make_resident, sign_up

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

INJECTION = '=HYPERLINK("http://evil")'


def read_csv(person: Person) -> tuple[bytes, list[list[str]]]:
    document = person.documents()[-1]
    assert document["document"]["file_name"].endswith(".csv")
    content = person.file(document)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    return content, rows


async def _history(harness: BotHarness, clock: ManualClock) -> tuple[int, int]:
    """Sign-ups in November and December at Bibliotheek Midden, one at Buurthuis B."""
    db = harness.deps.db
    library = await make_opportunity(
        db,
        now=clock.now(),
        shifts=[
            (timedelta(days=2), timedelta(hours=2), 5),  # Fri 27 Nov 10:00–12:00
            (timedelta(days=10), timedelta(hours=2), 5),  # Sat 5 Dec
        ],
    )
    other = await make_opportunity(
        db,
        now=clock.now(),
        organisation="Buurthuis B",
        title="Klussen in de tuin",
        category="Buiten",
        shifts=[(timedelta(days=1), timedelta(hours=3), 4)],  # Thu 26 Nov
    )
    for resident_id, name in (
        (101, INJECTION),
        (102, "Els; de Vries"),
        (103, "Piet"),
        (104, "Mo"),
        (105, "Sara"),
    ):
        await make_resident(harness, resident_id, name)
    first = [await sign_up(harness, library.shift_ids[0], r) for r in (101, 102, 103)]
    await sign_up(harness, library.shift_ids[1], 104)
    await sign_up(harness, other.shift_ids[0], 105)

    clock.advance(timedelta(days=2, hours=3))  # Friday 27 Nov, after the first shift
    admin = Role(900, True, frozenset())
    await roster.mark(db, admin, first[0], True, clock.now(), rules=RULES)
    await roster.mark(db, admin, first[1], False, clock.now(), rules=RULES)
    await my_data.forget_resident(
        db, rules=RULES, resident_id=103, now=clock.now()
    )  # erased afterwards
    return library.opportunity_id, other.opportunity_id


async def test_export_this_month_as_excel_reads_it(harness: BotHarness, clock: ManualClock) -> None:
    await _history(harness, clock)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")

    await coco.send("/export")
    assert "Welke aanmeldingen wil je in een spreadsheet" in coco.last_text()
    await coco.click("Deze maand")
    caption = coco.documents()[-1]["caption"]
    assert caption == "Diensten van zo 1 nov tot en met ma 30 nov: 3 aanmeldingen."
    content, rows = read_csv(coco)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    assert b"\r\n" in content
    assert rows[0] == [
        "organisatie",
        "vrijwilligerswerk",
        "soort",
        "begin",
        "einde",
        "voornaam",
        "status",
        "aanwezig",
        "aangemeld op",
        "score",
        "opmerking",
        "plekken",
        "toegevoegd door coördinator",
    ]
    body = rows[1:]
    assert len(body) == 3  # November only, and only their own organisation
    common = ["Bibliotheek Midden", "Voorlezen in de bibliotheek", "Voorlezen"]
    times = ["2026-11-27 10:00", "2026-11-27 12:00"]
    no_feedback = ["", ""]  # score and comment
    one = ["1", ""]  # one place each; nobody added by a coordinator
    assert body[0] == [
        *common,
        *times,
        "'" + INJECTION,
        "aangemeld",
        "was er",
        "2026-11-25 10:00",
        *no_feedback,
        *one,
    ]
    assert body[1] == [
        *common,
        *times,
        "Els; de Vries",
        "aangemeld",
        "was er niet",
        body[1][8],
        *no_feedback,
        *one,
    ]
    assert body[2] == [*common, *times, "", "aangemeld", "", body[2][8], *no_feedback, *one]

    # Last month: nothing, but still a file with its header.
    await coco.send("/export")
    await coco.click("Vorige maand")
    _, rows = read_csv(coco)
    assert len(rows) == 1
    assert coco.documents()[-1]["caption"].endswith(": 0 aanmeldingen.")


async def test_export_one_opportunity_and_refusals(harness: BotHarness, clock: ManualClock) -> None:
    """One opportunity's sign-ups; a forged button for another organisation's is refused."""
    _, other = await _history(harness, clock)
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/export")
    await coco.click("Eén vrijwilligerswerk")
    assert "Klussen in de tuin" not in " ".join(coco.buttons())
    await coco.click("Voorlezen in de bibliotheek")
    _, rows = read_csv(coco)
    assert [r[3] for r in rows[1:]] == ["2026-11-27 10:00"] * 3 + ["2026-12-05 10:00"]
    assert rows[-1][5] == "Mo" and rows[-1][7] == ""

    documents = len(coco.documents())
    answer = await coco.click_data(f"1:kxo:{other}")
    assert OTHER_ORG_NL in answer["text"]
    assert len(coco.documents()) == documents

    # An administrator exports every organisation; in English.
    admin = harness.person(900, "Ada", "en")
    await admin.send("/export")
    await tap(admin, "Last 12 weeks")
    _, rows = read_csv(admin)
    assert rows[0][:3] == ["organisation", "opportunity", "category"]
    assert sorted({r[0] for r in rows[1:]}) == ["Bibliotheek Midden", "Buurthuis B"]
    assert len(rows) == 1 + 4  # Thursday's and Friday's shifts; December's is still to come
    statuses = {r[5]: (r[6], r[7]) for r in rows[1:]}
    assert statuses["Sara"] == ("signed up", "")
    assert statuses["Els; de Vries"] == ("signed up", "did not come")
