"""Working days and answer deadlines of the Knowledge Security Desk.

The desk promises an answer within three working days. Everything here is about
turning that promise into concrete dates and times, in Amsterdam time, because
that is where the desk works and what "a day" means to the people on it.

Working days
    Monday to Friday, except

    * the Dutch public holidays of the ``holidays`` package's NL calendar
      (category ``public``), which is the single source of truth. At the
      time of writing it contains: New Year's Day, Good Friday, Easter Sunday
      and Monday, King's Day (27 April; moved to Saturday 26 April when the
      27th is a Sunday, so it never costs a working day in that case),
      Liberation Day (5 May) **only in lustrum years** (2025, 2030, ...) as
      most collective labour agreements grant it, Ascension Day, Whit Sunday
      and Monday, and Christmas Day and Boxing Day. Good Friday is included.
      Liberation Day in other years is only in the package's ``optional``
      category and is deliberately *not* used; an admin who closes the desk
      on 5 May anyway adds it as a closure day.
    * closure days an admin adds (team days, the days between Christmas and
      New Year, ...), passed to :class:`WorkingDayCalendar`.

    Whether the desk works on a holiday is the desk's policy: an administrator
    decides per holiday (:data:`HOLIDAYS`, e.g. Good Friday or Liberation Day)
    that the desk works on it, or is closed on it every year; a holiday
    without a decision follows the package as described above. The decisions
    are passed to :class:`WorkingDayCalendar` as ``holiday_choices``.

Deadline
    17:00 Europe/Amsterdam on the third working day after the Amsterdam date
    on which the question was received. The day of receipt itself never
    counts, whatever the hour and even when it is a weekend day or holiday:
    a question received on Saturday is due on Wednesday, like one received
    on Friday at 08:00.

Only timezone-aware datetimes are accepted: a naive datetime would silently
mean "server time", and a wrong deadline is worse than an error.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "AMSTERDAM",
    "HOLIDAYS",
    "holidays_of_year",
    "ANSWER_WORKING_DAYS",
    "DUE_TIME",
    "OFFICE_OPENS",
    "Pause",
    "load_public_holidays",
    "WorkingDayCalendar",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ANSWER_WORKING_DAYS = 3
DUE_TIME = time(17, 0)
# Office hours decide whether a pause costs the desk a working day: a pause
# that falls entirely in the evening or night (question put on hold at 18:00,
# asker replies at 08:00) did not stop anyone from working on it.
OFFICE_OPENS = time(9, 0)
OFFICE_CLOSES = DUE_TIME

# (start, end); end is None while the question is still waiting for the asker.
Pause = tuple[datetime, datetime | None]


@functools.cache
def _public_holidays(year: int) -> frozenset[date]:
    # One frozen set per year instead of one shared ``holidays`` object: the
    # library's lazily expanding dict mutates on lookup, which is not something
    # to share between web workers' threads. Imported here: the package's calendars take some
    # 3 MB, which a process that computes no deadline (the CLI, a screening worker) never needs.
    import holidays

    return frozenset(holidays.country_holidays("NL", years=year, categories=(holidays.PUBLIC,)))


# The holidays an administrator decides on: code → the package's (English) name of it.
HOLIDAYS: dict[str, str] = {
    "new_year": "New Year's Day",
    "good_friday": "Good Friday",
    "easter_sunday": "Easter Sunday",
    "easter_monday": "Easter Monday",
    "kings_day": "King's Day",
    "liberation_day": "Liberation Day",
    "ascension_day": "Ascension Day",
    "whit_sunday": "Pentecost",
    "whit_monday": "Pentecost Monday",
    "christmas_day": "Christmas Day",
    "boxing_day": "Second Day of Christmas",
}
_CODES = {name: code for code, name in HOLIDAYS.items()}


@functools.cache
def holidays_of_year(year: int) -> dict[str, tuple[date, bool]]:
    """code → (its date in ``year``, whether the package counts it as a public holiday that year)."""
    import holidays

    out: dict[str, tuple[date, bool]] = {}
    for category, public in ((holidays.OPTIONAL, False), (holidays.PUBLIC, True)):
        named = holidays.country_holidays("NL", years=year, categories=(category,), language="en_US")
        for day, name in named.items():
            for part in name.split(";"):
                code = _CODES.get(part.strip())
                if code is not None:
                    out[code] = (day, public)
    return out


def load_public_holidays(years: Iterable[int]) -> None:
    """Loads the holiday tables ahead of use: the first load of the country's calendar takes some
    0.3 s, which a process should spend at start-up rather than in somebody's request."""
    for year in years:
        _public_holidays(year)
        holidays_of_year(year)


