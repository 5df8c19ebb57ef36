"""The repeating jobs and what happens at start: the outbox's delivery and broadcast progress.

* One :class:`~bot.outbox.postman.Postman` per application (one lock): the repeating job, a kick
  after a sign-up and the run that follows a due time never send side by side, so never twice.
* Sending goes through ``application.bot``, so through the rate limiter: it spaces the messages
  to Telegram's 30 a second and waits out a 429's ``retry_after`` (a few times). The postman
  hands it a batch of 30 at a time, enough to keep it busy and no more, so the two do not fight.
  A 429 that still escapes goes back to the outbox with its ``retry_after`` (not lost, not
  counted as a failed attempt).
* After a start the plans of upcoming sign-ups are brought in line with the settings, in the
  background (:func:`replan`), and the first delivery looks at what became due while the bot was
  down (the renderers drop what went stale).
* A stop (SIGTERM) ends a long delivery after the batch in flight; the rest stays queued.
* Every hour, leads for ongoing roles left new for 7 days remind their coordinators, once
  (:func:`bot.services.leads.remind_waiting`; the reminder goes through the outbox).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Update
from telegram.ext import Application

from bot.deps import Deps
from bot.outbox import planning
from bot.services import broadcasts, housekeeping, leads, polls
from bot.wiring.processor import PerPersonUpdateProcessor
from bot.wiring.sender import TelegramSender
from conversations.coordinator import broadcast_progress
from conversations.ui.context import Context

log = logging.getLogger(__name__)

OUTBOX_JOB = "outbox"
NEXT_JOB = "outbox-next"
NOW_JOB = "outbox-now"
INTERVAL_SECONDS = 10.0
AFTER_START_JOB = "after-start"
PRUNE_JOB = "prune"
CHECKPOINT_JOB = "checkpoint"
CHECKPOINT_INTERVAL = 5.0  # seconds: the write-ahead log stays small, no writer waits for it
PRUNE_INTERVAL = 24 * 60 * 60.0
PRUNE_FIRST = 10 * 60.0  # not in the rush of a start
LEADS_JOB = "lead-reminders"
LEADS_INTERVAL = 60 * 60.0  # a lead is reminded of within the hour it has waited 7 days
LEADS_FIRST = 5 * 60.0
REPLAN_BATCH = 10  # sign-ups re-planned in one transaction: the lock is held a few ms
# Before each batch the re-plan lets the screens being made finish, waiting this long at most
# (so that it goes on under a steady stream of people too).
PEOPLE_FIRST_SECONDS = 0.1
BATCH = 30  # one second of Telegram's overall limit: the rate limiter, not the postman, paces


async def deliver(context: Context) -> None:
    """The job: send what is due now, a batch at a time, then make sure the next due row is not
    late. When the bot stops, it stops after the batch in flight: the rest stays queued."""
    application = context.application
    report = await context.deps.postman.deliver_due(
        TelegramSender(context.bot), keep_going=lambda: application.running
    )
    if report.handled:
        log.info(
            "outbox: %s sent, %s dropped, %s blocked, %s retried, %s rate-limited, %s failed",
            report.sent,
            report.dropped,
            report.blocked,
            report.retried,
            report.rate_limited,
            report.failed,
        )
    await _plan_next_run(context)


async def _plan_next_run(context: Context) -> None:
    """A row due before the next tick gets a run of its own at its moment (to the second)."""
    queue, postman = context.job_queue, context.deps.postman
    if queue is None:
        return
    due = await postman.next_due()
    if due is None:
        return
    delay = (due - postman.clock.now()).total_seconds()
    if delay >= INTERVAL_SECONDS:
        return
    for job in queue.get_jobs_by_name(NEXT_JOB):
        job.schedule_removal()
    queue.run_once(deliver, max(delay, 1.0), name=NEXT_JOB)  # type: ignore[arg-type]


def kicker(application: Application) -> Callable[[], None]:
    """What ``deps.kick`` does: deliver now rather than at the next tick (not while stopping:
    a job that starts then is cut off; what is due goes after the next start)."""

    def kick() -> None:
        if application.running and application.job_queue is not None:
            application.job_queue.run_once(deliver, 0, name=NOW_JOB)

    return kick


async def replan(application: Application, deps: Deps) -> None:
    """After a start: when the reminder rules changed, the plans of upcoming sign-ups
    follow them, soonest shifts first, in small transactions while the bot already answers.

    A stop halfway loses nothing: the rules are marked applied only at the end, so the next
    start re-plans again (re-planning a sign-up twice changes nothing).
    """
    async with deps.db.snapshot() as conn:  # 20,000 ids took the lock for 250 ms
        if await planning.rules_unchanged(conn, deps.rules):
            return
        signup_ids = await planning.upcoming(conn, deps.clock.now())
    processor = application.update_processor
    for start in range(0, len(signup_ids), REPLAN_BATCH):
        if not application.running:
            return
        if isinstance(processor, PerPersonUpdateProcessor):
            await processor.quiet(PEOPLE_FIRST_SECONDS)
        async with deps.db.transaction() as conn:
            batch = signup_ids[start : start + REPLAN_BATCH]
            await planning.replan(conn, batch, deps.clock.now(), deps.rules)
        await asyncio.sleep(0)  # people's updates go in between
    async with deps.db.transaction() as conn:
        await planning.rules_applied(conn, deps.rules, deps.clock.now())
    log.info("outbox: rules changed; plans of %s upcoming sign-ups made again", len(signup_ids))
    if signup_ids:
        deps.kick()


async def back_in_touch(update: object, context: Context) -> None:
    """Anyone who blocked the bot and writes to it again can be reached again (first of all)."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    deps = context.deps
    person = update.effective_user.id
    if person not in deps.postman.unreachable:
        return
    deps.postman.unreachable.discard(person)
    async with deps.db.transaction() as conn:
        await planning.reachable_again(conn, person, deps.clock.now(), deps.rules)
    log.info("recipient %s is reachable again", person)


