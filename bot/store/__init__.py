"""Storage on SQLite through aiosqlite: migrations, transactions and one module per table group.

Every function takes the connection as the keyword argument ``conn`` so that a service can run
several of them in one transaction.
"""

from bot.store.database import Database, from_db, to_db

__all__ = ["Database", "from_db", "to_db"]
