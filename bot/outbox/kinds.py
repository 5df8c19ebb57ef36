"""The kinds of message in the outbox, named once: planners write them, renderers read them."""

from __future__ import annotations

# Planned for one sign-up (bot.outbox.planning).
REMINDER = "reminder"
THANKS = "thanks"
# Sent at once to one person.
PROMOTED = "promoted"  # a waitlist place became a place
ROLE_INTEREST = "role_interest"  # to a coordinator: someone is interested in an ongoing role
LATE_CANCELLATION = "late_cancellation"  # to a coordinator: a volunteer can't come after all
LEAD_REMINDER = "lead_reminder"  # to a coordinator: leads left new for 7 days
SHIFT_MOVED = "notice_shift_moved"
SHIFT_CANCELLED = "notice_shift_cancelled"
OPPORTUNITY_CANCELLED = "notice_opportunity_cancelled"
SERIES_CHANGED = "notice_series_changed"  # once per person for all coming dates of a series
BROADCAST_SUMMARY = "broadcast_summary"
POLL_CLOSED = "poll_closed"  # to a coordinator: their question closed on its day
ERROR_REPORT = "error_report"  # to the administrators: an unexpected error (ids only)
# Sent to many at once. What is due for one person goes before these, so a broadcast to
# thousands, which takes minutes under Telegram's limits, never holds up a message someone is
# waiting for.
BROADCAST = "broadcast"
CALL_FOR_HELP = "call"
ALERT = "alert"
POLL = "poll"  # a question from a coordinator (bot.services.polls)
BULK = frozenset({BROADCAST, CALL_FOR_HELP, ALERT, POLL})
