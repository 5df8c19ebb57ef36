"""Every kind of outbox message and the one renderer that turns its row into text and buttons.

The list is explicit: the wiring hands :data:`RENDERERS` to the postman, and a kind that is
planned somewhere but missing here is dropped with the note ``no renderer for <kind>`` (the
tests plan and deliver every kind). Each renderer runs at send time, in the recipient's
language, and drops a row whose reason has gone.
"""

from __future__ import annotations

from bot.outbox import kinds
from bot.outbox.letters import Renderer
from bot.outbox.messages import (
    changes,
    ideas,
    leads,
    maintenance,
    outreach,
    path,
    polls,
    questions,
    reminders,
    series,
    signups,
)

RENDERERS: dict[str, Renderer] = {
    kinds.REMINDER: reminders.render_reminder,
    kinds.THANKS: reminders.render_thanks,
    kinds.PROMOTED: signups.render_promoted,
    kinds.ROLE_INTEREST: signups.render_role_interest,
    kinds.LATE_CANCELLATION: signups.render_late_cancellation,
    kinds.LEAD_REMINDER: leads.render_lead_reminder,
    kinds.SHIFT_MOVED: changes.render_moved,
    kinds.SHIFT_CANCELLED: changes.render_shift_cancelled,
    kinds.OPPORTUNITY_CANCELLED: changes.render_opportunity_cancelled,
    kinds.SERIES_CHANGED: series.render_changed,
    kinds.BROADCAST: outreach.render_broadcast,
    kinds.BROADCAST_SUMMARY: outreach.render_summary,
    kinds.CALL_FOR_HELP: outreach.render_call,
    kinds.ALERT: outreach.render_alert,
    kinds.POLL: polls.render_poll,
    kinds.POLL_CLOSED: polls.render_poll_closed,
    kinds.ERROR_REPORT: maintenance.render_error_report,
    kinds.QUESTION: questions.render_question,
    kinds.QUESTION_ANSWER: questions.render_answer,
    kinds.ANSWER_RECEIPT: questions.render_receipt,
    kinds.IDEA_NEW: ideas.render_new_idea,
    kinds.IDEA_ANSWER: ideas.render_answer,
    kinds.IDEA_STATUS: ideas.render_status,
    kinds.IDEA_PUBLISHED: ideas.render_published,
    kinds.ROLE_SUGGESTION: path.render_role_suggestion,
    kinds.HOURS_MILESTONE: path.render_milestone,
}
