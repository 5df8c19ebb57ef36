"""Rows behind python-telegram-bot's persistence."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, from_db, to_db


async def conversations(
    name: str, *, conn: aiosqlite.Connection
) -> list[tuple[str, str, datetime | None]]:
    """(key, state, when it was written) of each stored state of one flow."""
    sql = "SELECT key, state, updated_at FROM ptb_conversations WHERE name = ?"
    rows = await fetch_all(conn, sql, (name,))
    return [(row[0], row[1], from_db(row[2]) if row[2] else None) for row in rows]


async def save_conversation(
    name: str, key: str, state: str, now: datetime, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute(
        "INSERT INTO ptb_conversations (name, key, state, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name, key) DO UPDATE SET state = excluded.state,"
        " updated_at = excluded.updated_at",
        (name, key, state, to_db(now)),
    )


async def drop_conversation(name: str, key: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("DELETE FROM ptb_conversations WHERE name = ? AND key = ?", (name, key))


async def drop_conversations_of(user_id: int, *, conn: aiosqlite.Connection) -> None:
    """Keys are JSON lists whose last element is the user id (per_chat + per_user)."""
    await conn.execute("DELETE FROM ptb_conversations WHERE key LIKE ?", (f"%, {user_id}]",))


async def all_user_data(*, conn: aiosqlite.Connection) -> list[tuple[int, str]]:
    return [
        (row[0], row[1]) for row in await fetch_all(conn, "SELECT user_id, data FROM ptb_user_data")
    ]


async def save_user_data(user_id: int, data: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
        (user_id, data),
    )


async def drop_user_data(user_id: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
