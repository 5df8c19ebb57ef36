"""Importing opportunities and shifts from a spreadsheet: every row checked, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.catalogue.reading import RowError, ShiftRow, parse_catalogue
from bot.catalogue.writing import CatalogueConflict, write_catalogue
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.store import Database
from tests.support.chat import shown_category
from tests.support.clock import AMSTERDAM
from tests.support.people import make_resident
from tests.support.spreadsheet import GOOD, HEADER, ORG, csv_text, ok, parse

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def errors(text: str | bytes) -> list[str]:
    parsed = parse(text)
    assert parsed.opportunities == [], "a file with errors must give no rows"
    assert parsed.errors, "expected an error"
    return [str(e) for e in parsed.errors]


def one_error(text: str | bytes) -> RowError:
    parsed = parse(text)
    assert len(parsed.errors) == 1, [str(e) for e in parsed.errors]
    return parsed.errors[0]


# -- reading the file as Excel writes it -----------------------------------------------------------


def test_comma_separated_rows_become_opportunities_with_shifts_in_utc() -> None:
    [opportunity] = ok(
        csv_text(GOOD, f"{ORG},Voorlezen op woensdag,,,,2026-12-09 14:00,2026-12-09 16:00,2")
    )
    assert opportunity.organisation == ORG and opportunity.kind == "episodic"
    assert opportunity.category == "Voorlezen" and opportunity.location == "Centrale bibliotheek"
    # 14:00 in Amsterdam in winter is 13:00 UTC; later rows inherit the description.
    assert [(s.starts_at, s.ends_at, s.capacity) for s in opportunity.shifts] == [
        (datetime(2026, 12, 2, 13, tzinfo=UTC), datetime(2026, 12, 2, 15, tzinfo=UTC), 3),
        (datetime(2026, 12, 9, 13, tzinfo=UTC), datetime(2026, 12, 9, 15, tzinfo=UTC), 2),
    ]
    assert opportunity.description == "Lees voor aan kinderen"


def test_semicolons_bom_and_crlf_as_dutch_excel_saves_them() -> None:
    text = csv_text(GOOD.replace(",", ";"), header=HEADER.replace(",", ";"), newline="\r\n").encode(
        "utf-8-sig"
    )
    assert text.startswith(b"\xef\xbb\xbf")
    [opportunity] = ok(text)
    assert opportunity.organisation == ORG  # no BOM glued to the first column
    assert opportunity.shifts[0].capacity == 3


def test_quotes_with_separator_doubled_quotes_and_newlines_inside() -> None:
    row = (
        f'{ORG};"Taalcafé; praten ""met"" elkaar";"Eerste regel\r\nTweede; regel";Taal;'
        '"Zaal 1, eerste verdieping";2026-12-03 14:00;2026-12-03 16:00;4'
    )
    later = f"{ORG};Kapot;x;Taal;y;2026-12-03 25:00;2026-12-03 16:00;4"
    text = csv_text(row, later, header=HEADER.replace(",", ";"), newline="\r\n")
    error = one_error(text)
    # Spreadsheet line 3 (the header is 1), though the text editor shows it on line 4.
    assert (error.line, error.column) == (3, "starts_at")
    assert str(error).startswith("line 3 (line 4 in a text editor), column starts_at:")
    [opportunity] = ok(csv_text(row, header=HEADER.replace(",", ";"), newline="\r\n"))
    assert opportunity.title == 'Taalcafé; praten "met" elkaar'
    assert opportunity.description == "Eerste regel\nTweede; regel"
    assert opportunity.location == "Zaal 1, eerste verdieping"


def test_dutch_date_order_as_excel_shows_it_is_accepted() -> None:
    [opportunity] = ok(csv_text(GOOD.replace("2026-12-02 14:00", "2-12-2026 14:00")))
    assert opportunity.shifts[0].starts_at == datetime(2026, 12, 2, 13, tzinfo=UTC)


def test_empty_rows_are_skipped_but_still_counted_as_lines() -> None:
    text = csv_text(
        ";;;;;;;", GOOD.replace(",", ";").replace("3", "-3"), header=HEADER.replace(",", ";")
    )
    error = one_error(text)
    assert (error.line, error.column) == (3, "capacity")


def test_not_utf8_names_the_line_and_how_to_save() -> None:
    text = csv_text(GOOD, GOOD.replace("Voorlezen op", "Voorlezen één")).encode("cp1252")
    error = one_error(text)
    assert error.line == 3 and "UTF-8" in error.message


def test_a_quote_left_open_is_pointed_at() -> None:
    error = one_error(csv_text(GOOD, f'{ORG},"Open quote,x,Taal,y,,,', GOOD))
    assert error.line == 3 and "quote" in error.message


# -- what is wrong, and where ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "column", "says"),
    [
        (("2026-12-02 14:00", "2026-13-02 14:00"), "starts_at", "not a real date"),
        (("2026-12-02 14:00", "morgen om twee"), "starts_at", "YYYY-MM-DD HH:MM"),
        (("2026-12-02 16:00", "2026-12-02 13:00"), "ends_at", "ends before it starts"),
        (("2026-12-02 16:00", "2026-12-02 14:00"), "ends_at", "ends before it starts"),
        ((",3", ",-2"), "capacity", "at least 1"),
        ((",3", ",0"), "capacity", "at least 1"),
        ((",3", ",2.5"), "capacity", "whole number"),
        ((",3", ",drie"), "capacity", "whole number"),
        ((",Voorlezen,", ",,"), "category", "must be filled in"),
        ((ORG, ""), "organisation", "must be filled in"),
        ((",3", ","), "capacity", "or leave all three empty"),
    ],
)
def test_a_bad_value_names_line_and_column(change: tuple[str, str], column: str, says: str) -> None:
    bad = GOOD.replace(*change)
    assert bad != GOOD
    error = one_error(csv_text(GOOD.replace("Voorlezen op", "Iets anders op"), bad))
    assert (error.line, error.column) == (3, column)
    assert says in error.message
    assert str(error).startswith(f"line 3, column {column}: ")


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    later = GOOD.replace("12-02", "12-09")
    found = errors(
        csv_text(GOOD, GOOD, later.replace(",3", ",-1"), later.replace("2026-12-09 16:00", "x"))
    )
    assert found == [
        "line 3, column starts_at: the same shift (same start) is already on line 2",
        "line 4, column capacity: -1 places: must be at least 1",
        "line 5, column ends_at: 'x' is not a date and time; write it as YYYY-MM-DD HH:MM",
    ]


def test_a_time_the_clock_skips_is_an_error_and_a_doubled_one_is_summer_time() -> None:
    skipped = GOOD.replace("2026-12-02 14:00", "2027-03-28 02:30").replace(
        "2026-12-02 16:00", "2027-03-28 04:00"
    )
    error = one_error(csv_text(skipped))
    assert (error.line, error.column) == (2, "starts_at") and "does not exist" in error.message
    twice = GOOD.replace("2026-12-02 14:00", "2026-10-25 02:30").replace(
        "2026-12-02 16:00", "2026-10-25 04:00"
    )
    [opportunity] = ok(csv_text(twice))
    # 02:30 summer time (UTC+2) is 00:30 UTC; 04:00 winter time (UTC+1) is 03:00 UTC.
    assert opportunity.shifts[0].starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert opportunity.shifts[0].ends_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)


def test_header_must_have_the_eight_columns() -> None:
    missing = errors(csv_text(GOOD.rsplit(",", 1)[0], header=HEADER.replace(",capacity", "")))
    assert missing[0] == "line 1: missing column(s): capacity"
    extra = errors(csv_text(GOOD + ",x", header=HEADER + ",contact"))
    assert extra[0] == "line 1: unknown column(s): contact"
    # Columns may come in another order and in capitals.
    reordered = ok(
        csv_text(
            "3," + GOOD.rsplit(",", 1)[0], header="Capacity," + HEADER.upper().rsplit(",", 1)[0]
        )
    )
    assert reordered[0].shifts[0].capacity == 3


def test_a_row_with_too_few_cells_hints_at_the_separator() -> None:
    error = one_error(csv_text(GOOD.replace(",", ";")))
    assert error.line == 2 and "separator" in error.message


def test_over_long_texts_and_titles_over_two_lines_are_refused() -> None:
    long_title = GOOD.replace("Voorlezen op woensdag", "V" * 121)
    error = one_error(csv_text(long_title))
    assert (error.column, error.message) == ("title", "121 characters, at most 120")
    long_description = GOOD.replace("Lees voor aan kinderen", "x" * 1001)
    assert one_error(csv_text(long_description)).column == "description"
    two_lines = GOOD.replace("Voorlezen op woensdag", '"Voorlezen\nop woensdag"')
    assert one_error(csv_text(two_lines)).message == "must be one line"
    assert ok(csv_text(GOOD.replace("Voorlezen op woensdag", "V" * 120)))


def test_ongoing_role_has_no_shift_columns() -> None:
    [role] = ok(csv_text("Welzijn Samen,Taalmaatje,Eén uur per week,Taal,,,,"))
    assert role.kind == "ongoing" and role.shifts == [] and role.location == ""


def test_one_opportunity_cannot_mix_shifts_and_an_ongoing_role() -> None:
    error = one_error(csv_text(GOOD, f"{ORG},Voorlezen op woensdag,,,,,,"))
    assert (error.line, error.column) == (3, "starts_at")
    assert "line 2" in error.message and "either shifts or none" in error.message


def test_later_rows_may_repeat_details_but_not_contradict_them() -> None:
    assert ok(csv_text(GOOD, GOOD.replace("12-02", "12-09")))
    error = one_error(
        csv_text(GOOD, GOOD.replace("12-02", "12-09").replace(",Voorlezen,", ",Taal,"))
    )
    assert (error.line, error.column) == (3, "category") and "differs from line 2" in error.message


def test_empty_and_header_only_files() -> None:
    assert errors(b"") == ["line 1: the file is empty"]
    assert errors(csv_text()) == ["line 2: no rows after the header"]


# -- writing: once, whole, or not at all -----------------------------------------------------------


async def counts(db: Database) -> dict[str, int]:
    found = {}
    async with db.read() as conn:
        for table in ("organisations", "categories", "opportunities", "shifts"):
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
                row = await cur.fetchone()
            found[table] = row[0] if row else 0
    return found


TWO = csv_text(
    GOOD,
    GOOD.replace("12-02", "12-09"),
    "Welzijn Samen,Taalmaatje,Eén uur per week,Taal,,,,",
)


async def test_import_adds_once_and_again_adds_nothing(db_path: Path) -> None:
    async with Database(db_path) as db:
        summary = await write_catalogue(db, ok(TWO), NOW, RULES)
        assert (summary.organisations, summary.categories) == (2, 2)
        assert (summary.opportunities, summary.shifts) == (2, 2)
        assert summary.describe() == (
            "Added 2 organisations, 2 categories, 2 opportunities, 2 shifts."
        )
        again = await write_catalogue(db, ok(TWO), NOW, RULES)
        assert again.nothing_new
        assert again.describe() == (
            "Nothing new, nothing changed: all 2 opportunities and 2 shifts were already there."
        )
        assert await counts(db) == {
            "organisations": 2,
            "categories": 2,
            "opportunities": 2,
            "shifts": 2,
        }
        more = await write_catalogue(db, ok(csv_text(GOOD.replace("12-02", "12-16"))), NOW, RULES)
        assert more.describe() == (
            "Added 0 organisations, 0 categories, 0 opportunities, 1 shift."
            " Already there: 1 opportunity, 0 shifts."
        )


async def test_a_failure_while_writing_leaves_the_database_as_it_was(db_path: Path) -> None:
    async with Database(db_path) as db:
        await write_catalogue(db, ok(csv_text(GOOD)), NOW, RULES)
        before = await counts(db)

        async def break_halfway(conn: aiosqlite.Connection, shift: ShiftRow, shift_id: int) -> None:
            if shift.starts_at.day == 9:
                raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            await write_catalogue(db, ok(TWO), NOW, RULES, on_new_shift=break_halfway)
        assert await counts(db) == before


async def test_a_file_that_contradicts_the_catalogue_writes_nothing(db_path: Path) -> None:
    role = "Welzijn Samen,Taalmaatje,Eén uur per week,Taal,,,,"
    async with Database(db_path) as db:
        await write_catalogue(db, ok(csv_text(role)), NOW, RULES)
        before = await counts(db)
        shifts_now = "Welzijn Samen,Taalmaatje,,Taal,,2026-12-02 14:00,2026-12-02 16:00,3"
        with pytest.raises(CatalogueConflict) as refused:
            await write_catalogue(db, ok(csv_text(GOOD, shifts_now)), NOW, RULES)
        [error] = refused.value.errors
        assert str(error) == (
            "line 3, column starts_at: 'Taalmaatje' of Welzijn Samen is stored already as an"
            " ongoing role; an opportunity has either shifts or none"
        )
        assert await counts(db) == before


def test_the_example_in_the_readme_imports() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    found = ok(example)
    assert [(o.kind, len(o.shifts)) for o in found] == [("episodic", 2), ("ongoing", 0)]


async def test_markup_in_a_title_is_shown_as_text_in_the_chat(harness: BotHarness) -> None:
    row = (
        f"{ORG},Voorlezen <b>extra</b> & meer,Lees <i>voor</i>,Taal,Zaal <1>,"
        "2026-12-02 14:00,2026-12-02 16:00,3"
    )
    await write_catalogue(harness.deps.db, ok(csv_text(row)), harness.now(), RULES)
    for user_id, language in ((301, "nl"), (302, "en")):
        anna = await make_resident(harness, user_id, "Anna", language)
        await anna.send("/find")
        await anna.click(shown_category(anna, "Taal"))
        await anna.click("Voorlezen <b>extra</b>")
        seen = anna.last_text()
        assert "Voorlezen <b>extra</b> & meer" in seen
        assert "Lees <i>voor</i>" in seen and "Zaal <1>" in seen
        assert "&lt;b&gt;" in anna.last()["text"]


def test_the_series_example_in_the_readme_imports() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```csv\n")[2].split("```", 1)[0]
    parsed = parse_catalogue(example.encode(), AMSTERDAM, date(2026, 12, 2))
    assert parsed.errors == []
    # Every Tuesday from 12 January until 29 June; every other Thursday until 24 June.
    assert [len(o.shifts) for o in parsed.opportunities] == [25, 12]
