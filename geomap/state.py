"""Control over time: who holds each place at a date, what changed between two dates, where
fighting is reported.

Rules (only asserted reports count, :attr:`Report.is_fact`; reports without a date are ignored;
places named only as regions — an oblast, the Donbas — never decide the control of a settlement,
so only ``place_kind`` settlement, district and site are folded):

* Reports are taken in the order of their date's best guess; on the same day the more precise
  date comes last (it wins), then the report id, so the result never depends on input order.
* ``captured``, ``liberated``, ``controls`` and ``holds`` by X say X controls the place;
  ``repelled`` by X says the defender X holds it; ``withdrew`` by X hands it to the other side
  (or to "unknown" when the actor is unknown); ``partial_control`` by X with a percentage p says
  X if p >= 50, else contested (the percentage is kept). A report whose actor is unknown says
  nothing about control (except ``withdrew``).
* **Claimed and denied.** When a report from one claimant side (RU or UA) says a controller that a
  report from the other side said within ``contest_window_days`` denies, the place becomes
  contested. A later report settles it: one dated after the window, a side's admission against
  its own interest (Ukraine saying Russia holds it, or the reverse), or a report in the article's
  own voice (claimant unknown) dated after the dispute began.
* **Fought over.** A place held by X is contested while, within ``fighting_days`` before the date
  and after the last decisive report (anything but ``holds``), reports say there is fighting *in*
  it, or the other side attacks or advances on it while X is said to hold it. This is how "Ukraine
  holds Bakhmut" with street fighting and Russian assaults reads as contested, while "Ukraine
  repelled an attempt to seize Kharkiv after street battles" (``repelled`` is decisive) reads as
  held by Ukraine.
* ``besieged`` by X flags the place as besieged; the controller stays, or becomes the defender
  (the side other than X) when nothing else is known. A change of hands, a liberation or the
  besieger's withdrawal lifts the siege.
* Reports of the same day that say another controller than the one that wins (the later in
  order) are listed as contradicting it.
* A state is **stale** when its newest supporting report is older than ``stale_after_days``.

>>> import datetime as dt
>>> states = control_at([], dt.date(2022, 6, 1))
>>> states
{}
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from geomap.models import (
    FIGHTING_KINDS,
    Actor,
    Controller,
    ControlState,
    Kind,
    Modality,
    Precision,
    Report,
)

__all__ = [
    "CHANGE_KINDS",
    "CONTROL_PLACE_KINDS",
    "Change",
    "FightingSpot",
    "Timeline",
    "changes",
    "changes_geojson",
    "claimed_controller",
    "control_at",
    "fighting_at",
]

#: Kinds of place whose control the reports decide (regions and rivers never do).
CONTROL_PLACE_KINDS = frozenset({"settlement", "district", "site"})

#: The labels :func:`changes` gives, in the order a legend lists them.
CHANGE_KINDS = (
    "gained by RU",
    "regained by UA",
    "newly contested",
    "no longer contested",
    "newly reported",
    "no longer known",
)

_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.WEEK: 2, Precision.DAY: 3}
_OTHER = {Actor.RU: Controller.UA, Actor.UA: Controller.RU}
_SIDE = {Actor.RU: Controller.RU, Actor.UA: Controller.UA}
_SIDES = (Controller.RU, Controller.UA)
_DECISIVE = frozenset(
    {
        Kind.CAPTURED,
        Kind.LIBERATED,
        Kind.CONTROLS,
        Kind.PARTIAL_CONTROL,
        Kind.WITHDREW,
        Kind.REPELLED,
    }
)
_FOLDED = frozenset({*_DECISIVE, Kind.HOLDS, Kind.BESIEGED})
# Plain module constants: enum attribute lookups are slow in the per-report loops.
_BESIEGED, _HOLDS, _LIBERATED, _WITHDREW = Kind.BESIEGED, Kind.HOLDS, Kind.LIBERATED, Kind.WITHDREW
_PARTIAL, _FIGHTING = Kind.PARTIAL_CONTROL, Kind.FIGHTING
_ASSAULTS = frozenset({Kind.ATTACK, Kind.ADVANCE})
_ACTIVITY = frozenset({Kind.FIGHTING, Kind.ATTACK, Kind.ADVANCE, Kind.HOLDS})


def _as_date(value: object, what: str) -> dt.date:
    """A plain date from a date or datetime; a clear TypeError for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}: {value!r}")


