"""A long list read a page at a time: how many there are, the page asked for (kept in range)
and its items, read in one go so that the count and the items agree."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
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
    size: int

    def numbered(self) -> list[tuple[int, T]]:
        """The items with their number in the whole list, counted from 1."""
        return list(enumerate(self.items, self.page * self.size + 1))


def in_range(page: int, total: int, size: int) -> tuple[int, int]:
    """The page to show of ``total`` items (the nearest one there is) and how many pages."""
    pages = max(1, -(-total // size))
    return min(max(page, 0), pages - 1), pages


def page_of(items: Sequence[T], page: int, size: int) -> Page[T]:
    """Page ``page`` (from 0) of ``size`` items of a list that is read whole."""
    page, pages = in_range(page, len(items), size)
    return Page(list(items[page * size : (page + 1) * size]), page, pages, len(items), size)


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
        page, pages = in_range(page, total, size)
        items = await fetch(conn, page * size, size)
    return Page(items, page, pages, total, size)
