"""The quarterly report from the chat: administrators pick a quarter under /stats and get a PDF
in the organisation's language, whose text is read back (the summary, the figures, "<5", the
charts); a quarter without data gives a report that says so; nobody else can have one.

The known dataset is tests/support/participation.py; the clock is 25 November 2026.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from bot.sandbox.harness import BotHarness, Person, visible
from tests.support.chat import tap
from tests.support.files import pdf_text
from tests.support.participation import LIBRARY, known_dataset
from tests.support.people import ADMIN, make_coordinator, make_resident

ONLY_ADMINS_NL = "Sorry, alleen beheerders kunnen dit doen."


def flat(text: str) -> str:
    """What a PDF says as one line, wherever its lines were broken."""
    return " ".join(text.split())


async def report_of(admin: Person, quarter: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """/stats → "📄 Kwartaalrapport" → the quarter: the tap's answer, the document and its PDF."""
    before = len(admin.documents())
    await admin.send("/stats")
    await tap(admin, "📄 Kwartaalrapport")
    assert "Welk kwartaal?" in visible(admin.last())
    answer = await tap(admin, quarter)
    [document] = admin.documents()[before:]
    return answer, document, admin.file(document)


async def test_the_report_of_a_quarter_as_a_pdf(harness: BotHarness) -> None:
    await known_dataset(harness)
    admin = harness.person(ADMIN, "Ada", "nl")
    answer, document, pdf = await report_of(admin, "4e kwartaal 2026")
    assert answer["text"] == "Even geduld: het rapport wordt gemaakt."
    assert document["document"]["file_name"] == "meedoen-report-2026Q4.pdf"
    assert visible(document) == "📄 Het rapport over het 4e kwartaal 2026."

    text = flat(pdf_text(pdf))
    for said in (
        "Meedoen: kwartaalrapport",
        "4e kwartaal 2026: 1 oktober tot en met 25 november 2026 (tot nu)",
        "alle organisaties",
        # The summary, in plain Dutch.
        "Dit kwartaal deden 7 mensen mee als vrijwilliger. Voor 5 van hen was het de eerste keer.",
        "Samen gaven ze 17 uur van hun tijd. Dat is € 255,00 waard, bij € 15,00 per uur.",
        "<5 mensen kwamen binnen 3 maanden terug na een eerdere dienst.",
        # The one-off number is left out: with the 7, it would give the <5 away.
        "<5 mensen helpen vast mee: met een vaste taak, of elke week. Bewoners",
        "Bewoners deelden 2 ideeën voor de bibliotheek. 1 idee werd een nieuwe activiteit.",
        "Aantallen mensen onder de 5 staan er als <5, zodat niemand te herkennen is. Een * is een "
        "getal dat we weglaten: met het totaal zou het een getal onder de 5 verraden.",
        "Gemaakt door Meedoen op 25 november 2026.",
        # The tables.
        "De cijfers",
        "Mensen die meededen 7",
        "Uren geholpen 17",
        "Maand Eerste keer Kwamen Uren oktober 2026 <5 <5 11 november 2026 <5 <5 6",
        # In each list with one <5, one more number is left out (*), so it cannot be worked out.
        "Organisatie Mensen Uren Bibliotheek Midden * 16 Buurthuis De Brug <5 1",
        "Thema Mensen Uren Ideeën Meedoen * 16 0 Eigen kracht 0 0 0 Gezondheid <5 1 1",
        "Persoonlijke ontwikkeling 6 14 0 Geen thema 1",
        # The charts' titles.
        "Grafieken Mensen per maand",
        "Uren geholpen per maand",
        "Uren geholpen per thema",
    ):
        assert said in text, said
    assert "🙋" not in text  # emoji the font lacks are left out
    reader = PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) == 3
    # No dead end: the menu under the file, and the quarters above it can be picked again.
    assert admin.buttons() == ["🏠 Menu"]
    assert "3e kwartaal 2026" in admin.buttons(admin.messages()[-2])


async def test_a_quarter_without_data_says_so(harness: BotHarness) -> None:
    await known_dataset(harness)  # nothing in the first quarter of 2026
    admin = harness.person(ADMIN, "Ada", "nl")
    _, document, pdf = await report_of(admin, "1e kwartaal 2026")
    assert document["document"]["file_name"] == "meedoen-report-2026Q1.pdf"
    text = flat(pdf_text(pdf))
    assert "1e kwartaal 2026: 1 januari tot en met 31 maart 2026" in text
    assert "Dit kwartaal is er nog niets te tellen: niemand kwam naar een dienst" in text
    assert "De cijfers" not in text and "Grafieken" not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


async def report_in(harness: BotHarness, language: str) -> tuple[dict[str, Any], bytes]:
    """The Q4 report with DEFAULT_LOCALE ``language``, asked by a Dutch administrator."""
    harness.settings_overrides["DEFAULT_LOCALE"] = language
    await harness.restart()
    await known_dataset(harness)
    _, document, pdf = await report_of(harness.person(ADMIN, "Ada", "nl"), "4e kwartaal 2026")
    return document, pdf


async def test_the_report_is_in_the_organisations_language(harness: BotHarness) -> None:
    """DEFAULT_LOCALE is the report's language; the buttons and caption are the reader's."""
    document, pdf = await report_in(harness, "en")
    assert visible(document) == "📄 Het rapport over het 4e kwartaal 2026."
    text = flat(pdf_text(pdf))
    assert "Meedoen: quarterly report" in text
    assert "In this quarter, 7 people took part as volunteers." in text
    assert "<5 people came back within 3 months of an earlier shift." in text


async def test_an_arabic_report_runs_right_to_left(harness: BotHarness) -> None:
    """Arabic prints (DejaVu Sans, shaped); a table's names stand at the right."""
    document, pdf = await report_in(harness, "ar")
    assert document["document"]["file_name"] == "meedoen-report-2026Q4.pdf"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    tables = reader.pages[1].extract_text()
    assert "Bibliotheek Midden" in tables and "Buurthuis De Brug" in tables
    line = next(line for line in tables.splitlines() if "Bibliotheek Midden" in line)
    assert line.split()[0] == "16"  # the hours first from the left, the name last


async def test_only_administrators_get_the_report(harness: BotHarness) -> None:
    await known_dataset(harness)
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    await coco.send("/stats")
    assert "📈 Deelname" in coco.buttons() and "📄 Kwartaalrapport" not in coco.buttons()
    for forged in ("1:tq", "1:tr:2026Q4"):
        answer = await coco.click_data(forged)
        assert answer.get("show_alert") and answer["text"] == ONLY_ADMINS_NL
    sam = await make_resident(harness, 151, "Sam", "nl")
    await sam.send("/help")
    answer = await sam.click_data("1:tr:2026Q4")
    assert answer.get("show_alert") and answer["text"] == ONLY_ADMINS_NL
    assert coco.documents() == [] and sam.documents() == []

    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/stats")
    for forged in ("1:tr:2026Q9", "1:tr:Q4-2026"):
        answer = await admin.click_data(forged)
        assert "Deze knop werkt niet meer" in answer["text"]
    assert admin.documents() == []
