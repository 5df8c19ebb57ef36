"""The spreadsheet's optional ``themes`` column: Dutch and English names and keys, any case,
accents or not; an unknown theme is an error naming its line and column and nothing of the
file is written; importing again updates the themes, a file without the column leaves them; the
demo carries themes and writes them back in its import file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.catalogue.csv_file import to_csv
from bot.catalogue.demo import demo_catalogue, load_demo
from bot.catalogue.reading import COLUMNS, parse_catalogue
from bot.catalogue.writing import write_catalogue
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.services import themes
from bot.store import Database
from tests.support.cli import run_main
from tests.support.people import make_resident
from tests.support.spreadsheet import GOOD, HEADER, ORG, csv_text, ok, parse

RULES = Rules()
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Amsterdam")
WITH_THEMES = HEADER + ",themes"
TITLE = "Voorlezen op woensdag"
ROLE = f"{ORG},Taalmaatje,Praten met iemand die Nederlands leert,Taal,,,,"


def later(row: str) -> str:
    """The same opportunity a week later (a second shift)."""
    return row.replace("2026-12-02", "2026-12-09")


async def stored_themes(db: Database) -> dict[str, set[str]]:
    async with db.read() as conn:
        sql = (
            "SELECT o.title, t.theme FROM opportunities o"
            " JOIN opportunity_themes t ON t.opportunity_id = o.id"
        )
        async with conn.execute(sql) as cur:
            rows = await cur.fetchall()
    found: dict[str, set[str]] = {}
    for title, key in rows:
        found.setdefault(title, set()).add(key)
    return found


def test_names_in_dutch_and_english_and_keys_in_any_case_with_or_without_accents() -> None:
    rows = [
        f'{GOOD},"Meedoen; GEZONDHEID"',
        f"{later(GOOD)},",  # a later row may leave it empty
        f"{ROLE},Own Strength/persoonlijke ontwikkeling",
        f"{ORG},Koffie,Koffie schenken,Ontmoeten,,,,,taking_part;gezondhéid",
        f"{ORG},Bestuur,Vergaderen,Bestuur,,,,,",
        f'{ORG},Wandelen,Samen wandelen,Buiten,,,,,"  health ,  Eigen  Kracht "',
    ]
    found = {o.title: o.themes for o in ok(csv_text(*rows, header=WITH_THEMES))}
    assert found == {
        TITLE: ("taking_part", "health"),
        "Taalmaatje": ("own_strength", "development"),
        "Koffie": ("taking_part", "health"),
        "Bestuur": (),
        "Wandelen": ("own_strength", "health"),
    }
    # Without the column the file says nothing about themes (and stored ones stay).
    [without] = ok(csv_text(GOOD))
    assert without.themes is None
    # The column may stand anywhere, and Dutch Excel's semicolons work too.
    header = "themes;" + HEADER.replace(",", ";")
    [moved] = ok(csv_text("gezondheid;" + GOOD.replace(",", ";"), header=header))
    assert moved.themes == ("health",)


def test_an_unknown_theme_or_another_than_the_first_row_names_line_and_column() -> None:
    parsed = parse(
        csv_text(
            f"{GOOD},meedoen",
            f"{later(GOOD)},gezondheid",  # the first row said meedoen
            f'{ROLE},"sport; meedoen; voetbal, dammen"',
            f"{ORG},Lang,x,Taal,,,,,{'<b>&' * 2000}",
            header=WITH_THEMES,
        )
    )
    assert parsed.opportunities == []
    errors = [str(e) for e in parsed.errors]
    assert errors[0] == (
        "line 3, column themes: differs from line 2 for the same opportunity;"
        " leave it empty or write the same"
    )
    assert errors[1].startswith(
        "line 4, column themes: 'sport' is not a theme (nor 2 more); write meedoen,"
    )
    assert "eigen kracht, gezondheid, persoonlijke ontwikkeling" in errors[1]
    assert errors[2].startswith("line 5, column themes: '<b>&<b>&")
    assert len(errors[2]) < 250  # the 8000 characters are not quoted back
    assert len(errors) == 3


def test_a_file_with_a_bad_theme_is_not_imported_at_all(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "aanbod.csv"

    def save(*rows: str) -> str:
        sheet.write_text("\r\n".join([WITH_THEMES, *rows]) + "\r\n", encoding="utf-8-sig")
        return str(sheet)

    def stored() -> list[tuple[str, str]]:
        with sqlite3.connect(operator) as conn:
            sql = (
                "SELECT o.title, t.theme FROM opportunities o"
                " LEFT JOIN opportunity_themes t ON t.opportunity_id = o.id ORDER BY o.title"
            )
            return conn.execute(sql).fetchall()

    assert run_main("import", save(f"{GOOD},meedoen")) == 0
    assert stored() == [(TITLE, "taking_part")]
    capsys.readouterr()
    # The next sheet changes the theme and adds a role, but names a theme that is not one.
    assert run_main("import", save(f"{GOOD},gezondheid", f"{ROLE},Sport en spel")) == 1
    said = capsys.readouterr().err
    assert "line 3, column themes: 'Sport en spel' is not a theme" in said
    assert "nothing was imported" in said
    assert stored() == [(TITLE, "taking_part")]
    # Corrected, all of it is imported.
    assert run_main("import", save(f"{GOOD},gezondheid", f"{ROLE},Persoonlijke ontwikkeling")) == 0
    assert stored() == [("Taalmaatje", "development"), (TITLE, "health")]


async def test_importing_again_updates_the_themes_and_a_file_without_them_leaves_them(
    harness: BotHarness,
) -> None:
    db = harness.deps.db

    async def write(text: str) -> str:
        return (await write_catalogue(db, ok(text), harness.now(), RULES)).describe()

    await write(csv_text(f"{GOOD},meedoen", f"{later(GOOD)},", header=WITH_THEMES))
    assert await stored_themes(db) == {TITLE: {"taking_part"}}
    said = await write(csv_text(f"{GOOD},gezondheid; meedoen", header=WITH_THEMES))
    assert "Updated 1 opportunity, 0 shifts." in said
    assert await stored_themes(db) == {TITLE: {"taking_part", "health"}}
    # The same again changes nothing; a sheet without the column leaves the themes.
    said = await write(csv_text(f"{GOOD},Health;taking part", header=WITH_THEMES))
    assert said.startswith("Nothing new, nothing changed")
    assert (await write(csv_text(GOOD))).startswith("Nothing new, nothing changed")
    assert await stored_themes(db) == {TITLE: {"taking_part", "health"}}
    # An empty cell on the first row takes them away, as an empty description would.
    assert "Updated 1 opportunity" in await write(csv_text(f"{GOOD},", header=WITH_THEMES))
    assert await stored_themes(db) == {}
    await write(csv_text(f"{GOOD},eigen kracht", header=WITH_THEMES))

    # Residents find it under its theme.
    anna = await make_resident(harness, 501, "Anna", "nl")
    await anna.send("/find")
    await anna.click("🎯 Op thema")
    assert "💪 Eigen kracht (1)" in anna.buttons()
    await anna.click("Eigen kracht")
    await anna.click(TITLE)
    assert "🎯 Eigen kracht" in anna.last_text()


async def test_every_theme_key_is_one_the_database_takes(db_path: Path) -> None:
    """The fixed list of the code and the migration's check agree."""
    async with Database(db_path) as db:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO organisations (id, name) VALUES (1, 'A')")
            await conn.execute("INSERT INTO categories (id, name) VALUES (1, 'B')")
            await conn.execute(
                "INSERT INTO opportunities (organisation_id, category_id, title, kind,"
                " created_at) VALUES (1, 1, 'C', 'ongoing', '2026-01-01T00:00:00Z')"
            )
            for key in themes.KEYS:
                await conn.execute("INSERT INTO opportunity_themes VALUES (1, ?)", (key,))
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO opportunity_themes VALUES (1, 'sport')")
    assert len(themes.KEYS) == 4


