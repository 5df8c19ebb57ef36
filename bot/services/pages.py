"""A long list read a page at a time: how many there are, the page asked for (kept in range)
and its items, read in one go so that the count and the items agree."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import aiosqlite

from bot.store import Database

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    pages: int
    total: int


async def read_page(
    db: Database,
    page: int,
    size: int,
    *,
    count: Callable[[aiosqlite.Connection], Awaitable[int]],
    fetch: Callable[[aiosqlite.Connection, int, int], Awaitable[list[T]]],
) -> Page[T]:
    """Page ``page`` (from 0) of ``size`` items: ``count(conn)`` says how many there are,
    ``fetch(conn, offset, limit)`` reads them."""
    async with db.read() as conn:
        total = await count(conn)
        pages = max(1, -(-total // size))
        page = min(max(page, 0), pages - 1)
        items = await fetch(conn, page * size, size)
    return Page(items, page, pages, total)
