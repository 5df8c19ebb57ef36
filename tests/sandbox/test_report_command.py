"""``python -m bot report --quarter 2025Q2 [--out FILE]``: the quarterly report as an operator
makes it, for all organisations, in DEFAULT_LOCALE; a quarter without data gives a report that
says so; a bad quarter names the format (exit 2)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import Database, residents
from bot.store.database import to_db
from tests.support.catalogue import make_opportunity
from tests.support.cli import run_main
from tests.support.files import pdf_text

MAY = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)  # a Saturday, 14:00 in Amsterdam


def flat(text: str) -> str:
    return " ".join(text.split())


async def two_volunteers(path: Path) -> None:
    """One shift of 3 hours in May 2025 that two residents came to."""
    async with Database(path) as db:
        made = await make_opportunity(db, now=MAY, shifts=[(timedelta(0), timedelta(hours=3), 4)])
        async with db.transaction() as conn:
            for user_id in (11, 12):
                await residents.add(
                    user_id, f"R{user_id}", "nl", MAY - timedelta(days=9), conn=conn
                )
                await conn.execute(
                    "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at,"
                    " attendance) VALUES (?, ?, 'confirmed', ?, ?, 'came')",
                    (made.shift_ids[0], user_id, to_db(MAY - timedelta(days=2)), to_db(MAY)),
                )


def test_the_report_of_a_quarter(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("demo") == 0  # a database with coming shifts (nothing in 2025)
    asyncio.run(two_volunteers(operator))
    capsys.readouterr()
    out = tmp_path / "reports" / "q2.pdf"
    assert run_main("report", "--quarter", "2025Q2", "--out", str(out)) == 0
    assert capsys.readouterr().out == f"{out}: the report of 2025Q2.\n"
    text = flat(pdf_text(out.read_bytes()))
    assert "2e kwartaal 2025: 1 april tot en met 30 juni 2025" in text
    assert "Dit kwartaal deden <5 mensen mee als vrijwilliger." in text
    assert "Samen gaven ze 6 uur van hun tijd. Dat is € 90,00 waard, bij € 15,00 per uur." in text
    assert "Bibliotheek Midden <5 6" in text

    # The default file name, in the folder it runs from; another hour value.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("VOLUNTEER_HOUR_VALUE", "10")
        assert run_main("report", "--quarter", "2025q2") == 0
    text = flat(pdf_text((tmp_path / "meedoen-report-2025Q2.pdf").read_bytes()))
    assert "Dat is € 60,00 waard, bij € 10,00 per uur." in text


def test_a_quarter_without_data_gives_a_report_that_says_so(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("report", "--quarter", "2024Q3") == 0
    written = tmp_path / "meedoen-report-2024Q3.pdf"
    assert capsys.readouterr().out == f"{written.name}: the report of 2024Q3.\n"
    text = flat(pdf_text(written.read_bytes()))
    assert "3e kwartaal 2024: 1 juli tot en met 30 september 2024" in text
    assert "Dit kwartaal is er nog niets te tellen" in text
    # A quarter still to come: the same, for the whole quarter.
    assert run_main("report", "--quarter", "2999Q4") == 0
    text = flat(pdf_text((tmp_path / "meedoen-report-2999Q4.pdf").read_bytes()))
    assert "4e kwartaal 2999: 1 oktober tot en met 31 december 2999 alle organisaties" in text
    assert "Dit kwartaal is er nog niets te tellen" in text


@pytest.mark.parametrize("quarter", ["2027Q5", "Q1-2027", "2027", "next"])
def test_a_bad_quarter_names_the_format(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], quarter: str
) -> None:
    assert run_main("report", "--quarter", quarter) == 2
    err = capsys.readouterr().err
    assert f"argument --quarter: {quarter!r} is not a quarter; write it like 2027Q1" in err
    assert list(tmp_path.glob("*.pdf")) == []


def test_without_a_quarter_or_with_a_bad_hour_value(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("report") == 2
    assert "the following arguments are required: --quarter" in capsys.readouterr().err
    monkeypatch.setenv("VOLUNTEER_HOUR_VALUE", "fifteen")
    assert run_main("report", "--quarter", "2025Q2") == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("Setting error: VOLUNTEER_HOUR_VALUE: must be an amount in euros")


def test_a_folder_that_cannot_be_written(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    assert (
        run_main("report", "--quarter", "2025Q2", "--out", str(tmp_path / "a-file" / "r.pdf")) == 1
    )
    assert "cannot write" in capsys.readouterr().err
