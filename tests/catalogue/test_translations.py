"""Translations in the spreadsheet: ``title_<lang>`` and ``description_<lang>`` columns are read,
checked like the originals (a bad one names its line and column, and nothing of the file is
written), updated by a new import, and written back by the example file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.catalogue.csv_file import to_csv
from bot.catalogue.reading import COLUMNS
from bot.catalogue.writing import write_catalogue
from bot.outbox.timing import Rules
from bot.store import Database
from tests.support.cli import run_main
from tests.support.clock import AMSTERDAM
from tests.support.spreadsheet import GOOD, csv_text, ok, parse

RULES = Rules()
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TITLE = "Voorlezen op woensdag"  # GOOD's title
HEADER = ",".join([*COLUMNS, "title_en", "description_ar"])
LATER = GOOD.replace("12-02", "12-09")  # a second shift of the same opportunity


def translated(title_en: str = "Reading aloud", description_ar: str = "اقرأ للأطفال") -> str:
    return f'{GOOD},"{title_en}",{description_ar}'


async def stored(db: Database) -> list[tuple[str, str | None, str | None]]:
    async with db.read() as conn:
        async with conn.execute(
            "SELECT language, title, description FROM opportunity_translations ORDER BY language"
        ) as cur:
            return [tuple(row) for row in await cur.fetchall()]  # type: ignore[misc]


def test_translation_columns_are_read_by_language_and_field() -> None:
    [item] = ok(csv_text(translated(), f"{LATER},,", header=HEADER))
    assert item.translations == {
        ("en", "title"): "Reading aloud",
        ("ar", "description"): "اقرأ للأطفال",
    }
    assert len(item.shifts) == 2  # a later row may leave them empty


@pytest.mark.parametrize(
    ("header", "row", "where", "says"),
    [
        # An unknown language: the header line and the column.
        (f"{HEADER},title_xx", f"{translated()},x", (1, "title_xx"), "unknown language 'xx'"),
        (f"{HEADER},description_english", f"{translated()},x", (1, "description_english"), "en"),
        # Too long, or a title on two lines: the row's line and the column.
        (HEADER, translated(title_en="x" * 121), (2, "title_en"), "121 characters, at most 120"),
        (HEADER, translated(description_ar="ي" * 1001), (2, "description_ar"), "at most 1000"),
        (HEADER, translated(title_en="two\nlines"), (2, "title_en"), "must be one line"),
    ],
)
def test_a_bad_translation_names_its_line_and_column(
    header: str, row: str, where: tuple[int, str], says: str
) -> None:
    parsed = parse(csv_text(row, header=header))
    assert parsed.opportunities == []
    [error] = parsed.errors
    assert (error.line, error.column) == where
    assert says in error.message
    assert str(error).startswith(f"line {where[0]}, column {where[1]}:")


def test_a_later_row_that_translates_otherwise_is_an_error() -> None:
    parsed = parse(csv_text(translated(), f"{LATER},Reading,", header=HEADER))
    [error] = parsed.errors
    assert (error.line, error.column) == (3, "title_en")
    assert "differs from line 2" in error.message


def test_a_bad_language_column_writes_nothing_of_the_file(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "goed.csv"
    good.write_text(csv_text(translated(), header=HEADER), encoding="utf-8")
    assert run_main("import", str(good)) == 0
    before = _tables(operator)
    bad = tmp_path / "fout.csv"
    other = translated().replace(TITLE, "Iets nieuws")
    bad.write_text(csv_text(other, header=f"{HEADER},title_fr"), encoding="utf-8")
    capsys.readouterr()
    assert run_main("import", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}: line 1, column title_fr: unknown language 'fr'")
    assert err[-1] == f"{bad}: nothing was imported; correct the file and try again."
    assert _tables(operator) == before


def _tables(path: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("opportunities", "shifts", "opportunity_translations")
        ]


async def test_a_new_import_updates_removes_and_leaves_translations(tmp_path: Path) -> None:
    async with Database(tmp_path / "db.sqlite3") as db:
        first = await write_catalogue(db, ok(csv_text(translated(), header=HEADER)), NOW, RULES)
        assert first.opportunities == 1
        assert await stored(db) == [("ar", None, "اقرأ للأطفال"), ("en", "Reading aloud", None)]

        # A corrected English title updates the opportunity; the same file again changes nothing.
        file = ok(csv_text(translated(title_en="Reading to children"), header=HEADER))
        assert (await write_catalogue(db, file, NOW, RULES)).opportunities_updated == 1
        assert (await write_catalogue(db, file, NOW, RULES)).nothing_changed
        assert ("en", "Reading to children", None) in await stored(db)

        # An empty cell removes that translation; a file without the column leaves it alone.
        emptied = translated(title_en="Reading to children", description_ar="")
        emptied_file = ok(csv_text(emptied, header=HEADER))
        assert (await write_catalogue(db, emptied_file, NOW, RULES)).opportunities_updated == 1
        assert await stored(db) == [("en", "Reading to children", None)]
        await write_catalogue(db, ok(csv_text(GOOD)), NOW, RULES)
        assert await stored(db) == [("en", "Reading to children", None)]


def test_the_example_file_writes_translations_back() -> None:
    items = ok(csv_text(translated(), f"{LATER},,", header=HEADER))
    text = to_csv(items, AMSTERDAM)
    assert text.splitlines()[0].endswith(";title_en;description_ar")
    again = ok(text.encode("utf-8"))
    assert again[0].translations == items[0].translations
    assert [s.starts_at for s in again[0].shifts] == [s.starts_at for s in items[0].shifts]


def test_the_translation_example_in_the_readme_imports() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```csv\n")[3].split("```", 1)[0]
    [item] = ok(example.encode())
    assert item.translations[("en", "title")] == "Language buddy"