def _claimed(report: Report) -> tuple[Controller, float | None] | None:
    """The controller a control report asserts (and the percentage), or None if it says none."""
    kind, actor = report.kind, report.actor
    if kind == _WITHDREW:
        return (_OTHER.get(actor, Controller.UNKNOWN), None)
    if actor not in _SIDE:
        return None
    if kind == _PARTIAL:
        share = report.percent
        if share is None or share >= 50:
            return (_SIDE[actor], share)
        return (Controller.CONTESTED, share)
    return (_SIDE[actor], None)


def claimed_controller(report: Report) -> Controller | None:
    """The controller a single report asserts for its place, or None if it asserts none.

    ``besieged`` by X names the defender (the other side); activity kinds assert nothing.
    """
    if report.kind == Kind.BESIEGED:
        return _OTHER.get(report.actor)
    if report.kind not in _DECISIVE and report.kind != Kind.HOLDS:
        return None
    said = _claimed(report)
    return None if said is None else said[0]


def _against_interest(report: Report, claimed: Controller) -> bool:
    """True for a side admitting the other side holds the place (it settles a dispute)."""
    side = report.claimant_side
    return side in _SIDE and claimed in (Controller.RU, Controller.UA) and claimed != _SIDE[side]


@dataclass(frozen=True, slots=True)
class _Snap:
    """The folded state of one place right after one report (ids kept as cons cells)."""

    controller: Controller
    since: int | None
    percent: float | None
    support: tuple | None  # (id, rest) cons list, newest first
    contra: tuple | None
    besieged: bool
    last_support: int | None
    last_decisive: int | None


def _unroll(cons: tuple | None) -> tuple[str, ...]:
    out = []
    while cons is not None:
        out.append(cons[0])
        cons = cons[1]
    return tuple(sorted(set(out)))


