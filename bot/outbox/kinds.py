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
IDEA_NEW = "idea_new"  # to the coordinators of the network: a resident has an idea
IDEA_ANSWER = "idea_answer"  # to the resident: a coordinator answered their idea
IDEA_STATUS = "idea_status"  # to the resident: their idea is considered, planned or not now
IDEA_PUBLISHED = "idea_published"  # to the resident: their idea became an opportunity
ROLE_SUGGESTION = "role_suggestion"  # to a volunteer: an ongoing role, after their 3rd shift
HOURS_MILESTONE = "hours_milestone"  # to a volunteer: thank you for 10, 25, 50 or 100 hours
ERROR_REPORT = "error_report"  # to the administrators: an unexpected error (ids only)
QUESTION = "question"  # to a coordinator (or administrator): a resident's question, with Reply
QUESTION_ANSWER = "question_answer"  # to the resident: the answer to their question
# To the coordinator who answered: whether the answer arrived. Planned by a trigger on the
# answer's row (bot/store/migrations/0017_questions.sql names both kinds as written here).
ANSWER_RECEIPT = "answer_receipt"
# Sent to many at once. What is due for one person goes before these, so a broadcast to
# thousands, which takes minutes under Telegram's limits, never holds up a message someone is
# waiting for.
BROADCAST = "broadcast"
CALL_FOR_HELP = "call"
ALERT = "alert"
POLL = "poll"  # a question from a coordinator (bot.services.polls)
BULK = frozenset({BROADCAST, CALL_FOR_HELP, ALERT, POLL})
