"""A coordinator translates an opportunity's title and description for the readers of another
language (/edit's "🌐 Translation" step), or removes a translation.

A translation follows the original's rules: the same limits, trimmed, a title on one line
(:func:`bot.services.publishing.clean_text`); only an open opportunity of the person's own
organisation can be translated. Residents read it from then on wherever the opportunity is
shown (:mod:`bot.store.translations`); coordinators keep seeing the original.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import SUPPORTED_LOCALES
from bot.services.publishing import Invalid, clean_text, managed_opportunity
from bot.services.roles import Role
from bot.store import Database
from bot.store import translations as store
from bot.store.managing import OpportunityRow
from bot.store.translations import FIELDS, Translation

log = logging.getLogger(__name__)

__all__ = ["FIELDS", "Translation"]


@dataclass(frozen=True)
class Translated:
    """An opportunity (the original) with its translations by language."""

    row: OpportunityRow
    languages: dict[str, Translation]


def _checked(language: str, field: str | None = None) -> None:
    if language not in SUPPORTED_LOCALES or (field is not None and field not in FIELDS):
        raise Invalid("missing")


async def of_opportunity(db: Database, role: Role, opportunity_id: int) -> Translated:
    """The original and its translations, for a coordinator of its organisation."""
    async with db.read() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "translate")
        return Translated(found, await store.of_opportunity(opportunity_id, conn=conn))


async def translate(
    db: Database, role: Role, opportunity_id: int, language: str, field: str, text: str
) -> None:
    """Store the title or description in ``language``; raises Invalid ('empty', 'too_long',
    'closed', 'missing') and changes nothing then."""
    _checked(language, field)
    cleaned = clean_text(text, field)
    async with db.transaction() as conn:
        found = await managed_opportunity(conn, role, opportunity_id, "translate")
        if found.status != "open":
            raise Invalid("closed")
        await store.set_text(opportunity_id, language, field, cleaned, conn=conn)
    log.info(
        "user %s translated the %s of opportunity %s into %s",
        role.user_id,
        field,
        opportunity_id,
        language,
    )


async def remove(db: Database, role: Role, opportunity_id: int, language: str) -> bool:
    """The translation into ``language`` gone (title and description); whether there was one."""
    _checked(language)
    async with db.transaction() as conn:
        await managed_opportunity(conn, role, opportunity_id, "translate")
        gone = await store.remove(opportunity_id, language, conn=conn)
    log.info("user %s removed a translation of opportunity %s", role.user_id, opportunity_id)
    return gone
