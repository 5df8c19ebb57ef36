"""A question's results as the coordinator reads them: a short text, and a chart.

Counts per answer button (per group when split), the average of a score, written answers as a
list (a name only when the question said names are seen), and how many got it, answered or
could not be reached. A long list stops before Telegram's limit and points to the CSV file.
"""

from __future__ import annotations

from datetime import datetime

from babel.numbers import format_decimal

from bot.files import poll_chart
from bot.i18n import Translator, telegram_length
from bot.outbox.messages.polls import last_day
from bot.services import polls
from bot.services.poll_results import GROUP_NAMES, GROUP_WORDS, Question, Results
from conversations.coordinator.audience_screens import audience_line
from conversations.ui.labels import clip
from conversations.ui.replying import esc

LIMIT = 3700  # of the 4096 Telegram counts (tags and escapes too), with room for the last lines
MAX_WRITTEN = 300  # characters of one written answer shown here (all of it is in the CSV)


class _Lines:
    """Lines of the text; those that would pass the limit are counted instead."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.left_out = 0

    def add(self, *lines: str, optional: bool = False) -> None:
        for line in lines:
            if optional and (self.left_out or self.size + telegram_length(line + "\n") > LIMIT):
                self.left_out += 1
                continue
            self.lines.append(line)
            self.size += telegram_length(line + "\n")


def _heading(t: Translator, results: Results, now: datetime) -> list[str]:
    poll = results.poll
    if poll.kind == polls.QUESTIONNAIRE:
        title = t._("📋 <b>The five questions</b>")
    else:
        title = f"❓ <b>{esc(poll.question)}</b>"
    who = (
        audience_line(t, results.audience, results.audience_name)
        if results.audience is not None
        else "?"
    )
    if poll.closed_at is not None:
        state = t._("🔒 Closed on {date}.").format(date=t.short_date(poll.closed_at))
    elif poll.closes_at is not None and not poll.is_open(now):
        state = t._("🔒 Closed on {date}.").format(date=last_day(t, poll.closes_at))
    elif poll.closes_at is not None:
        state = t._("🟢 Open until {date}.").format(date=last_day(t, poll.closes_at))
    else:
        state = t._("🟢 Open until you close it.")
    sent = poll.delivery
    lines = [
        title,
        t._("Asked on {date} to {who}.").format(date=t.short_date(poll.created_at), who=who),
        state + " " + (t._("👤 With names.") if poll.named else t._("🙈 Anonymous.")),
        "",
        t._("📨 Delivered: {n}").format(n=sent.delivered),
    ]
    if sent.to_go:
        lines.append(t._("⏳ Still to go: {n}").format(n=sent.to_go))
    lines.append(t._("🚫 Could not be reached: {n}").format(n=sent.unreachable))
    if sent.not_sent:
        lines.append(t._("Not sent (closed first, or they left): {n}").format(n=sent.not_sent))
    lines.append(t._("✍️ Answered: {n}").format(n=results.respondents))
    return lines


def _split(t: Translator, results: Results, question: Question, index: int) -> str:
    """`` (🙌 3 · 🧑‍💼 2)``: one answer's count per group, when the results are split."""
    if not results.split:
        return ""
    parts = [
        f"{t._(GROUP_NAMES[g]).split(' ')[0]} {question.counts.get(g, [0] * (index + 1))[index]}"
        for g in results.groups
    ]
    return f" ({' · '.join(parts)})"


def _counted(t: Translator, out: _Lines, results: Results, question: Question) -> None:
    poll = results.poll
    if poll.kind == polls.SCALE:
        average = question.average()
        if average is None:
            out.add(t._("No answers yet."))
            return
        shown = format_decimal(round(average, 1), format="0.0", locale=t.locale)
        total = sum(question.column(i) for i in range(5))
        out.add(
            t.ngettext(
                "⭐ Average: {average} (from {n} answer)",
                "⭐ Average: {average} (from {n} answers)",
                total,
            ).format(average=shown, n=total)
        )
        labels = [str(n) for n in range(1, 6)]
    else:
        labels = [esc(option) for option in poll.options]
    for index, label in enumerate(labels):
        split = _split(t, results, question, index)
        out.add(f"• {label}: {question.column(index)}{split}")


def _written(t: Translator, out: _Lines, results: Results, question: Question) -> None:
    if not question.total() and not sum(question.skipped.values()):
        out.add(t._("No answers yet."))
        return
    for group in results.groups:
        written = question.written.get(group, [])
        skipped = question.skipped.get(group, 0)
        if results.split:
            out.add(
                f"<u>{t._(GROUP_NAMES[group])}</u>: "
                + t.ngettext("{n} answer", "{n} answers", len(written)).format(n=len(written))
                + (", " + t._("{n} skipped").format(n=skipped) if skipped else "")
            )
        elif skipped:
            out.add(t._("{n} skipped").format(n=skipped))
        for text, name in written:
            line = f"• “{esc(clip(text, MAX_WRITTEN))}”"
            out.add(line + (f" — {esc(name)}" if name else ""), optional=True)


def results_text(t: Translator, results: Results, now: datetime) -> str:
    out = _Lines()
    out.add(*_heading(t, results, now))
    poll = results.poll
    for question in results.questions:
        out.add("")
        if poll.kind == polls.QUESTIONNAIRE:
            out.add(f"<b>{question.step + 1}. {esc(t._(question.text))}</b>")
        else:
            out.add(t._("<b>Answers</b>"))
        if poll.kind in (polls.CHOICE, polls.SCALE):
            _counted(t, out, results, question)
        else:
            _written(t, out, results, question)
    if out.left_out:
        more = t.ngettext(
            "…and {n} more answer: see the spreadsheet (CSV).",
            "…and {n} more answers: see the spreadsheet (CSV).",
            out.left_out,
        ).format(n=out.left_out)
        out.lines += ["", more]
    return "\n".join(out.lines)


def chart_png(t: Translator, results: Results) -> bytes:
    """The answers to a question with buttons or a score, as bars (stacked by group)."""
    poll = results.poll
    question = results.questions[0]
    labels = [str(n) for n in range(1, 6)] if poll.kind == polls.SCALE else poll.options
    if results.split:
        series = [
            (t._(GROUP_WORDS[g]), question.counts.get(g, [0] * len(labels))) for g in results.groups
        ]
    else:
        series = [(t._("Answers"), [question.column(i) for i in range(len(labels))])]
    return poll_chart.bars_png(poll.question, labels, series, t._("Number of answers"))