async def test_the_demo_carries_themes_and_writes_them_back(db_path: Path) -> None:
    demo = demo_catalogue(NOW, ZONE)
    assert all(o.themes for o in demo)
    assert {key for o in demo for key in o.themes or ()} == set(themes.KEYS)
    text = to_csv(demo, ZONE)
    assert text.startswith(";".join(COLUMNS) + ";themes\r\n")
    assert ';"meedoen; persoonlijke ontwikkeling"\r\n' in text
    parsed = parse_catalogue(text.encode("utf-8-sig"), ZONE)
    assert parsed.errors == []
    assert [(o.title, o.themes) for o in parsed.opportunities] == [
        (o.title, o.themes) for o in demo
    ]
    async with Database(db_path) as db:
        await load_demo(db, NOW, RULES)
        stored = await stored_themes(db)
        assert len(stored) == len(demo)
        assert stored["Taalmaatje"] == {"taking_part", "development"}
        again = await write_catalogue(db, parsed.opportunities, NOW, RULES)
        assert again.nothing_changed


async def test_themes_and_translations_in_one_file(harness: BotHarness) -> None:
    """Both optional columns of the two features: read together, each error named, written
    back together, and a change of either alone counts as an update."""
    header = WITH_THEMES + ",title_en"
    [item] = ok(csv_text(f"{GOOD},meedoen; gezondheid,Reading aloud", header=header))
    assert item.themes == ("taking_part", "health")
    assert item.translations == {("en", "title"): "Reading aloud"}
    parsed = parse(csv_text(f"{GOOD},sport,Reading aloud", header=header + ",title_fr"))
    assert [str(e) for e in parsed.errors] == [
        "line 1, column title_fr: unknown language 'fr'; the languages are nl, en, ar, tr, pl, "
        "uk (e.g. title_en)"
    ]
    parsed = parse(csv_text(f"{GOOD},sport,Reading aloud", header=header))
    assert [e.column for e in parsed.errors] == ["themes"]

    text = to_csv([item], ZONE)
    assert text.splitlines()[0] == ";".join([*COLUMNS, "themes", "title_en"])
    [again] = ok(text.encode("utf-8"))
    assert (again.themes, again.translations) == (item.themes, item.translations)

    db = harness.deps.db
    assert (await write_catalogue(db, [item], harness.now(), RULES)).opportunities == 1
    for row in (f"{GOOD},meedoen,Reading aloud", f"{GOOD},meedoen,Reading to children"):
        file = ok(csv_text(row, header=header))
        assert (await write_catalogue(db, file, harness.now(), RULES)).opportunities_updated == 1
    assert (await write_catalogue(db, file, harness.now(), RULES)).nothing_changed
    assert await stored_themes(db) == {TITLE: {"taking_part"}}