class _Fold:
    """Folds one place's control reports in order; see the module docstring for the rules."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.controller = Controller.UNKNOWN
        self.since: int | None = None
        self.percent: float | None = None
        self.support: tuple | None = None
        self.contra: tuple | None = None
        self.besieged = False
        self.defender: Controller | None = None  # the besieged side while a siege lasts
        self.last_support: int | None = None
        self.last_decisive: int | None = None
        self.dispute: tuple[int, int] | None = None  # (start, last) of an open dispute
        self.recent: list[tuple[int, Controller, Actor, str]] = []  # claims since last settle

    def snap(self) -> _Snap:
        return _Snap(
            self.controller,
            self.since,
            self.percent,
            self.support,
            self.contra,
            self.besieged,
            self.last_support,
            self.last_decisive,
        )

    def _become(self, controller: Controller, day: int, rid: str, percent: float | None) -> None:
        if controller != self.controller:
            if self.defender is not None and controller in _SIDES and controller != self.defender:
                self.besieged, self.defender = False, None  # it changed hands: siege over
            self.controller, self.since = controller, day
            self.support, self.contra = None, None
        self.percent = percent
        self.support = (rid, self.support)
        self.last_support = day

    def add(self, report: Report, day: int) -> None:
        kind, rid = report.kind, report.id
        if kind == _BESIEGED:
            self._siege(report, day)
            return
        said = _claimed(report)
        if said is None:
            return
        claimed, percent = said
        if kind in _DECISIVE:
            self.last_decisive = day
        if self.besieged and (
            kind == _LIBERATED
            or (
                kind == _WITHDREW
                and self.defender is not None
                and _OTHER.get(report.actor) == self.defender
            )
        ):
            self.besieged, self.defender = False, None
        side = report.claimant_side
        if percent is None and claimed == self.controller and kind == _HOLDS:
            percent = self.percent  # "holds" confirms without saying how much
        if self.dispute is not None:
            start, last = self.dispute
            settles = (
                day > last + self.window
                or _against_interest(report, claimed)
                or (side not in _SIDE and day > start)
            )
            if not settles:
                self.dispute = (start, day)
                self.support = (rid, self.support)
                self.last_support = day
                self.recent.append((day, claimed, side, rid))
                return
            losers = [r for (_d, c, _s, r) in self.recent if c != claimed]
            self.dispute, self.recent = None, []
            self.controller = Controller.UNKNOWN  # force a fresh run for the settled controller
            self._become(claimed, day, rid, percent)
            for loser in sorted(losers):
                self.contra = (loser, self.contra)
            self.recent.append((day, claimed, side, rid))
            return
        if self.recent and self.recent[0][0] < day - self.window:
            self.recent = [c for c in self.recent if c[0] >= day - self.window]
        if side in _SIDE and not _against_interest(report, claimed):
            for earlier_day, earlier, earlier_side, earlier_id in reversed(self.recent):
                if earlier_side in _SIDE and earlier_side != side and earlier != claimed:
                    self.dispute = (earlier_day, day)
                    self.controller, self.since, self.percent = Controller.CONTESTED, day, None
                    self.support = (rid, (earlier_id, None))
                    self.contra = None
                    self.last_support = day
                    self.recent.append((day, claimed, side, rid))
                    return
        changing = claimed != self.controller
        self._become(claimed, day, rid, percent)
        if changing:  # reports of the same day that said otherwise contradict the new state
            for earlier_day, earlier, _side, earlier_id in self.recent:
                if earlier_day == day and earlier != claimed:
                    self.contra = (earlier_id, self.contra)
        self.recent.append((day, claimed, side, rid))

    def _siege(self, report: Report, day: int) -> None:
        defender = _OTHER.get(report.actor)
        self.besieged = True
        self.defender = defender or (self.controller if self.controller in _SIDES else None)
        if self.controller is Controller.UNKNOWN and defender is not None:
            self._become(defender, day, report.id, None)
        elif defender is not None and self.controller == defender:
            self.support = (report.id, self.support)
            self.last_support = day


@dataclass(frozen=True, slots=True)
class _Place:
    id: str
    name: str
    lat: float
    lon: float
    precision: str


class Timeline:
    """Reports folded once per place, so the state at many dates is cheap to ask for.

    >>> import datetime as dt
    >>> Timeline([]).control_at(dt.date(2023, 1, 1))
    {}
    """

    def __init__(
        self,
        reports: Iterable[Report],
        *,
        contest_window_days: int = 3,
        until: dt.date | None = None,
    ) -> None:
        if contest_window_days < 0:
            raise ValueError(f"contest_window_days must be >= 0, got {contest_window_days}")
        if until is not None:
            until = _as_date(until, "until")
        # The cyclic garbage collector would walk every report many times while the (acyclic)
        # event tuples below are made; pausing it halves the time for 100,000 reports.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(reports, contest_window_days, until)
        finally:
            if paused:
                gc.enable()

    def _build(
        self, reports: Iterable[Report], contest_window_days: int, until: dt.date | None
    ) -> None:
        folded: dict[str, list[tuple[int, int, str, Report]]] = {}
        activity: dict[str, list[tuple[int, str, Kind, Actor]]] = {}
        # Locals and early exits: this loop sees every report (100,000 in the benchmark).
        asserted, rank = Modality.ASSERTED, _PRECISION_RANK
        folded_kinds, activity_kinds, place_kinds = _FOLDED, _ACTIVITY, CONTROL_PLACE_KINDS
        for r in reports:
            date = r.date
            if date is None or r.modality != asserted:
                continue
            best = date.best
            if until is not None and best > until:
                continue
            kind = r.kind
            to_fold = kind in folded_kinds
            to_watch = kind in activity_kinds
            if not (to_fold or to_watch) or r.place_kind not in place_kinds:
                continue
            pid, rid, ordinal = r.place_id, r.id, best.toordinal()
            if to_fold:
                events = folded.get(pid)
                if events is None:
                    folded[pid] = events = []
                events.append((ordinal, rank[date.precision], rid, len(events), r))
            if to_watch:
                acts = activity.get(pid)
                if acts is None:
                    activity[pid] = acts = []
                acts.append((ordinal, rid, len(acts), kind, r.actor, r))
        self._folded_events = folded
        self._report_day: dict[str, dt.date] | None = None  # built on first use
        self._days: dict[str, list[int]] = {}
        self._snaps: dict[str, list[_Snap]] = {}
        for place_id, events in folded.items():
            events.sort()  # (day, precision rank, id, arrival): reports themselves never compare
            fold = _Fold(contest_window_days)
            days, snaps = [], []
            if until is not None:  # one date only: the final state is all that is asked for
                for day, _rank, _rid, _seq, report in events:
                    fold.add(report, day)
                days.append(events[-1][0])
                snaps.append(fold.snap())
            else:
                for day, _rank, _rid, _seq, report in events:
                    fold.add(report, day)
                    if days and days[-1] == day:
                        snaps[-1] = fold.snap()
                    else:
                        days.append(day)
                        snaps.append(fold.snap())
            self._days[place_id], self._snaps[place_id] = days, snaps
        for acts in activity.values():
            acts.sort()  # (day, id, arrival, ...): reports themselves never compare
        self._activity = {p: [a[:5] for a in acts] for p, acts in activity.items()}
        self._activity_days = {p: [a[0] for a in acts] for p, acts in activity.items()}
        # Name and position of each place from its first report in (date, id) order, so they
        # never depend on the order the reports came in.
        firsts = {p: acts[0][-1] for p, acts in activity.items()}
        firsts.update((p, events[0][-1]) for p, events in folded.items())
        self._places = {
            p: _Place(p, r.place_name, r.lat, r.lon, r.precision) for p, r in firsts.items()
        }

    def report_days(self, ids: Iterable[str]) -> dict[str, dt.date]:
        """The best date of each known report id among ``ids``."""
        if self._report_day is None:
            table: dict[str, dt.date] = {}
            for events in self._folded_events.values():
                for ordinal, _rank, rid, _seq, _r in events:
                    table[rid] = dt.date.fromordinal(ordinal)
            for acts in self._activity.values():
                for ordinal, rid, *_rest in acts:
                    table[rid] = dt.date.fromordinal(ordinal)
            self._report_day = table
        days = self._report_day
        return {i: days[i] for i in ids if i in days}

    def control_at(
        self, day: dt.date, *, stale_after_days: int = 60, fighting_days: int = 14
    ) -> dict[str, ControlState]:
        """The control state of every place with control reports up to ``day`` (keyed by id)."""
        if stale_after_days < 0 or fighting_days < 0:
            raise ValueError("stale_after_days and fighting_days must be >= 0")
        day = _as_date(day, "day")
        ordinal = day.toordinal()
        out: dict[str, ControlState] = {}
        for place_id in sorted(self._days):
            index = bisect_right(self._days[place_id], ordinal) - 1
            if index < 0:
                continue
            snap = self._snaps[place_id][index]
            if snap.controller is Controller.UNKNOWN and snap.support is None:
                continue  # only reports that say nothing about control (unknown actor)
            out[place_id] = self._finish(place_id, snap, day, stale_after_days, fighting_days)
        return out

    def _finish(
        self, place_id: str, snap: _Snap, day: dt.date, stale_days: int, fighting_days: int
    ) -> ControlState:
        place = self._places[place_id]
        ordinal = day.toordinal()
        controller, since, percent = snap.controller, snap.since, snap.percent
        support, contra = _unroll(snap.support), _unroll(snap.contra)
        last_support = snap.last_support
        fought = self._fought(place_id, snap, ordinal, fighting_days)
        if fought:
            controller, percent = Controller.CONTESTED, None
            since = min(d for d, _ in fought)
            support = tuple(sorted(set(support) | {rid for _, rid in fought}))
            last_support = max(last_support or 0, max(d for d, _ in fought))
        stale = last_support is None or last_support < ordinal - stale_days
        return ControlState(
            place_id=place.id,
            place_name=place.name,
            lat=place.lat,
            lon=place.lon,
            controller=controller,
            since=None if since is None else dt.date.fromordinal(since),
            as_of=day,
            percent=percent,
            supporting=support,
            contradicting=contra,
            stale=stale,
            besieged=snap.besieged,
            precision=place.precision,
        )

    def _fought(
        self, place_id: str, snap: _Snap, ordinal: int, fighting_days: int
    ) -> list[tuple[int, str]]:
        """Fighting reports that make a held place contested (empty when it is not fought over)."""
        holder = snap.controller
        if holder not in _SIDES or place_id not in self._activity:
            return []
        low = ordinal - fighting_days
        if snap.last_decisive is not None:
            low = max(low, snap.last_decisive)  # strictly after the last decisive report
        days = self._activity_days[place_id]
        start, stop = bisect_right(days, low), bisect_right(days, ordinal)
        if start == stop:
            return []
        fighting, assaults, held = [], [], False
        for d, rid, _seq, kind, actor in self._activity[place_id][start:stop]:
            if kind == _FIGHTING:
                fighting.append((d, rid))
            elif kind in _ASSAULTS:
                if _OTHER.get(actor) == holder:
                    assaults.append((d, rid))
            elif kind == _HOLDS and _SIDE.get(actor) == holder:
                held = True
        if fighting:
            return fighting + assaults
        return assaults if held else []


def control_at(
    reports: Iterable[Report],
    day: dt.date,
    *,
    stale_after_days: int = 60,
    contest_window_days: int = 3,
    fighting_days: int = 14,
) -> dict[str, ControlState]:
    """Who controls each place as of ``day``, from the reports dated up to it.

    Returns one :class:`ControlState` per place with control reports, keyed by place id and in
    id order. See the module docstring for the rules; for many dates build a :class:`Timeline`.
    """
    day = _as_date(day, "day")
    timeline = Timeline(reports, contest_window_days=contest_window_days, until=day)
    return timeline.control_at(day, stale_after_days=stale_after_days, fighting_days=fighting_days)


@dataclass(frozen=True, slots=True)
class FightingSpot:
    """Fighting reported at one place within a window before a date."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    count: int
    last_date: dt.date
    kinds: tuple[Kind, ...]
    reports: tuple[str, ...]
    intensity: float  # 0..1: more reports and more recent ones score higher
    precision: str = "exact"


