"""An opportunity's title and description in other languages, and the one rule for reading them.

A reader sees the translation into their language where one is stored, else the original
(:func:`localised`): every read that shows an opportunity to a resident selects its title and
description through it, with the reader's language as a query parameter, or, for rows that
belong to a resident (their sign-ups, their "every week", their interest), the language of that
resident (:func:`language_of`). Coordinators read the originals: their reads pass no language.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.store.database import fetch_all

FIELDS = ("title", "description")


def localised(column: str, opportunity: str, language: str) -> str:
    """SQL for an opportunity's ``column`` (title or description) in a language: the stored
    translation, else the original. ``opportunity`` is the alias of the opportunities table in
    the query; ``language`` an SQL expression (``:language``, ``?``, ``r.language``), where
    NULL means the original."""
    if column not in FIELDS:
        raise ValueError(f"{column!r} has no translations")
    return (
        f"COALESCE((SELECT x.{column} FROM opportunity_translations x"
        f" WHERE x.opportunity_id = {opportunity}.id AND x.language = {language}),"
        f" {opportunity}.{column})"
    )


def language_of(resident_column: str) -> str:
    """SQL for the language of the resident whose id is in ``resident_column`` (NULL: none)."""
    return f"(SELECT language FROM residents WHERE id = {resident_column})"


@dataclass(frozen=True)
class Translation:
    """One language's texts of an opportunity; None: that one shows the original."""

    language: str
    title: str | None
    description: str | None


async def of_opportunity(
    opportunity_id: int, *, conn: aiosqlite.Connection
) -> dict[str, Translation]:
    """The opportunity's translations by language."""
    rows = await fetch_all(
        conn,
        "SELECT language, title, description FROM opportunity_translations"
        " WHERE opportunity_id = ? ORDER BY language",
        (opportunity_id,),
    )
    return {r[0]: Translation(r[0], r[1], r[2]) for r in rows}


async def set_text(
    opportunity_id: int,
    language: str,
    field: str,
    text: str | None,
    *,
    conn: aiosqlite.Connection,
) -> bool:
    """Store (or, with None, remove) one translated field; whether anything changed."""
    if field not in FIELDS:
        raise ValueError(f"{field!r} has no translations")
    if text is None:
        cursor = await conn.execute(
            f"UPDATE opportunity_translations SET {field} = NULL"
            f" WHERE opportunity_id = ? AND language = ? AND {field} IS NOT NULL",
            (opportunity_id, language),
        )
        await conn.execute(
            "DELETE FROM opportunity_translations WHERE opportunity_id = ? AND language = ?"
            " AND title IS NULL AND description IS NULL",
            (opportunity_id, language),
        )
        return cursor.rowcount == 1
    cursor = await conn.execute(
        f"INSERT INTO opportunity_translations (opportunity_id, language, {field})"
        " VALUES (?, ?, ?) ON CONFLICT (opportunity_id, language)"
        f" DO UPDATE SET {field} = excluded.{field} WHERE {field} IS NOT excluded.{field}",
        (opportunity_id, language, text),
    )
    return cursor.rowcount == 1


async def set_texts(
    opportunity_id: int,
    texts: dict[tuple[str, str], str | None],
    *,
    conn: aiosqlite.Connection,
) -> bool:
    """Several fields at once, keyed (language, field); whether any of them changed."""
    changed = False
    for (language, field), text in sorted(texts.items()):
        changed |= await set_text(opportunity_id, language, field, text, conn=conn)
    return changed


async def remove(opportunity_id: int, language: str, *, conn: aiosqlite.Connection) -> bool:
    """One language's translation gone; whether there was one."""
    cursor = await conn.execute(
        "DELETE FROM opportunity_translations WHERE opportunity_id = ? AND language = ?",
        (opportunity_id, language),
    )
    return cursor.rowcount == 1
