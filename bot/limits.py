"""Limits that the chat, the spreadsheet import and the sandbox share: each defined once here.

A limit that only one of them has stays with it (the chat's shorter titles, which must fit on
a button with a time next to them, live in ``bot.services.publishing``; the import's in
``bot.catalogue.reading``).
"""

from __future__ import annotations

# The most places a shift can have, however it was made.
MAX_PLACES = 500

# The longest description and location, in characters: one description fills one message with
# room for the opportunity's details; a location is shown under the title.
MAX_DESCRIPTION = 1000
MAX_LOCATION = 200
