"""Limits that the chat, the spreadsheet import and the sandbox share: each defined once here.

An opportunity made in the chat and one imported from a spreadsheet follow the same rules, so
an imported text can always be saved again unchanged through /edit.
"""

from __future__ import annotations

# The most places a shift can have, however it was made.
MAX_PLACES = 500

# The longest description and location, in characters: one description fills one message with
# room for the opportunity's details; a location is shown under the title.
MAX_DESCRIPTION = 1000
MAX_LOCATION = 200

# The longest texts of an opportunity, in characters. Buttons clip titles to what fits; the
# full text shows on the opportunity's own screen.
TEXT_LIMITS = {
    "organisation": 100,
    "title": 120,
    "description": MAX_DESCRIPTION,
    "category": 60,
    "location": MAX_LOCATION,
}

# The longest reason a coordinator gives for "not now" on a lead (one line, for their own notes).
MAX_LEAD_REASON = 200

# The longest question a resident sends to a person, and the longest answer a coordinator
# gives, in characters: with what the message says around them, each fits one Telegram message
# even when every character is an emoji (which Telegram counts twice).
MAX_QUESTION = 1000
MAX_ANSWER = 1500

# The longest name of a neighbourhood, typed in the chat or imported from a spreadsheet: it is
# shown on a button and in a line of /settings.
MAX_NEIGHBOURHOOD = 60