def fighting_at(
    reports: Iterable[Report], day: dt.date, *, window_days: int = 7, saturation: int = 5
) -> list[FightingSpot]:
    """Places with asserted fighting, strikes, attacks, advances or sieges in the ``window_days``
    up to and including ``day``, sorted by place name and id.

    ``intensity`` = min(1, count / ``saturation``) x (0.5 + 0.5 x recency), where recency is 1 for
    a report on ``day`` and falls linearly to 0 at the start of the window.
    """
    if window_days < 1:
        raise ValueError(f"window_days must be >= 1, got {window_days}")
    day = _as_date(day, "day")
    first = day - dt.timedelta(days=window_days - 1)
    found: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if (
            r.date is not None
            and r.kind in FIGHTING_KINDS
            and r.is_fact
            and r.place_kind in CONTROL_PLACE_KINDS
            and first <= r.date.best <= day
        ):
            found[r.place_id].append(r)
    spots = []
    for place_id, items in found.items():
        items.sort(key=lambda r: (r.date.best, r.id))  # type: ignore[union-attr]
        head = items[0]
        last = items[-1].date.best  # type: ignore[union-attr]
        recency = 1.0 - (day - last).days / window_days
        score = min(1.0, len(items) / saturation) * (0.5 + 0.5 * recency)
        spots.append(
            FightingSpot(
                place_id=place_id,
                place_name=head.place_name,
                lat=head.lat,
                lon=head.lon,
                count=len(items),
                last_date=last,
                kinds=tuple(sorted({r.kind for r in items}, key=lambda k: k.value)),
                reports=tuple(sorted(r.id for r in items)),
                intensity=round(math.floor(score * 1000 + 0.5) / 1000, 3),
                precision=head.precision,
            )
        )
    return sorted(spots, key=lambda s: (s.place_name, s.place_id))


# What changed between two dates reads the timeline above; defined in geomap.changes, and
# imported here last, once every name it uses exists (either module may be imported first).
from geomap.changes import Change, changes, changes_geojson  # noqa: E402