def schedule(application: Application) -> None:
    """The repeating jobs, started once the bot runs."""
    queue = application.job_queue
    assert queue is not None, "install python-telegram-bot[job-queue]"
    queue.run_repeating(
        deliver,
        interval=INTERVAL_SECONDS,
        first=1.0,
        name=OUTBOX_JOB,
        # While a long delivery (a broadcast) runs, ticks are skipped: it goes on until nothing
        # is due, so it sends what comes due meanwhile too.
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    queue.run_once(after_start, 0, name=AFTER_START_JOB)
    queue.run_repeating(prune, interval=PRUNE_INTERVAL, first=PRUNE_FIRST, name=PRUNE_JOB)
    queue.run_repeating(
        checkpoint, interval=CHECKPOINT_INTERVAL, first=CHECKPOINT_INTERVAL, name=CHECKPOINT_JOB
    )
    queue.run_repeating(remind_leads, interval=LEADS_INTERVAL, first=LEADS_FIRST, name=LEADS_JOB)
    queue.run_repeating(
        broadcast_progress.update_progress,
        interval=broadcast_progress.INTERVAL_SECONDS,
        first=broadcast_progress.INTERVAL_SECONDS,
        name=broadcast_progress.JOB_NAME,
    )
    logging.getLogger("apscheduler.scheduler").addFilter(_skipped_tick)


async def after_start(context: Context) -> None:
    """Once after a start, while the bot already answers: plans follow changed rules, and a
    broadcast or question whose rows were still being planned when the bot stopped is planned on."""
    deps = context.deps
    try:
        await replan(context.application, deps)
        if await broadcasts.queue_waiting(deps.db):
            deps.kick()
        if await polls.queue_waiting(deps.db, deps.settings.coordinator_ids):
            deps.kick()
    finally:
        deps.settled.set()


async def prune(context: Context) -> None:
    """Daily: sent and dropped outbox rows older than OUTBOX_KEEP_DAYS go, in small batches."""
    deps = context.deps
    removed = await housekeeping.prune_outbox(
        deps.db, deps.clock.now(), deps.settings.outbox_keep_days
    )
    if removed:
        log.info("outbox: %s old rows removed", removed)


async def checkpoint(context: Context) -> None:
    """Every few seconds: the write-ahead log into the database file, beside the writer."""
    await context.deps.db.checkpoint()


async def remind_leads(context: Context) -> None:
    """Hourly: leads left new for 7 days remind the organisation's coordinators, once."""
    deps = context.deps
    planned = await leads.remind_waiting(deps.db, deps.clock.now(), deps.settings.coordinator_ids)
    if planned:
        log.info("leads: %s reminders planned", planned)
        deps.kick()


def _skipped_tick(record: logging.LogRecord) -> bool:
    """APScheduler warns about every tick skipped while a delivery runs; that is expected."""
    message = record.getMessage()
    return not (f'"{OUTBOX_JOB} (' in message and "maximum number of running instances" in message)