def _weekdays_through(day: date) -> int:
    """Number of Mondays-to-Fridays from 1 January of year 1 up to and including ``day``."""
    # Ordinal 1 (0001-01-01) is a Monday, so every block of 7 ordinals is one
    # Monday-to-Sunday week.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _require_date(value: object, name: str) -> date:
    # datetime is a subclass of date; accepting one here would quietly drop its
    # time and timezone, which is exactly how deadlines end up a day off.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (not a datetime), got {type(value).__name__}")
    return value


def _require_aware(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"{name} must be timezone-aware (got naive {value.isoformat()}); "
            "attach the zone it was recorded in, e.g. datetime.now(UTC)"
        )
    return value


def _amsterdam_date(value: datetime, name: str) -> date:
    return _require_aware(value, name).astimezone(AMSTERDAM).date()


def _at_amsterdam(day: date, at: time) -> datetime:
    # 09:00 and 17:00 are never inside a DST transition (those happen at
    # 02:00-03:00), so combining with the zone is unambiguous.
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


class WorkingDayCalendar:
    """The desk's working days: weekdays minus Dutch public holidays minus closure days.

    ``closures`` are extra dates on which the desk is closed, as entered by an
    admin. Closures on weekends or public holidays are harmless no-ops.
    """

    def __init__(self, closures: Iterable[date] = (), holiday_choices: Mapping[str, bool] | None = None) -> None:
        self._closures = frozenset(_require_date(d, "closure day") for d in closures)
        # code → True: the desk works on that holiday; False: it is closed every year.
        self._choices = {code: bool(works) for code, works in (holiday_choices or {}).items() if code in HOLIDAYS}
        self._closed_holidays: dict[int, frozenset[date]] = {}

    @property
    def holiday_choices(self) -> dict[str, bool]:
        return dict(self._choices)

    def closed_holidays(self, year: int) -> frozenset[date]:
        """The holidays of ``year`` on which the desk is closed, after the administrators' choices."""
        if not self._choices:
            return _public_holidays(year)
        cached = self._closed_holidays.get(year)
        if cached is None:
            closed = set(_public_holidays(year))
            # A day two holidays share stays closed while either of them closes the desk.
            shut_by_day: dict[date, list[bool]] = {}
            for code, (day, public) in holidays_of_year(year).items():
                works = self._choices.get(code)
                shut_by_day.setdefault(day, []).append(public if works is None else not works)
            for day, shut in shut_by_day.items():
                if any(shut):
                    closed.add(day)
                else:
                    closed.discard(day)
            cached = self._closed_holidays[year] = frozenset(closed)
        return cached

    @property
    def closures(self) -> frozenset[date]:
        return self._closures

    def __repr__(self) -> str:
        return f"{type(self).__name__}(closures={sorted(self._closures)!r}, holiday_choices={self._choices!r})"

    # -- dates ---------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether the desk works on ``day`` (a date, Amsterdam calendar)."""
        _require_date(day, "day")
        return (
            day.weekday() < 5
            and day not in self.closed_holidays(day.year)
            and day not in self._closures
        )

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``; ``day`` itself never counts.

        ``n == 0`` returns ``day`` unchanged (even if it is not a working day).
        A negative ``n`` counts backwards: the ``|n|``-th working day before ``day``.
        """
        _require_date(day, "day")
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days ``d`` with ``start < d <= end``.

        The start day is excluded and the end day included, the same convention
        as the deadline: for ``n >= 0``,
        ``working_days_between(d, add_working_days(d, n)) == n``, and the same
        day gives 0. When ``end`` is before ``start`` the result is the negated
        count for the swapped arguments, so "days overdue" can go negative.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        closed = set(self._closures)
        for year in range(start.year, end.year + 1):
            closed |= self.closed_holidays(year)
        # Holidays and closures on weekends were never counted as weekdays.
        closed_weekdays = sum(1 for d in closed if start < d <= end and d.weekday() < 5)
        return weekdays - closed_weekdays

    # -- deadlines -----------------------------------------------------------

    def due_at(self, received_at: datetime) -> datetime:
        """When the answer to a question received at ``received_at`` is due.

        17:00 Europe/Amsterdam on the third working day after the Amsterdam
        date of receipt. ``received_at`` must be timezone-aware; it is converted
        to Amsterdam time first, so a question sent on Thursday 22:30 UTC in
        October counts as received on Friday.
        """
        received_on = _amsterdam_date(received_at, "received_at")
        due_on = self.add_working_days(received_on, ANSWER_WORKING_DAYS)
        return _at_amsterdam(due_on, DUE_TIME)

    def deadline_after(self, moment: datetime, working_days: int) -> datetime:
        """17:00 Amsterdam on the ``working_days``-th working day after the Amsterdam date of
        ``moment``: the same rule as the answer deadline, for another number of days (a
        ministry's response time)."""
        day = _amsterdam_date(moment, "moment")
        return _at_amsterdam(self.add_working_days(day, working_days), DUE_TIME)

    def due_at_with_pauses(
        self,
        received_at: datetime,
        pauses: Sequence[Pause],
        *,
        now: datetime | None = None,
    ) -> datetime | None:
        """The deadline when the clock stops while the question waits for the asker.

        Rule: a working day on which the question was on hold at any moment
        during office hours (09:00-17:00 Amsterdam) does not count towards the
        three working days. Equivalently, the deadline moves one working day
        later for every such day up to the (moved) deadline. In practice:

        * put on hold at 16:00, asker replies next morning at 10:00: both days
          are lost, the deadline moves two working days;
        * put on hold at 17:30, asker replies the next day at 08:45: nothing
          was lost during office hours, the deadline stays;
        * a day is lost at most once, however many pauses touch it;
        * pauses on the day of receipt, on non-working days, or after the
          deadline has passed change nothing - those days never counted.

        ``pauses`` are ``(start, end)`` pairs of aware datetimes; ``end`` is
        None for a pause that is still running. A running pause is taken to
        end at ``now`` when ``now`` is given (the deadline "if the asker
        replied now"); without ``now`` the clock is stopped indefinitely and
        the result is None - unless the deadline fell before the pause began,
        in which case it is returned as usual.
        """
        received_on = _amsterdam_date(received_at, "received_at")
        spans = _normalise_pauses(pauses, now)
        day = received_on
        remaining = ANSWER_WORKING_DAYS
        while True:
            day += timedelta(days=1)
            if not self.is_working_day(day):
                continue
            opens, closes = _at_amsterdam(day, OFFICE_OPENS), _at_amsterdam(day, OFFICE_CLOSES)
            touching = [(s, e) for s, e in spans if s < closes and (e is None or e > opens)]
            if any(e is None for _, e in touching):
                # A running pause touches this and every later working day.
                return None
            if touching:
                continue
            remaining -= 1
            if remaining == 0:
                return closes

    def working_days_elapsed(
        self,
        received_at: datetime,
        answered_at: datetime,
        pauses: Sequence[Pause] = (),
    ) -> int:
        """Working days the desk took to answer, for statistics (e.g. the median).

        Counts the working days after the Amsterdam date of receipt up to and
        including the Amsterdam date of the answer, the same convention as the
        deadline: answered the same day is 0, answered on the deadline day is 3.
        Working days lost to ``pauses`` (same rule as
        :meth:`due_at_with_pauses`) are not counted; a pause still open is
        taken to have ended when the answer was given.
        """
        received_on = _amsterdam_date(received_at, "received_at")
        answered_on = _amsterdam_date(answered_at, "answered_at")
        if answered_at < received_at:
            raise ValueError(
                f"answered_at ({answered_at.isoformat()}) is before received_at "
                f"({received_at.isoformat()})"
            )
        elapsed = self.working_days_between(received_on, answered_on)
        if not pauses:
            return elapsed
        spans = [
            (start, answered_at if end is None else end)
            for start, end in _normalise_pauses(pauses, answered_at, "answered_at")
        ]
        lost = 0
        day = received_on + timedelta(days=1)
        while day <= answered_on:
            if self.is_working_day(day):
                opens, closes = _at_amsterdam(day, OFFICE_OPENS), _at_amsterdam(day, OFFICE_CLOSES)
                if any(s < closes and e > opens for s, e in spans):
                    lost += 1
            day += timedelta(days=1)
        return elapsed - lost


def _normalise_pauses(
    pauses: Sequence[Pause], now: datetime | None, now_name: str = "now"
) -> list[Pause]:
    if now is not None:
        _require_aware(now, now_name)
    spans: list[Pause] = []
    for i, pause in enumerate(pauses):
        start, end = pause
        _require_aware(start, f"pauses[{i}] start")
        if end is None:
            if now is not None:
                if now < start:
                    raise ValueError(
                        f"pauses[{i}] starts at {start.isoformat()}, "
                        f"after {now_name} ({now.isoformat()})"
                    )
                end = now
        else:
            _require_aware(end, f"pauses[{i}] end")
            if end < start:
                raise ValueError(
                    f"pauses[{i}] ends ({end.isoformat()}) before it starts ({start.isoformat()})"
                )
        # An empty pause has no moment at which the question was on hold.
        if end != start:
            spans.append((start, end))
    return spans
