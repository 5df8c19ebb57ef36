"""When reminders and thank-yous go out: offsets, quiet hours and daylight saving time.

Pure rules on aware datetimes (UTC in, UTC out); the zone is the organisation's (``TIMEZONE``).

* **Offsets** (``REMINDER_OFFSETS``, default ``24h,2h``). An offset of whole days means "that many
  days before, at the same local time": a 24h reminder for a shift at 10:00 on the Sunday of a
  daylight-saving switch goes out at 10:00 on Saturday, which is 23 or 25 real hours before.
  Any other offset is real time: a 2h reminder is two elapsed hours before the start.
* **Quiet hours** (``QUIET_HOURS``, default ``22:00-08:00``, local time). A reminder whose moment
  falls inside them is moved *earlier*, to the last minute before they begin (21:59 the evening
  before for a 2h reminder of an 08:30 shift): a reminder that came after the start would be
  useless, and one at night would wake people. A thank-you is not urgent: it waits until they end.
  The postman also sends nothing at all during quiet hours; a row that is due then waits.
* **No stale reminder**: a reminder whose (moved) moment has passed when the sign-up is made is not
  planned at all, and two reminders that land on the same moment are planned once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings

DAY = timedelta(days=1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# "Before quiet hours begin": the last minute before, so a 22:00 start is never crossed.
BEFORE_QUIET = timedelta(minutes=1)


@dataclass(frozen=True)
class QuietHours:
    """A nightly window of local time, e.g. 22:00-08:00 (it may cross midnight)."""

    start: time
    end: time
    zone: ZoneInfo

    def _at(self, day: date, moment: time) -> datetime:
        # fold=0: an hour that occurs twice is taken the first time; one that does not occur
        # (the spring gap) is read with the offset before the switch, i.e. just after the gap.
        return datetime.combine(day, moment, tzinfo=self.zone).astimezone(UTC)

    def _window(self, moment: datetime) -> tuple[datetime, datetime] | None:
        """The quiet window that contains ``moment`` (begin, end), or None."""
        local = moment.astimezone(self.zone)
        clock, today = local.time().replace(tzinfo=None), local.date()
        if self.start < self.end:  # e.g. 01:00-06:00, within one day
            if self.start <= clock < self.end:
                return self._at(today, self.start), self._at(today, self.end)
            return None
        if clock >= self.start:  # late evening: the window ends tomorrow
            return self._at(today, self.start), self._at(today + DAY, self.end)
        if clock < self.end:  # early morning: the window began yesterday
            return self._at(today - DAY, self.start), self._at(today, self.end)
        return None

    def contains(self, moment: datetime) -> bool:
        return self._window(moment) is not None

    def before(self, moment: datetime) -> datetime:
        """``moment``, or the last minute before the quiet window it falls in."""
        window = self._window(moment)
        return moment if window is None else window[0] - BEFORE_QUIET

    def after(self, moment: datetime) -> datetime:
        """``moment``, or the end of the quiet window it falls in."""
        window = self._window(moment)
        return moment if window is None else window[1]


def quiet_hours(window: tuple[time, time] | None, zone: ZoneInfo) -> QuietHours | None:
    """The setting's ``(start, end)`` as rules, or None when quiet hours are off."""
    return None if window is None else QuietHours(window[0], window[1], zone)


def offset_label(offset: timedelta) -> str:
    """The offset as it appears in an outbox key: ``24h``, ``2h``, ``90m``."""
    minutes = int(offset.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def reminder_moment(starts_at: datetime, offset: timedelta, zone: ZoneInfo) -> datetime:
    """``offset`` before the start: whole days on the wall clock, anything else in real time."""
    if offset % DAY == timedelta(0):
        local = starts_at.astimezone(zone).replace(tzinfo=None) - offset
        return local.replace(tzinfo=zone).astimezone(UTC)
    return starts_at - offset


@dataclass(frozen=True)
class PlannedReminder:
    label: str  # the offset, as in the key
    due_at: datetime


def plan_reminders(
    starts_at: datetime,
    offsets: tuple[timedelta, ...],
    *,
    now: datetime,
    zone: ZoneInfo,
    quiet: QuietHours | None,
) -> list[PlannedReminder]:
    """The reminders for a shift that starts at ``starts_at``, as seen at ``now``."""
    planned: list[PlannedReminder] = []
    taken: set[datetime] = set()
    for offset in sorted(offsets, reverse=True):
        moment = reminder_moment(starts_at, offset, zone)
        due = moment if quiet is None else quiet.before(moment)
        if due <= now < moment and quiet is not None:
            # Moved before the quiet hours, to a moment that has just passed (a sign-up at
            # 21:59:30 for a 07:00 reminder moved to 21:59): it goes now, or when they end.
            due = quiet.after(now)
        elif due <= now:
            continue
        if due >= starts_at or due in taken:
            continue
        taken.add(due)
        planned.append(PlannedReminder(offset_label(offset), due))
    return planned


def thanks_moment(ends_at: datetime, delay: timedelta, quiet: QuietHours | None) -> datetime:
    """``delay`` after the end; inside quiet hours it waits until they are over."""
    due = ends_at + delay
    return due if quiet is None else quiet.after(due)


@dataclass(frozen=True)
class Rules:
    """The settings that planning needs, handed to :mod:`bot.plans` by the wiring at start."""

    offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    quiet: QuietHours | None = QuietHours(time(22, 0), time(8, 0), AMSTERDAM)
    zone: ZoneInfo = AMSTERDAM
    thanks_delay: timedelta = timedelta(hours=1)
    # After this many shifts marked 'came', an ongoing role is suggested (0: never); it does not
    # move reminders, so it is not part of the fingerprint.
    role_suggestion_after: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        zone = settings.zone
        return cls(
            offsets=settings.reminder_offsets,
            quiet=quiet_hours(settings.quiet_hours, zone),
            zone=zone,
            thanks_delay=settings.thanks_delay,
            role_suggestion_after=settings.role_suggestion_after,
        )

    def fingerprint(self) -> str:
        """The rules as text: when it differs from the last start's, plans are made again."""
        quiet = "off" if self.quiet is None else f"{self.quiet.start}-{self.quiet.end}"
        offsets = ",".join(offset_label(o) for o in self.offsets) or "off"
        return f"offsets={offsets};quiet={quiet};zone={self.zone.key};thanks={self.thanks_delay}"
