"""``python -m bot neighbourhoods FILE``: the neighbourhoods of the area from a spreadsheet, one
name a row. A bad row names its line and column, and then nothing of the file is written; a
name twice (in the file, or there already) is one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.catalogue.neighbourhood_file import column_letter, parse_neighbourhoods
from tests.support.cli import run_main


def names_in(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM neighbourhoods ORDER BY id")]


def excel(path: Path, *rows: str) -> Path:
    """A file as Dutch Excel saves it: a BOM, CRLF (and semicolons, where a row has them)."""
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    return path


def test_a_header_empty_rows_quotes_and_names_twice() -> None:
    text = 'Wijk\r\nOost\r\n\r\n;\r\n"Noord; bij de haven"\r\n  oost  \r\n"Oud\r\nWest"\r\n'
    parsed = parse_neighbourhoods(text.encode("utf-8-sig"))
    assert parsed.errors == []
    assert parsed.names == ["Oost", "Noord; bij de haven", "Oud West"]
    assert parsed.doubled == 1
    # Without a header the first row is a name.
    assert parse_neighbourhoods("Centrum\nZuid\n").names == ["Centrum", "Zuid"]


def test_every_bad_row_is_named_with_its_line_and_column() -> None:
    long = "x" * 61
    text = f"neighbourhood,\nOost\n{long}\nWest,Noord\n,Zuid\nCentrum\n"
    parsed = parse_neighbourhoods(text)
    assert parsed.names == []
    assert [str(e) for e in parsed.errors] == [
        f"line 3, column A: '{long}' is 61 characters; at most 60",
        "line 4, column B: 'Noord': one name a row, in column A (a name with a comma or "
        "semicolon goes in quotes, as Excel writes it)",
        "line 5, column B: 'Zuid': one name a row, in column A (a name with a comma or "
        "semicolon goes in quotes, as Excel writes it)",
    ]


def test_a_file_that_is_not_text_or_empty() -> None:
    [error] = parse_neighbourhoods(b"Oost\nW\xe9st\n").errors
    assert (error.line, error.column) == (2, None) and "not UTF-8" in error.message
    assert [str(e) for e in parse_neighbourhoods(b"").errors] == ["line 1: the file is empty"]
    assert [str(e) for e in parse_neighbourhoods("wijk\n;\n").errors] == [
        "line 1: no names: write one name a row"
    ]


def test_column_letters_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_the_command_adds_them_and_nothing_twice(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = excel(tmp_path / "wijken.csv", "Wijk", "Oost", "West", "<b>Zuid</b> & co", "WEST")
    assert run_main("neighbourhoods", str(file)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{file}: 3 neighbourhood(s) added, 0 already there.",
        f"{file}: note: 1 name(s) came twice in the file; each is added once.",
    ]
    assert names_in(operator) == ["Oost", "West", "<b>Zuid</b> & co"]
    # Again, with one more: only that one is added.
    more = excel(tmp_path / "meer.csv", "oost", "Noord")
    assert run_main("neighbourhoods", str(more)) == 0
    assert capsys.readouterr().out == f"{more}: 1 neighbourhood(s) added, 1 already there.\n"
    assert names_in(operator) == ["Oost", "West", "<b>Zuid</b> & co", "Noord"]


def test_a_bad_row_and_nothing_of_the_file_is_written(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("neighbourhoods", str(excel(tmp_path / "eerst.csv", "Oost"))) == 0
    capsys.readouterr()
    file = excel(tmp_path / "fout.csv", "Centrum", "Zuid;Noord", "Haven")
    assert run_main("neighbourhoods", str(file)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{file}: line 2, column B: 'Noord': one name a row")
    assert err[-1] == f"{file}: nothing was imported; correct the file and try again."
    assert names_in(operator) == ["Oost"]
    assert run_main("neighbourhoods", str(tmp_path / "weg.csv")) == 1
    assert "weg.csv: cannot read the file" in capsys.readouterr().err
